//! What reaches the widget from outside its frame: the partner page's `postMessage` data and
//! the URL fragment (the hosted link's claim code, the bank's return code). A handed-over token is never empty, never longer than a
//! token can be and never holds a character that would need escaping.

#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::embed::HostMessage;
use protocol::fragment::{split_fragment, RETURN_KEY, TOKEN_KEY};

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
    for key in [TOKEN_KEY, RETURN_KEY] {
        check_split(hash, key);
    }
});

/// The code of `key` taken out of `hash`, and what is left of it.
fn check_split(hash: &str, key: &str) {
    let (token, rest) = split_fragment(hash, key);
    // The pairs left behind are the original's, in order, and none of them names the code or
    // holds a copy of it, however it is percent-encoded.
    let pairs: Vec<&str> = rest.split('&').filter(|pair| !pair.is_empty()).collect();
    assert!(
        pairs.iter().all(|pair| !names(pair, key)),
        "a token pair was left in {rest:?}"
    );
    let fragment = hash.trim_start_matches('#');
    for value in fragment.split('&').filter(|pair| names(pair, key)) {
        let value = value.split_once('=').map_or("", |(_, value)| value);
        if !value.is_empty() {
            assert!(!rest.contains(value), "the token was left in {rest:?}");
            assert!(
                !decoded(&rest).contains(&decoded(value)),
                "an encoded copy of the token was left in {rest:?}"
            );
        }
    }
    assert!(pairs.len() <= hash.split('&').count());
    assert!(rest.len() <= hash.len());
    if let Some(token) = token {
        assert!(!token.contains('&'));
        assert_eq!(
            split_fragment(&rest, key).0,
            None,
            "the token was left in {rest:?}"
        );
    }
}

/// Whether a browser-side reader, decoding as much as it likes, could take `pair` for `key`'s.
fn names(pair: &str, key: &str) -> bool {
    let pair_key = pair.split_once('=').map_or(pair, |(pair_key, _)| pair_key);
    decoded(pair_key)
        .trim_start_matches('#')
        .eq_ignore_ascii_case(key)
}

/// Percent-decoded until nothing changes.
fn decoded(text: &str) -> String {
    let mut text = text.to_owned();
    loop {
        let next = percent_encoding::percent_decode_str(&text)
            .decode_utf8_lossy()
            .into_owned();
        if next == text {
            return text;
        }
        text = next;
    }
}
