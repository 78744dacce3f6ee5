//! `use_session_events`: the session's event stream (`GET /api/v1/session/events`), so that a
//! change shows at once and polling becomes the fallback.
//!
//! Read with `fetch` rather than `EventSource`, which cannot send the token in a header (and a
//! token in the URL would land in logs). A dropped stream reconnects after the server's retry
//! hint, or with backoff, sending the last event id so nothing is missed; an expired or unknown
//! session, or a server without the endpoint, ends it for good and polling carries on alone.
//! The stream is aborted when the calling component unmounts, and while the page waits in the
//! browser's back/forward cache: kept open there, each left page would hold one of the six
//! connections HTTP/1.1 allows per origin, and the next widget loaded would stall.

use std::time::Duration;

use futures::future::LocalBoxFuture;
use gloo_timers::future::sleep;
use js_sys::{Reflect, Uint8Array};
use leptos::ev::{pagehide, pageshow};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_event_listener;
use protocol::api::events::SessionEvent;
use protocol::backoff::PollSchedule;
use protocol::sse::SseParser;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader};

use crate::api::{ApiClient, ApiFailure};
use crate::hooks::polling::{Push, UsePollingOptions};
use crate::split::split_point;

/// What the stream says, for the polling loops to follow.
#[derive(Debug, Clone, Copy)]
pub struct SessionEvents {
    /// The stream is open: polling may slow down.
    pub connected: Signal<bool>,
    /// How many changes of each kind arrived; each one wakes the polling of that thing.
    pub status_changes: Signal<u64>,
    pub screening_changes: Signal<u64>,
    pub consent_changes: Signal<u64>,
    /// Another device took the application over through a handoff link.
    pub handoff_claims: Signal<u64>,
    /// An answer of the application was saved, here or on another device.
    pub answer_changes: Signal<u64>,
}

