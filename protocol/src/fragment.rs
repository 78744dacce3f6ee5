//! The hosted link's URL fragment (`/#token=...&...`), where the session token travels: the
//! widget takes the token out and leaves the other pairs in the address bar.

const TOKEN_PARAM: &str = "token";

/// Splits a fragment (`#token=abc&step=2`) into the still-encoded token, if any, and the other
/// `&`-separated pairs, unchanged and in order.
pub fn split_fragment(hash: &str) -> (Option<&str>, String) {
    // Every leading '#': in "##token=…" the token pair would otherwise be kept as "#token=…"
    // and written back to the address bar.
    let fragment = hash.trim_start_matches('#');
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
