//! Onboard's thin backend: it holds the provider credentials, mints session tokens, is the
//! widget's only API and serves the widget, the hosted link and the demo.

pub mod applications;
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
mod minting;
mod no_store;
pub mod notifications;
mod onboarding;
mod openapi;
mod pages;
pub mod partners;
pub mod providers;
mod rate_limit;
mod routes;
mod security_headers;
mod short_lived;
mod state;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::serve::Listener;
use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::util::MapRequestLayer;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
pub use error::AppError;
pub use state::{AppState, Services};

/// JSON bodies of Onboard's own API are small; anything bigger is refused before parsing.
const API_BODY_LIMIT: usize = 64 * 1024;

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
    // Each route is declared with its operation: one list routes the API and documents it.
    let (api, api_operations) = OpenApiRouter::new()
        .merge(routes::partner_sessions::router())
        .merge(routes::applications::router())
        .merge(routes::widget_session::router())
        .merge(routes::claim::router())
        .merge(routes::session_events::router())
        .merge(routes::session_handoff::router())
        .merge(routes::banks::router())
        .merge(routes::consents::router())
        .merge(routes::consent_returns::router())
        .merge(routes::account_data::router())
        .merge(routes::account::router())
        .merge(routes::onboarding::router())
        .split_for_parts();
    // Outside the API's layers: providers are no browsers, and their bodies have their own limit.
    let (webhooks, webhook_operations) = routes::webhooks::router().split_for_parts();
    let document = openapi::document([api_operations, webhook_operations]);
    let api = api
        .merge(openapi::router(document))
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
        .merge(webhooks)
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
        .layer(security_headers::security_headers(&state.config))
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
    let reconciliation = applications::reconciliation::spawn(state.clone());
    let partner_reloads = reload_partners_on_hangup(state.clone());
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
    reconciliation.abort();
    partner_reloads.abort();
    Ok(())
}

/// SIGHUP reads the partners file again (`partners::Partners::reload`); elsewhere a restart does.
fn reload_partners_on_hangup(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hangups) = signal(SignalKind::hangup()) else {
                return;
            };
            while hangups.recv().await.is_some() {
                match state.partners.reload(&state.config) {
                    Ok(()) => tracing::info!("SIGHUP: the partners file was read again"),
                    Err(err) => {
                        tracing::error!(error = %err, "SIGHUP: the partners file is refused; the partners in use stay")
                    }
                }
            }
        }
        #[cfg(not(unix))]
        drop(state);
    })
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
