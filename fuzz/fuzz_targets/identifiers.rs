//! Every validator of typed-in or provider-sent identifiers, over the same text: what one
//! accepts it writes in a form it accepts again unchanged, and nothing panics.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use protocol::country::SUPPORTED_MARKETS;
use protocol::date::Day;
use protocol::onboarding::organization::{organization_identifier, IdentifierType};
use protocol::onboarding::{fields, Problem};
use protocol::provider::issuer::mask_pan;
use protocol::{identity, ApplicationId, CountryCode, Money};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    text: &'a str,
    /// Picks the market, or a country outside them.
    market: u8,
    /// Years since 2000 for "this year", which two-digit personnummer years are read against.
    years_since_2000: u8,
    currency: &'a str,
    scaled: i64,
    scale: u8,
}

/// A normalized number is accepted again and normalizes to itself.
fn normalizes_to_a_fixed_point(
    parse: impl Fn(&str) -> Result<String, identity::IdError>,
    text: &str,
    digits: usize,
) {
    if let Ok(normal) = parse(text) {
        assert_eq!(normal.len(), digits, "{text:?} gave {normal:?}");
        assert!(normal.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(parse(&normal).as_ref(), Ok(&normal));
    }
}

fuzz_target!(|input: Input| {
    let Input {
        text,
        market,
        years_since_2000,
        currency,
        scaled,
        scale,
    } = input;
    let market = SUPPORTED_MARKETS
        .get(usize::from(market))
        .copied()
        .unwrap_or("US");

    if let Ok(id) = ApplicationId::parse(text) {
        assert_eq!(id.to_string(), text);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<ApplicationId>(&json).unwrap(), id);
    }
    if let Ok(code) = CountryCode::parse(text) {
        assert_eq!(code.as_str(), text);
        assert!(SUPPORTED_MARKETS.contains(&code.as_str()));
    }
    if let Some(day) = Day::parse(text) {
        assert_eq!(day.to_string(), text.trim());
        assert_eq!(Day::parse(&day.to_string()), Some(day));
    }

    let this_year = 2000 + u32::from(years_since_2000);
    if let Ok(number) = identity::swedish_personnummer(text, this_year) {
        assert_eq!(number.digits.len(), 12);
        assert_eq!(
            identity::swedish_personnummer(&number.digits, this_year),
            Ok(number.clone())
        );
    }
    normalizes_to_a_fixed_point(identity::swedish_organisationsnummer, text, 10);
    normalizes_to_a_fixed_point(identity::norwegian_fodselsnummer, text, 11);
    normalizes_to_a_fixed_point(identity::norwegian_organisasjonsnummer, text, 9);
    normalizes_to_a_fixed_point(identity::duns, text, 9);
    if let Ok(iban) = identity::iban(text) {
        assert!((15..=34).contains(&iban.len()));
        assert_eq!(identity::iban(&iban).as_ref(), Ok(&iban));
    }

    // E.164 is a fixed point, whatever the market: a number stored stays as it is.
    if let Ok(phone) = fields::normalize_phone(text, market) {
        for other in ["SE", "NO", "US"] {
            assert_eq!(fields::normalize_phone(&phone, other).as_ref(), Ok(&phone));
        }
    }
    // What a typed-in field takes shows all it holds: no control, zero-width or text-direction
    // character gets through, and a required value of nothing else is not filled in.
    let hidden = text.chars().any(fields::is_hidden);
    let visible = text
        .chars()
        .any(|c| !c.is_whitespace() && !fields::is_hidden(c));
    let required = [
        ("text", fields::text(text, 100)),
        ("email", fields::email(text)),
        ("phone", fields::phone(text, market)),
        ("postal code", fields::postal_code(text, market)),
        ("country", fields::country(text)),
        ("day", fields::day(text).map(drop)),
        (
            "organization number",
            organization_identifier(IdentifierType::OrganizationNumber, text, market).map(drop),
        ),
        (
            "DUNS",
            organization_identifier(IdentifierType::Duns, text, market).map(drop),
        ),
    ];
    for (field, checked) in required {
        assert_eq!(
            checked == Err(Problem::Required),
            !visible,
            "{field}: {text:?} gave {checked:?}"
        );
        if visible {
            assert_eq!(
                checked == Err(Problem::HiddenCharacter),
                hidden,
                "{field}: {text:?} gave {checked:?}"
            );
        }
    }
    let optional = fields::optional_text(text, 100);
    assert_eq!(
        optional == Err(Problem::HiddenCharacter),
        hidden,
        "{text:?}"
    );

    if let Ok(money) = Money::parse_decimal(text, currency) {
        assert_eq!(
            Money::parse_decimal(&money.to_decimal(), currency),
            Ok(money)
        );
    }
    if let Ok(money) = Money::from_scaled(scaled, scale, currency) {
        assert_eq!(
            Money::from_scaled(money.minor, money.exponent, currency).as_ref(),
            Ok(&money)
        );
    }

    let masked = mask_pan(text);
    let kept: Vec<char> = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    assert_eq!(masked.chars().count(), kept.len());
    assert!(
        masked.chars().filter(char::is_ascii_digit).count() <= 10,
        "{text:?} masked to {masked:?}"
    );
});
