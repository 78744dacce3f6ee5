//! Where the session token comes from, and where it is kept.
//!
//! The hosted link puts the token in the URL fragment (`/#token=...`): fragments are never sent
//! to servers nor written to their logs. We take it from there at start, remove it from the
//! address bar at once (so it is not bookmarked, shared or left in history), and keep it in
//! memory and in `sessionStorage`, so that a reload in the same tab carries on and a new tab
//! does not inherit it. A new token drops what the tab kept of earlier sessions.

use protocol::fragment::{split_fragment, TOKEN_KEY};
use wasm_bindgen::JsValue;

use crate::application::{self, session_storage};

/// The `sessionStorage` key holding the token.
pub const STORAGE_KEY: &str = "onboard.sessionToken";

/// The session token for this page: the fragment's if there is one (a newer session than the
/// stored one), else the one stored by an earlier load of this tab.
pub fn load() -> Option<String> {
    take_from_fragment().or_else(stored)
}

/// Reads `token` from `location.hash`, removes it from the address bar (keeping the path, the
/// query, the other fragment pairs and the history state) and stores it, in place of everything
/// kept for another token. `None` when the fragment has no usable token.
pub fn take_from_fragment() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let (raw, rest) = split_fragment(&hash, TOKEN_KEY);
    let raw = raw?;
    // Scrub first: whatever the token is worth, it must not stay in the address bar.
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        if rest.is_empty() {
            String::new()
        } else {
            format!("#{rest}")
        },
    );
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
    let token = String::from(js_sys::decode_uri_component(raw).ok()?);
    if token.is_empty() {
        return None;
    }
    // The same link opened again carries on; another is someone else's session, maybe on a
    // shared computer, who must not find the drafts of the one before.
    if stored().as_ref() != Some(&token) {
        application::forget_all();
    }
    store(&token);
    Some(token)
}

/// The token an earlier load of this tab stored.
pub fn stored() -> Option<String> {
    let storage = session_storage()?;
    storage
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .filter(|token| !token.is_empty())
}

fn store(token: &str) {
    // Storage can be unavailable (privacy modes, sandboxed frames): the token then lives in
    // memory only and a reload shows the "no session" screen.
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(STORAGE_KEY, token);
    }
}
