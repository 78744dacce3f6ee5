//! The server under test: its router driven by `oneshot`, the sandbox on a real loopback port
//! (the provider clients speak real HTTP), and a real SQLite file or PostgreSQL database.
#![allow(dead_code)] // each test binary uses its own part of the harness

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::Router;
use clap::Parser;
use http_body_util::BodyExt;
use onboard_server::{app, AppState, Config};
use protocol::ApplicationStatus;
use serde_json::{json, Value};
use tower::ServiceExt;

pub mod banking;
pub mod documents;
pub mod postgres;
pub mod receiver;
pub mod steps;
pub mod webhooks;

pub struct Served {
    pub address: std::net::SocketAddr,
    pub stop: tokio::sync::oneshot::Sender<()>,
    pub server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

pub struct Harness {
    pub app: Router,
    pub state: AppState,
    pub sandbox_url: String,
    _dir: tempfile::TempDir,
}

/// What the providers sign their webhooks with in the tests (`whsec_` + base64 of the key).
pub const WEBHOOK_SECRET: &str = "whsec_dGhlIHRlc3RzJyB3ZWJob29rIGtleQ==";

/// The sandbox on its own port; returns its base URL (`http://127.0.0.1:port/sandbox/`).
pub async fn start_sandbox() -> String {
    start_sandbox_with(Default::default()).await
}

pub async fn start_sandbox_with(config: onboard_sandbox::SandboxConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().nest("/sandbox", onboard_sandbox::router(config));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}/sandbox/")
}

/// Every path the providers were asked for, as it reached them (still percent-encoded).
#[derive(Clone, Default)]
pub struct ProviderPaths(Arc<Mutex<Vec<String>>>);

impl ProviderPaths {
    /// The paths asked for since the last call.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The sandbox on its own port, writing down every path it is asked for.
pub async fn start_recording_sandbox() -> (String, ProviderPaths) {
    let paths = ProviderPaths::default();
    let seen = paths.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new()
        .nest("/sandbox", onboard_sandbox::router(Default::default()))
        .layer(middleware::from_fn(
            move |request: axum::extract::Request, next: Next| {
                seen.0.lock().unwrap().push(request.uri().path().to_owned());
                next.run(request)
            },
        ));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/sandbox/"), paths)
}

pub async fn harness_with_sandbox(sandbox_url: String) -> Harness {
    harness_with_settings(sandbox_url, &[]).await
}

/// The harness with settings of its own (`--name=value`) after the defaults.
pub async fn harness_with_settings(sandbox_url: String, settings: &[&str]) -> Harness {
    harness_with(sandbox_url, None, settings).await
}

/// The harness on a database of the caller's (which other instances may share) instead of a
/// SQLite file of its own.
pub async fn harness_on(database_url: &str, sandbox_url: String) -> Harness {
    harness_on_with_settings(database_url, sandbox_url, &[]).await
}

pub async fn harness_on_with_settings(
    database_url: &str,
    sandbox_url: String,
    settings: &[&str],
) -> Harness {
    harness_with(sandbox_url, Some(database_url), settings).await
}

async fn harness_with(
    sandbox_url: String,
    database_url: Option<&str>,
    settings: &[&str],
) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let database_url = match database_url {
        Some(url) => url.to_owned(),
        None => format!("sqlite://{}", dir.path().join("onboard.db").display()),
    };
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    let defaults = [
        "--public-url=https://onboard.example/".to_owned(),
        format!("--provider-url={sandbox_url}onboarding/"),
        format!("--openbanking-url={sandbox_url}openbanking/"),
        format!("--aml-url={sandbox_url}aml/"),
        format!("--kyc-url={sandbox_url}kyc/"),
        format!("--issuer-url={sandbox_url}issuer/"),
        "--partner-keys=demo-partner-key,other-key".to_owned(),
        "--redirect-allowlist=https://partner.example/done".to_owned(),
        format!("--database-url={database_url}"),
        format!("--dist-dir={}", dir.path().display()),
        format!("--aml-webhook-secret={WEBHOOK_SECRET}"),
        format!("--core-banking-webhook-secret={WEBHOOK_SECRET}"),
        "--sandbox=false".to_owned(),
        // The sandbox runs on a port of its own, with the demo's client.
        "--allow-demo-credentials=true".to_owned(),
        // The tests change the provider's state behind Onboard's back and read it at once;
        // those of the status route's copies (`AppState::statuses`) set a max age of their own.
        "--status-max-age-ms=0".to_owned(),
    ];
    // A setting of the test's own replaces the default (clap takes a flag once), but for lists,
    // which the test's entries extend.
    const LISTS: [&str; 2] = ["--partner-keys", "--redirect-allowlist"];
    let flag = |setting: &str| setting.split('=').next().unwrap_or_default().to_owned();
    // A partners file replaces those lists, the partner settings of the environment.
    let from_file = settings.iter().any(|s| s.starts_with("--partners-file="));
    let defaults: Vec<String> = defaults
        .into_iter()
        .filter(|d| !(from_file && LISTS.contains(&flag(d).as_str())))
        .collect();
    let given: Vec<String> = settings
        .iter()
        .map(|s| flag(s))
        .filter(|flag| !LISTS.contains(&flag.as_str()))
        .collect();
    let config = Config::parse_from(
        std::iter::once("onboard-server".to_owned())
            .chain(defaults.into_iter().filter(|d| !given.contains(&flag(d))))
            .chain(settings.iter().map(|s| (*s).to_owned())),
    );
    let state = AppState::new(config).await.unwrap();
    Harness {
        app: app(state.clone()),
        state,
        sandbox_url,
        _dir: dir,
    }
}

