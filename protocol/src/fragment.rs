//! The widget's URL fragment, where one-time codes travel: the hosted link's claim code
//! (`/#token=...&...`) and the bank's return code (`/#consent=...&return=...`). Fragments are
//! never sent to servers nor written to their logs. The widget takes a code out and leaves the
//! other pairs in the address bar.
//!
//! What is left must never hand the code on: the next load (or whoever the address is shared
//! with) reads the fragment again. So the rest holds no pair that any reader could take for the
//! code's pair (its key however it is prefixed with `#`, percent-encoded or cased) and no copy
//! of a code's value, however it is percent-encoded.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// The key of a session's claim code (the hosted link's, `#token=...`).
pub const TOKEN_KEY: &str = "token";
/// The key of the bank's one-time return code (`#consent=...&return=...`).
pub const RETURN_KEY: &str = "return";
/// The key of the consent a return code was made for: not a secret, read from what is left.
pub const CONSENT_KEY: &str = "consent";

/// Splits a fragment (`#token=abc&step=2`) into the still-encoded value of `key`, if any (the
/// last such pair's), and the other `&`-separated pairs, unchanged and in order, less any that
/// holds a copy of that value.
pub fn split_fragment<'a>(hash: &'a str, key: &str) -> (Option<&'a str>, String) {
    let fragment = hash.trim_start_matches('#');
    let pairs: Vec<&str> = fragment
        .split('&')
        .filter(|pair| !pair.is_empty())
        .collect();
    let token_value = |pair: &'a str| value_of(pair, key);
    let tokens: Vec<&str> = pairs.iter().filter_map(|pair| token_value(pair)).collect();
    let copies: Vec<Cow<str>> = tokens
        .iter()
        .filter(|value| !value.is_empty())
        .map(|value| fully_decoded(value))
        .collect();
    let holds_a_copy = |text: &str| {
        let decoded = fully_decoded(text);
        tokens
            .iter()
            .any(|value| !value.is_empty() && text.contains(value))
            || copies.iter().any(|copy| decoded.contains(copy.as_ref()))
    };
    let rest = pairs
        .into_iter()
        .filter(|pair| token_value(pair).is_none() && !holds_a_copy(pair))
        .collect::<Vec<_>>()
        .join("&");
    // A token whose value decodes to text with a '&' could still be spread over two kept pairs.
    let rest = if holds_a_copy(&rest) {
        String::new()
    } else {
        rest
    };
    (tokens.last().copied(), rest)
}

/// The value of a pair that names `key`: the pair's key, percent-decoded and without the
/// leading `#`s a fragment may repeat, is `key` in any case.
fn value_of<'a>(pair: &'a str, key: &str) -> Option<&'a str> {
    let (pair_key, value) = pair.split_once('=').unwrap_or((pair, ""));
    fully_decoded(pair_key)
        .trim_start_matches('#')
        .eq_ignore_ascii_case(key)
        .then_some(value)
}

/// The still-encoded value of the first pair of `key`, as it stands (no copies removed): for
/// what is not a secret, like the consent a return code was made for.
pub fn fragment_value<'a>(hash: &'a str, key: &str) -> Option<&'a str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| value_of(pair, key))
}

/// `text` percent-decoded until nothing changes, so no layer of encoding hides a token; each
/// round that changes anything is shorter, so this ends.
fn fully_decoded(text: &str) -> Cow<'_, str> {
    let mut decoded = Cow::Borrowed(text);
    loop {
        let next = percent_decode_str(&decoded)
            .decode_utf8_lossy()
            .into_owned();
        if next == decoded {
            return decoded;
        }
        decoded = Cow::Owned(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doubled_hash_leaves_no_token_behind() {
        // Found by the `embed` fuzz target.
        assert_eq!(
            split_fragment("##token=o&token=o&", TOKEN_KEY),
            (Some("o"), String::new())
        );
    }

    #[test]
    fn a_token_pair_after_a_hash_inside_the_fragment_is_removed() {
        // Found by the `embed` fuzz target: the second pair was kept as "#token=B" and read as
        // the token on the next load.
        assert_eq!(
            split_fragment("#token=A&#token=B", TOKEN_KEY),
            (Some("B"), String::new())
        );
    }

    #[test]
    fn a_copy_of_the_token_under_another_key_is_removed() {
        // Found by the `embed` fuzz target: the token's value was kept under an empty key.
        assert_eq!(
            split_fragment("#token=a%2@b&=a%2@b&y", TOKEN_KEY),
            (Some("a%2@b"), "y".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=%61bc&y=1", TOKEN_KEY),
            (Some("abc"), "y=1".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=%2561bc", TOKEN_KEY),
            (Some("abc"), String::new())
        );
    }

    #[test]
    fn encoded_or_cased_token_keys_are_token_pairs() {
        assert_eq!(
            split_fragment("#%74oken=abc&x=1", TOKEN_KEY),
            (Some("abc"), "x=1".into())
        );
        assert_eq!(
            split_fragment("#%23token=abc", TOKEN_KEY),
            (Some("abc"), String::new())
        );
        assert_eq!(
            split_fragment("#TOKEN=abc&x=1", TOKEN_KEY),
            (Some("abc"), "x=1".into())
        );
    }

    #[test]
    fn a_token_spread_over_two_pairs_clears_the_rest() {
        assert_eq!(
            split_fragment("#token=a%26b&x=a&b", TOKEN_KEY),
            (Some("a%26b"), String::new())
        );
    }

    #[test]
    fn finds_the_token_among_other_pairs() {
        assert_eq!(
            split_fragment("#token=abc", TOKEN_KEY),
            (Some("abc"), String::new())
        );
        assert_eq!(
            split_fragment("#x=1&token=a%2Bb&y", TOKEN_KEY),
            (Some("a%2Bb"), "x=1&y".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=1", TOKEN_KEY),
            (Some("abc"), "x=1".into())
        );
    }

    #[test]
    fn a_bank_return_gives_its_code_and_consent() {
        let hash = "#consent=c-1&return=r%2Bc";
        assert_eq!(
            split_fragment(hash, RETURN_KEY),
            (Some("r%2Bc"), "consent=c-1".into())
        );
        assert_eq!(fragment_value(hash, CONSENT_KEY), Some("c-1"));
        assert_eq!(split_fragment(hash, TOKEN_KEY), (None, hash[1..].into()));
        assert_eq!(
            split_fragment("#RETURN=abc&x=%61bc", RETURN_KEY),
            (Some("abc"), String::new())
        );
    }

    #[test]
    fn no_token_leaves_the_fragment_alone() {
        assert_eq!(split_fragment("", TOKEN_KEY), (None, String::new()));
        assert_eq!(split_fragment("#x=1", TOKEN_KEY), (None, "x=1".into()));
        assert_eq!(
            split_fragment("#tokens=1", TOKEN_KEY),
            (None, "tokens=1".into())
        );
    }

    #[test]
    fn a_bare_or_empty_token_is_removed_but_empty() {
        assert_eq!(
            split_fragment("#token&x=1", TOKEN_KEY),
            (Some(""), "x=1".into())
        );
        assert_eq!(
            split_fragment("#token=", TOKEN_KEY),
            (Some(""), String::new())
        );
    }
}
