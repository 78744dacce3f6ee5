//! The application the widget works on, once its session has named it. Every event the
//! partner's page hears carries its id, and what the widget keeps in the tab for it is kept
//! under that id (see `storage`).

use std::cell::RefCell;

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
