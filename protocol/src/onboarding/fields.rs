//! Field-level checks shared by every step, and the problems they report.
//!
//! A problem is a stable key (`field.required`, ...) that the widget translates; the server
//! sends the same key's English text. Both run the same checks: the browser for instant
//! feedback, the server because the browser is never trusted.

use crate::date::{DateParts, Day};

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    HiddenCharacter,
    Email,
    Phone,
    Date,
    DateIncomplete,
    DateYear,
    DateInFuture,
    Underage,
    IdFormat,
    IdDate,
    IdChecksum,
    IdBirthDateMismatch,
    PostalCode,
    Country,
    TaxNumber,
    DuplicateCountry,
    TooMany,
    DocumentNumber,
    DocumentExpired,
    ExpiryBeforeIssue,
    ScanRequired,
    OrganizationNumber,
    Duns,
    ConfirmRequired,
    SigningCombination,
}

impl Problem {
    pub const ALL: [Problem; 27] = [
        Self::Required,
        Self::TooLong,
        Self::HiddenCharacter,
        Self::Email,
        Self::Phone,
        Self::Date,
        Self::DateIncomplete,
        Self::DateYear,
        Self::DateInFuture,
        Self::Underage,
        Self::IdFormat,
        Self::IdDate,
        Self::IdChecksum,
        Self::IdBirthDateMismatch,
        Self::PostalCode,
        Self::Country,
        Self::TaxNumber,
        Self::DuplicateCountry,
        Self::TooMany,
        Self::DocumentNumber,
        Self::DocumentExpired,
        Self::ExpiryBeforeIssue,
        Self::ScanRequired,
        Self::OrganizationNumber,
        Self::Duns,
        Self::ConfirmRequired,
        Self::SigningCombination,
    ];

    /// The translation key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Required => "field.required",
            Self::TooLong => "field.tooLong",
            Self::HiddenCharacter => "field.hiddenCharacter",
            Self::Email => "field.email",
            Self::Phone => "field.phone",
            Self::Date => "field.date",
            Self::DateIncomplete => "field.dateIncomplete",
            Self::DateYear => "field.dateYear",
            Self::DateInFuture => "field.dateInFuture",
            Self::Underage => "field.underage",
            Self::IdFormat => "field.idFormat",
            Self::IdDate => "field.idDate",
            Self::IdChecksum => "field.idChecksum",
            Self::IdBirthDateMismatch => "field.idBirthDateMismatch",
            Self::PostalCode => "field.postalCode",
            Self::Country => "field.country",
            Self::TaxNumber => "field.taxNumber",
            Self::DuplicateCountry => "field.duplicateCountry",
            Self::TooMany => "field.tooMany",
            Self::DocumentNumber => "field.documentNumber",
            Self::DocumentExpired => "field.documentExpired",
            Self::ExpiryBeforeIssue => "field.expiryBeforeIssue",
            Self::ScanRequired => "field.scanRequired",
            Self::OrganizationNumber => "field.organizationNumber",
            Self::Duns => "field.duns",
            Self::ConfirmRequired => "field.confirmRequired",
            Self::SigningCombination => "field.signingCombination",
        }
    }

    /// English, for the server's error messages and logs.
    pub fn english(self) -> &'static str {
        match self {
            Self::Required => "is required",
            Self::TooLong => "is too long",
            Self::HiddenCharacter => {
                "holds a hidden character (a control, zero-width or text-direction character)"
            }
            Self::Email => "is not an email address",
            Self::Phone => {
                "must be a phone number as written in the session's country, or with its country code (+46701234567)"
            }
            Self::Date => "must be a real date, written YYYY-MM-DD",
            Self::DateIncomplete => "is missing its day, month or year",
            Self::DateYear => "must have a year of four digits",
            Self::DateInFuture => "cannot be in the future",
            Self::Underage => "must be at least 18 years ago",
            Self::IdFormat => "has the wrong length or characters",
            Self::IdDate => "does not hold a real date",
            Self::IdChecksum => "has a wrong check digit",
            Self::IdBirthDateMismatch => "does not match the date of birth",
            Self::PostalCode => "is not a postal code of that country",
            Self::Country => "must be a country code such as SE",
            Self::TaxNumber => "is not a tax number of that country",
            Self::DuplicateCountry => "lists a country twice",
            Self::TooMany => "has too many entries",
            Self::DocumentNumber => "must be 5 to 20 letters or digits",
            Self::DocumentExpired => "the document has expired",
            Self::ExpiryBeforeIssue => "must be after the issue date",
            Self::ScanRequired => "a scan of the document is required",
            Self::OrganizationNumber => "is not an organization number of the session's country",
            Self::Duns => "is not a D-U-N-S number (nine digits)",
            Self::ConfirmRequired => "must be confirmed",
            Self::SigningCombination => "is not one of the organization's signing combinations",
        }
    }
}

