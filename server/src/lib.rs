//! Onboard's thin backend: it holds the provider credentials, mints session tokens, is the
//! widget's only API and serves the widget, the hosted link and the demo.

mod applications;
pub mod auth;
mod client_addr;
pub mod config;
pub mod consents;
mod dates;
pub mod db;
mod error;
pub mod events;
mod extract;
mod metrics;
mod no_store;
pub mod notifications;
mod openapi;
pub mod providers;
mod rate_limit;
mod routes;
mod session_writer;
mod short_lived;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::serve::Listener;
use axum::{Extension, Router};
use base64::Engine;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use sqlx::AnyPool;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::util::MapRequestLayer;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::Config;
pub use error::AppError;
use providers::{AmlClient, IssuerClient, KycRecordsClient, OnboardingClient, OpenBankingClient};

/// JSON bodies of Onboard's own API are small; anything bigger is refused before parsing.
const API_BODY_LIMIT: usize = 64 * 1024;

/// Everything a handler needs. axum clones the state for every request, so it is one `Arc`:
/// one count to raise and drop instead of one per service (BENCHMARKS.md, server part).
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
    pub config: Config,
    pub db: AnyPool,
    pub onboarding: OnboardingClient,
    pub openbanking: OpenBankingClient,
    pub aml: AmlClient,
    pub kyc: KycRecordsClient,
    pub issuer: IssuerClient,
    pub rate_limits: rate_limit::RateLimits,
    /// Partner API keys are compared by hash (see `auth::Partner`).
    pub partner_keys: Vec<auth::PartnerKey>,
    pub notifier: Arc<notifications::Notifier>,
    /// Records minted sessions, many to a commit under load.
    pub session_writer: session_writer::SessionWriter,
    pub events: events::Bus,
    pub open_streams: routes::session_events::OpenStreams,
    /// Widget sessions by token hash, for `ONBOARD_SESSION_CACHE_SECS`. Only what never changes
    /// while a session lives is kept (`auth::Session`), and a copy never outlives its row:
    /// expiry is checked on every request, a revocation here drops the copies before it
    /// answers, and an unknown or revoked token is never kept.
    pub sessions: short_lived::ShortLived<String, auth::Session>,
    /// The status route's copies of the provider's answers, for `ONBOARD_STATUS_MAX_AGE_MS`;
    /// whatever status Onboard records replaces its copy at once.
    pub statuses: short_lived::ShortLived<protocol::ApplicationId, protocol::api::StatusView>,
    /// Turns true when the server begins to stop: event streams end with a retry hint, so that
    /// the graceful shutdown does not wait on them.
    pub shutdown: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub async fn new(mut config: Config) -> anyhow::Result<Self> {
        if config.sandbox && config.aml_webhook_secret.is_none() {
            // The embedded sandbox signs with whatever we give it; a fresh key per process
            // means no well-known default secret exists.
            let key = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
            config.aml_webhook_secret = Some(format!("whsec_{key}"));
        }
        let partner_keys: Vec<auth::PartnerKey> = config
            .partner_keys
            .iter()
            .map(|entry| auth::PartnerKey::parse(entry))
            .collect::<Result<_, _>>()
            .map_err(|err| anyhow::anyhow!("ONBOARD_PARTNER_KEYS: {err}"))?;
        refuse_demo_credentials(&config, &partner_keys)?;
        let db = db::connect(&config.database_url).await?;
        let events = events::Bus::default();
        if db::Backend::of(&config.database_url)? == db::Backend::Postgres {
            events::relay_other_instances(events.clone(), &config.database_url).await?;
        }
        let http = providers::http_client();
        let (id, secret) = (config.client_id.clone(), config.client_secret.clone());
        let onboarding = OnboardingClient::new(
            http.clone(),
            config.provider_url(),
            id.clone(),
            secret.clone(),
        );
        let openbanking = OpenBankingClient::new(
            http.clone(),
            config.openbanking_url(),
            id.clone(),
            secret.clone(),
        );
        let aml = AmlClient::new(http.clone(), config.aml_url(), id.clone(), secret.clone());
        let kyc = KycRecordsClient::new(
            http.clone(),
            config.kyc_url(),
            id.clone(),
            secret.clone(),
            config.kyc_bank_id.clone(),
        );
        let issuer = IssuerClient::new(
            http,
            config.issuer_url(),
            id,
            secret,
            config.issuer_id.clone(),
        );
        let notifier = Arc::new(notifications::Notifier::new(&config, &partner_keys)?);
        let session_writer = session_writer::SessionWriter::spawn(db.clone(), notifier.clone());
        let rate_limits = rate_limit::RateLimits::new(&config);
        let sessions = short_lived::ShortLived::new(Duration::from_secs(config.session_cache_secs));
        let statuses =
            short_lived::ShortLived::new(Duration::from_millis(config.status_max_age_ms));
        Ok(Self(Arc::new(Services {
            config,
            db,
            onboarding,
            openbanking,
            aml,
            kyc,
            issuer,
            rate_limits,
            partner_keys,
            notifier,
            session_writer,
            events,
            open_streams: Default::default(),
            sessions,
            statuses,
            shutdown: Arc::new(watch::Sender::new(false)),
        })))
    }
}

