//! Links out of the widget.

/// The partner's `redirectUrl` as a link target, if it is a web address. The server checks it
/// against the partner's allowlist; this guards the page against a `javascript:` URL all the
/// same, since an `href` is where such a string would run.
pub fn partner_href(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url.split_once(':')?.0;
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        .then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::partner_href;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            partner_href("https://partner.example/done").as_deref(),
            Some("https://partner.example/done")
        );
        assert_eq!(
            partner_href(" HTTP://localhost:3000/x ").as_deref(),
            Some("HTTP://localhost:3000/x")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "",
        ] {
            assert_eq!(partner_href(bad), None, "{bad}");
        }
    }
}
