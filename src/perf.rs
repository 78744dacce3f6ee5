//! Performance marks that end-to-end tests and benchmarks read.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};

/// Set when the user first sees a screen they can act on (the session or its outcome).
pub const INTERACTIVE_MARK: &str = "onboard:interactive";

static MARKED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static AFTER_INTERACTIVE: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::default();
}

/// Runs `work` once the first screen is interactive and painted (now if it already is): for work
/// that must not compete with the first screen for the network or the main thread.
pub fn after_interactive(work: impl FnOnce() + 'static) {
    if MARKED.load(Ordering::Relaxed) {
        work();
    } else {
        AFTER_INTERACTIVE.with_borrow_mut(|queue| queue.push(Box::new(work)));
    }
}

/// Marks `onboard:interactive` on the page's performance timeline, once per page load however
/// many screens follow.
pub fn mark_interactive() {
    if MARKED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(INTERACTIVE_MARK);
    }
    after_next_paint(|| {
        AFTER_INTERACTIVE
            .with_borrow_mut(std::mem::take)
            .into_iter()
            .for_each(|run| run());
    });
}

/// Runs `work` once the browser has painted the page as it is now, and shown it.
pub fn after_next_paint(work: impl FnOnce() + 'static) {
    // A frame's callbacks run before its paint, and a task queued from one runs after that
    // paint but may run before the frame is on screen: the next frame's callback runs after it.
    request_animation_frame(move || {
        request_animation_frame(move || set_timeout(work, Duration::ZERO));
    });
}
