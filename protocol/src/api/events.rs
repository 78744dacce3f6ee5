//! `GET /api/v1/session/events`: the session's changes as Server-Sent Events, so the widget
//! learns of them at once and polls only as a fallback.
//!
//! Each change is one SSE event: `id` (increasing per session; a reconnect sends the last one as
//! `Last-Event-ID` and gets what came after), `event` (the change's [`SessionEvent::name`]) and
//! `data` (the [`SessionEvent`] as JSON). The stream ends before the session does.

use serde::{Deserialize, Serialize};

use super::onboarding::ScreeningState;
use crate::onboarding::Step;
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
    /// A link of `POST /api/v1/session/handoff` reached another device: the device that asked
    /// for it can stop showing it and follow.
    Handoff { state: HandoffState },
    /// A step's answer was saved, by any session of the application: one that follows another
    /// device reads the answers again.
    AnswersChanged { step: Step },
}

crate::wire_enum! {
    /// How far a handoff to another device went.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum HandoffState {
        /// The other device claimed the link: it carries on with the application.
        Claimed = "claimed",
    }
}

impl SessionEvent {
    /// The SSE `event` field: what kind of thing changed.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ApplicationStatus { .. } => "applicationStatus",
            Self::Screening { .. } => "screening",
            Self::Consent { .. } => "consent",
            Self::Handoff { .. } => "handoff",
            Self::AnswersChanged { .. } => "answersChanged",
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

    #[test]
    fn handoff_and_answer_events_read_back_under_their_camel_case_names() {
        let cases = [
            (
                SessionEvent::Handoff {
                    state: HandoffState::Claimed,
                },
                r#"{"type":"handoff","state":"claimed"}"#,
                "handoff",
            ),
            (
                SessionEvent::AnswersChanged {
                    step: Step::IdentityDocument,
                },
                r#"{"type":"answersChanged","step":"identityDocument"}"#,
                "answersChanged",
            ),
        ];
        for (event, json, name) in cases {
            assert_eq!(serde_json::to_string(&event).unwrap(), json);
            assert_eq!(serde_json::from_str::<SessionEvent>(json).unwrap(), event);
            assert_eq!(event.name(), name);
        }
    }
}
