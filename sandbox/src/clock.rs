//! The sandbox's clock, and the one way its providers write an instant (RFC 3339).

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Now, to the second, as the onboarding and KYC providers write their timestamps.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    rfc3339(now.replace_nanosecond(0).unwrap_or(now))
}

/// Now, to the millisecond: the issuer's dates carry milliseconds, so a date read back from an
/// answer is the instant that was booked.
pub fn now_to_the_millisecond() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_millisecond(now.millisecond()).unwrap_or(now)
}