impl SessionEvents {
    /// Polling options that follow the changes of one kind, with `pick` choosing the counter.
    pub fn polling(&self, pick: fn(&Self) -> Signal<u64>) -> UsePollingOptions {
        UsePollingOptions {
            push: Some(Push {
                connected: self.connected,
                changes: pick(self),
            }),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct UseSessionEventsOptions {
    /// Waits between reconnects when the server gave no retry hint.
    pub reconnect: PollSchedule,
}

impl Default for UseSessionEventsOptions {
    fn default() -> Self {
        Self {
            reconnect: PollSchedule {
                initial: Duration::from_secs(1),
                max: Duration::from_secs(30),
            },
        }
    }
}

/// Polling options for a component inside the session's flow: pushed by the flow's stream,
/// or plain polling where there is none (a component mounted on its own).
pub fn pushed(pick: fn(&SessionEvents) -> Signal<u64>) -> UsePollingOptions {
    use_context::<SessionEvents>()
        .map(|events| events.polling(pick))
        .unwrap_or_default()
}

pub fn use_session_events(api: ApiClient, options: UseSessionEventsOptions) -> SessionEvents {
    let connected = RwSignal::new(false);
    let counters = [
        RwSignal::new(0u64),
        RwSignal::new(0u64),
        RwSignal::new(0u64),
        RwSignal::new(0u64),
        RwSignal::new(0u64),
    ];
    // The open stream's kill switch; `None` while the page is hidden in the cache.
    let controller = StoredValue::new_local(None::<AbortController>);
    let close = move || {
        if let Some(opened) = controller.try_update_value(Option::take).flatten() {
            opened.abort();
        }
    };
    let open = move || {
        // Asked for once the first screen is interactive: by then this may have unmounted.
        if controller.is_disposed() {
            return;
        }
        close();
        let Ok(opened) = AbortController::new() else {
            return;
        };
        let reader = Reader {
            api: api.clone(),
            signal: opened.signal(),
            connected,
            counters,
            options,
            parser: SseParser::new(),
        };
        spawn_local(read(reader));
        controller.set_value(Some(opened));
    };
    // Not before: the stream's module and connection must not hold up the first screen, whose
    // reads tell what it needs to show.
    crate::perf::after_interactive(open.clone());
    let _ = use_event_listener(window(), pagehide, move |_| close());
    // `App` reloads a restored page anyway; reopening here keeps the stream right without that.
    let _ = use_event_listener(window(), pageshow, move |event| {
        if event.persisted() {
            open();
        }
    });
    on_cleanup(close);
    let [status_changes, screening_changes, consent_changes, handoff_claims, answer_changes] =
        counters.map(Signal::from);
    SessionEvents {
        connected: connected.into(),
        status_changes,
        screening_changes,
        consent_changes,
        handoff_claims,
        answer_changes,
    }
}

/// Reads the stream with its reader, whose code is a split module (README, "The split build").
async fn read(reader: Reader) {
    // Without its module the stream stays shut, and polling keeps up alone: as with a server
    // that has no stream.
    if let Ok(run) = stream_reader().await {
        run(reader).await;
    }
}

split_point! {
    fn stream_reader() -> fn(Reader) -> LocalBoxFuture<'static, ()> {
        |reader| Box::pin(reader.run())
    }
}

struct Reader {
    api: ApiClient,
    signal: web_sys::AbortSignal,
    connected: RwSignal<bool>,
    /// Status, screening, consent.
    counters: [RwSignal<u64>; 5],
    options: UseSessionEventsOptions,
    /// Kept across reconnects: it holds the last event id.
    parser: SseParser,
}

impl Reader {
    async fn run(mut self) {
        let mut attempt = 0;
        while !self.signal.aborted() {
            match self
                .api
                .session_events(self.parser.last_event_id(), &self.signal)
                .await
            {
                Ok(body) => {
                    self.connected.try_set(true);
                    if self.read(body).await {
                        attempt = 0;
                    }
                    self.connected.try_set(false);
                }
                // The session's end shows through polling; a server without the endpoint
                // answers 404. Neither gets better by asking again.
                Err(ApiFailure::Expired | ApiFailure::Invalid | ApiFailure::Other(_)) => return,
                Err(ApiFailure::Unavailable { .. }) => {}
            }
            if self.signal.aborted() {
                return;
            }
            let wait = self.parser.retry().unwrap_or_else(|| {
                self.options
                    .reconnect
                    .delay(attempt, js_sys::Math::random(), None)
            });
            attempt = attempt.saturating_add(1);
            sleep(wait).await;
        }
    }

    /// Reads the stream until it ends; `true` when it carried anything, so the next reconnect
    /// starts its backoff over.
    async fn read(&mut self, body: web_sys::ReadableStream) -> bool {
        let Ok(reader) = body.get_reader().dyn_into::<ReadableStreamDefaultReader>() else {
            return false;
        };
        let mut carried = false;
        loop {
            let Ok(chunk) = JsFuture::from(reader.read()).await else {
                return carried;
            };
            if Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|done| done.as_bool())
                != Some(false)
            {
                return carried;
            }
            let Ok(bytes) = Reflect::get(&chunk, &"value".into())
                .and_then(|value| value.dyn_into::<Uint8Array>())
            else {
                return carried;
            };
            carried = true;
            for message in self.parser.feed(&bytes.to_vec()) {
                // An event this build does not know is skipped; the polling still shows it.
                let event = crate::json::parse(&message.data)
                    .and_then(|event| crate::json::events::session_event(&event));
                if let Ok(event) = event {
                    let counter = match event {
                        SessionEvent::ApplicationStatus { .. } => self.counters[0],
                        SessionEvent::Screening { .. } => self.counters[1],
                        SessionEvent::Consent { .. } => self.counters[2],
                        SessionEvent::Handoff { .. } => self.counters[3],
                        SessionEvent::AnswersChanged { .. } => self.counters[4],
                    };
                    counter.try_update(|count| *count += 1);
                }
            }
        }
    }
}
