//! What the split points share (README, "The split build"): showing a screen whose code is in a
//! split module, and fetching modules ahead of use when the browser is idle.

use std::future::Future;

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::components::focus_pending;
use crate::screens::Loading;

/// What a split point hands back: the function that makes its screen from `A`.
pub type Screen<A> = fn(A) -> AnyView;

/// The screen `load` (a split point's call) makes from `args`, with the loading state while its
/// module comes: on a slow connection, when it was not fetched ahead.
///
/// The screen is made here, in the reactive tree, not inside the load's future: what it owns
/// (signals, effects) then lives and ends with this view like any other screen's.
pub fn split_view<A>(load: impl Future<Output = Screen<A>> + 'static, args: A) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    let mut load = Box::pin(load);
    // A module already here gives its screen at once, without a frame of the loading state.
    let screen = RwSignal::new(load.as_mut().now_or_never());
    if screen.with_untracked(Option::is_none) {
        spawn_local(async move {
            let loaded = load.await;
            screen.try_set(Some(loaded));
        });
    }
    move || match screen.get() {
        Some(make) => {
            // Focus asked for while the module came goes to its screen once it is shown.
            Effect::new(|_| focus_pending());
            make(args.clone())
        }
        None => view! { <Loading/> }.into_any(),
    }
}

/// Runs `fetch` when the browser is next idle, so that a split screen rarely waits for its
/// module. Where `requestIdleCallback` is missing (Safari before 18), runs it now.
pub fn when_idle(fetch: impl FnOnce() + 'static) {
    let fetch = Closure::once_into_js(fetch);
    let queued = window().request_idle_callback(fetch.unchecked_ref());
    if queued.is_err() {
        // Handed over already: call it as the browser would have.
        let _ = fetch
            .unchecked_ref::<js_sys::Function>()
            .call0(&JsValue::NULL);
    }
}
