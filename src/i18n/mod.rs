//! Every user-facing text, in one table per locale (`en`, `sv`, `nb`, `de`).
//!
//! The widget's own texts are a typed enum, so a text missing from a table is a compile error.
//! Status labels and error messages come from `protocol` as string keys (`label_key`,
//! `message_key`): those are looked up by key, and the tests check every key in every locale.

mod de;
mod en;
mod nb;
mod sv;
mod text;
mod translations;

use std::cell::Cell;
use std::fmt::Display;

use protocol::api::banking::ConsentStatus;
use protocol::api::onboarding::AddressKind;
use protocol::language::Language;
use protocol::onboarding::{DocumentType, Problem, SigningRule, Step};
use protocol::{ApplicationStatus, ErrorCode};

pub use text::Text;
use translations::Texts;
pub use translations::{load, t_live, track_texts};

/// The languages the widget speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Sv,
    Nb,
    De,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Self::En, Self::Sv, Self::Nb, Self::De];

    /// The BCP 47 tag, for the `lang` attribute and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Sv => "sv",
            Self::Nb => "nb",
            Self::De => "de",
        }
    }

    /// The first of `candidates` (language tags such as "sv-SE" or "de") that the widget speaks,
    /// by the rule the server's pages follow too ([`Language::negotiate`]).
    pub fn negotiate<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
        Language::negotiate(candidates).map(|language| match language {
            Language::En => Self::En,
            Language::Sv => Self::Sv,
            Language::Nb => Self::Nb,
            Language::De => Self::De,
        })
    }

    /// The text in this language once its texts are here (see [`load`]), in English until then
    /// (once English's are here).
    pub fn text(self, text: Text) -> &'static str {
        (Texts::of(self).text)(text)
    }

    /// A text by the string keys `protocol` hands out.
    pub fn by_key(self, key: &str) -> Option<&'static str> {
        self.keyed_texts()
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, text)| *text)
    }

    fn keyed_texts(self) -> &'static [(&'static str, &'static str)] {
        Texts::of(self).keys
    }
}

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
    /// Whether the embedding page chose the locale: then it outranks the session's.
    static EXPLICIT: Cell<bool> = const { Cell::new(false) };
}

/// The locale in use.
pub fn locale() -> Locale {
    CURRENT.get()
}

pub fn set_locale(locale: Locale) {
    CURRENT.set(locale);
    translations::changed();
}

/// Picks the locale at start: the embedding page's `explicit` tag if the widget speaks it, else
/// the browser's preferred languages, else English. Returns the locale chosen.
pub fn init(explicit: Option<&str>) -> Locale {
    let browser = browser_languages();
    choose_at_start(explicit, browser.iter().map(String::as_str))
}

/// Whether the embedding page chose the locale: then the session cannot change it.
pub fn chosen_by_page() -> bool {
    EXPLICIT.get()
}

/// Applies the locale the partner set on the session, unless the embedding page chose one.
/// Returns the locale now in use.
pub fn adopt_session_locale(session_locale: Option<&str>) -> Locale {
    let from_session = session_locale.and_then(|tag| Locale::negotiate([tag]));
    if let (false, Some(chosen)) = (EXPLICIT.get(), from_session) {
        set_locale(chosen);
    }
    locale()
}

fn choose_at_start<'a>(
    explicit: Option<&str>,
    browser: impl IntoIterator<Item = &'a str>,
) -> Locale {
    let explicit = explicit.and_then(|tag| Locale::negotiate([tag]));
    EXPLICIT.set(explicit.is_some());
    let chosen = explicit
        .or_else(|| Locale::negotiate(browser))
        .unwrap_or_default();
    set_locale(chosen);
    chosen
}

/// `navigator.languages`, most preferred first.
fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|window| {
            window
                .navigator()
                .languages()
                .iter()
                .filter_map(|tag| tag.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Screen readers and hyphenation read `<html lang>`; the page's own may say otherwise. The
/// widget's `<main>` is set too, for when the session changes the locale after it rendered.
pub fn set_document_lang(locale: Locale) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    for root in [
        document.document_element(),
        document.get_element_by_id("onboard"),
    ]
    .into_iter()
    .flatten()
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

pub fn t(text: Text) -> &'static str {
    locale().text(text)
}

/// A text with its `{name}` placeholders filled in: each language puts the values where its own
/// word order needs them.
pub fn t_with(text: Text, values: &[(&str, &dyn Display)]) -> String {
    values
        .iter()
        .fold(t(text).to_owned(), |filled, (name, value)| {
            filled.replace(&format!("{{{name}}}"), &value.to_string())
        })
}

pub fn status_label(status: ApplicationStatus) -> &'static str {
    // A missing key is caught by the tests; the wire name beats a blank label.
    locale()
        .by_key(status.label_key())
        .unwrap_or(status.as_str())
}

