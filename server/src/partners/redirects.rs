//! Where a partner's sessions may send the browser back: under one of the URLs its allowlist
//! names, compared on the parsed URL.

use protocol::api::MAX_URL_LEN;
use url::Url;

use crate::AppError;

/// No open redirects: the URL must fall under an allowlisted URL, compared on the parsed URL so
/// that `https://partner.example.evil.test` cannot pass for `https://partner.example`.
pub fn check_redirect(allowlist: &[Url], candidate: &str) -> Result<(), AppError> {
    let refuse = || {
        AppError::invalid(
            "redirectUrl",
            "redirectUrl is not on this partner's allowlist",
        )
    };
    if candidate.len() > MAX_URL_LEN {
        return Err(refuse());
    }
    let url = Url::parse(candidate)
        .map_err(|_| AppError::invalid("redirectUrl", "redirectUrl must be an absolute URL"))?;
    if allowlist.iter().any(|entry| admits(entry, &url)) {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// The same origin, no credentials, and the entry's path as whole segments: `/onboarding` admits
/// itself and what is below it, never `/onboarding-evil`; `/onboarding/` what is below it. The
/// parser has already resolved dot segments (`..`, `%2e%2e`); a percent-encoded slash,
/// backslash or dot left in the path is refused, since the partner's server may decode it into
/// segments this comparison never saw.
fn admits(entry: &Url, url: &Url) -> bool {
    let path = url.path();
    let lowercase = path.to_ascii_lowercase();
    let encoded_separator = ["%2f", "%5c", "%2e"]
        .iter()
        .any(|encoded| lowercase.contains(encoded));
    let within = path.strip_prefix(entry.path()).is_some_and(|rest| {
        entry.path().ends_with('/') || rest.is_empty() || rest.starts_with('/')
    });
    url.origin() == entry.origin()
        && url.username().is_empty()
        && url.password().is_none()
        && !encoded_separator
        && within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_must_match_an_allowlisted_origin_and_path() {
        let allowlist = [Url::parse("https://partner.example/onboarding/").unwrap()];
        assert!(check_redirect(&allowlist, "https://partner.example/onboarding/done?x=1").is_ok());
        for bad in [
            "https://partner.example/elsewhere",
            "http://partner.example/onboarding/done",
            "https://partner.example.evil.test/onboarding/",
            "https://partner.example:444/onboarding/",
            "https://user:pw@partner.example/onboarding/",
            "/onboarding/relative",
            "javascript:alert(1)",
        ] {
            assert!(check_redirect(&allowlist, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_allowlisted_path_admits_whole_segments_only() {
        let exact = [Url::parse("https://p.example/onboarding").unwrap()];
        let below = [Url::parse("https://p.example/onboarding/").unwrap()];
        let root = [Url::parse("https://p.example/").unwrap()];
        let admitted =
            |allowlist: &[Url], candidate: &str| check_redirect(allowlist, candidate).is_ok();
        for good in [
            "https://p.example/onboarding",
            "https://p.example/onboarding/",
            "https://p.example/onboarding/x",
            "https://p.example/onboarding?step=2#done",
            "https://p.example/onboarding/x/../y",
        ] {
            assert!(admitted(&exact, good), "{good}");
        }
        for good in [
            "https://p.example/onboarding/",
            "https://p.example/onboarding/x/y",
        ] {
            assert!(admitted(&below, good), "{good}");
        }
        for bad in [
            "https://p.example/onboarding-evil",
            "https://p.example/onboardingx",
            "https://p.example/onboarding.evil/",
            "https://p.example/onboarding/../admin",
            "https://p.example/onboarding/%2e%2e/admin",
            "https://p.example/onboarding/%2E%2e/admin",
            "https://p.example/onboarding/.%2e/admin",
            "https://p.example/onboarding%2f..%2fadmin",
            "https://p.example/onboarding/%2F..%2Fadmin",
            "https://p.example/onboarding/..%5cadmin",
            "https://p.example/onboarding\\..\\admin",
        ] {
            assert!(!admitted(&exact, bad), "{bad}");
            assert!(!admitted(&below, bad), "{bad}");
        }
        assert!(!admitted(&below, "https://p.example/onboarding"));
        assert!(admitted(&root, "https://p.example/anything/below"));
        assert!(!admitted(&root, "https://p.example/a%2f..%2fb"));
    }
}
