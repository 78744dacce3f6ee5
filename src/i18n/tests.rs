use std::collections::BTreeSet;

use futures::FutureExt;

use super::*;

const TRANSLATIONS: [Locale; 3] = [Locale::Sv, Locale::Nb, Locale::De];

/// Texts a translation may share with English because the word is the same there.
const SAME_AS_ENGLISH: &[Text] = &[Text::StatusCaption, Text::ResultsPerson];

/// Every key `protocol` can hand the widget, plus the bank and register codes the widget names.
fn protocol_keys() -> Vec<&'static str> {
    let statuses = ApplicationStatus::ALL.map(ApplicationStatus::label_key);
    let consents = ConsentStatus::ALL.map(ConsentStatus::label_key);
    let errors = ErrorCode::ALL.map(ErrorCode::message_key);
    let problems = Problem::ALL.map(Problem::key);
    let balances = ["balance.ClosingBooked", "balance.InterimAvailable"];
    let roles = [
        "role.CEO",
        "role.CHAIRMAN",
        "role.DEPUTY_CHAIRMAN",
        "role.BOARD_MEMBER",
        "role.DEPUTY_BOARD_MEMBER",
        "role.PROPRIETOR",
        "role.CONTACT_PERSON",
        "role.COMPANY_SECRETARY",
        "role.DIRECT_OWNERSHIP",
        "role.INDIRECT_OWNERSHIP",
        "role.CONTROL",
    ];
    let organization_statuses = [
        "orgStatus.ACTIVE",
        "orgStatus.LIQUIDATION",
        "orgStatus.BANKRUPTCY",
        "orgStatus.DEREGISTERED",
    ];
    [
        &statuses[..],
        &consents,
        &errors,
        &problems,
        &balances,
        &roles,
        &organization_statuses,
    ]
    .concat()
}

/// Every translation fetched: on the host, a split point is a plain call, so this is at once.
fn load_translations() {
    for locale in Locale::ALL {
        load(locale)
            .now_or_never()
            .expect("split points are plain calls off wasm");
    }
}

fn keys_of(locale: Locale) -> BTreeSet<&'static str> {
    locale.keyed_texts().iter().map(|(key, _)| *key).collect()
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn every_protocol_key_is_translated_in_every_locale() {
    load_translations();
    for locale in Locale::ALL {
        for key in protocol_keys() {
            assert!(
                locale.by_key(key).is_some(),
                "{locale:?} has no text for {key}"
            );
        }
    }
}

#[test]
fn every_locale_has_exactly_the_english_keys() {
    load_translations();
    let english = keys_of(Locale::En);
    assert_eq!(
        english.len(),
        Locale::En.keyed_texts().len(),
        "a key is listed twice in English"
    );
    for locale in TRANSLATIONS {
        let keys = keys_of(locale);
        assert_eq!(
            keys.len(),
            locale.keyed_texts().len(),
            "a key is listed twice in {locale:?}"
        );
        let missing: Vec<_> = english.difference(&keys).collect();
        assert!(missing.is_empty(), "{locale:?} has no text for {missing:?}");
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(
            extra.is_empty(),
            "{locale:?} has {extra:?}, which English does not"
        );
    }
}

#[test]
fn no_text_is_empty() {
    load_translations();
    for locale in Locale::ALL {
        for &text in Text::ALL {
            assert!(
                !locale.text(text).trim().is_empty(),
                "{locale:?} {text:?} is empty"
            );
        }
        for (key, text) in locale.keyed_texts() {
            assert!(!text.trim().is_empty(), "{locale:?} {key} is empty");
        }
    }
}

#[test]
fn translations_are_not_left_in_english() {
    load_translations();
    for locale in TRANSLATIONS {
        for &text in Text::ALL {
            let same = locale.text(text) == Locale::En.text(text);
            assert!(
                !same || SAME_AS_ENGLISH.contains(&text),
                "{locale:?} {text:?} is still English"
            );
        }
        for (key, english) in Locale::En.keyed_texts() {
            assert_ne!(
                locale.by_key(key),
                Some(*english),
                "{locale:?} {key} is still English"
            );
        }
    }
}

