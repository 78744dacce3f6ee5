//! The session's event stream: each event's `data`.

use protocol::api::events::{HandoffState, SessionEvent};
use protocol::onboarding::Step;

use super::banking::consent_status;
use super::onboarding::screening_state;
use super::session::application_status;
use super::{unknown, Object, Read};

/// An event of a kind this build does not know is an error, which the stream skips.
pub fn session_event(object: &Object) -> Read<SessionEvent> {
    let kind = object.string("type")?;
    Ok(match kind.as_str() {
        "applicationStatus" => SessionEvent::ApplicationStatus {
            status: application_status(object)?,
        },
        "screening" => SessionEvent::Screening {
            state: screening_state(object)?,
        },
        "consent" => SessionEvent::Consent {
            consent_id: object.string("consentId")?,
            status: consent_status(object)?,
        },
        "handoff" => {
            let state = object.string("state")?;
            SessionEvent::Handoff {
                state: HandoffState::parse(&state).ok_or_else(|| unknown("state", &state))?,
            }
        }
        "answersChanged" => {
            let step = object.string("step")?;
            SessionEvent::AnswersChanged {
                step: Step::parse(&step).ok_or_else(|| unknown("step", &step))?,
            }
        }
        _ => return Err(unknown("type", &kind)),
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::api::banking::ConsentStatus;
    use protocol::api::onboarding::ScreeningState;
    use protocol::ApplicationStatus;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::{parse, read_back};

    #[wasm_bindgen_test]
    fn reads_every_event_as_serde_json_writes_it() {
        let events = ApplicationStatus::ALL
            .map(|status| SessionEvent::ApplicationStatus { status })
            .into_iter()
            .chain(
                [
                    ScreeningState::Pending,
                    ScreeningState::Ready,
                    ScreeningState::Failed,
                ]
                .map(|state| SessionEvent::Screening { state }),
            )
            .chain(ConsentStatus::ALL.map(|status| SessionEvent::Consent {
                consent_id: "c-1".into(),
                status,
            }))
            .chain([
                SessionEvent::Handoff {
                    state: HandoffState::Claimed,
                },
                SessionEvent::AnswersChanged {
                    step: Step::IdentityDocument,
                },
            ]);
        for event in events {
            assert_eq!(read_back(&event, session_event), Ok(event));
        }
        let newer = r#"{"type":"document","documentId":"d-1"}"#;
        assert!(session_event(&parse(newer).unwrap()).is_err());
    }
}
