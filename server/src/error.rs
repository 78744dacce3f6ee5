//! The one error type of the HTTP layer. Every failure leaves as `{"error": {code, message}}`;
//! internals are logged here and never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::{ApiError, ErrorBody, ErrorCode};

use crate::providers::ProviderError;

/// Seconds a client should wait before retrying when a provider is down.
const UPSTREAM_RETRY_AFTER_SECS: &str = "2";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    #[error("missing or unknown credential")]
    Unauthorized,
    #[error("the webhook signature is missing, wrong or outdated")]
    BadSignature,
    #[error("the session has expired; start again")]
    SessionExpired,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("this session has not confirmed its return from the bank for this consent")]
    ConsentNotConfirmed,
    #[error("the return from the bank was refused; connect the bank again")]
    BankReturnRefused,
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A one-time claim code, claimed already.
    #[error("this link was used already; carry on where it was opened, or ask for a new link")]
    LinkUsed,
    #[error("{0}")]
    Conflict(String),
    #[error("this path does not take that method")]
    MethodNotAllowed,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    #[error("too many requests; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("a provider is unavailable; try again shortly")]
    Upstream(ProviderError),
    #[error("internal error")]
    Database(#[from] sqlx::Error),
    /// A fault of the server's own (logged with what it was), never the caller's.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// Data in the database that does not read back as it was written: validated on the way
    /// in, so the row was changed by something else.
    pub fn stored(what: &str) -> Self {
        Self::Database(sqlx::Error::Protocol(format!(
            "stored {what} does not parse"
        )))
    }

    /// The same error for one more caller (one provider call may answer several): same status,
    /// code and message. What cannot be copied (a transport or database error's source) is kept
    /// as its message.
    pub fn duplicate(&self) -> Self {
        match self {
            Self::Invalid { field, message } => Self::Invalid {
                field: field.clone(),
                message: message.clone(),
            },
            Self::Unauthorized => Self::Unauthorized,
            Self::BadSignature => Self::BadSignature,
            Self::SessionExpired => Self::SessionExpired,
            Self::Forbidden(what) => Self::Forbidden(what),
            Self::ConsentNotConfirmed => Self::ConsentNotConfirmed,
            Self::BankReturnRefused => Self::BankReturnRefused,
            Self::NotFound(what) => Self::NotFound(what),
            Self::LinkUsed => Self::LinkUsed,
            Self::Conflict(message) => Self::Conflict(message.clone()),
            Self::MethodNotAllowed => Self::MethodNotAllowed,
            Self::PayloadTooLarge => Self::PayloadTooLarge,
            Self::UnsupportedMediaType(what) => Self::UnsupportedMediaType(what),
            Self::RateLimited { retry_after_secs } => Self::RateLimited {
                retry_after_secs: *retry_after_secs,
            },
            Self::Upstream(err) => Self::Upstream(err.duplicate()),
            Self::Database(err) => Self::Database(sqlx::Error::Protocol(err.to_string())),
            Self::Internal(what) => Self::Internal(what.clone()),
        }
    }

    fn code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Self::Invalid { .. } => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::BadSignature => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::SessionExpired => (StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Self::ConsentNotConfirmed => (StatusCode::FORBIDDEN, ErrorCode::ConsentNotConfirmed),
            Self::BankReturnRefused => (StatusCode::FORBIDDEN, ErrorCode::BankReturnRefused),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            Self::LinkUsed => (StatusCode::GONE, ErrorCode::LinkUsed),
            Self::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::InvalidRequest),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            Self::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Self::Upstream(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::UpstreamUnavailable,
            ),
            Self::Database(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

/// A provider's refusal of our input is the caller's bad input (the provider names the same
/// fields we do); anything else is the provider's trouble.
impl From<ProviderError> for AppError {
    fn from(err: ProviderError) -> Self {
        if let ProviderError::Rejected { status, body } = &err {
            if let Ok(refusal) =
                serde_json::from_str::<protocol::provider::onboarding::ProviderErrorBody>(body)
            {
                match *status {
                    StatusCode::BAD_REQUEST => {
                        return Self::Invalid {
                            field: refusal.field,
                            message: refusal.message,
                        }
                    }
                    StatusCode::CONFLICT => return Self::Conflict(refusal.message),
                    _ => {}
                }
            }
        }
        Self::Upstream(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            Self::Upstream(err) => tracing::warn!(error = %err, "provider call failed"),
            Self::Database(err) => tracing::error!(error = %err, "database error"),
            Self::Internal(what) => tracing::error!(error = %what, "internal error"),
            _ => {}
        }
        let (status, code) = self.code();
        let field = match &self {
            Self::Invalid { field, .. } => field.clone(),
            _ => None,
        };
        let body = ErrorBody {
            error: ApiError {
                code,
                message: self.to_string(),
                field,
            },
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            // A webhook's signature is no bearer credential: no challenge for it.
            Self::Unauthorized | Self::SessionExpired => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::Upstream(_) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(UPSTREAM_RETRY_AFTER_SECS),
                );
            }
            Self::RateLimited { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            _ => {}
        }
        response
    }
}
