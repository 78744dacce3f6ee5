//! Session events: each change the widget should hear of is stored (`session_events`), then the
//! streams of that application are woken to read it. Storing first makes a resumed stream
//! (`Last-Event-ID`) and a stream on another instance read the same events in the same order.
//! On PostgreSQL, instances wake each other's streams: storing an event notifies a channel
//! (`NOTIFY`, delivered at commit) that every instance listens on.

use std::sync::Arc;
use std::time::Duration;

use protocol::api::events::SessionEvent;
use sqlx::postgres::PgListener;
use sqlx::{AnyConnection, AnyPool, Database, Postgres};
use tokio::sync::broadcast;

use crate::{db, AppError};

/// A stream reads at most this many stored events at once; a reconnect after a long time away
/// gets the newest ones, which are what the screen needs.
const READ_LIMIT: i64 = 100;

/// The PostgreSQL channel whose notifications carry the application id of new events.
const CHANNEL: &str = "onboard_session_events";
/// How long a lost listener waits before connecting again.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// What the bus carries when every stream must look: wake-ups from other instances may have been
/// missed. No application id looks like it.
pub const EVERY_APPLICATION: &str = "*";

/// Wakes the event streams when an application's events grow. It carries only the application
/// id: what changed is read from the database, so a missed wake-up loses nothing.
#[derive(Clone)]
pub struct Bus {
    sender: broadcast::Sender<Arc<str>>,
}

impl Default for Bus {
    fn default() -> Self {
        // Wake-ups are tiny; a stream that falls behind rereads the database anyway.
        Self {
            sender: broadcast::channel(1024).0,
        }
    }
}

impl Bus {
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.sender.subscribe()
    }

    /// How many event streams are open: each holds one subscription until it ends.
    pub fn open_streams(&self) -> usize {
        self.sender.receiver_count()
    }

    /// After the change is committed: streams woken before would not find it.
    pub fn wake(&self, application_id: &str) {
        // No stream listening is not an error.
        let _ = self.sender.send(application_id.into());
    }

    fn wake_all(&self) {
        self.wake(EVERY_APPLICATION);
    }

    /// Wakes the application's streams on every instance, for a change that is no event (a
    /// revocation): the streams look at the session again.
    pub async fn wake_everywhere(
        &self,
        db: &AnyPool,
        application_id: &str,
    ) -> Result<(), AppError> {
        notify_instances(&mut *db.acquire().await?, &[application_id]).await?;
        self.wake(application_id);
        Ok(())
    }

    /// Stores `event` on its own and wakes the streams, for changes made outside a transaction.
    pub async fn publish(
        &self,
        db: &AnyPool,
        application_id: &str,
        event: &SessionEvent,
    ) -> Result<(), AppError> {
        record(&mut *db.acquire().await?, application_id, event).await?;
        self.wake(application_id);
        Ok(())
    }
}

/// Stores `event` as part of the caller's transaction; the caller wakes the bus after commit.
pub async fn record(
    conn: &mut AnyConnection,
    application_id: &str,
    event: &SessionEvent,
) -> Result<(), sqlx::Error> {
    record_all(conn, &[(application_id, event)]).await
}

/// Stores each application's event, in one statement and in this order, as part of the caller's
/// transaction; the caller wakes the bus after commit.
pub async fn record_all(
    conn: &mut AnyConnection,
    events: &[(&str, &SessionEvent)],
) -> Result<(), sqlx::Error> {
    if events.is_empty() {
        return Ok(());
    }
    let now = db::now();
    let sql = format!(
        "INSERT INTO session_events (application_id, event, created_at) VALUES {}",
        db::placeholders(conn, events.len(), 3)
    );
    let mut insert = db::multi_row(&sql, events.len());
    for (application_id, event) in events {
        insert = insert
            .bind(*application_id)
            .bind(serde_json::to_string(event).expect("events serialize"))
            .bind(now);
    }
    insert.execute(&mut *conn).await?;
    let application_ids: Vec<&str> = events
        .iter()
        .map(|(application_id, _)| *application_id)
        .collect();
    notify_instances(conn, &application_ids).await
}

/// On PostgreSQL, tells every instance (this one too) that these applications' streams must
/// look again; in the caller's transaction, it is delivered at commit.
async fn notify_instances(
    conn: &mut AnyConnection,
    application_ids: &[&str],
) -> Result<(), sqlx::Error> {
    if conn.backend_name() == Postgres::NAME {
        // `SELECT pg_notify(..)` would answer a void column, which the Any driver cannot read.
        let sql = format!(
            "SELECT 1 FROM (VALUES {}) AS woken (application_id) CROSS JOIN LATERAL pg_notify(${}, woken.application_id)",
            db::placeholders(conn, application_ids.len(), 1),
            application_ids.len() + 1
        );
        let mut notify = db::multi_row(&sql, application_ids.len());
        for application_id in application_ids {
            notify = notify.bind(*application_id);
        }
        notify.bind(CHANNEL).execute(conn).await?;
    }
    Ok(())
}

/// Listens for the events other instances store, and wakes this instance's streams for them,
/// reconnecting when the connection is lost. The first connection is made before returning, so
/// that an instance that has started hears every event stored after.
pub async fn relay_other_instances(bus: Bus, database_url: &str) -> Result<(), sqlx::Error> {
    let listener = listen(database_url).await?;
    let database_url = database_url.to_owned();
    tokio::spawn(async move {
        let mut listener = listener;
        loop {
            relay(&bus, listener).await;
            listener = reconnect(&database_url).await;
            // What was notified while not listening is lost: every stream looks.
            bus.wake_all();
        }
    });
    Ok(())
}

async fn reconnect(database_url: &str) -> PgListener {
    loop {
        tokio::time::sleep(RECONNECT_DELAY).await;
        match listen(database_url).await {
            Ok(listener) => return listener,
            Err(err) => tracing::warn!(error = %err, "session event listener cannot reconnect"),
        }
    }
}

async fn listen(database_url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(database_url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Wakes the bus for each notification until the listener fails for good.
async fn relay(bus: &Bus, mut listener: PgListener) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => bus.wake(notification.payload()),
            // Reconnected at once; what was notified meanwhile is lost, so every stream looks.
            Ok(None) => bus.wake_all(),
            Err(err) => {
                tracing::warn!(error = %err, "session event listener lost its connection");
                return;
            }
        }
    }
}

/// The application's events after `last_id`, oldest first.
pub async fn after(
    db: &AnyPool,
    application_id: &str,
    last_id: i64,
) -> Result<Vec<(i64, SessionEvent)>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, event FROM (
             SELECT id, event FROM session_events WHERE application_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3
         ) AS newest ORDER BY id",
    )
    .bind(application_id)
    .bind(last_id)
    .bind(READ_LIMIT)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, json)| {
            let event = serde_json::from_str(&json).map_err(|_| {
                AppError::Database(sqlx::Error::Protocol("stored session event".into()))
            })?;
            Ok((id, event))
        })
        .collect()
}