#[test]
fn every_locale_fills_the_same_placeholders() {
    load_translations();
    for locale in TRANSLATIONS {
        for &text in Text::ALL {
            let expected = placeholders(Locale::En.text(text));
            assert_eq!(
                placeholders(locale.text(text)),
                expected,
                "{locale:?} {text:?}"
            );
        }
    }
}

#[test]
fn placeholders_take_the_values_in_each_languages_order() {
    load_translations();
    set_locale(Locale::De);
    assert_eq!(
        t_with(Text::StepOfCount, &[("current", &2), ("count", &5)]),
        "Schritt 2 von 5"
    );
    set_locale(Locale::En);
    assert_eq!(
        t_with(Text::StepOfCount, &[("current", &2), ("count", &5)]),
        "Step 2 of 5"
    );
}

#[test]
fn negotiation_ignores_case_and_region_and_falls_through_unknown_tags() {
    assert_eq!(Locale::negotiate(["sv-SE"]), Some(Locale::Sv));
    assert_eq!(Locale::negotiate(["sv-FI"]), Some(Locale::Sv));
    assert_eq!(Locale::negotiate(["DE-at"]), Some(Locale::De));
    assert_eq!(Locale::negotiate(["en_GB"]), Some(Locale::En));
    assert_eq!(
        Locale::negotiate(["fr-FR", "", "nb-NO", "de"]),
        Some(Locale::Nb)
    );
    assert_eq!(Locale::negotiate(["fr", "es"]), None);
    assert_eq!(Locale::negotiate([]), None);
}

#[test]
fn every_norwegian_tag_gets_bokmal() {
    for tag in ["no", "nb", "nn", "nb-NO", "no-NO", "nn-NO"] {
        assert_eq!(Locale::negotiate([tag]), Some(Locale::Nb), "{tag}");
    }
}

#[test]
fn tags_are_bcp_47_and_negotiate_back_to_their_locale() {
    for locale in Locale::ALL {
        assert_eq!(Locale::negotiate([locale.tag()]), Some(locale));
    }
}

#[test]
fn the_embedding_pages_locale_outranks_the_sessions() {
    assert_eq!(choose_at_start(Some("de-AT"), ["sv-SE"]), Locale::De);
    assert_eq!(adopt_session_locale(Some("nb")), Locale::De);
}

#[test]
fn the_sessions_locale_outranks_the_browsers() {
    assert_eq!(choose_at_start(None, ["sv-SE", "en"]), Locale::Sv);
    assert_eq!(adopt_session_locale(Some("nb-NO")), Locale::Nb);
    assert_eq!(
        adopt_session_locale(Some("fr")),
        Locale::Nb,
        "an unknown tag changes nothing"
    );
    assert_eq!(adopt_session_locale(None), Locale::Nb);
}

#[test]
fn an_unknown_explicit_locale_leaves_the_choice_to_the_session_and_the_browser() {
    assert_eq!(choose_at_start(Some("fr"), ["de"]), Locale::De);
    assert_eq!(adopt_session_locale(Some("sv")), Locale::Sv);
    assert_eq!(choose_at_start(None, ["fr", "es"]), Locale::En);
}

#[test]
fn unknown_keys_are_not_invented() {
    assert_eq!(Locale::En.by_key("status.nope"), None);
}

#[test]
fn a_register_code_is_shown_in_words_known_or_not() {
    load_translations();
    set_locale(Locale::Sv);
    assert_eq!(organization_status_label("ACTIVE"), "Aktivt");
    assert_eq!(role_label("DIRECT_OWNERSHIP"), "Direkt ägare");
    set_locale(Locale::En);
    assert_eq!(
        organization_status_label("UNDER_RECONSTRUCTION"),
        "Under reconstruction"
    );
    assert_eq!(role_label("AUDITOR"), "Auditor");
}

#[test]
fn every_error_code_has_a_message() {
    for code in ErrorCode::ALL {
        assert!(!error_message(code).is_empty(), "{code:?}");
    }
}

#[test]
fn every_market_has_an_identity_number_example_in_every_locale() {
    load_translations();
    for market in protocol::country::SUPPORTED_MARKETS {
        let hint = identity_number_hint(market);
        for locale in Locale::ALL {
            let text = locale.text(hint);
            assert!(
                text.chars().filter(char::is_ascii_digit).count() >= 6,
                "{locale:?} {market}: no example in {text}"
            );
        }
    }
}
