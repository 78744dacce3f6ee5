//! The core-banking platform's AML webhooks (docs/providers.md): an envelope (`notificationId`,
//! `notificationTypeCode`, `destination`, `originalMessageDateTime`, `data`) around four types.
//! Onboard decides nothing on them; it keeps each, links it to the application it names and asks
//! the onboarding provider for that application's status, which the bank's decision may move. The
//! bank knows our applicants by customer number, which is the application id, so an event names
//! one of ours when its `data.personId` or `data.source.sourceRef` is an application id we hold.

use protocol::webhooks::bodies::CoreBankingNotification;

use super::Event;
use crate::{applications, AppError, AppState};

pub(super) const PROVIDER: &str = "core-banking";

const KNOWN_TYPES: [&str; 4] = [
    "AML_PERSON_SUBPROCESS_CREATED",
    "AML_SUBPROCESS_CREATED",
    "AML_SUBPROCESS_CREATED_COLLECTION",
    "AML_PAYMENT_RESULTS_PUBLISHED",
];

pub(super) struct Notification {
    pub event: Event,
    references: Vec<String>,
}

/// Notifications are named by their `notificationId`, which the platform keeps across retries.
pub(super) fn read(body: &[u8]) -> Result<Notification, AppError> {
    let body = CoreBankingNotification::read(body)
        .map_err(|_| AppError::invalid("body", "not a core-banking notification"))?;
    Ok(Notification {
        event: Event {
            id: body.notification_id,
            kind: body.notification_type_code,
        },
        references: body.references,
    })
}

/// The application a known event names, if we hold it; unknown types are only kept.
pub(super) async fn apply(
    state: &AppState,
    notification: &Notification,
) -> Result<Option<String>, AppError> {
    if !KNOWN_TYPES.contains(&notification.event.kind.as_str()) {
        return Ok(None);
    }
    for reference in &notification.references {
        let known: Option<(String, String)> =
            sqlx::query_as("SELECT id, status FROM applications WHERE id = $1")
                .bind(reference)
                .fetch_optional(&state.db)
                .await?;
        if let Some((id, status)) = known {
            // The bank's AML process moved: the application's status may have too.
            let id = applications::stored_id(&id)?;
            applications::refresh_status(state, &id, &status).await?;
            return Ok(Some(id.as_str().to_owned()));
        }
    }
    Ok(None)
}
