//! What reaches the widget from outside its frame: the partner page's `postMessage` data and
//! the hosted link's URL fragment. A handed-over token is never empty, never longer than a
//! token can be and never holds a character that would need escaping.

#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::embed::HostMessage;
use protocol::fragment::split_fragment;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = serde_json::from_slice::<HostMessage>(data) {
        if let Ok(init) = message.into_init() {
            assert!((1..=256).contains(&init.token.len()));
            assert!(init
                .token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)));
            if let Some(locale) = init.locale {
                assert!(!locale.is_empty() && locale.is_ascii());
            }
        }
    }

    let Ok(hash) = std::str::from_utf8(data) else {
        return;
    };
    let (token, rest) = split_fragment(hash);
    // The pairs left behind are the original's, in order, without any token pair.
    let pairs: Vec<&str> = rest.split('&').filter(|pair| !pair.is_empty()).collect();
    assert!(pairs
        .iter()
        .all(|pair| *pair != "token" && !pair.starts_with("token=")));
    assert!(pairs.len() <= hash.split('&').count());
    assert!(rest.len() <= hash.len());
    if let Some(token) = token {
        assert!(!token.contains('&'));
        assert_eq!(
            split_fragment(&rest).0,
            None,
            "the token was left in {rest:?}"
        );
    }
});