impl From<crate::identity::IdError> for Problem {
    fn from(error: crate::identity::IdError) -> Self {
        match error {
            crate::identity::IdError::Format => Self::IdFormat,
            crate::identity::IdError::Date => Self::IdDate,
            crate::identity::IdError::Checksum => Self::IdChecksum,
        }
    }
}

/// A problem with a named field (the wire name, such as `dateOfBirth`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// Collects problems while a step checks its fields.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn check(&mut self, field: impl Into<String>, result: Result<(), Problem>) {
        if let Err(problem) = result {
            self.0.push(FieldError {
                field: field.into(),
                problem,
            });
        }
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Characters no typed-in field may hold, though a browser shows them as nothing or uses them
/// to reorder what it shows: a name of one zero-width space would pass for filled in, and
/// `U+202E` makes `gpj.exe` read as `exe.jpg`. These are the controls (C0, DEL, C1: no field
/// takes a line break or a tab), the format characters (general category Cf: zero-width
/// spaces and joiners, the bidirectional marks, embeddings, overrides and isolates, the byte
/// order mark, tag characters, ...), the line and paragraph separators, and every
/// default-ignorable code point (Hangul fillers, variation selectors, ...). The ranges are
/// Unicode 15.1's, and take in the reserved code points that Unicode keeps default-ignorable,
/// so a character assigned there later is refused as well.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x034F
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

/// The value without its surrounding white space, once it shows something and hides nothing:
/// only white space and hidden characters is `Required` (nothing was typed that anyone can
/// see), a hidden character anywhere else is `HiddenCharacter`.
pub fn filled(value: &str) -> Result<&str, Problem> {
    if value.chars().all(|c| c.is_whitespace() || is_hidden(c)) {
        Err(Problem::Required)
    } else if value.chars().any(is_hidden) {
        Err(Problem::HiddenCharacter)
    } else {
        Ok(value.trim())
    }
}

