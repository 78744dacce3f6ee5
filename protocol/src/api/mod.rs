//! Onboard's own HTTP API: the partner endpoints and the widget's backend-for-frontend.

pub mod account;
pub mod banking;
pub mod events;
pub mod onboarding;
pub mod partner;

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, ApplicationStatus, CountryCode};

/// `POST /api/v1/sessions`, authorised by the partner's API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionRequest {
    pub workflow_id: String,
    pub country_code: String,
    pub redirect_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The partner's own reference for the applicant, echoed back in status reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionResponse {
    pub application_id: ApplicationId,
    pub session_token: String,
    /// RFC 3339.
    pub expires_at: String,
    /// The hosted onboarding page for this session (token in the fragment).
    pub hosted_url: String,
}

/// `GET /api/v1/session`: what the widget needs to render the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub application_id: ApplicationId,
    pub workflow_id: String,
    pub country_code: CountryCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
    /// Where the applicant goes when onboarding is over (on the partner's allowlist).
    pub redirect_url: String,
}

/// `GET /api/v1/session/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    pub application_id: ApplicationId,
    pub status: ApplicationStatus,
    /// RFC 3339, as the provider reports it.
    pub updated_at: String,
}

/// `DELETE /api/v1/applications/{id}/sessions`: how many live sessions were ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionsRevoked {
    pub revoked: u64,
}

/// Limits on partner-supplied free text, checked by the server.
pub const MAX_EXTERNAL_REF_LEN: usize = 128;
pub const MAX_URL_LEN: usize = 2048;
