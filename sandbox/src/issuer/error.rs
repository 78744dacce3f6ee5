//! The issuer's refusals. The document shows `responseMetadata` on its write answers and no
//! error example, so every refusal is that envelope alone: the HTTP status repeated in
//! `statusCode`, the reason in `statusMessage`, the caller's correlation id echoed.

use axum::http::StatusCode;

use crate::SandboxError;

#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    #[error("missing or invalid access token")]
    Unauthenticated,
    #[error("the access token lacks the scope {0}")]
    MissingScope(&'static str),
    #[error("{0}")]
    Invalid(String),
    #[error("issuer not found")]
    IssuerNotFound,
    #[error("account not found")]
    AccountNotFound,
    #[error("operation not found")]
    OperationNotFound,
    #[error("{0}")]
    Conflict(String),
}

impl IssuerError {
    pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Self {
        Self::Invalid(format!("{field} {problem}"))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::MissingScope(_) => StatusCode::FORBIDDEN,
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::IssuerNotFound | Self::AccountNotFound | Self::OperationNotFound => {
                StatusCode::NOT_FOUND
            }
            Self::Conflict(_) => StatusCode::CONFLICT,
        }
    }
}

/// The shared token issuer speaks `SandboxError`; it only ever refuses a token or a scope.
impl From<SandboxError> for IssuerError {
    fn from(error: SandboxError) -> Self {
        match error {
            SandboxError::MissingScope(scope) => Self::MissingScope(scope),
            _ => Self::Unauthenticated,
        }
    }
}