/// Filled in, at most `max` characters.
pub fn text(value: &str, max: usize) -> Result<(), Problem> {
    if filled(value)?.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// Blank is fine; otherwise at most `max` characters, none of them hidden.
pub fn optional_text(value: &str, max: usize) -> Result<(), Problem> {
    if value.chars().any(is_hidden) {
        Err(Problem::HiddenCharacter)
    } else if value.trim().chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// A plausible address: one `@`, a dotted domain, no spaces. Deliverability is the mail
/// server's business.
pub fn email(value: &str) -> Result<(), Problem> {
    let value = filled(value)?;
    let Some((local, domain)) = value.split_once('@') else {
        return Err(Problem::Email);
    };
    let labels_ok = domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    let ok = value.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !value.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && labels_ok;
    if ok {
        Ok(())
    } else {
        Err(Problem::Email)
    }
}

/// A market's country calling code, and whether its national numbers start with a trunk `0`
/// (`070-123 45 67` in Sweden) or not (`912 34 567` in Norway).
fn calling_code(market: &str) -> Option<(&'static str, bool)> {
    Some(match market {
        "SE" => ("46", true),
        "FI" => ("358", true),
        "DE" => ("49", true),
        "NL" => ("31", true),
        "NO" => ("47", false),
        "DK" => ("45", false),
        _ => return None,
    })
}

/// A mobile number as people write it at home in `market`, for a hint; with the country code
/// where the market is not one of these.
pub fn phone_example(market: &str) -> &'static str {
    match market {
        "SE" => "070-123 45 67",
        "NO" => "912 34 567",
        "DK" => "20 12 34 56",
        "FI" => "040 123 4567",
        "DE" => "0151 23456789",
        "NL" => "06 12345678",
        _ => "+46 70 123 45 67",
    }
}

/// E.164, what is stored, once the spaces and dashes people type are removed: `+`, a non-zero
/// digit, at most 15 digits in all, and enough for a real subscriber number. A number written
/// as at home in the session's market (`market`), or with `00` for `+`, gets its country code.
pub fn normalize_phone(value: &str, market: &str) -> Result<String, Problem> {
    let compact: String = filled(value)?
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let international = if compact.starts_with('+') {
        compact
    } else if let Some(rest) = compact.strip_prefix("00") {
        format!("+{rest}")
    } else {
        let (code, trunk) = calling_code(market).ok_or(Problem::Phone)?;
        let national = match trunk {
            true => compact.strip_prefix('0').ok_or(Problem::Phone)?,
            false if compact.starts_with('0') => return Err(Problem::Phone),
            false => &compact,
        };
        format!("+{code}{national}")
    };
    let digits = &international[1..];
    let ok = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(international)
    } else {
        Err(Problem::Phone)
    }
}

pub fn phone(value: &str, market: &str) -> Result<(), Problem> {
    normalize_phone(value, market).map(drop)
}

/// A day as [`DateParts`] sends it: which part is missing or wrong, before whether it is real.
pub fn day(value: &str) -> Result<Day, Problem> {
    let value = filled(value)?;
    let parts = DateParts::from_wire(value);
    if value.matches('-').count() != 2 {
        Err(Problem::Date)
    } else if [&parts.day, &parts.month, &parts.year]
        .iter()
        .any(|part| part.is_empty())
    {
        Err(Problem::DateIncomplete)
    } else if parts.year.len() != 4 {
        Err(Problem::DateYear)
    } else {
        Day::parse(value).ok_or(Problem::Date)
    }
}

/// Two upper-case letters (ISO 3166-1 alpha-2). Any country, not only the markets served:
/// people live and pay tax everywhere.
pub fn country(value: &str) -> Result<(), Problem> {
    match filled(value)? {
        v if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) => Ok(()),
        _ => Err(Problem::Country),
    }
}

