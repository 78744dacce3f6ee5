//! Reads begun before the component that needs them exists. The first screen needs the
//! application's status and the onboarding answers, which depend on the token alone: asked for
//! together with the session, their round trips overlap instead of following one another.

use std::future::Future;

use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::OnboardingView;
use protocol::api::StatusView;

use crate::api::{ApiClient, ApiFailure};

/// One read's answer, begun at once and handed to the first that asks for it.
pub struct Prefetch<T: 'static>(StoredValue<Option<oneshot::Receiver<T>>, LocalStorage>);

impl<T: 'static> Clone for Prefetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Prefetch<T> {}

impl<T: 'static> Prefetch<T> {
    pub fn start(read: impl Future<Output = T> + 'static) -> Self {
        let (answer, answered) = oneshot::channel();
        spawn_local(async move {
            let _ = answer.send(read.await);
        });
        Self(StoredValue::new_local(Some(answered)))
    }

    /// The early answer, the first time only: a later read (a refetch, a retry) must ask anew.
    pub fn take(self) -> Option<oneshot::Receiver<T>> {
        self.0.try_update_value(Option::take).flatten()
    }
}

/// The session's first reads, in context below `SessionLoader`.
#[derive(Clone, Copy)]
pub struct FirstReads {
    pub status: Prefetch<Result<StatusView, ApiFailure>>,
    pub onboarding: Prefetch<Result<OnboardingView, ApiFailure>>,
}

impl FirstReads {
    pub fn start(api: &ApiClient) -> Self {
        let (for_status, for_onboarding) = (api.clone(), api.clone());
        Self {
            status: Prefetch::start(async move { for_status.status().await }),
            onboarding: Prefetch::start(async move { for_onboarding.onboarding().await }),
        }
    }
}

/// The early answer when there is one, else `read`'s (which, never polled, sends nothing).
pub async fn early_or<T>(early: Option<oneshot::Receiver<T>>, read: impl Future<Output = T>) -> T {
    match early {
        Some(early) => match early.await {
            Ok(answer) => answer,
            // The early read was dropped unanswered (the page is going away).
            Err(oneshot::Canceled) => read.await,
        },
        None => read.await,
    }
}
