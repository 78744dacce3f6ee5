//! What a partner's backend reads about its applicants: `GET /api/v1/applications/{id}`, and the
//! notifications Onboard sends to the partner's webhook when an application's status changes.

use serde::{Deserialize, Serialize};

use super::onboarding::ResultsView;
use crate::{ApplicationId, ApplicationStatus, CountryCode};

/// The `type` of a status change notification.
pub const STATUS_CHANGED: &str = "application.status_changed";

/// `GET /api/v1/applications/{id}`, authorised by the partner's API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationView {
    pub application_id: ApplicationId,
    pub workflow_id: String,
    pub country_code: CountryCode,
    pub status: ApplicationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, as the provider reports it.
    pub updated_at: String,
    /// RFC 3339, once the applicant submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// The provider's results, screening included, once the application is in manual review,
    /// decided or stopped after the submit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<ResultsView>,
}

/// The body of a notification to a partner's webhook, signed the Standard Webhooks way. It
/// carries no personal data: the partner reads the rest with its API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartnerNotification {
    /// [`STATUS_CHANGED`].
    #[serde(rename = "type")]
    pub kind: String,
    /// RFC 3339: when the change happened.
    pub timestamp: String,
    pub data: StatusChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusChanged {
    pub application_id: ApplicationId,
    pub status: ApplicationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
}