/// Postal codes of the markets served; elsewhere 2–10 letters, digits, spaces or dashes.
pub fn postal_code(value: &str, country: &str) -> Result<(), Problem> {
    let value = filled(value)?;
    let digits: String = value.chars().filter(|c| *c != ' ').collect();
    let all_digits = |n: usize| digits.len() == n && digits.bytes().all(|b| b.is_ascii_digit());
    let ok = match country {
        "SE" | "FI" | "DE" => all_digits(5),
        "NO" | "DK" => all_digits(4),
        // Four digits, not starting with 0, and two letters. Checked as bytes: splitting the
        // text at 4 would cut a multi-byte character in two.
        "NL" => match digits.as_bytes() {
            [first, number @ .., letter, other_letter] if number.len() == 3 => {
                (b'1'..=b'9').contains(first)
                    && number.iter().all(u8::is_ascii_digit)
                    && letter.is_ascii_alphabetic()
                    && other_letter.is_ascii_alphabetic()
            }
            _ => false,
        },
        _ => {
            (2..=10).contains(&value.len())
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Problem::PostalCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "lois.lane@dailyplanet.com",
            "a+b@x.co",
            " kent@metropolis.example ",
        ] {
            assert_eq!(email(good), Ok(()), "{good}");
        }
        assert_eq!(email(""), Err(Problem::Required));
        for bad in [
            "lois",
            "lois@",
            "@x.com",
            "lois@localhost",
            "lo is@x.com",
            "a@b@c.com",
            "a@-x.com",
            "a@x..com",
        ] {
            assert_eq!(email(bad), Err(Problem::Email), "{bad}");
        }
    }

    #[test]
    fn phones_are_e164_also_when_written_as_at_home() {
        let e164 = |value, market| normalize_phone(value, market);
        assert_eq!(
            e164("+46 70-123 45 67", "NO").as_deref(),
            Ok("+46701234567")
        );
        assert_eq!(e164("+4791234567", "SE").as_deref(), Ok("+4791234567"));
        assert_eq!(e164("070-123 45 67", "SE").as_deref(), Ok("+46701234567"));
        assert_eq!(
            e164("0046 70 123 45 67", "DE").as_deref(),
            Ok("+46701234567")
        );
        assert_eq!(e164("912 34 567", "NO").as_deref(), Ok("+4791234567"));
        assert_eq!(e164("0151 23456789", "DE").as_deref(), Ok("+4915123456789"));
        assert_eq!(e164("040 123 4567", "FI").as_deref(), Ok("+358401234567"));
        assert_eq!(phone("", "SE"), Err(Problem::Required));
        // Every market's example is a number of that market.
        for market in ["SE", "NO", "DK", "FI", "DE", "NL", "US"] {
            assert_eq!(phone(phone_example(market), market), Ok(()), "{market}");
        }
        for (bad, market) in [
            // A market whose numbers have no trunk 0, or that this knows no code of.
            ("0701234567", "NO"),
            ("0701234567", "US"),
            ("701234567", "SE"),
            ("+0701234567", "SE"),
            ("+46 70 12", "SE"),
            ("+4670123456789012", "SE"),
            ("+46abc12345", "SE"),
            ("00", "SE"),
            ("+", "SE"),
        ] {
            assert_eq!(phone(bad, market), Err(Problem::Phone), "{bad} in {market}");
        }
    }

    #[test]
    fn dates_say_which_part_is_wrong() {
        assert_eq!(
            day("1990-01-31").map(|d| d.to_string()),
            Ok("1990-01-31".into())
        );
        assert_eq!(day(""), Err(Problem::Required));
        assert_eq!(day("1990--31"), Err(Problem::DateIncomplete));
        assert_eq!(day("-01-31"), Err(Problem::DateIncomplete));
        assert_eq!(day("90-01-31"), Err(Problem::DateYear));
        assert_eq!(day("1990-02-30"), Err(Problem::Date));
        assert_eq!(day("1990-13-01"), Err(Problem::Date));
        assert_eq!(day("31/01/1990"), Err(Problem::Date));
    }

    #[test]
    fn postal_codes_per_country() {
        assert_eq!(postal_code("111 45", "SE"), Ok(()));
        assert_eq!(postal_code("0150", "NO"), Ok(()));
        assert_eq!(postal_code("1012 AB", "NL"), Ok(()));
        assert_eq!(postal_code("10115", "DE"), Ok(()));
        assert_eq!(postal_code("SW1A 1AA", "GB"), Ok(()));
        assert_eq!(postal_code("1114", "SE"), Err(Problem::PostalCode));
        assert_eq!(postal_code("01500", "NO"), Err(Problem::PostalCode));
        assert_eq!(postal_code("0123 AB", "NL"), Err(Problem::PostalCode));
        // Found by fuzzing: a multi-byte character across the fourth byte used to panic.
        for bad in ["123é", "123éAB", "1234ÅB", "1234 A", "12345AB"] {
            assert_eq!(postal_code(bad, "NL"), Err(Problem::PostalCode), "{bad}");
        }
        assert_eq!(postal_code(" ", "SE"), Err(Problem::Required));
    }

    #[test]
    fn text_lengths_and_countries() {
        assert_eq!(text("  ", 10), Err(Problem::Required));
        assert_eq!(text("Åsa", 3), Ok(()));
        assert_eq!(text("Åsaa", 3), Err(Problem::TooLong));
        assert_eq!(country("SE"), Ok(()));
        assert_eq!(country("se"), Err(Problem::Country));
        assert_eq!(country("SWE"), Err(Problem::Country));
    }

    /// One of each kind of hidden character, from the C0 controls to the tag characters.
    const HIDDEN: [char; 22] = [
        '\u{0}',
        '\t',
        '\n',
        '\u{7F}',
        '\u{85}',
        '\u{9F}',
        '\u{AD}',
        '\u{61C}',
        '\u{180E}',
        '\u{200B}',
        '\u{200D}',
        '\u{200F}',
        '\u{2028}',
        '\u{202E}',
        '\u{2060}',
        '\u{2066}',
        '\u{2069}',
        '\u{3164}',
        '\u{FE0F}',
        '\u{FEFF}',
        '\u{E0041}',
        '\u{E01EF}',
    ];

    #[test]
    fn hidden_characters_are_known_by_their_ranges() {
        for c in HIDDEN {
            assert!(is_hidden(c), "{:04X}", u32::from(c));
        }
        // Reserved today, default-ignorable whatever is assigned there.
        for reserved in ['\u{2065}', '\u{FFF0}', '\u{E0000}', '\u{E0FFF}'] {
            assert!(is_hidden(reserved), "{:04X}", u32::from(reserved));
        }
        // Letters, marks and spaces people type, the neighbours of the ranges included.
        for shown in [
            'a',
            'Å',
            'ß',
            'é',
            '\u{301}',
            ' ',
            '\u{A0}',
            '\u{2007}',
            '\u{200A}',
            '\u{2010}',
            '\u{2027}',
            '\u{202F}',
            '\u{205F}',
            '\u{2070}',
            '\u{3000}',
            '\u{FE10}',
            '\u{FFFC}',
            '\u{FFFD}',
            '你',
            '😀',
            '\u{E1000}',
        ] {
            assert!(!is_hidden(shown), "{:04X}", u32::from(shown));
        }
    }

    #[test]
    fn only_hidden_characters_is_not_filled_in_and_one_among_others_is_refused() {
        for c in HIDDEN {
            let alone = c.to_string();
            let spaced = format!(" {c} ");
            let inside = format!("Lo{c}is");
            let after = format!("Lois{c}");
            assert_eq!(text(&alone, 100), Err(Problem::Required), "{alone:?}");
            assert_eq!(text(&spaced, 100), Err(Problem::Required), "{spaced:?}");
            assert_eq!(
                text(&inside, 100),
                Err(Problem::HiddenCharacter),
                "{inside:?}"
            );
            assert_eq!(
                text(&after, 100),
                Err(Problem::HiddenCharacter),
                "{after:?}"
            );
            assert_eq!(optional_text(&alone, 100), Err(Problem::HiddenCharacter));
            assert_eq!(optional_text(&inside, 100), Err(Problem::HiddenCharacter));
            assert_eq!(email(&alone), Err(Problem::Required));
            assert_eq!(
                email(&format!("lois{c}@dailyplanet.com")),
                Err(Problem::HiddenCharacter)
            );
            assert_eq!(phone(&alone, "SE"), Err(Problem::Required));
            assert_eq!(
                phone(&format!("+46{c}701234567"), "SE"),
                Err(Problem::HiddenCharacter)
            );
            assert_eq!(day(&alone), Err(Problem::Required));
            assert_eq!(
                day(&format!("1990-01-31{c}")),
                Err(Problem::HiddenCharacter)
            );
            assert_eq!(country(&format!("S{c}E")), Err(Problem::HiddenCharacter));
            assert_eq!(
                postal_code(&format!("111{c} 45"), "SE"),
                Err(Problem::HiddenCharacter)
            );
            assert_eq!(postal_code(&alone, "GB"), Err(Problem::Required));
        }
        // White space people type around a value is still fine, a no-break space included.
        assert_eq!(filled(" Lois\u{A0}Lane "), Ok("Lois\u{A0}Lane"));
        assert_eq!(optional_text("  ", 10), Ok(()));
    }

    #[test]
    fn every_problem_has_a_distinct_key() {
        let mut keys: Vec<_> = Problem::ALL.iter().map(|p| p.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Problem::ALL.len());
    }
}
