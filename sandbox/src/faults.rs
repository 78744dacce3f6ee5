//! Fault injection: chosen provider routes answer slowly, with a server error, with 429 and
//! `Retry-After`, with a connection dropped mid-answer, with malformed or truncated JSON, or as
//! if the access token had expired. Set from `SandboxConfig::faults` at start and changed by
//! tests through `PUT`/`GET`/`DELETE /sandbox/faults` (the sandbox is a test fixture; the real
//! providers have nothing like it).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{rejection::JsonRejection, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream;
use serde::{Deserialize, Serialize};

use crate::SandboxError;

pub const PATH: &str = "/faults";

/// What a faulty route does instead of answering well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// Answers well, after a while.
    Slow { delay_ms: u64 },
    /// 500, 502, 503 or 504 with the provider's error JSON.
    Status { status: u16 },
    /// 429 with `Retry-After`.
    RateLimited { retry_after_secs: u64 },
    /// Sends the headers and a first piece of the body, then breaks the connection.
    Drop,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with the first half of the real answer.
    Truncated,
    /// 401 `invalid_token`, as when an access token expired early.
    ExpiredToken,
}

/// A fault for the requests whose path (under `/sandbox`) starts with `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    pub path: String,
    pub fault: Fault,
    /// How many requests it spoils before it lifts; none: until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRules {
    pub rules: Vec<FaultRule>,
}

#[derive(Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl Faults {
    pub fn new(rules: Vec<FaultRule>) -> Self {
        Self {
            rules: Arc::new(Mutex::new(rules)),
        }
    }

    /// The fault for this request, if any, counting it against its rule.
    fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().expect("fault rules lock");
        let index = rules.iter().position(|rule| path.starts_with(&rule.path))?;
        let rule = &mut rules[index];
        let fault = rule.fault.clone();
        match &mut rule.times {
            Some(1) => {
                rules.remove(index);
            }
            Some(times) => *times -= 1,
            None => {}
        }
        Some(fault)
    }
}

/// The control endpoint.
pub fn router(faults: Faults) -> Router {
    Router::new()
        .route(PATH, get(list).put(replace).delete(clear))
        .with_state(faults)
}

async fn list(State(faults): State<Faults>) -> Json<FaultRules> {
    Json(FaultRules {
        rules: faults.rules.lock().expect("fault rules lock").clone(),
    })
}

async fn replace(
    State(faults): State<Faults>,
    input: Result<Json<FaultRules>, JsonRejection>,
) -> Result<Json<FaultRules>, SandboxError> {
    let Json(input) = input.map_err(|err| SandboxError::invalid("rules", err.body_text()))?;
    for rule in &input.rules {
        if !rule.path.starts_with('/') || rule.path.starts_with(PATH) {
            return Err(SandboxError::invalid(
                "path",
                "a fault's path starts with '/' and is not the control's",
            ));
        }
        if let Fault::Status { status } = rule.fault {
            if !(500..=504).contains(&status) {
                return Err(SandboxError::invalid(
                    "status",
                    "a fault's status is 500 to 504",
                ));
            }
        }
    }
    *faults.rules.lock().expect("fault rules lock") = input.rules.clone();
    tracing::info!(rules = input.rules.len(), "sandbox faults set");
    Ok(Json(input))
}

async fn clear(State(faults): State<Faults>) -> StatusCode {
    faults.rules.lock().expect("fault rules lock").clear();
    StatusCode::NO_CONTENT
}

/// The middleware in front of every provider route.
pub async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let Some(fault) = faults.take(request.uri().path()) else {
        return next.run(request).await;
    };
    tracing::info!(
        path = request.uri().path(),
        ?fault,
        "sandbox fault injected"
    );
    match fault {
        Fault::Slow { delay_ms } => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            next.run(request).await
        }
        Fault::Status { status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let body = serde_json::json!({"code": "unavailable", "message": "the sandbox was told to fail"});
            (status, Json(body)).into_response()
        }
        Fault::RateLimited { retry_after_secs } => {
            let body = serde_json::json!({"code": "rate_limited", "message": "slow down"});
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
        Fault::Drop => {
            let pieces: [Result<Bytes, std::io::Error>; 2] = [
                Ok(Bytes::from_static(b"{\"id\":")),
                Err(std::io::Error::other("connection dropped")),
            ];
            json_response(Body::from_stream(stream::iter(pieces)))
        }
        Fault::Malformed => json_response(Body::from("<html>502 Bad Gateway</html>")),
        Fault::Truncated => {
            let (parts, body) = next.run(request).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let mut response =
                Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)));
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response
        }
        Fault::ExpiredToken => {
            let body = serde_json::json!({"error": "invalid_token", "error_description": "the access token expired"});
            let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
            response
        }
    }
}

fn json_response(body: Body) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
