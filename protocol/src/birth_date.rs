//! The date of birth a national identity number holds, so that a form shows it rather than asks
//! for it again: Swedish personnummer and samordningsnummer, Norwegian fødselsnummer and
//! D-numbers, Danish CPR numbers and Finnish henkilötunnus. Pure functions over the text a user
//! typed; a number that is not valid holds no date.

use crate::date::Day;
use crate::identity::{self, IdError};

/// The birth date `number` holds in `market`'s numbering; `Ok(None)` where that market's
/// numbers hold none (or are not checked here), an error where the number is not valid.
/// `this_year` reads a Swedish two-digit year.
pub fn held_by(number: &str, market: &str, this_year: u32) -> Result<Option<Day>, IdError> {
    match market {
        "SE" => swedish(number, this_year).map(Some),
        "NO" => norwegian(number).map(Some),
        "DK" => Ok(danish(number)),
        "FI" => Ok(finnish(number)),
        _ => Ok(None),
    }
}

/// Two digits of `digits` from `at`, as a number.
fn pair(digits: &[u8], at: usize) -> u32 {
    u32::from(digits[at] - b'0') * 10 + u32::from(digits[at + 1] - b'0')
}

fn swedish(number: &str, this_year: u32) -> Result<Day, IdError> {
    let number = identity::swedish_personnummer(number, this_year)?;
    let d = number.digits.as_bytes();
    let year = pair(d, 0) * 100 + pair(d, 2);
    let day = pair(d, 6) - if number.coordination { 60 } else { 0 };
    Day::new(year, pair(d, 4), day).ok_or(IdError::Date)
}

/// `DDMMYYIIIKK`; the century hides in the individual number `III`, as Skatteetaten assigns
/// them. A D-number adds 40 to the day.
fn norwegian(number: &str) -> Result<Day, IdError> {
    let digits = identity::norwegian_fodselsnummer(number)?;
    let d = digits.as_bytes();
    let day = pair(d, 0) % 40;
    let yy = pair(d, 4);
    let individual = pair(d, 6) * 10 + u32::from(d[8] - b'0');
    let century = match (individual, yy) {
        (0..=499, _) => 1900,
        (500..=749, 54..=99) => 1800,
        (500..=999, 0..=39) => 2000,
        (900..=999, 40..=99) => 1900,
        _ => return Err(IdError::Date),
    };
    Day::new(century + yy, pair(d, 2), day).ok_or(IdError::Date)
}

/// `DDMMYY-SSSS`; the century follows from the serial's first digit and the year, as the CPR
/// office defines it. Danish numbers carry no check digit since 2007.
fn danish(number: &str) -> Option<Day> {
    let d: Vec<u8> = number.bytes().filter(|b| !b" -".contains(b)).collect();
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let yy = pair(&d, 4);
    let century = match (d[6] - b'0', yy) {
        (0..=3, _) => 1900,
        (4 | 9, 0..=36) => 2000,
        (4 | 9, _) => 1900,
        (_, 0..=57) => 2000,
        _ => 1800,
    };
    Day::new(century + yy, pair(&d, 2), pair(&d, 0))
}

/// `DDMMYYCZZZQ`: `C` gives the century, `Q` checks the nine digits (mod 31).
fn finnish(number: &str) -> Option<Day> {
    const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let d = number.trim().to_ascii_uppercase().into_bytes();
    if d.len() != 11 || ![&d[..6], &d[7..10]].concat().iter().all(u8::is_ascii_digit) {
        return None;
    }
    let century = match d[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A'..=b'F' => 2000,
        _ => return None,
    };
    let nine = [&d[..6], &d[7..10]]
        .concat()
        .iter()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    (CHECK[(nine % 31) as usize] == d[10])
        .then(|| Day::new(century + pair(&d, 4), pair(&d, 2), pair(&d, 0)))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(number: &str, market: &str) -> Option<String> {
        held_by(number, market, 2026)
            .ok()
            .flatten()
            .map(|day| day.to_string())
    }

    #[test]
    fn swedish_numbers_in_every_form() {
        for number in ["19900101-1239", "199001011239", "900101-1239"] {
            assert_eq!(
                held(number, "SE").as_deref(),
                Some("1990-01-01"),
                "{number}"
            );
        }
        // A samordningsnummer: day plus 60.
        assert_eq!(held("19900161-1236", "SE").as_deref(), Some("1990-01-01"));
        assert_eq!(held_by("19900101-1238", "SE", 2026), Err(IdError::Checksum));
    }

    #[test]
    fn norwegian_centuries_from_the_individual_number() {
        // Skatteetaten's published test numbers.
        assert_eq!(held("01010750160", "NO").as_deref(), Some("2007-01-01"));
        assert_eq!(held("15076500565", "NO").as_deref(), Some("1965-07-15"));
        // A D-number: day plus 40.
        assert_eq!(held("55076500559", "NO").as_deref(), Some("1965-07-15"));
        assert!(held_by("15076500566", "NO", 2026).is_err());
        // 750 to 899 with a year of 40 or later: no century gives it.
        assert_eq!(held_by("01014080054", "NO", 2026), Err(IdError::Date));
    }

    #[test]
    fn danish_and_finnish_numbers() {
        assert_eq!(held("070761-4285", "DK").as_deref(), Some("1961-07-07"));
        assert_eq!(held("0707614285", "DK").as_deref(), Some("1961-07-07"));
        assert_eq!(held("010110-4000", "DK").as_deref(), Some("2010-01-01"));
        assert_eq!(held("131052-308T", "FI").as_deref(), Some("1952-10-13"));
        assert_eq!(held("010594Y9032", "FI").as_deref(), Some("1994-05-01"));
        assert_eq!(held("010105A990Y", "FI"), None, "a wrong check character");
        assert_eq!(held("3101", "DK"), None);
    }

    #[test]
    fn markets_whose_numbers_hold_no_date() {
        assert_eq!(held_by("123456782", "NL", 2026), Ok(None));
        assert_eq!(held_by("T22000129", "DE", 2026), Ok(None));
    }
}
