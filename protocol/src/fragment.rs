//! The hosted link's URL fragment (`/#token=...&...`), where the session token travels: the
//! widget takes the token out and leaves the other pairs in the address bar.
//!
//! What is left must never hand the token on: the next load (or whoever the address is shared
//! with) reads the fragment again. So the rest holds no pair that any reader could take for a
//! token pair (a key of `token` however it is prefixed with `#`, percent-encoded or cased) and
//! no copy of a token's value, however it is percent-encoded.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

const TOKEN_PARAM: &str = "token";

/// Splits a fragment (`#token=abc&step=2`) into the still-encoded token, if any (the last token
/// pair's), and the other `&`-separated pairs, unchanged and in order, less any that holds a
/// copy of a token.
pub fn split_fragment(hash: &str) -> (Option<&str>, String) {
    let fragment = hash.trim_start_matches('#');
    let pairs: Vec<&str> = fragment
        .split('&')
        .filter(|pair| !pair.is_empty())
        .collect();
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

/// The value of a pair that names the token: its key, percent-decoded and without the leading
/// `#`s a fragment may repeat, is `token` in any case.
fn token_value(pair: &str) -> Option<&str> {
    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
    fully_decoded(key)
        .trim_start_matches('#')
        .eq_ignore_ascii_case(TOKEN_PARAM)
        .then_some(value)
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
            split_fragment("##token=o&token=o&"),
            (Some("o"), String::new())
        );
    }

    #[test]
    fn a_token_pair_after_a_hash_inside_the_fragment_is_removed() {
        // Found by the `embed` fuzz target: the second pair was kept as "#token=B" and read as
        // the token on the next load.
        assert_eq!(
            split_fragment("#token=A&#token=B"),
            (Some("B"), String::new())
        );
    }

    #[test]
    fn a_copy_of_the_token_under_another_key_is_removed() {
        // Found by the `embed` fuzz target: the token's value was kept under an empty key.
        assert_eq!(
            split_fragment("#token=a%2@b&=a%2@b&y"),
            (Some("a%2@b"), "y".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=%61bc&y=1"),
            (Some("abc"), "y=1".into())
        );
        assert_eq!(
            split_fragment("#token=abc&x=%2561bc"),
            (Some("abc"), String::new())
        );
    }

    #[test]
    fn encoded_or_cased_token_keys_are_token_pairs() {
        assert_eq!(
            split_fragment("#%74oken=abc&x=1"),
            (Some("abc"), "x=1".into())
        );
        assert_eq!(
            split_fragment("#%23token=abc"),
            (Some("abc"), String::new())
        );
        assert_eq!(
            split_fragment("#TOKEN=abc&x=1"),
            (Some("abc"), "x=1".into())
        );
    }

    #[test]
    fn a_token_spread_over_two_pairs_clears_the_rest() {
        assert_eq!(
            split_fragment("#token=a%26b&x=a&b"),
            (Some("a%26b"), String::new())
        );
    }

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