/// The demo's credentials are public: with the sandbox off they would be live credentials
/// anyone can read in this repository. Refused unless explicitly allowed, and then said on
/// every start.
fn refuse_demo_credentials(
    config: &Config,
    partner_keys: &[auth::PartnerKey],
) -> anyhow::Result<()> {
    let settings = config.demo_credentials(partner_keys);
    if config.sandbox || settings.is_empty() {
        return Ok(());
    }
    let settings = settings.join(" and ");
    anyhow::ensure!(
        config.allow_demo_credentials,
        "{settings}: the demo's public credentials, with the sandbox off; configure your own \
         (or set ONBOARD_ALLOW_DEMO_CREDENTIALS=true to run with them against a sandbox)"
    );
    tracing::warn!(
        "ONBOARD_ALLOW_DEMO_CREDENTIALS: {settings} hold the demo's public credentials and the \
         sandbox is off; anyone who has read this repository can use them"
    );
    Ok(())
}

/// Browsers may call the API cross-origin only from the configured origins. With none (the hosted
/// and framed widget call it from Onboard's own origin), there is no CORS layer at all: no CORS
/// header is ever sent and browsers keep other pages out, and no request pays for the layer
/// (its `Vary` header, built anew each time, and a copy of its settings).
fn cors(config: &Config) -> Option<CorsLayer> {
    if config.cors_origins.is_empty() {
        return None;
    }
    let origins: Arc<[HeaderValue]> = config
        .cors_origins
        .iter()
        .filter_map(|url| HeaderValue::from_str(&url.origin().ascii_serialization()).ok())
        .collect();
    // A predicate rather than `AllowOrigin::list`: the layer is cloned for every request, and a
    // list is a `Vec` to copy each time.
    let layer = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origins.contains(origin)
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("x-request-id")])
        .max_age(std::time::Duration::from_secs(600));
    Some(layer)
}

