//! Session events: each change the widget should hear of is stored (`session_events`), then the
//! streams of that application are woken to read it. Storing first makes a resumed stream
//! (`Last-Event-ID`) and a stream on another instance read the same events in the same order.

use std::sync::Arc;

use protocol::api::events::SessionEvent;
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::broadcast;

use crate::{db, AppError};

/// A stream reads at most this many stored events at once; a reconnect after a long time away
/// gets the newest ones, which are what the screen needs.
const READ_LIMIT: i64 = 100;

/// Wakes the event streams when an application's events grow. It carries only the application
/// id: what changed is read from the database, so a missed wake-up loses nothing.
#[derive(Clone)]
pub struct Bus {
    sender: broadcast::Sender<Arc<str>>,
}

impl Default for Bus {
    fn default() -> Self {
        // Wake-ups are tiny; a stream that falls behind rereads the database anyway.
        Self { sender: broadcast::channel(1024).0 }
    }
}

impl Bus {
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.sender.subscribe()
    }

    /// After the change is committed: streams woken before would not find it.
    pub fn wake(&self, application_id: &str) {
        // No stream listening is not an error.
        let _ = self.sender.send(application_id.into());
    }

    /// Stores `event` on its own and wakes the streams, for changes made outside a transaction.
    pub async fn publish(&self, db: &SqlitePool, application_id: &str, event: &SessionEvent) -> Result<(), AppError> {
        record(&mut *db.acquire().await?, application_id, event).await?;
        self.wake(application_id);
        Ok(())
    }
}

/// Stores `event` as part of the caller's transaction; the caller wakes the bus after commit.
pub async fn record(conn: &mut SqliteConnection, application_id: &str, event: &SessionEvent) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO session_events (application_id, event, created_at) VALUES (?, ?, ?)")
        .bind(application_id)
        .bind(serde_json::to_string(event).expect("events serialize"))
        .bind(db::now())
        .execute(conn)
        .await?;
    Ok(())
}

/// The application's events after `last_id`, oldest first.
pub async fn after(db: &SqlitePool, application_id: &str, last_id: i64) -> Result<Vec<(i64, SessionEvent)>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, event FROM (
             SELECT id, event FROM session_events WHERE application_id = ? AND id > ? ORDER BY id DESC LIMIT ?
         ) AS newest ORDER BY id",
    )
    .bind(application_id)
    .bind(last_id)
    .bind(READ_LIMIT)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, json)| {
            let event = serde_json::from_str(&json)
                .map_err(|_| AppError::Database(sqlx::Error::Protocol("stored session event".into())))?;
            Ok((id, event))
        })
        .collect()
}
