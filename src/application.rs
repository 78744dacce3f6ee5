//! The application the widget works on, once its session has named it. Every event the
//! partner's page hears carries its id, and everything the widget keeps in the tab's
//! `sessionStorage` for it (drafts, the wizard's place, the bank step's progress) is kept under
//! that id: a second session opened in the same tab (a shared computer, a branch's tablet, two
//! widgets on one page) finds nothing of another's. A new link's token drops what earlier
//! sessions kept (see `session_token`).

use std::cell::RefCell;

/// Everything the widget keeps in the tab is under this prefix, the session token included.
const PREFIX: &str = "onboard.";

thread_local! {
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// From now on, the widget works on application `id`.
pub fn open(id: &str) {
    CURRENT.with(|current| *current.borrow_mut() = Some(id.to_owned()));
}

pub fn id() -> Option<String> {
    CURRENT.with(|current| current.borrow().clone())
}

/// The tab's `sessionStorage`, when the browser gives one (not in some privacy modes and
/// sandboxed frames: the widget then keeps nothing, and a reload starts the step afresh).
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The current application's key for `name`; none before the session has named it.
fn key(name: &str) -> Option<String> {
    id().map(|id| format!("{PREFIX}application.{id}.{name}"))
}

/// What the current application kept under `name` in this tab.
pub fn kept(name: &str) -> Option<String> {
    session_storage()?.get_item(&key(name)?).ok()?
}

pub fn keep(name: &str, value: &str) {
    if let (Some(storage), Some(key)) = (session_storage(), key(name)) {
        let _ = storage.set_item(&key, value);
    }
}

pub fn forget(name: &str) {
    if let (Some(storage), Some(key)) = (session_storage(), key(name)) {
        let _ = storage.remove_item(&key);
    }
}

/// Drops everything the widget kept in this tab, for any application, and the token: a new
/// session's link is the next person's.
pub fn forget_all() {
    let Some(storage) = session_storage() else {
        return;
    };
    let length = storage.length().unwrap_or(0);
    let ours: Vec<String> = (0..length)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect();
    for key in ours {
        let _ = storage.remove_item(&key);
    }
}
