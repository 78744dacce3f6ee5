//! The card issuer's account API (docs/providers.md) for one issuer, `1234`: accounts opened
//! for approved applications, their operations, balance and contract, and fees posted and
//! reversed idempotently under the `WL-Correlation-ID` header.

mod accounts;
mod balance;
mod contract;
mod error;
mod operations;
mod posting;
mod store;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::provider::issuer::{
    Data, IssuerResponse, ResponseMetadata, CORRELATION_ID_HEADER, SCOPE_ISSUER_READ,
    SCOPE_ISSUER_WRITE,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

pub use error::IssuerError;
use store::Store;

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

/// The one issuer the sandbox serves, as in the document's examples.
pub const ISSUER_ID: &str = "1234";

const SCOPES: &[&str] = &[SCOPE_ISSUER_READ, SCOPE_ISSUER_WRITE];

#[derive(Clone)]
struct IssuerState {
    tokens: Arc<TokenIssuer>,
    store: Arc<Mutex<Store>>,
}

impl FromRef<IssuerState> for Arc<TokenIssuer> {
    fn from_ref(state: &IssuerState) -> Self {
        state.tokens.clone()
    }
}

impl IssuerState {
    fn authorize(&self, headers: &HeaderMap, scope: &'static str) -> Result<(), IssuerError> {
        Ok(self.tokens.authorize(headers, scope)?)
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().expect("issuer store lock")
    }
}

pub fn router(config: Arc<SandboxConfig>) -> Router {
    let state = IssuerState {
        tokens: Arc::new(TokenIssuer::new(config.clients.clone(), SCOPES)),
        store: Arc::default(),
    };
    let issuer = "/api/v2/issuers/{issuer_id}";
    let account = "/api/v2/issuers/{issuer_id}/accounts/{account}";
    Router::new()
        .route("/oauth2/token", post(token_endpoint))
        .route(
            &format!("{issuer}/sandbox/accounts.open"),
            post(accounts::open),
        )
        .route(&format!("{account}/operations"), get(operations::list))
        .route(
            &format!("{account}/operations/{{operation_id}}"),
            get(operations::detail),
        )
        .route(&format!("{account}/balance"), get(balance::get))
        .route(&format!("{account}/contract"), get(contract::get))
        .route(
            &format!("{account}/post-fee-operation"),
            post(posting::post_fee),
        )
        .route(
            &format!("{account}/reverse-fee-operation"),
            post(posting::reverse_fee),
        )
        .with_state(state)
}

/// The caller's correlation id (or one made up when it sent none) and when the call began,
/// for the `responseMetadata` of the answer.
struct Call {
    correlation_id: String,
    /// Only a caller-chosen id makes a write idempotent.
    given: bool,
    started: Instant,
}

impl<S: Send + Sync> FromRequestParts<S> for Call {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let given = parts
            .headers
            .get(CORRELATION_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|id| !id.is_empty());
        Ok(Self {
            correlation_id: given.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned),
            given: given.is_some(),
            started: Instant::now(),
        })
    }
}

impl Call {
    fn metadata(&self, status: StatusCode, message: String) -> ResponseMetadata {
        ResponseMetadata {
            correlation_id: self.correlation_id.clone(),
            status_message: message,
            status_code: status.as_u16(),
            response_date_time: format_metadata_time(OffsetDateTime::now_utc()),
            time_taken_ms: u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn refuse(&self, error: &IssuerError) -> Response {
        let status = error.status();
        let body: IssuerResponse<()> = IssuerResponse {
            response_metadata: self.metadata(status, error.to_string()),
            data: None,
        };
        (status, Json(body)).into_response()
    }

    /// A read's answer, `{"data": ...}`, or the refusal.
    fn read<T: Serialize>(&self, result: Result<T, IssuerError>) -> Response {
        match result {
            Ok(data) => Json(Data { data }).into_response(),
            Err(error) => self.refuse(&error),
        }
    }
}

/// `2022-12-05T09:37:27.670+00:00`, as the issuer writes its dates.
fn format_date(at: OffsetDateTime) -> String {
    let format = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    at.format(format).unwrap_or_default()
}

/// `2023-01-02T15:25:44.444+0100`: `responseDateTime` has no colon in its offset.
fn format_metadata_time(at: OffsetDateTime) -> String {
    let format = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory][offset_minute]"
    );
    at.format(format).unwrap_or_default()
}

/// RFC 3339; a date-time without an offset (the document's prose writes
/// `startTime=2022-12-05T09:35:00`) is read as UTC.
fn parse_date(field: &str, value: &str) -> Result<OffsetDateTime, IssuerError> {
    let local = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    OffsetDateTime::parse(value, &Rfc3339)
        .or_else(|_| PrimitiveDateTime::parse(value, local).map(PrimitiveDateTime::assume_utc))
        .map_err(|_| {
            IssuerError::invalid(
                field,
                "must be an RFC 3339 date-time, e.g. 2022-12-05T09:37:00Z",
            )
        })
}

/// The JSON body as `T`, whatever the Content-Type; serde's reason when it is not.
fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, IssuerError> {
    serde_json::from_slice(body).map_err(|err| {
        let reason = err.to_string();
        let reason = reason.split(" at line ").next().unwrap_or_default();
        IssuerError::Invalid(format!("invalid request body: {reason}"))
    })
}

/// A query string's parameters; the first of a repeated one counts.
fn query_params(query: Option<&str>) -> std::collections::HashMap<String, String> {
    let mut params = std::collections::HashMap::new();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        params
            .entry(name.into_owned())
            .or_insert_with(|| value.into_owned());
    }
    params
}

/// The names in an `embed=a,b` parameter, each one of `allowed`.
fn embeds<'a>(embed: Option<&'a String>, allowed: &[&str]) -> Result<Vec<&'a str>, IssuerError> {
    let names = embed
        .into_iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty());
    names
        .map(|name| {
            if allowed.contains(&name) {
                Ok(name)
            } else {
                Err(IssuerError::invalid(
                    "embed",
                    format!(
                        "{name} cannot be embedded here; one of {}",
                        allowed.join(", ")
                    ),
                ))
            }
        })
        .collect()
}
