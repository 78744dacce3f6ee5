//! Hooks shared by the screens, in leptos-use's shape (one per file, an options struct, cleanup
//! on unmount): a value polled until final, and the session's event stream that tells it to
//! poll at once.

pub mod polling;
pub mod session_events;
