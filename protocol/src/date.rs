//! Calendar days as people type them (`YYYY-MM-DD`), without a date library: the widget gets
//! "today" from the browser's `Date` and the server from its clock, and both compare here.

use std::fmt;

/// A day in the proleptic Gregorian calendar. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// A real day, or None (30 February, month 13).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    /// Exactly `YYYY-MM-DD`, as `<input type=date>` and ISO 8601 write it.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let field = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        Self::new(field(0..4)?, field(5..7)?, field(8..10)?)
    }

    /// Whole years from `self` to `on`: an age on a given day.
    pub fn years_until(self, on: Day) -> u32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year
            .saturating_sub(self.year)
            .saturating_sub(u32::from(!had_birthday))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date as typed into three boxes, day, month and year, which may be incomplete. It travels
/// as `YYYY-MM-DD` once each part is there, and as the parts joined by `-` while one is empty,
/// so that a draft keeps what was typed and the rules can say which part is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    /// The parts of a date as [`DateParts::to_wire`] writes it (and of any `YYYY-MM-DD`).
    pub fn from_wire(text: &str) -> Self {
        let mut parts = text.trim().splitn(3, '-').map(str::to_owned);
        let year = parts.next().unwrap_or_default();
        let month = parts.next().unwrap_or_default();
        let day = parts.next().unwrap_or_default();
        Self { day, month, year }
    }

    /// `YYYY-MM-DD`, a one-digit day or month padded; empty when nothing is typed. Anything but
    /// a digit is dropped from each part, so the parts never hold the separator.
    pub fn to_wire(&self) -> String {
        let digits = |part: &str| {
            part.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        };
        let padded = |part: &str| match digits(part) {
            one if one.len() == 1 => format!("0{one}"),
            more => more,
        };
        let (day, month, year) = (padded(&self.day), padded(&self.month), digits(&self.year));
        if day.is_empty() && month.is_empty() && year.is_empty() {
            String::new()
        } else {
            format!("{year}-{month}-{day}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(Day::parse("2024-02-29"), Day::new(2024, 2, 29));
        assert_eq!(
            Day::parse(" 1990-01-31 ").unwrap().to_string(),
            "1990-01-31"
        );
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-+1",
            "",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn parts_as_typed_travel_and_come_back() {
        let typed = |day: &str, month: &str, year: &str| DateParts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        };
        assert_eq!(typed("7", "3", "1990").to_wire(), "1990-03-07");
        assert_eq!(typed(" 07.", "03", "1990").to_wire(), "1990-03-07");
        assert_eq!(typed("", "", "").to_wire(), "");
        assert_eq!(typed("31", "", "1990").to_wire(), "1990--31");
        assert_eq!(DateParts::from_wire("1990--31"), typed("31", "", "1990"));
        assert_eq!(
            DateParts::from_wire("1990-03-07"),
            typed("07", "03", "1990")
        );
        assert_eq!(DateParts::from_wire(""), DateParts::default());
    }

    #[test]
    fn orders_by_time_and_counts_ages() {
        let birth = Day::parse("2008-11-24").unwrap();
        assert!(birth < Day::parse("2008-12-01").unwrap());
        assert_eq!(birth.years_until(Day::parse("2026-11-23").unwrap()), 17);
        assert_eq!(birth.years_until(Day::parse("2026-11-24").unwrap()), 18);
    }
}
