//! `use_polling`: keeps a server value fresh until it is final; `use_status_polling` is it for
//! the application's status, and the bank step uses it for a consent's.
//!
//! Waits follow `protocol::backoff::PollSchedule` (exponential, full jitter, `Retry-After` as a
//! floor), starting over whenever the value changes. A hidden tab does not poll; coming back to
//! it polls at once. Polling ends at a terminal status, when the session is expired or invalid,
//! on an error retrying cannot fix, and when the calling component unmounts.

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

#[derive(Debug, Clone, Copy, Default)]
pub struct UsePollingOptions {
    pub schedule: PollSchedule,
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
pub fn use_status_polling(api: ApiClient, options: UsePollingOptions) -> UsePollingReturn<StatusView> {
    use_polling(
        move || {
            let api = api.clone();
            async move { api.status().await }
        },
        |view: &StatusView| view.status.is_terminal(),
        options,
    )
}

/// Polls `fetch` until `is_final` accepts its answer.
pub fn use_polling<T, F, Fut>(fetch: F, is_final: fn(&T) -> bool, options: UsePollingOptions) -> UsePollingReturn<T>
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
    let wake = StoredValue::new(None::<UnboundedSender<()>>);
    let abort = StoredValue::new(None::<AbortHandle>);

    // Back on the page after a while away: poll now rather than at the end of a long wait.
    Effect::new(move |previous: Option<VisibilityState>| {
        let now = visibility.get();
        if previous == Some(VisibilityState::Hidden) && now == VisibilityState::Visible {
            wake.with_value(|sender| {
                if let Some(sender) = sender {
                    let _ = sender.unbounded_send(());
                }
            });
        }
        now
    });

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

fn stop(abort: StoredValue<Option<AbortHandle>>) {
    if let Some(handle) = abort.try_update_value(Option::take).flatten() {
        handle.abort();
    }
}

struct Poller<T: Send + Sync + 'static> {
    fetch: Fetch<T>,
    is_final: fn(&T) -> bool,
    schedule: PollSchedule,
    visibility: Signal<VisibilityState>,
    set_value: WriteSignal<Option<T>>,
    set_failure: WriteSignal<Option<ApiFailure>>,
    /// The value last seen, to tell a change (which restarts the backoff) from a repeat.
    last: Option<T>,
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Poller<T> {
    async fn run(mut self, mut wake: UnboundedReceiver<()>) {
        let mut attempt: u32 = 0;
        loop {
            // A hidden tab does not poll; the next wake-up is the page becoming visible.
            while self.is_hidden() {
                if wake.next().await.is_none() {
                    return;
                }
            }
            let retry_after = match (self.fetch)().await {
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
                    None
                }
                Err(failure) => {
                    let retryable = failure.is_retryable();
                    let retry_after = failure.retry_after();
                    attempt = attempt.saturating_add(1);
                    self.set_failure.try_set(Some(failure));
                    if !retryable {
                        return;
                    }
                    retry_after
                }
            };
            // Wake-ups that came in while we were polling are answered by this poll.
            while wake.try_recv().is_ok() {}
            if !self.wait(attempt, retry_after, &mut wake).await {
                return;
            }
        }
    }

    /// Waits before the next poll; `false` when the loop has been let go.
    async fn wait(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        wake: &mut UnboundedReceiver<()>,
    ) -> bool {
        let delay = self
            .schedule
            .delay(attempt, js_sys::Math::random(), retry_after);
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
