//! Where the session token comes from, and where it is kept.
//!
//! The hosted link puts the token in the URL fragment (`/#token=...`): fragments are never sent
//! to servers nor written to their logs. We take it from there at start, remove it from the
//! address bar at once (so it is not bookmarked, shared or left in history), and keep it in
//! memory and in `sessionStorage`, so that a reload in the same tab carries on and a new tab
//! does not inherit it.

use wasm_bindgen::JsValue;

/// The `sessionStorage` key holding the token.
pub const STORAGE_KEY: &str = "onboard.sessionToken";

const TOKEN_PARAM: &str = "token";

/// The session token for this page: the fragment's if there is one (a newer session than the
/// stored one), else the one stored by an earlier load of this tab.
pub fn load() -> Option<String> {
    take_from_fragment().or_else(stored)
}

/// Reads `token` from `location.hash`, removes it from the address bar (keeping the path, the
/// query, the other fragment pairs and the history state) and stores it. `None` when the
/// fragment has no usable token.
pub fn take_from_fragment() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let (raw, rest) = split_fragment(&hash);
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

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Splits a fragment (`#token=abc&step=2`) into the still-encoded token, if any, and the other
/// `&`-separated pairs, unchanged and in order.
pub fn split_fragment(hash: &str) -> (Option<&str>, String) {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let mut token = None;
    let mut rest = Vec::new();
    for pair in fragment.split('&').filter(|pair| !pair.is_empty()) {
        match pair.split_once('=') {
            Some((TOKEN_PARAM, value)) => token = Some(value),
            _ if pair == TOKEN_PARAM => token = Some(""),
            _ => rest.push(pair),
        }
    }
    (token, rest.join("&"))
}

#[cfg(test)]
mod tests {
    use super::split_fragment;

    #[test]
    fn finds_the_token_among_other_pairs() {
        assert_eq!(split_fragment("#token=abc"), (Some("abc"), String::new()));
        assert_eq!(
            split_fragment("#x=1&token=a%2Bb&y"),
            (Some("a%2Bb"), "x=1&y".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=1"),
            (Some("abc"), "x=1".into())
        );
    }

    #[test]
    fn no_token_leaves_the_fragment_alone() {
        assert_eq!(split_fragment(""), (None, String::new()));
        assert_eq!(split_fragment("#x=1"), (None, "x=1".into()));
        assert_eq!(split_fragment("#tokens=1"), (None, "tokens=1".into()));
    }

    #[test]
    fn a_bare_or_empty_token_is_removed_but_empty() {
        assert_eq!(split_fragment("#token&x=1"), (Some(""), "x=1".into()));
        assert_eq!(split_fragment("#token="), (Some(""), String::new()));
    }
}
