//! The one error shape of Onboard's own API: `{"error": {"code", "message", "field"?}}`.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. The widget picks its translated message by code; the
/// English `message` is for partners' logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidRequest,
    /// No credential, or one we do not know.
    Unauthorized,
    /// A session token we issued, past its lifetime: the user must start again.
    SessionExpired,
    /// Known, but not allowed this: e.g. data a consent does not cover.
    Forbidden,
    /// A one-time link (a session's claim code) that was used already: the session lives in
    /// the tab that used it, or the partner makes a new link.
    LinkUsed,
    /// Data of a consent whose return from the bank this session has not confirmed: it may
    /// have been approved in another browser.
    ConsentNotConfirmed,
    /// The bank's return code is unknown, spent, expired or not this session's: nothing was
    /// shared, and the consent it was made for is withdrawn.
    BankReturnRefused,
    NotFound,
    Conflict,
    PayloadTooLarge,
    /// A body of a type the operation does not take (e.g. not `application/json`).
    UnsupportedMediaType,
    /// Too many requests from one partner or session: wait for `Retry-After`.
    RateLimited,
    /// A provider did not answer, or answered with an error: retrying later may help.
    UpstreamUnavailable,
    Internal,
    /// A code this build does not know yet (a newer server): treated like `Internal`.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 15] = [
        Self::InvalidRequest,
        Self::Unauthorized,
        Self::SessionExpired,
        Self::Forbidden,
        Self::LinkUsed,
        Self::ConsentNotConfirmed,
        Self::BankReturnRefused,
        Self::NotFound,
        Self::Conflict,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::RateLimited,
        Self::UpstreamUnavailable,
        Self::Internal,
        Self::Unknown,
    ];

    /// Whether trying the same request again later can succeed.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::UpstreamUnavailable | Self::Internal | Self::Unknown
        )
    }

    /// The translation key of the widget's message for this error.
    pub fn message_key(self) -> &'static str {
        match self {
            // The widget always sends the type asked for: to a person, it is a request refused.
            Self::InvalidRequest | Self::UnsupportedMediaType => "error.invalid_request",
            Self::Unauthorized => "error.unauthorized",
            Self::SessionExpired => "error.session_expired",
            Self::Forbidden => "error.forbidden",
            Self::LinkUsed => "error.link_used",
            Self::ConsentNotConfirmed => "error.consent_not_confirmed",
            Self::BankReturnRefused => "error.bank_return_refused",
            Self::NotFound => "error.not_found",
            Self::Conflict => "error.conflict",
            Self::PayloadTooLarge => "error.payload_too_large",
            Self::RateLimited => "error.rate_limited",
            Self::UpstreamUnavailable => "error.upstream_unavailable",
            Self::Internal | Self::Unknown => "error.internal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The request field at fault, for validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_to_the_documented_shape() {
        let body = ErrorBody {
            error: ApiError {
                code: ErrorCode::SessionExpired,
                message: "The session has expired.".into(),
                field: None,
            },
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"error": {"code": "session_expired", "message": "The session has expired."}})
        );
    }

    #[test]
    fn unknown_codes_from_a_newer_server_still_parse() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"x"}}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::Unknown);
        assert!(body.error.code.is_retryable());
        assert!(!ErrorCode::SessionExpired.is_retryable());
    }
}
