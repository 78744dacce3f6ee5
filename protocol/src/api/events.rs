//! `GET /api/v1/session/events`: the session's changes as Server-Sent Events, so the widget
//! learns of them at once and polls only as a fallback.
//!
//! Each change is one SSE event: `id` (increasing per session; a reconnect sends the last one as
//! `Last-Event-ID` and gets what came after), `event` (the change's [`SessionEvent::name`]) and
//! `data` (the [`SessionEvent`] as JSON). The stream ends before the session does.

use serde::{Deserialize, Serialize};

use super::onboarding::ScreeningState;
use crate::provider::openbanking::ConsentStatus;
use crate::ApplicationStatus;

/// A change to something the session shows; the widget reads the thing again, or takes the
/// new status from here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SessionEvent {
    /// The application's status as the onboarding provider now reports it.
    ApplicationStatus { status: ApplicationStatus },
    /// The organization's AML screening finished (or failed).
    Screening { state: ScreeningState },
    /// An open-banking consent of this session was decided or revoked.
    // utoipa does not read serde's rename_all_fields.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    Consent {
        consent_id: String,
        status: ConsentStatus,
    },
}

impl SessionEvent {
    /// The SSE `event` field: what kind of thing changed.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ApplicationStatus { .. } => "applicationStatus",
            Self::Screening { .. } => "screening",
            Self::Consent { .. } => "consent",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_their_type_and_camel_case_fields() {
        let event = SessionEvent::Consent {
            consent_id: "c-1".into(),
            status: ConsentStatus::Authorised,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "consent", "consentId": "c-1", "status": "Authorised"})
        );
        assert_eq!(serde_json::from_value::<SessionEvent>(json).unwrap(), event);
        let status = SessionEvent::ApplicationStatus {
            status: ApplicationStatus::Approved,
        };
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            r#"{"type":"applicationStatus","status":"APPROVED"}"#
        );
        assert_eq!(status.name(), "applicationStatus");
    }
}
