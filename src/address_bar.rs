//! One-time codes arrive in the address's fragment (the hosted link's claim code, the bank's
//! return code): fragments are never sent to servers nor written to their logs. A code is taken
//! out of the address bar as soon as it is read, so that it is not bookmarked, shared or left in
//! history.

use protocol::fragment::split_fragment;
use wasm_bindgen::JsValue;

/// The code under `key` in `location.hash`, percent-decoded, and the fragment's other pairs.
/// The code's pairs leave the address bar whether or not the code is usable; `None` when there
/// is no usable code.
pub fn take_code(key: &str) -> Option<(String, String)> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let (raw, rest) = split_fragment(&hash, key);
    let raw = raw?;
    // Scrub first: whatever the code is worth, it must not stay in the address bar.
    replace_fragment(&rest);
    let code = String::from(js_sys::decode_uri_component(raw).ok()?);
    (!code.is_empty()).then_some((code, rest))
}

/// Puts `rest` in place of the fragment, without a navigation: the path, the query and the
/// history state stay.
pub fn replace_fragment(rest: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
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
}
