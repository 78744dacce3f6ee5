//! Performance marks that end-to-end tests and benchmarks read.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the user first sees a screen they can act on (the session or its outcome).
pub const INTERACTIVE_MARK: &str = "onboard:interactive";

static MARKED: AtomicBool = AtomicBool::new(false);

/// Marks `onboard:interactive` on the page's performance timeline, once per page load however
/// many screens follow.
pub fn mark_interactive() {
    if MARKED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(INTERACTIVE_MARK);
    }
}
