//! National identifiers, checked the way their issuers define them: Swedish personnummer and
//! samordningsnummer (Luhn and a real date), Swedish organisationsnummer (Luhn), Norwegian
//! fødselsnummer (two mod-11 check digits) and organisasjonsnummer (mod 11), DUNS numbers, and
//! IBANs (ISO 13616 mod 97). Pure functions over the text a user typed.

use crate::date::days_in_month;

/// Why a number was refused, for a field-level message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("has the wrong length or characters")]
    Format,
    #[error("is not a real date")]
    Date,
    #[error("has a wrong check digit")]
    Checksum,
}

/// Digits only, with the separators people type (`-`, `+`, spaces) removed.
fn digits(input: &str, allowed_separators: &[char]) -> Result<Vec<u8>, IdError> {
    let mut out = Vec::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '0'..='9' => out.push(c as u8 - b'0'),
            c if allowed_separators.contains(&c) => {}
            _ => return Err(IdError::Format),
        }
    }
    Ok(out)
}

/// The Luhn check over all digits (values 0 to 9, the last being the check digit): Swedish
/// identity numbers, card numbers.
pub fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d))
}

/// A Swedish personal identity number, as 12 digits `YYYYMMDDNNNC`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personnummer {
    pub digits: String,
    /// A samordningsnummer (coordination number): day of birth plus 60.
    pub coordination: bool,
}

/// Accepts `YYYYMMDD-NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN` and `YYMMDD+NNNN` (`+`: 100 years or
/// older). Two-digit years are read relative to `this_year`.
pub fn swedish_personnummer(input: &str, this_year: u32) -> Result<Personnummer, IdError> {
    let trimmed = input.trim();
    let centenarian = trimmed.contains('+');
    let d = digits(trimmed, &['-', '+', ' '])?;
    let full: Vec<u8> = match d.len() {
        12 => d,
        10 => {
            let yy = number(&d[..2]);
            let mut year = (this_year / 100) * 100 + yy;
            if year > this_year {
                year -= 100;
            }
            if centenarian {
                year -= 100;
            }
            let mut full = vec![(year / 1000) as u8, (year / 100 % 10) as u8];
            full.extend_from_slice(&d);
            full
        }
        _ => return Err(IdError::Format),
    };
    let (year, month, mut day) = (number(&full[..4]), number(&full[4..6]), number(&full[6..8]));
    let coordination = day > 60;
    if coordination {
        day -= 60;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(IdError::Date);
    }
    if !luhn_ok(&full[2..]) {
        return Err(IdError::Checksum);
    }
    Ok(Personnummer {
        digits: full.iter().map(|d| char::from(b'0' + d)).collect(),
        coordination,
    })
}

/// A Swedish organisationsnummer, `NNNNNN-NNNC`: Luhn, and a third digit of 2 or more (which
/// tells it from a personnummer).
pub fn swedish_organisationsnummer(input: &str) -> Result<String, IdError> {
    let d = digits(input, &['-', ' '])?;
    let d = match d.len() {
        10 => d,
        // The 16- prefix some registers print.
        12 if d[..2] == [1, 6] => d[2..].to_vec(),
        _ => return Err(IdError::Format),
    };
    if d[2] < 2 {
        return Err(IdError::Format);
    }
    if !luhn_ok(&d) {
        return Err(IdError::Checksum);
    }
    Ok(d.iter().map(|d| char::from(b'0' + d)).collect())
}

/// Weighted mod-11 check digit, or None when the remainder makes the number invalid (10).
fn mod11(digits: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| u32::from(d) * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check as u8),
    }
}

/// A Norwegian fødselsnummer (11 digits, `DDMMYYIIIKK`): a real date (D-numbers add 4 to the
/// first digit) and both mod-11 check digits.
pub fn norwegian_fodselsnummer(input: &str) -> Result<String, IdError> {
    let d = digits(input, &[' '])?;
    if d.len() != 11 {
        return Err(IdError::Format);
    }
    let mut day = number(&d[..2]);
    if day > 40 {
        day -= 40; // D-number
    }
    let month = number(&d[2..4]);
    // The century hides in the individual number; a year divisible by four is taken as a leap
    // year (true for every year from 1901 to 2099).
    let year = 2000 + number(&d[4..6]);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(IdError::Date);
    }
    let k1 = mod11(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = mod11(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if k1 != Some(d[9]) || k2 != Some(d[10]) {
        return Err(IdError::Checksum);
    }
    Ok(d.iter().map(|d| char::from(b'0' + d)).collect())
}

/// A Norwegian organisasjonsnummer: 9 digits, mod 11 with weights 3 2 7 6 5 4 3 2.
pub fn norwegian_organisasjonsnummer(input: &str) -> Result<String, IdError> {
    let d = digits(input, &[' '])?;
    if d.len() != 9 {
        return Err(IdError::Format);
    }
    if mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) != Some(d[8]) {
        return Err(IdError::Checksum);
    }
    Ok(d.iter().map(|d| char::from(b'0' + d)).collect())
}

