//! The AML screening API for organizations (docs/providers.md), asynchronous: a session is created
//! for an organization number or a DUNS number, its result entities (the JSON data, then each PDF
//! report asked for) become `READY` after a realistic delay, are announced by signed webhooks, and
//! expire two hours after they are ready.
//!
//! - `POST /oauth2/token`: client credentials; scopes `aml_organization/basic` and
//!   `aml_organization/OFAC` (the `sanction` expand needs the latter).
//! - `POST /v1/sessions` `{identifier, expands, webhooks?}` → `201 {sessionId, status, links}`.
//! - `GET /v1/sessions/{sessionId}`: one status per result entity.
//! - `GET /v1/sessions/{sessionId}/result`: the JSON, with only the expands asked for.
//! - `GET /v1/sessions/{sessionId}/reports/{aml|certificate_of_incorporation}`: a signed PDF.
//!
//! The test organizations are listed in [`organizations`].

pub mod organizations;
mod reports;
mod sessions;
mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::FromRef;
use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;
use protocol::provider::aml::{Expand, WebhookEvent, SCOPE_AML_BASIC, SCOPE_AML_OFAC};
use time::OffsetDateTime;

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

pub use reports::REPORT_SIGNING_KEY;

const SCOPES: &[&str] = &[SCOPE_AML_BASIC, SCOPE_AML_OFAC];

/// How long the provider takes, and how long its results live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmlTiming {
    /// From the session's creation until the JSON data is ready (or the session fails).
    pub json_delay: Duration,
    /// Each PDF report asked for is ready this long after the one before it (the first, this
    /// long after the JSON data).
    pub report_delay: Duration,
    /// A result entity expires this long after it became ready.
    pub lifetime: Duration,
}

impl Default for AmlTiming {
    /// About what the real service takes: 1.2 s for the data, 0.4 s per report; two hours'
    /// lifetime, as the document says.
    fn default() -> Self {
        Self {
            json_delay: Duration::from_millis(1200),
            report_delay: Duration::from_millis(400),
            lifetime: Duration::from_secs(2 * 60 * 60),
        }
    }
}

#[derive(Clone)]
struct AmlState {
    tokens: Arc<TokenIssuer>,
    config: Arc<SandboxConfig>,
    sessions: Arc<Mutex<HashMap<String, Session>>>,
    /// For the webhooks.
    http: reqwest::Client,
}

impl FromRef<AmlState> for Arc<TokenIssuer> {
    fn from_ref(state: &AmlState) -> Self {
        state.tokens.clone()
    }
}

#[derive(Debug, Clone)]
struct Session {
    /// The identifier as normalised (digits only).
    identifier: String,
    organization: Arc<organizations::Organization>,
    expands: Vec<Expand>,
    webhooks: Vec<WebhookEvent>,
    created: Instant,
    created_at: OffsetDateTime,
    timing: AmlTiming,
}

pub fn router(config: Arc<SandboxConfig>) -> Router {
    let state = AmlState {
        tokens: Arc::new(TokenIssuer::new(config.clients.clone(), SCOPES)),
        config,
        sessions: Arc::default(),
        http: reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(5))
            .build()
            .expect("the TLS backend initialises"),
    };
    Router::new()
        .route("/oauth2/token", post(token_endpoint))
        .route("/v1/sessions", post(sessions::create))
        .route("/v1/sessions/{id}", get(sessions::status))
        .route("/v1/sessions/{id}/result", get(sessions::result))
        .route("/v1/sessions/{id}/reports/{kind}", get(reports::download))
        .with_state(state)
}

/// This provider's absolute base URL as the caller sees it (`http://host/sandbox/aml`), from the
/// Host header and the part of the original path before `/v1/sessions`.
fn base_url(headers: &HeaderMap, original_path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    let prefix = original_path
        .find("/v1/sessions")
        .map_or("", |at| &original_path[..at]);
    format!("{scheme}://{host}{prefix}")
}
