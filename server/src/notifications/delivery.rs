//! The delivery worker: claims due notifications, sends them signed, and records the outcome.
//! A 2xx answer delivers; anything else is tried again after a backoff with full jitter, until
//! the last try dead-letters the notification. Claims are guarded updates, so several workers
//! on one database never send one try twice.

use std::time::Duration;

use axum::http::header;
use tokio::task::JoinHandle;

use super::Notifier;
use crate::{db, metrics, AppState};

/// How often the worker looks for due notifications.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Notifications claimed per round.
const BATCH: i64 = 32;
/// A claim holds a notification this long: past the HTTP timeout, so that only a worker that
/// died mid-send leaves it to be claimed again.
const CLAIM_SECS: i64 = 60;

#[derive(sqlx::FromRow)]
struct Due {
    id: String,
    partner_id: String,
    body: String,
    attempts: i64,
}

/// Runs until the process ends; started by `serve`, never by `app`, so tests that drive the
/// router stay deterministic and call [`deliver_due`] themselves.
pub fn spawn_worker(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(POLL_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(err) = deliver_due(&state).await {
                tracing::warn!(error = %err, "partner notifications: delivery round failed");
            }
        }
    })
}

/// One round: every notification due now (up to a batch) is claimed and tried once. Answers
/// how many were tried.
pub async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = db::now();
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, partner_id, body, attempts FROM partner_notifications
         WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at, created_at LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db)
    .await?;
    // Side by side, so that one partner's slow endpoint does not hold up the others'.
    let tries = due.iter().map(|notification| async move {
        if !claim(state, notification, now).await? {
            return Ok(0);
        }
        deliver(state, notification).await?;
        Ok(1)
    });
    futures_util::future::join_all(tries)
        .await
        .into_iter()
        .sum()
}

/// Takes the notification unless another worker did since it was read (its attempts moved).
async fn claim(state: &AppState, notification: &Due, now: i64) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE partner_notifications SET attempts = attempts + 1, next_attempt_at = $1
         WHERE id = $2 AND attempts = $3 AND delivered_at IS NULL AND dead_at IS NULL",
    )
    .bind(now + CLAIM_SECS)
    .bind(&notification.id)
    .bind(notification.attempts)
    .execute(&state.db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

async fn deliver(state: &AppState, notification: &Due) -> Result<(), sqlx::Error> {
    let notifier = &state.notifier;
    let attempt = u32::try_from(notification.attempts + 1).unwrap_or(u32::MAX);
    let outcome = send(notifier, notification).await;
    let now = db::now();
    let (id, partner) = (&notification.id, &notification.partner_id);
    match outcome {
        Ok(()) => {
            sqlx::query("UPDATE partner_notifications SET delivered_at = $1, last_error = NULL WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&state.db)
                .await?;
            metrics::partner_notification("delivered");
            tracing::info!(notification = %id, partner = %partner, attempt, "partner notified");
        }
        Err(error) if attempt >= notifier.attempts => {
            sqlx::query(
                "UPDATE partner_notifications SET dead_at = $1, last_error = $2 WHERE id = $3",
            )
            .bind(now)
            .bind(&error)
            .bind(id)
            .execute(&state.db)
            .await?;
            metrics::partner_notification("dead");
            tracing::warn!(notification = %id, partner = %partner, attempt, error, "partner notification dead-lettered");
        }
        Err(error) => {
            let wait = notifier
                .backoff
                .delay(attempt - 1, rand::random::<f64>(), None);
            sqlx::query("UPDATE partner_notifications SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
                .bind(now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2))
                .bind(&error)
                .bind(id)
                .execute(&state.db)
                .await?;
            metrics::partner_notification("retried");
            tracing::info!(notification = %id, partner = %partner, attempt, error, retry_in_secs = wait.as_secs(), "partner notification failed");
        }
    }
    Ok(())
}

/// One signed POST; the error is a short kind to store, never the partner's answer.
async fn send(notifier: &Notifier, notification: &Due) -> Result<(), String> {
    // The webhook may have been removed from the configuration since the notification was queued.
    let webhook = notifier
        .webhook(&notification.partner_id)
        .ok_or("no_webhook")?;
    let timestamp = db::now();
    let signature = protocol::webhooks::sign(
        &webhook.secret,
        &notification.id,
        timestamp,
        notification.body.as_bytes(),
    );
    let response = notifier
        .http
        .post(webhook.url.clone())
        .header(header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &notification.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(notification.body.clone())
        .send()
        .await
        .map_err(|err| {
            let kind = if err.is_timeout() {
                "timeout"
            } else if err.is_connect() {
                "connect"
            } else {
                "request"
            };
            kind.to_owned()
        })?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("http_{}", response.status().as_u16()))
    }
}