/// An organization number as its country's register writes it, for reading: Swedish
/// `NNNNNN-NNNN`, Norwegian `NNN NNN NNN`. Anything else (another country's, a D-U-N-S number,
/// a number that is no valid one) is shown as given.
pub fn organization_number_for_display(number: &str, country: &str) -> String {
    let grouped = |digits: &str, groups: &[usize], separator: &str| {
        let mut rest = digits;
        let mut parts = Vec::new();
        for &size in groups {
            let (part, tail) = rest.split_at(size);
            parts.push(part);
            rest = tail;
        }
        parts.join(separator)
    };
    match country {
        "SE" => swedish_organisationsnummer(number)
            .map(|digits| grouped(&digits, &[6, 4], "-"))
            .unwrap_or_else(|_| number.to_owned()),
        "NO" => norwegian_organisasjonsnummer(number)
            .map(|digits| grouped(&digits, &[3, 3, 3], " "))
            .unwrap_or_else(|_| number.to_owned()),
        _ => number.to_owned(),
    }
}

/// A D-U-N-S number: nine digits (it carries no public check digit).
pub fn duns(input: &str) -> Result<String, IdError> {
    let d = digits(input, &['-', ' '])?;
    if d.len() != 9 {
        return Err(IdError::Format);
    }
    Ok(d.iter().map(|d| char::from(b'0' + d)).collect())
}

/// An IBAN: country letters, two check digits, up to 30 alphanumerics; mod 97 must be 1.
pub fn iban(input: &str) -> Result<String, IdError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let bytes = compact.as_bytes();
    if !(15..=34).contains(&bytes.len())
        || !bytes[..2].iter().all(u8::is_ascii_uppercase)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes.iter().all(u8::is_ascii_alphanumeric)
    {
        return Err(IdError::Format);
    }
    let rearranged = compact[4..].chars().chain(compact[..4].chars());
    let remainder = rearranged.fold(0u32, |r, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value >= 10 {
            (r * 100 + value) % 97
        } else {
            (r * 10 + value) % 97
        }
    });
    if remainder != 1 {
        return Err(IdError::Checksum);
    }
    Ok(compact)
}

/// An account or card number as statements print it, in groups of four from the start, with
/// every character but the last four hidden (an IBAN's country and check digits too):
/// `SE45 5000 0000 0583 9825 7466` is `•••• •••• •••• •••• •••• 7466`. A number the issuer
/// masked already (`454617******3442`) is shown so too.
pub fn masked_account_number(number: &str) -> String {
    let compact: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    let shown_from = compact.len().saturating_sub(4);
    let masked: Vec<char> = compact
        .iter()
        .enumerate()
        .map(|(i, c)| if i < shown_from { '•' } else { *c })
        .collect();
    in_groups_of_four(&masked)
}

/// An IBAN or account number in groups of four, as printed on cards and statements.
pub fn grouped_account_number(number: &str) -> String {
    let compact: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    in_groups_of_four(&compact)
}

