//! The session webhooks, sent the moment each event happens and signed the Standard Webhooks way:
//! `webhook-id` (one per notification, the same on every retry), `webhook-timestamp` (Unix
//! seconds) and `webhook-signature: v1,<base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))>`,
//! the secret written `whsec_<base64 of the key>` (see `protocol::webhooks`). A notification is retried with doubling pauses
//! from 200 ms, five tries in all, until the receiver answers 2xx.

use std::time::{Duration, Instant};

use axum::http::header;
use protocol::provider::aml::{ResultEntity, WebhookEvent, WebhookNotification};
use protocol::webhooks::sign;
use time::OffsetDateTime;
use url::Url;
use uuid::Uuid;

use crate::clock::rfc3339;

const ATTEMPTS: u32 = 5;
const FIRST_PAUSE: Duration = Duration::from_millis(200);

/// Sends each event when its time comes, counted from `created`.
pub(super) fn schedule(
    http: reqwest::Client,
    url: Url,
    secret: Option<String>,
    session_id: String,
    created: Instant,
    events: Vec<(Duration, WebhookEvent, Option<ResultEntity>)>,
) {
    tokio::spawn(async move {
        for (after, event, entity) in events {
            tokio::time::sleep_until(tokio::time::Instant::from_std(created + after)).await;
            let notification = WebhookNotification {
                session_id: session_id.clone(),
                event,
                entity,
                timestamp: rfc3339(OffsetDateTime::now_utc()),
            };
            // Its own task: a slow receiver does not hold back the next event.
            tokio::spawn(deliver(
                http.clone(),
                url.clone(),
                secret.clone(),
                notification,
            ));
        }
    });
}

async fn deliver(
    http: reqwest::Client,
    url: Url,
    secret: Option<String>,
    notification: WebhookNotification,
) {
    let body = serde_json::to_string(&notification).expect("a notification serialises");
    let id = format!("msg_{}", Uuid::new_v4().simple());
    for attempt in 0..ATTEMPTS {
        let timestamp = OffsetDateTime::now_utc().unix_timestamp();
        let mut request = http
            .post(url.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string());
        if let Some(secret) = &secret {
            request = request.header(
                "webhook-signature",
                sign(secret, &id, timestamp, body.as_bytes()),
            );
        }
        match request.body(body.clone()).send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => {
                tracing::debug!(status = %response.status(), %id, "AML webhook refused")
            }
            Err(err) => tracing::debug!(error = %err, %id, "AML webhook not delivered"),
        }
        if attempt + 1 < ATTEMPTS {
            tokio::time::sleep(FIRST_PAUSE * 2u32.pow(attempt)).await;
        }
    }
    tracing::warn!(%id, session = %notification.session_id, "AML webhook given up after {ATTEMPTS} tries");
}