/// A bank's balance type in words; an unknown type shows as the bank named it.
pub fn balance_label(kind: &str) -> String {
    locale()
        .by_key(&format!("balance.{kind}"))
        .map_or_else(|| kind.to_owned(), str::to_owned)
}

pub fn consent_label(status: ConsentStatus) -> &'static str {
    locale().by_key(status.label_key()).unwrap_or("")
}

pub fn error_message(code: ErrorCode) -> &'static str {
    locale()
        .by_key(code.message_key())
        .or_else(|| locale().by_key(ErrorCode::Internal.message_key()))
        .unwrap_or("")
}

/// A field's problem in words. Every problem has its words in every locale (the tests check),
/// so the server's English for it need not be in the wasm.
pub fn field_message(problem: Problem) -> &'static str {
    locale().by_key(problem.key()).unwrap_or("")
}

pub fn step_title(step: Step) -> &'static str {
    t(match step {
        Step::PersonalDetails => Text::StepPersonalDetails,
        Step::ContactDetails => Text::StepContactDetails,
        Step::Address => Text::StepAddress,
        Step::TaxResidence => Text::StepTaxResidence,
        Step::IdentityDocument => Text::StepIdentityDocument,
        Step::Organization => Text::StepOrganization,
        Step::Signing => Text::StepSigning,
        Step::OrganizationContact => Text::StepOrganizationContact,
        Step::BankConnection => Text::StepBankConnection,
        Step::Review => Text::StepReview,
    })
}

pub fn document_type_label(kind: DocumentType) -> &'static str {
    t(match kind {
        DocumentType::Passport => Text::DocPassport,
        DocumentType::NationalIdCard => Text::DocNationalIdCard,
        DocumentType::DrivingLicence => Text::DocDrivingLicence,
    })
}

/// An account's product in words, where the bank names one of the common kinds; any other
/// as the bank names it, its own product name.
pub fn product_label(product: &str) -> String {
    locale()
        .by_key(&format!("product.{product}"))
        .map_or_else(|| product.to_owned(), str::to_owned)
}

/// The identity number field's hint in a market, with an example of the number there.
pub fn identity_number_hint(country: &str) -> Text {
    match country {
        "SE" => Text::PersonnummerHint,
        "NO" => Text::FodselsnummerHint,
        "DK" => Text::CprHint,
        "FI" => Text::HenkilotunnusHint,
        "DE" => Text::PersonalausweisHint,
        "NL" => Text::BsnHint,
        // Outside the markets: no example to give.
        _ => Text::IdentityNumberHint,
    }
}

/// A signing rule in Onboard's words, in the language in use.
pub fn signing_rule_label(rule: SigningRule) -> String {
    match rule {
        SigningRule::WholeBoard => t(Text::SigningRuleWholeBoard).to_owned(),
        SigningRule::BoardMembers { count } => {
            t_with(Text::SigningRuleBoardMembers, &[("count", &count)])
        }
        SigningRule::ChiefExecutive => t(Text::SigningRuleChiefExecutive).to_owned(),
        SigningRule::Alone => t(Text::SigningRuleAlone).to_owned(),
        SigningRule::Jointly { count } => t_with(Text::SigningRuleJointly, &[("count", &count)]),
    }
}

/// A register's role code in words (an official role, or why a beneficial owner counts).
pub fn role_label(code: &str) -> String {
    register_code_label("role", code)
}

/// Several of a person's role codes in words, in the register's order.
pub fn roles_label(codes: &[String]) -> String {
    codes
        .iter()
        .map(|code| role_label(code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An organization's status in the register (`ACTIVE`, `LIQUIDATION`, ...) in words.
pub fn organization_status_label(code: &str) -> String {
    register_code_label("orgStatus", code)
}

pub fn address_kind_label(kind: AddressKind) -> &'static str {
    t(match kind {
        AddressKind::Visiting => Text::AddressVisiting,
        AddressKind::Postal => Text::AddressPostal,
        AddressKind::Registered => Text::AddressRegistered,
    })
}

/// The words for a register's code under `prefix`; a code the widget has none for is still
/// shown as words, never as a code: `UNDER_RECONSTRUCTION` reads "Under reconstruction".
fn register_code_label(prefix: &str, code: &str) -> String {
    if let Some(label) = locale().by_key(&format!("{prefix}.{code}")) {
        return label.to_owned();
    }
    let words = code.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

// Native only: they fetch the translations, and the wasm tests' module is not split, so it has
// nothing to fetch them from.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
