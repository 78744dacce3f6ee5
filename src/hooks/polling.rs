//! `use_polling`: keeps a server value fresh until it is final; `use_status_polling` is it for
//! the application's status, and the bank step uses it for a consent's.
//!
//! Waits follow `protocol::backoff::PollSchedule` (exponential, full jitter, `Retry-After` as a
//! floor), starting over whenever the value changes. A hidden tab does not poll; coming back to
//! it polls at once. Polling ends at a terminal status, when the session is expired or invalid,
//! on an error retrying cannot fix, and when the calling component unmounts.
//!
//! With the session's event stream (`Push`), a change polls at once, and while the stream is
//! open the waits follow a slow schedule: polling is only the fallback then.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::mpsc::{self, UnboundedReceiver, UnboundedSender};
use futures::future::{self, AbortHandle, Abortable, Either};
use futures::StreamExt;
use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_document_visibility;
use protocol::api::StatusView;
use protocol::backoff::PollSchedule;
use web_sys::VisibilityState;

use crate::api::{ApiClient, ApiFailure};
use crate::session::prefetch::{early_or, FirstReads, Prefetch};

#[derive(Debug, Clone, Copy, Default)]
pub struct UsePollingOptions {
    pub schedule: PollSchedule,
    pub push: Option<Push>,
}

/// What an event stream says about the polled value (see `session_events`).
#[derive(Debug, Clone, Copy)]
pub struct Push {
    /// While true, waits are [`Push::FLOOR`] plus a draw from [`Push::SCHEDULE`].
    pub connected: Signal<bool>,
    /// Each change polls at once.
    pub changes: Signal<u64>,
}

impl Push {
    /// A safety net only, the stream telling of changes as they happen: 10 to 60 s apart.
    pub const FLOOR: Duration = Duration::from_secs(10);
    pub const SCHEDULE: PollSchedule = PollSchedule {
        initial: Duration::from_secs(5),
        max: Duration::from_secs(50),
    };
}

pub struct UsePollingReturn<T: Send + Sync + 'static> {
    /// The last value the server reported; kept through later failures.
    pub value: Signal<Option<T>>,
    /// The last poll's failure; `None` once a poll succeeds again.
    pub failure: Signal<Option<ApiFailure>>,
    /// Whether a loop is running (polling or waiting for its next poll).
    pub is_polling: Signal<bool>,
    /// Polls now, starting a new loop if the last one stopped (the "Try again" button).
    pub restart: Callback<()>,
}

type Fetch<T> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<T, ApiFailure>>>>>;

/// The application's status until it is terminal.
pub fn use_status_polling(
    api: ApiClient,
    options: UsePollingOptions,
) -> UsePollingReturn<StatusView> {
    let first = use_context::<FirstReads>().map(|reads| reads.status);
    use_polling(
        move || {
            let api = api.clone();
            let early = first.and_then(Prefetch::take);
            async move { early_or(early, api.status()).await }
        },
        |view: &StatusView| view.status.is_terminal(),
        options,
    )
}

/// Polls `fetch` until `is_final` accepts its answer.
pub fn use_polling<T, F, Fut>(
    fetch: F,
    is_final: fn(&T) -> bool,
    options: UsePollingOptions,
) -> UsePollingReturn<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let fetch: Fetch<T> = Rc::new(move || Box::pin(fetch()));
    let fetch = StoredValue::new_local(fetch);
    let (status, set_status) = signal(None::<T>);
    let (failure, set_failure) = signal(None::<ApiFailure>);
    let (is_polling, set_polling) = signal(false);
    let visibility = use_document_visibility();
    // The running loop's wake-up line and kill switch; replaced by each (re)start.
    let wake = StoredValue::new(None::<UnboundedSender<Wake>>);
    let abort = StoredValue::new(None::<AbortHandle>);

    let poll_now = move |reason: Wake| {
        wake.with_value(|sender| {
            if let Some(sender) = sender {
                let _ = sender.unbounded_send(reason);
            }
        })
    };

    // Back on the page after a while away: poll now rather than at the end of a long wait.
    Effect::new(move |previous: Option<VisibilityState>| {
        let now = visibility.get();
        if previous == Some(VisibilityState::Hidden) && now == VisibilityState::Visible {
            poll_now(Wake::Visible);
        }
        now
    });

    // A pushed change: poll now. Not on the first run, which only subscribes.
    if let Some(push) = options.push {
        Effect::new(move |seen: Option<u64>| {
            let changes = push.changes.get();
            if seen.is_some_and(|seen| seen != changes) {
                poll_now(Wake::Pushed);
            }
            changes
        });
    }

    let start = move || {
        stop(abort);
        let (sender, receiver) = mpsc::unbounded();
        let (handle, registration) = AbortHandle::new_pair();
        wake.set_value(Some(sender));
        abort.set_value(Some(handle));
        set_polling.set(true);
        let poller = Poller {
            fetch: fetch.get_value(),
            is_final,
            schedule: options.schedule,
            push: options.push,
            visibility,
            set_value: set_status,
            set_failure,
            last: status.get_untracked(),
        };
        spawn_local(async move {
            // Aborted loops say nothing: a newer loop or an unmount has taken over.
            if Abortable::new(poller.run(receiver), registration)
                .await
                .is_ok()
            {
                set_polling.try_set(false);
            }
        });
    };
    start();
    on_cleanup(move || stop(abort));

    UsePollingReturn {
        value: status.into(),
        failure: failure.into(),
        is_polling: is_polling.into(),
        restart: Callback::new(move |()| start()),
    }
}