pub async fn harness() -> Harness {
    harness_with_sandbox(start_sandbox().await).await
}

impl Harness {
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            parts.status,
            parts.headers,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    pub async fn create_session(&self, body: Value) -> (StatusCode, Value) {
        self.create_session_as("demo-partner-key", body).await
    }

    /// `POST /api/v1/sessions` with the partner key `key`.
    pub async fn create_session_as(&self, key: &str, body: Value) -> (StatusCode, Value) {
        let request = Request::post("/api/v1/sessions")
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    /// `POST /api/v1/session/claim` with a one-time code, as the widget sends it.
    pub async fn try_claim(&self, code: &str) -> (StatusCode, HeaderMap, Value) {
        let request = Request::post("/api/v1/session/claim")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "sessionToken": code }).to_string()))
            .unwrap();
        self.send(request).await
    }

    /// The session's credential for a one-time code, which must be claimable.
    pub async fn claim(&self, code: &str) -> String {
        let (status, _, claimed) = self.try_claim(code).await;
        assert_eq!(status, StatusCode::OK, "{claimed}");
        claimed["credential"].as_str().unwrap().to_owned()
    }

    /// A session a partner mints and its widget claims: the mint's answer, and the credential.
    pub async fn new_session(&self, body: Value) -> (Value, String) {
        let (status, created) = self.create_session(body).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let credential = self.claim(created["sessionToken"].as_str().unwrap()).await;
        (created, credential)
    }

    /// Opens a public hosted link (`/start/kyc-demo?country=SE`) without following it: the
    /// answer's headers, and the claim code its `Location` carries in the fragment.
    pub async fn open_hosted_link(&self, path: &str) -> (HeaderMap, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let (status, headers, body) = self.send(request).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let location = headers[header::LOCATION].to_str().unwrap();
        let code = location
            .strip_prefix("/#token=")
            .expect(location)
            .to_owned();
        (headers, code)
    }

    /// A partner's backend reading with its API key.
    pub async fn partner_get(&self, path: &str, key: &str) -> (StatusCode, Value) {
        let request = Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    pub async fn widget_get(&self, path: &str, token: &str) -> (StatusCode, HeaderMap, Value) {
        let request = Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// The text of `GET /metrics`, which must answer 200.
    pub async fn metrics(&self) -> String {
        let request = Request::get("/metrics").body(Body::empty()).unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// The sandbox's test controls.
    pub fn sandbox(&self) -> onboard_sandbox::remote::Remote {
        onboard_sandbox::remote::Remote::new(&self.sandbox_url)
    }

    /// Replaces the sandbox's fault rules, answering its response.
    pub async fn set_faults(&self, rules: Value) -> reqwest::Response {
        self.sandbox().put_faults(rules).await.unwrap()
    }

    /// One fault rule, in place of any others.
    pub async fn fault(&self, path: &str, fault: Value, times: Option<u32>) {
        let rules = json!([{"path": path, "fault": fault, "times": times}]);
        self.sandbox().set_faults(rules).await;
    }

    /// The sandbox's fault rules not yet used up: a rule with `times` goes once it has been met.
    pub async fn faults_left(&self) -> Vec<Value> {
        self.sandbox().faults_left().await
    }

    /// This harness's server on a loopback port of its own, as `main` runs it, until `stop` is
    /// sent or dropped.
    pub async fn serve(&self) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(onboard_server::serve_until(
            self.state.clone(),
            listener,
            async {
                let _ = stopped.await;
            },
        ));
        Served {
            address,
            stop,
            server,
        }
    }

    /// Drives the sandbox's review decision, as a test of the real provider cannot.
    pub async fn set_provider_status(&self, application_id: &str, status: ApplicationStatus) {
        self.sandbox()
            .set_application_status(application_id, status)
            .await;
    }
}

/// The answer is `400 invalid_request` naming `field`; `what` says which request it was.
pub fn assert_invalid_field(status: StatusCode, body: &Value, field: &str, what: &str) {
    assert_eq!(
        (
            status,
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (
            StatusCode::BAD_REQUEST,
            Some("invalid_request"),
            Some(field)
        ),
        "{what}: {body}"
    );
}

pub fn kyc_session() -> Value {
    json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "https://partner.example/done?ref=7", "locale": "sv-SE"})
}

pub async fn widget(
    h: &Harness,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let (status, _, body) = h.send(request.body(body).unwrap()).await;
    (status, body)
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A provider's webhook delivery with the given Standard Webhooks headers.
pub fn delivery(
    provider: &str,
    id: &str,
    timestamp: i64,
    signature: &str,
    body: &str,
) -> Request<Body> {
    Request::post(format!("/webhooks/{provider}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// A delivery signed now with the configured secret.
pub fn signed(provider: &str, id: &str, body: &Value) -> Request<Body> {
    let body = body.to_string();
    let timestamp = now();
    delivery(
        provider,
        id,
        timestamp,
        &protocol::webhooks::sign(WEBHOOK_SECRET, id, timestamp, body.as_bytes()),
        &body,
    )
}
