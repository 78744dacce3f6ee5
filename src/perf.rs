//! Performance marks that end-to-end tests and benchmarks read.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the user first sees a screen they can act on (the session or its outcome).
pub const INTERACTIVE_MARK: &str = "onboard:interactive";

static MARKED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static AFTER_INTERACTIVE: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::default();
}

/// Runs `work` once the first screen is interactive (now if it already is): for work that must
/// not compete with the first screen for the network.
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
    AFTER_INTERACTIVE
        .with_borrow_mut(std::mem::take)
        .into_iter()
        .for_each(|run| run());
}
