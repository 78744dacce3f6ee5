//! `GET /api/v1/session/events`: the session's events as Server-Sent Events. The token comes in
//! the `Authorization` header like every widget call (the widget reads the stream with `fetch`),
//! so it is in no URL and no log. A reconnect sends `Last-Event-ID` and gets what it missed.
//! The stream ends when the session expires, and on shutdown with a hint to come back soon.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use protocol::api::events::SessionEvent;
use protocol::api::paths;
use tokio::sync::{broadcast, watch};
use tokio::time::{sleep_until, Instant};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::{db, events, AppError, AppState};

/// Through proxies that close idle connections after 30 to 60 s.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon a client should come back when the server closes a stream.
const RETRY: Duration = Duration::from_secs(1);
/// How soon a session that holds all the streams it may should try for another.
const STREAMS_TAKEN_RETRY_SECS: u64 = 10;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream_events))
}

#[utoipa::path(
    get,
    path = paths::SESSION_EVENTS,
    operation_id = "streamSessionEvents",
    tag = "session",
    security(("session_token" = [])),
    params(("last-event-id" = Option<i64>, Header, description = "The last event's id, to resume after it")),
    responses((
        status = 200,
        description = "Server-Sent Events: `id`, `event` (the type) and `data` (a SessionEvent as JSON)",
        content_type = "text/event-stream",
        body = SessionEvent,
    )),
)]
async fn stream_events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let last_id = last_event_id(&headers)?;
    let slot = StreamSlot::take(&state, &session.token_hash)?;
    // Subscribed before the first read: an event stored in between wakes us and is not lost.
    let wake = state.events.subscribe();
    let until = Instant::now()
        + Duration::from_secs(session.expires_at.saturating_sub(db::now()).max(0) as u64);
    let reader = Reader {
        state: state.clone(),
        token_hash: session.token_hash.clone(),
        application_id: Arc::from(session.application_id.as_str()),
        last_id,
        queued: VecDeque::new(),
        wake,
        shutdown: state.shutdown.subscribe(),
        until,
        done: false,
        first: true,
        _slot: slot,
    };
    Ok(Sse::new(stream::unfold(reader, Reader::next))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// `Last-Event-ID` is ours (an event id): anything else is a client error, said as such.
fn last_event_id(headers: &HeaderMap) -> Result<i64, AppError> {
    let Some(value) = headers.get("last-event-id") else {
        return Ok(0);
    };
    value
        .to_str()
        .ok()
        .and_then(|id| id.trim().parse::<i64>().ok())
        .filter(|id| *id >= 0)
        .ok_or_else(|| {
            AppError::invalid(
                "Last-Event-ID",
                "Last-Event-ID must be an event id from this stream",
            )
        })
}

struct Reader {
    state: AppState,
    token_hash: String,
    application_id: Arc<str>,
    last_id: i64,
    /// Read but not yet sent, newest last.
    queued: VecDeque<(i64, SessionEvent)>,
    wake: broadcast::Receiver<Arc<str>>,
    shutdown: watch::Receiver<bool>,
    until: Instant,
    done: bool,
    first: bool,
    /// Given back when the stream ends, however it ends.
    _slot: StreamSlot,
}

/// The event streams open on this instance, by session (its token's hash). Each holds a
/// connection and a task: a session (a page reloaded in a loop, a script with a stolen token)
/// may hold `ONBOARD_SESSION_EVENT_STREAMS` at once.
#[derive(Default)]
pub struct OpenStreams(Mutex<HashMap<String, usize>>);

/// One stream's place in `OpenStreams`.
struct StreamSlot {
    state: AppState,
    token_hash: String,
}

impl StreamSlot {
    fn take(state: &AppState, token_hash: &str) -> Result<Self, AppError> {
        let mut open = state.open_streams.0.lock().expect("never poisoned");
        let count = open.entry(token_hash.to_owned()).or_default();
        if *count >= state.config.session_event_streams {
            return Err(AppError::RateLimited {
                retry_after_secs: STREAMS_TAKEN_RETRY_SECS,
            });
        }
        *count += 1;
        Ok(Self {
            state: state.clone(),
            token_hash: token_hash.to_owned(),
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.state.open_streams.0.lock().expect("never poisoned");
        if let Some(count) = open.get_mut(&self.token_hash) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.token_hash);
            }
        }
    }
}

/// Why a waiting stream woke up.
enum Woken {
    /// Another application's events grew.
    Other,
    /// Ours did, or we fell behind and must look.
    Ours,
    Shutdown,
    End,
}

impl Reader {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        if self.done {
            return None;
        }
        if std::mem::take(&mut self.first) {
            // What was stored since `Last-Event-ID` (all of it on a first connect): the screen
            // may have loaded before the change it would otherwise miss.
            if !self.read().await {
                return None;
            }
            return Some((
                Ok(Event::default()
                    .retry(RETRY)
                    .comment("onboard session events")),
                self,
            ));
        }
        loop {
            if let Some((id, event)) = self.queued.pop_front() {
                self.last_id = id;
                let json = serde_json::to_string(&event).expect("events serialize");
                return Some((
                    Ok(Event::default()
                        .id(id.to_string())
                        .event(event.name())
                        .data(json)),
                    self,
                ));
            }
            let woken = tokio::select! {
                woken = self.wake.recv() => match woken {
                    Ok(id) if id != self.application_id && &*id != events::EVERY_APPLICATION => Woken::Other,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => Woken::Ours,
                    Err(broadcast::error::RecvError::Closed) => Woken::End,
                },
                _ = self.shutdown.wait_for(|stopping| *stopping) => Woken::Shutdown,
                () = sleep_until(self.until) => Woken::End,
            };
            match woken {
                Woken::Other => {}
                Woken::Ours if self.read().await => {}
                Woken::Ours | Woken::End => return None,
                Woken::Shutdown => {
                    self.done = true;
                    return Some((
                        Ok(Event::default().retry(RETRY).comment("shutting down")),
                        self,
                    ));
                }
            }
        }
    }

    /// Queues what is stored after the last event read; `false` ends the stream: the session
    /// was revoked (the reconnect is refused), or the database failed (the reconnect resumes).
    async fn read(&mut self) -> bool {
        let last = self.queued.back().map_or(self.last_id, |(id, _)| *id);
        let read = async {
            let live: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(&self.token_hash)
            .fetch_optional(&self.state.db)
            .await?;
            match live {
                Some(_) => Ok(Some(
                    events::after(&self.state.db, &self.application_id, last).await?,
                )),
                None => Ok(None),
            }
        };
        match read.await {
            Ok(Some(events)) => {
                self.queued.extend(events);
                true
            }
            Ok(None) => false,
            Err(err) => {
                let err: AppError = err;
                tracing::warn!(error = %err, "session events unreadable; stream closed");
                false
            }
        }
    }
}
