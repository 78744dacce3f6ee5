//! The core-banking platform's AML events (`001`): an envelope (`notificationId`,
//! `notificationTypeCode`, `destination`, `originalMessageDateTime`, `data`) around four types.
//! Onboard decides nothing on them; it keeps each, links it to the application it names and asks
//! the onboarding provider for that application's status, which the bank's decision may move. The
//! bank knows our applicants by customer number, which is the application id, so an event names
//! one of ours when its `data.personId` or `data.source.sourceRef` is an application id we hold.

use serde::Deserialize;
use serde_json::Value;

use super::Event;
use crate::{applications, AppError, AppState};

pub(super) const PROVIDER: &str = "core-banking";

const KNOWN_TYPES: [&str; 4] = [
    "AML_PERSON_SUBPROCESS_CREATED",
    "AML_SUBPROCESS_CREATED",
    "AML_SUBPROCESS_CREATED_COLLECTION",
    "AML_PAYMENT_RESULTS_PUBLISHED",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    notification_id: String,
    notification_type_code: String,
    #[serde(default)]
    data: Value,
}

pub(super) struct Notification {
    pub event: Event,
    references: Vec<String>,
}

/// Notifications are named by their `notificationId`, which the platform keeps across retries.
pub(super) fn read(body: &[u8]) -> Result<Notification, AppError> {
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|_| AppError::invalid("body", "not a core-banking notification"))?;
    let references = [&envelope.data["personId"], &envelope.data["source"]["sourceRef"]]
        .into_iter()
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
    Ok(Notification {
        event: Event { id: envelope.notification_id, kind: envelope.notification_type_code },
        references,
    })
}

/// The application a known event names, if we hold it; unknown types are only kept.
pub(super) async fn apply(state: &AppState, notification: &Notification) -> Result<Option<String>, AppError> {
    if !KNOWN_TYPES.contains(&notification.event.kind.as_str()) {
        return Ok(None);
    }
    for reference in &notification.references {
        let known: Option<(String, String)> = sqlx::query_as("SELECT id, status FROM applications WHERE id = ?")
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