fn in_groups_of_four(characters: &[char]) -> String {
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_masked_as_printed() {
        assert_eq!(
            masked_account_number("SE45 5000 0000 0583 9825 7466"),
            "•••• •••• •••• •••• •••• 7466"
        );
        // Danish IBANs are 18 long: the last group is short, as printed.
        assert_eq!(
            masked_account_number("DK5000400440116243"),
            "•••• •••• •••• ••62 43"
        );
        assert_eq!(
            masked_account_number("454617******3442"),
            "•••• •••• •••• 3442"
        );
        assert_eq!(masked_account_number("1234"), "1234");
        assert_eq!(
            grouped_account_number("NO9386011117947"),
            "NO93 8601 1117 947"
        );
        assert_eq!(masked_account_number(""), "");
    }

    #[test]
    fn organization_numbers_read_as_their_registers_write_them() {
        let shown = organization_number_for_display;
        assert_eq!(shown("5560360793", "SE"), "556036-0793");
        assert_eq!(shown("165560360793", "SE"), "556036-0793");
        assert_eq!(shown("923609016", "NO"), "923 609 016");
        // Not the country's, or not valid: as given.
        assert_eq!(shown("5560360793", "DE"), "5560360793");
        assert_eq!(shown("5560360794", "SE"), "5560360794");
        assert_eq!(shown("150483958", "SE"), "150483958");
    }

    #[test]
    fn swedish_personnummer_in_every_written_form() {
        let expected = Personnummer {
            digits: "197803111934".into(),
            coordination: false,
        };
        for form in ["19780311-1934", "197803111934", "780311-1934", "7803111934"] {
            assert_eq!(
                swedish_personnummer(form, 2026),
                Ok(expected.clone()),
                "{form}"
            );
        }
        assert_eq!(
            swedish_personnummer("121212-1212", 2026).unwrap().digits,
            "201212121212"
        );
        assert_eq!(
            swedish_personnummer("121212+1212", 2026).unwrap().digits,
            "191212121212"
        );
    }

    #[test]
    fn swedish_personnummer_refusals() {
        assert_eq!(
            swedish_personnummer("19780311-1935", 2026),
            Err(IdError::Checksum)
        );
        assert_eq!(
            swedish_personnummer("19780231-1934", 2026),
            Err(IdError::Date)
        );
        assert_eq!(
            swedish_personnummer("19781311-1934", 2026),
            Err(IdError::Date)
        );
        assert_eq!(
            swedish_personnummer("1978031-1934", 2026),
            Err(IdError::Format)
        );
        assert_eq!(
            swedish_personnummer("19780311-193A", 2026),
            Err(IdError::Format)
        );
    }

    #[test]
    fn samordningsnummer_is_day_plus_sixty() {
        let valid = swedish_personnummer("701063-2391", 2026).unwrap();
        assert!(valid.coordination);
        assert_eq!(
            swedish_personnummer("701093-2391", 2026),
            Err(IdError::Date)
        );
    }

    #[test]
    fn swedish_organisationsnummer_luhn() {
        assert_eq!(
            swedish_organisationsnummer("556036-0793").as_deref(),
            Ok("5560360793")
        );
        assert_eq!(
            swedish_organisationsnummer("16556036-0793").as_deref(),
            Ok("5560360793")
        );
        assert_eq!(
            swedish_organisationsnummer("556036-0794"),
            Err(IdError::Checksum)
        );
        assert_eq!(
            swedish_organisationsnummer("551212-1212"),
            Err(IdError::Format),
            "third digit below 2"
        );
    }

    #[test]
    fn norwegian_numbers_mod_11() {
        assert!(norwegian_fodselsnummer("01010750160").is_ok());
        assert_eq!(
            norwegian_fodselsnummer("01010750161"),
            Err(IdError::Checksum)
        );
        assert_eq!(norwegian_fodselsnummer("32010750160"), Err(IdError::Date));
        assert!(
            norwegian_fodselsnummer("41010750073").is_ok(),
            "D-number: day plus 40"
        );
        assert_eq!(
            norwegian_fodselsnummer("29020150160"),
            Err(IdError::Date),
            "2001 was no leap year"
        );
        assert_eq!(
            norwegian_organisasjonsnummer("923 609 016").as_deref(),
            Ok("923609016")
        );
        assert_eq!(
            norwegian_organisasjonsnummer("923609017"),
            Err(IdError::Checksum)
        );
        assert_eq!(
            norwegian_organisasjonsnummer("92360901"),
            Err(IdError::Format)
        );
    }

    #[test]
    fn duns_and_iban() {
        assert_eq!(duns("15-048-3782").as_deref(), Ok("150483782"));
        assert_eq!(duns("1504837"), Err(IdError::Format));
        assert_eq!(
            iban("SE35 5000 0000 0549 1000 0003").as_deref(),
            Ok("SE3550000000054910000003")
        );
        assert_eq!(
            iban("de89 3704 0044 0532 0130 00").as_deref(),
            Ok("DE89370400440532013000")
        );
        assert_eq!(
            iban("SE36 5000 0000 0549 1000 0003"),
            Err(IdError::Checksum)
        );
        assert_eq!(iban("SE35-5000"), Err(IdError::Format));
    }
}
