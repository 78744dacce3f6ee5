//! The dates the API takes, `YYYY-MM-DD`: any account's history and plans fit, and a window's
//! arithmetic (a default start months back, an end a day on) stays a date every provider can be
//! sent (RFC 3339's years have four digits; `time` has no date after 9999-12-31 at all).

use time::macros::{date, format_description};
use time::Date;

use crate::AppError;

pub const EARLIEST_DATE: Date = date!(1900 - 01 - 01);
pub const LATEST_DATE: Date = date!(2999 - 12 - 31);

/// `value`, the request's `field`, as a date the API takes.
pub fn parse_date(field: &str, value: &str) -> Result<Date, AppError> {
    Date::parse(value, format_description!("[year]-[month]-[day]"))
        .ok()
        .filter(|date| (EARLIEST_DATE..=LATEST_DATE).contains(date))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!(
                    "{field} must be a date, YYYY-MM-DD, from {EARLIEST_DATE} to {LATEST_DATE}"
                ),
            )
        })
}
