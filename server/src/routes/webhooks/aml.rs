//! The AML screening API's session events (docs/providers.md): `JsonDataReady`, `AllDone` and
//! `Failed` mean the screening may have finished, so it is followed the way the widget's polling
//! follows it (the provider is asked; the body only says when). `ReportReady` needs nothing:
//! Onboard does not keep the PDF reports. Other types are kept, not applied.

use protocol::provider::aml::WebhookEvent;
use protocol::webhooks::bodies::AmlSessionEvent;

use super::Event;
use crate::onboarding::screening::refresh_session;
use crate::{AppError, AppState};

pub(super) const PROVIDER: &str = "aml";

pub(super) struct Notification {
    pub event: Event,
    session_id: String,
}

/// The provider names each notification by its `webhook-id`, the same on every retry.
pub(super) fn read(delivery_id: String, body: &[u8]) -> Result<Notification, AppError> {
    let body = AmlSessionEvent::read(body)
        .map_err(|_| AppError::invalid("body", "not an AML session event"))?;
    Ok(Notification {
        event: Event {
            id: delivery_id,
            kind: body.event,
        },
        session_id: body.session_id,
    })
}

pub(super) async fn apply(
    state: &AppState,
    notification: &Notification,
) -> Result<Option<String>, AppError> {
    let kind = serde_json::from_value(serde_json::Value::String(notification.event.kind.clone()));
    match kind {
        Ok(WebhookEvent::JsonDataReady | WebhookEvent::AllDone | WebhookEvent::Failed) => {
            refresh_session(state, &notification.session_id).await
        }
        Ok(WebhookEvent::ReportReady) | Err(_) => Ok(None),
    }
}
