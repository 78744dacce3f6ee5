use axum::extract::rejection::JsonRejection;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use protocol::provider::oauth::{OAuthError, OAuthErrorCode};
use protocol::provider::onboarding::ProviderErrorBody;

/// What a sandboxed provider answers when a request is refused: the provider's error JSON, with
/// the field at fault named.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: String,
    },
    #[error("missing or invalid access token")]
    Unauthenticated,
    #[error("the access token lacks the scope {0}")]
    MissingScope(&'static str),
    /// Known, but the consent or token does not allow it.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// Existed, but its lifetime is over.
    #[error("{0}")]
    Gone(String),
    #[error("{description}")]
    OAuth {
        code: OAuthErrorCode,
        description: String,
    },
}

/// A field the request must have; missing or blank is refused by its name.
pub fn required(field: &'static str, value: Option<String>) -> Result<String, SandboxError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| SandboxError::invalid(field, format!("{field} is required")))
}

/// A JSON body that did not parse, as the provider words it.
pub fn body_error(rejection: JsonRejection) -> SandboxError {
    SandboxError::Invalid {
        field: None,
        message: rejection.body_text(),
    }
}

impl SandboxError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    pub fn oauth(code: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self::OAuth {
            code,
            description: description.into(),
        }
    }
}

impl IntoResponse for SandboxError {
    fn into_response(self) -> Response {
        let message = self.to_string();
        let (status, code, field) = match self {
            Self::OAuth { code, description } => {
                // RFC 6749 §5.2: invalid_client is 401 and names the scheme to use.
                let status = if code == OAuthErrorCode::InvalidClient {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::BAD_REQUEST
                };
                let body = OAuthError {
                    error: code,
                    error_description: Some(description),
                };
                let mut response = (status, Json(body)).into_response();
                if status == StatusCode::UNAUTHORIZED {
                    response.headers_mut().insert(
                        axum::http::header::WWW_AUTHENTICATE,
                        axum::http::HeaderValue::from_static("Basic realm=\"sandbox\""),
                    );
                }
                return response;
            }
            Self::Invalid { field, .. } => (StatusCode::BAD_REQUEST, "VALIDATION_ERROR", field),
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", None),
            Self::MissingScope(_) => (StatusCode::FORBIDDEN, "INSUFFICIENT_SCOPE", None),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "FORBIDDEN", None),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND", None),
            Self::Conflict(_) => (StatusCode::CONFLICT, "CONFLICT", None),
            Self::Gone(_) => (StatusCode::GONE, "EXPIRED", None),
        };
        let body = ProviderErrorBody {
            code: code.into(),
            message,
            field: field.map(str::to_owned),
        };
        (status, Json(body)).into_response()
    }
}