/// The whole HTTP surface; tests drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::sessions::router())
        .merge(routes::applications::router())
        .merge(routes::session::router())
        .merge(routes::claim::router())
        .merge(routes::session_events::router())
        .merge(routes::banks::router())
        .merge(routes::consents::router())
        .merge(routes::consent_returns::router())
        .merge(routes::account_data::router())
        .merge(routes::account::router())
        .merge(routes::onboarding::router())
        .merge(openapi::router())
        // Set before the CORS layer, so that it wraps this too and answers preflights.
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(
            ServiceBuilder::new()
                .option_layer(cors(&state.config))
                .layer(DefaultBodyLimit::max(API_BODY_LIMIT)),
        );
    let mut router = Router::new()
        .merge(api)
        .merge(routes::health::router())
        .merge(metrics::router())
        .merge(routes::hosted::router(&state.config))
        .merge(routes::consent_callback::router())
        .merge(routes::webhooks::router())
        .merge(routes::web::router(&state.config))
        // The other routes' too (the pages', the probes'): axum's own 405 has an empty body.
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .with_state(state.clone());
    if state.config.sandbox {
        let sandbox = onboard_sandbox::SandboxConfig {
            clients: vec![onboard_sandbox::ClientCredentials {
                client_id: state.config.client_id.clone(),
                client_secret: state.config.client_secret.clone(),
            }],
            aml_webhook_url: Some(
                state
                    .config
                    .public_url()
                    .join("webhooks/aml")
                    .expect("relative path joins"),
            ),
            webhook_secret: state.config.aml_webhook_secret.clone(),
            faults: state
                .config
                .sandbox_faults
                .clone()
                .unwrap_or_default()
                .rules,
            ..Default::default()
        };
        router = router.nest("/sandbox", onboard_sandbox::router(sandbox));
    }
    // The metrics label requests by route template, which only routing knows: the one layer on
    // every route. The others wrap the router as a whole: axum clones each route's layers, box in
    // box, for every request, and that came to a tenth of a cached status read (BENCHMARKS.md).
    let router = router.layer(axum::middleware::from_fn(metrics::track));
    // Outermost first: the id is set, then traced with the request, then sent back.
    let whole = ServiceBuilder::new()
        .layer(MapRequestLayer::new(drop_unusable_request_id))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(routes::web::security_headers(&state.config))
        .layer(no_store::NoStoreLayer)
        .service(router);
    // Still a `Router`, so that tests drive it with `oneshot` and `serve_until` takes it as is.
    Router::new().fallback_service(whole)
}

/// Every log line of a request carries its id (also in the response, for support to match up).
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A client's request id is echoed and logged, so it is kept only when it is short, visible
/// ASCII (a UUID, a load balancer's trace id); anything else is replaced by a fresh one.
const MAX_REQUEST_ID_LEN: usize = 128;

fn drop_unusable_request_id(mut request: Request<Body>) -> Request<Body> {
    let usable = |id: &HeaderValue| {
        (1..=MAX_REQUEST_ID_LEN).contains(&id.len())
            && id.as_bytes().iter().all(u8::is_ascii_graphic)
    };
    if request
        .headers()
        .get_all(&REQUEST_ID)
        .iter()
        .any(|id| !usable(id))
    {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// The path only, never the query: the bank's redirect back carries its `state` there.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", request_id = id, method = %request.method(), path = request.uri().path())
}

/// Serves until Ctrl-C or SIGTERM, on a listener the caller bound (tests bind port 0).
pub async fn serve(config: Config, listener: TcpListener) -> anyhow::Result<()> {
    let state = AppState::new(config).await?;
    serve_until(state, listener, stop_signal()).await
}

/// Serves until `stop` completes; requests in flight then finish, and event streams close.
/// Partners' notifications are delivered meanwhile, and consents never confirmed withdrawn.
///
/// Each connection is bounded while nothing is being answered: its request's headers must arrive
/// within `ONBOARD_HEADER_TIMEOUT_SECS` of its opening or of its previous answer (hyper's timer
/// counts both, so an idle kept-alive connection closes then too), and its body may pause for
/// at most `ONBOARD_BODY_TIMEOUT_SECS`. A response being sent, an event stream's included, is
/// not bounded.
pub async fn serve_until(
    state: AppState,
    mut listener: TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let shutdown = state.shutdown.clone();
    let delivery = notifications::spawn_worker(state.clone());
    let withdrawals = consents::withdrawal::spawn_sweeper(state.clone());
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(state.config.header_timeout_secs));
    let body_timeout = Duration::from_secs(state.config.body_timeout_secs);
    let app = app(state);
    let connections = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        // axum's accept retries what fails, pausing when file descriptors run out.
        let (stream, peer) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut stop => break,
        };
        let service = ServiceBuilder::new()
            .layer(Extension(ConnectInfo(peer)))
            .layer(RequestBodyTimeoutLayer::new(body_timeout))
            .service(app.clone());
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        tokio::spawn(connections.watch(connection));
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    shutdown.send_replace(true);
    connections.shutdown().await;
    delivery.abort();
    withdrawals.abort();
    Ok(())
}

/// Ctrl-C, or the SIGTERM an orchestrator sends before it kills the process.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