/// Why a waiting loop polls before its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// The page is visible again.
    Visible,
    /// The event stream told of a change.
    Pushed,
}

fn stop(abort: StoredValue<Option<AbortHandle>>) {
    if let Some(handle) = abort.try_update_value(Option::take).flatten() {
        handle.abort();
    }
}

struct Poller<T: Send + Sync + 'static> {
    fetch: Fetch<T>,
    is_final: fn(&T) -> bool,
    schedule: PollSchedule,
    push: Option<Push>,
    visibility: Signal<VisibilityState>,
    set_value: WriteSignal<Option<T>>,
    set_failure: WriteSignal<Option<ApiFailure>>,
    /// The value last seen, to tell a change (which restarts the backoff) from a repeat.
    last: Option<T>,
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Poller<T> {
    async fn run(mut self, mut wake: UnboundedReceiver<Wake>) {
        let mut attempt: u32 = 0;
        loop {
            // A hidden tab does not poll; the next wake-up is the page becoming visible.
            while self.is_hidden() {
                if wake.next().await.is_none() {
                    return;
                }
            }
            let (failed, retry_after) = match (self.fetch)().await {
                Ok(value) => {
                    attempt = if self.last.as_ref() == Some(&value) {
                        attempt.saturating_add(1)
                    } else {
                        0
                    };
                    let done = (self.is_final)(&value);
                    self.last = Some(value.clone());
                    self.set_value.try_set(Some(value));
                    self.set_failure.try_set(None);
                    if done {
                        return;
                    }
                    (false, None)
                }
                Err(failure) => {
                    let retryable = failure.is_retryable();
                    let retry_after = failure.retry_after();
                    attempt = attempt.saturating_add(1);
                    self.set_failure.try_set(Some(failure));
                    if !retryable {
                        return;
                    }
                    (true, retry_after)
                }
            };
            // Coming back to the page while we polled is answered by this poll; a pushed change
            // may have happened after the server answered, so it is asked again at once.
            let mut pushed = false;
            while let Ok(reason) = wake.try_recv() {
                pushed |= reason == Wake::Pushed;
            }
            let at_once = pushed && retry_after.is_none();
            if !at_once && !self.wait(attempt, failed, retry_after, &mut wake).await {
                return;
            }
        }
    }

    /// Waits before the next poll; `false` when the loop has been let go. After a failure the
    /// waits are the normal ones even with the stream open: nothing pushes that the API is back.
    async fn wait(
        &self,
        attempt: u32,
        failed: bool,
        retry_after: Option<Duration>,
        wake: &mut UnboundedReceiver<Wake>,
    ) -> bool {
        let pushed = self
            .push
            .is_some_and(|push| push.connected.try_get_untracked() == Some(true));
        let draw = js_sys::Math::random();
        let delay = match pushed && !failed {
            true => (Push::FLOOR + Push::SCHEDULE.delay(attempt, draw, None))
                .max(retry_after.unwrap_or_default()),
            false => self.schedule.delay(attempt, draw, retry_after),
        };
        // The server asked us not to come back sooner: not even a return to the page may.
        let floor = retry_after.unwrap_or_default().min(delay);
        if !floor.is_zero() {
            sleep(floor).await;
        }
        match future::select(sleep(delay - floor), wake.next()).await {
            Either::Left(((), _)) => true,
            Either::Right((woken, _)) => woken.is_some(),
        }
    }

    fn is_hidden(&self) -> bool {
        self.visibility.try_get_untracked() == Some(VisibilityState::Hidden)
    }
}
