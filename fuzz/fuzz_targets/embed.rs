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
    // The pairs left behind are the original's, in order, and none of them names a token or
    // holds a copy of one, however it is percent-encoded.
    let pairs: Vec<&str> = rest.split('&').filter(|pair| !pair.is_empty()).collect();
    assert!(
        pairs.iter().all(|pair| !names_a_token(pair)),
        "a token pair was left in {rest:?}"
    );
    let fragment = hash.trim_start_matches('#');
    for value in fragment.split('&').filter(|pair| names_a_token(pair)) {
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
            split_fragment(&rest).0,
            None,
            "the token was left in {rest:?}"
        );
    }
});

/// Whether a browser-side reader, decoding as much as it likes, could take `pair` for the token.
fn names_a_token(pair: &str) -> bool {
    let key = pair.split_once('=').map_or(pair, |(key, _)| key);
    decoded(key)
        .trim_start_matches('#')
        .eq_ignore_ascii_case("token")
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
