//! Field-level checks shared by every step, and the problems they report.
//!
//! A problem is a stable key (`field.required`, ...) that the widget translates; the server
//! sends the same key's English text. Both run the same checks: the browser for instant
//! feedback, the server because the browser is never trusted.

use crate::date::Day;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    Email,
    Phone,
    Date,
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
    ConfirmRequired,
    SigningCombination,
}

impl Problem {
    pub const ALL: [Problem; 23] = [
        Self::Required,
        Self::TooLong,
        Self::Email,
        Self::Phone,
        Self::Date,
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
        Self::ConfirmRequired,
        Self::SigningCombination,
    ];

    /// The translation key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Required => "field.required",
            Self::TooLong => "field.tooLong",
            Self::Email => "field.email",
            Self::Phone => "field.phone",
            Self::Date => "field.date",
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
            Self::ConfirmRequired => "field.confirmRequired",
            Self::SigningCombination => "field.signingCombination",
        }
    }

    /// English, for the server's error messages and logs.
    pub fn english(self) -> &'static str {
        match self {
            Self::Required => "is required",
            Self::TooLong => "is too long",
            Self::Email => "is not an email address",
            Self::Phone => "must be an international number such as +46701234567",
            Self::Date => "must be a date written YYYY-MM-DD",
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
            Self::OrganizationNumber => "is not an organization number or DUNS number",
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

/// Non-blank, at most `max` characters.
pub fn text(value: &str, max: usize) -> Result<(), Problem> {
    match value.trim().chars().count() {
        0 => Err(Problem::Required),
        n if n > max => Err(Problem::TooLong),
        _ => Ok(()),
    }
}

/// Blank is fine; otherwise at most `max` characters.
pub fn optional_text(value: &str, max: usize) -> Result<(), Problem> {
    if value.trim().chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// A plausible address: one `@`, a dotted domain, no spaces. Deliverability is the mail
/// server's business.
pub fn email(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
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
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
        && labels_ok;
    if ok {
        Ok(())
    } else {
        Err(Problem::Email)
    }
}

/// E.164 once the spaces and dashes people type are removed: `+`, a non-zero digit, at most 15
/// digits in all, and enough for a real subscriber number.
pub fn normalize_phone(value: &str) -> Result<String, Problem> {
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if compact.is_empty() {
        return Err(Problem::Required);
    }
    let digits = compact.strip_prefix('+').ok_or(Problem::Phone)?;
    let ok = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(compact)
    } else {
        Err(Problem::Phone)
    }
}

pub fn phone(value: &str) -> Result<(), Problem> {
    normalize_phone(value).map(drop)
}

pub fn day(value: &str) -> Result<Day, Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Required);
    }
    Day::parse(value).ok_or(Problem::Date)
}

/// Two upper-case letters (ISO 3166-1 alpha-2). Any country, not only the markets served:
/// people live and pay tax everywhere.
pub fn country(value: &str) -> Result<(), Problem> {
    match value.trim() {
        "" => Err(Problem::Required),
        v if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) => Ok(()),
        _ => Err(Problem::Country),
    }
}

/// Postal codes of the markets served; elsewhere 2–10 letters, digits, spaces or dashes.
pub fn postal_code(value: &str, country: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
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
    fn phones_are_e164() {
        assert_eq!(
            normalize_phone("+46 70-123 45 67").as_deref(),
            Ok("+46701234567")
        );
        assert_eq!(normalize_phone("+4791234567").as_deref(), Ok("+4791234567"));
        assert_eq!(phone(""), Err(Problem::Required));
        for bad in [
            "0701234567",
            "+0701234567",
            "+46 70 12",
            "+4670123456789012",
            "+46abc12345",
        ] {
            assert_eq!(phone(bad), Err(Problem::Phone), "{bad}");
        }
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

    #[test]
    fn every_problem_has_a_distinct_key() {
        let mut keys: Vec<_> = Problem::ALL.iter().map(|p| p.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Problem::ALL.len());
    }
}
