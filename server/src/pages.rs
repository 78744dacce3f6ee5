//! The pages the server renders for an applicant itself (the widget renders its own), in the
//! applicant's language: its session's when the request leads to one, else the browser's, else
//! English. Each page is one template (`assets/`), its texts filled in and escaped by askama.

use askama::Template;
use axum::http::{header, HeaderMap};
use protocol::Language;

/// The first language of the browser's `Accept-Language` that Onboard speaks; one it refuses
/// (`q=0`) is not taken.
pub fn accepted_language(headers: &HeaderMap) -> Option<Language> {
    let accepted = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let ranked = accept_language::parse_with_quality(accepted);
    Language::negotiate(
        ranked
            .iter()
            .filter(|(_, quality)| *quality > 0.0)
            .map(|(tag, _)| tag.as_str()),
    )
}

/// Where the bank's return was refused (`routes::consent_callback`).
#[derive(Template)]
#[template(path = "bank-return-invalid.html")]
struct InvalidBankReturn {
    lang: &'static str,
    text: InvalidBankReturnText,
}

struct InvalidBankReturnText {
    title: &'static str,
    lead: &'static str,
    back: &'static str,
}

pub fn invalid_bank_return(language: Language) -> String {
    let text = match language {
        Language::En => InvalidBankReturnText {
            title: "This bank link is no longer valid",
            lead: "The link back from your bank was already used, has expired, or did not come \
                   from the bank you chose. Nothing was changed.",
            back: "Return to your onboarding and connect your bank again.",
        },
        Language::Sv => InvalidBankReturnText {
            title: "Den här banklänken gäller inte längre",
            lead: "Länken tillbaka från din bank har redan använts, har gått ut eller kom inte \
                   från banken du valde. Ingenting har ändrats.",
            back: "Gå tillbaka till din ansökan och anslut din bank igen.",
        },
        Language::Nb => InvalidBankReturnText {
            title: "Denne banklenken er ikke lenger gyldig",
            lead: "Lenken tilbake fra banken din er allerede brukt, har utløpt eller kom ikke \
                   fra banken du valgte. Ingenting er endret.",
            back: "Gå tilbake til søknaden din og koble til banken din på nytt.",
        },
        Language::De => InvalidBankReturnText {
            title: "Dieser Bank-Link ist nicht mehr gültig",
            lead: "Der Link, über den Sie von Ihrer Bank zurückgekommen sind, wurde bereits \
                   verwendet, ist abgelaufen oder stammt nicht von der Bank, die Sie gewählt \
                   haben. Es wurde nichts geändert.",
            back: "Kehren Sie zu Ihrem Antrag zurück und verbinden Sie Ihre Bank erneut.",
        },
    };
    InvalidBankReturn {
        lang: language.tag(),
        text,
    }
    .render()
    // Static texts into a `String`: nothing in the writing can fail.
    .expect("the page renders")
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn accepting(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn the_browsers_first_language_onboard_speaks_is_taken_by_quality() {
        let cases = [
            ("de-AT,de;q=0.9,en;q=0.8", Some(Language::De)),
            ("fr-FR, en;q=0.5, sv;q=0.7", Some(Language::Sv)),
            ("nn-NO", Some(Language::Nb)),
            ("sv;q=0, fr", None),
            ("*", None),
        ];
        for (header, expected) in cases {
            assert_eq!(accepted_language(&accepting(header)), expected, "{header}");
        }
        assert_eq!(accepted_language(&HeaderMap::new()), None);
    }

    #[test]
    fn each_language_fills_the_one_template_with_its_lang() {
        for language in Language::ALL {
            let page = invalid_bank_return(language);
            assert!(
                page.contains(&format!("<html lang=\"{}\">", language.tag())),
                "{page}"
            );
            assert!(!page.contains("{{"), "{page}");
        }
        assert!(
            invalid_bank_return(Language::Nb).contains("Denne banklenken er ikke lenger gyldig")
        );
    }
}
