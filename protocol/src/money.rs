//! Money as integer minor units with the currency's exponent; never a float.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// The amount in minor units: `-12345` with exponent 2 is -123.45.
    pub minor: i64,
    /// Digits after the decimal point (ISO 4217: 2 for SEK and EUR, 0 for JPY and ISK).
    pub exponent: u8,
    /// ISO 4217 code.
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a decimal amount")]
    Malformed,
    #[error("more decimals than the currency has")]
    TooPrecise,
    #[error("amount out of range")]
    Overflow,
    #[error("not an ISO 4217 currency code")]
    Currency,
}

/// ISO 4217 minor-unit exponent; 2 for every currency not listed.
pub fn currency_exponent(currency: &str) -> u8 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XAF" | "XOF" | "UGX" | "PYG" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

impl Money {
    /// Parses a decimal string such as `"-1234.5"` (the providers' wire form) exactly.
    pub fn parse_decimal(amount: &str, currency: &str) -> Result<Self, MoneyError> {
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(MoneyError::Currency);
        }
        let exponent = currency_exponent(currency);
        let (negative, digits) = match amount.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, amount.strip_prefix('+').unwrap_or(amount)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return Err(MoneyError::Malformed);
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > exponent as usize {
            return Err(MoneyError::TooPrecise);
        }
        let scale = 10i64.pow(u32::from(exponent));
        let whole: i64 = whole.parse().map_err(|_| MoneyError::Overflow)?;
        let fraction_minor: i64 = if fraction.is_empty() {
            0
        } else {
            let padded = format!("{fraction:0<width$}", width = exponent as usize);
            padded.parse().map_err(|_| MoneyError::Malformed)?
        };
        let minor = whole
            .checked_mul(scale)
            .and_then(|m| m.checked_add(fraction_minor))
            .ok_or(MoneyError::Overflow)?;
        Ok(Self {
            minor: if negative { -minor } else { minor },
            exponent,
            currency: currency.to_owned(),
        })
    }

    /// `value` × 10^-`exponent` of `currency` (the card issuer's `{value, exponent, isoCode}`) in
    /// the currency's own minor units, exactly: a scale finer than the currency's is accepted
    /// only when the extra digits are zeros.
    pub fn from_scaled(value: i64, exponent: u8, currency: &str) -> Result<Self, MoneyError> {
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(MoneyError::Currency);
        }
        let target = currency_exponent(currency);
        let ten_to = |digits: u8| {
            10i64
                .checked_pow(u32::from(digits))
                .ok_or(MoneyError::Overflow)
        };
        let minor = if exponent >= target {
            let divisor = ten_to(exponent - target)?;
            if value % divisor != 0 {
                return Err(MoneyError::TooPrecise);
            }
            value / divisor
        } else {
            value
                .checked_mul(ten_to(target - exponent)?)
                .ok_or(MoneyError::Overflow)?
        };
        Ok(Self {
            minor,
            exponent: target,
            currency: currency.to_owned(),
        })
    }

    /// The same amount with the other sign: a card issuer's charge (positive, owed) as the
    /// holder sees it, money gone. Saturates at the one amount that has no opposite.
    pub fn negated(&self) -> Self {
        Self {
            minor: self.minor.saturating_neg(),
            ..self.clone()
        }
    }

    /// The plain decimal form, `"-1234.50"`: what providers send and what `Intl` formats.
    pub fn to_decimal(&self) -> String {
        let scale = 10u64.pow(u32::from(self.exponent));
        let magnitude = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        if self.exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = self.exponent as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sek(minor: i64) -> Money {
        Money {
            minor,
            exponent: 2,
            currency: "SEK".into(),
        }
    }

    #[test]
    fn parses_decimal_strings_exactly() {
        assert_eq!(
            Money::parse_decimal("1234.50", "SEK").unwrap(),
            sek(123_450)
        );
        assert_eq!(Money::parse_decimal("-0.01", "SEK").unwrap(), sek(-1));
        assert_eq!(Money::parse_decimal("7", "SEK").unwrap(), sek(700));
        assert_eq!(Money::parse_decimal("+7.1", "SEK").unwrap(), sek(710));
        assert_eq!(Money::parse_decimal("0.10000", "EUR").unwrap().minor, 10);
        assert_eq!(Money::parse_decimal("1500", "JPY").unwrap().minor, 1500);
        assert_eq!(Money::parse_decimal("1.234", "KWD").unwrap().minor, 1234);
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        assert_eq!(
            Money::parse_decimal("1.234", "SEK"),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(
            Money::parse_decimal("1.5", "JPY"),
            Err(MoneyError::TooPrecise)
        );
        for bad in ["", "-", "1.", ".5", "1,50", "1e3", "12a", "--1", " 1"] {
            assert_eq!(
                Money::parse_decimal(bad, "SEK"),
                Err(MoneyError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(
            Money::parse_decimal("99999999999999999999", "SEK"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Money::parse_decimal("1", "sek"), Err(MoneyError::Currency));
    }

    #[test]
    fn scaled_amounts_convert_exactly() {
        let jpy = Money::from_scaled(8335, 0, "JPY").unwrap();
        assert_eq!(
            jpy,
            Money {
                minor: 8335,
                exponent: 0,
                currency: "JPY".into()
            }
        );
        assert_eq!(
            Money::from_scaled(5509, 2, "EUR").unwrap(),
            Money {
                minor: 5509,
                exponent: 2,
                currency: "EUR".into()
            }
        );
        assert_eq!(
            Money::from_scaled(-1500, 2, "EUR").unwrap().to_decimal(),
            "-15.00"
        );
        let kwd = Money::from_scaled(12_345, 3, "KWD").unwrap();
        assert_eq!(
            (kwd.minor, kwd.exponent, kwd.to_decimal().as_str()),
            (12_345, 3, "12.345")
        );
        // The issuer may write a currency at another scale than ISO's; the value stays the same.
        assert_eq!(
            Money::from_scaled(1500, 3, "EUR").unwrap(),
            Money::parse_decimal("1.50", "EUR").unwrap()
        );
        assert_eq!(Money::from_scaled(7, 0, "EUR").unwrap().minor, 700);
        assert_eq!(Money::from_scaled(12, 2, "KWD").unwrap().minor, 120);
        assert_eq!(Money::from_scaled(833_500, 2, "JPY").unwrap().minor, 8335);
    }

    #[test]
    fn scaled_amounts_refuse_what_would_not_be_exact() {
        assert_eq!(
            Money::from_scaled(1501, 3, "EUR"),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(Money::from_scaled(5, 1, "JPY"), Err(MoneyError::TooPrecise));
        assert_eq!(
            Money::from_scaled(i64::MAX, 0, "EUR"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Money::from_scaled(1, 0, "eur"), Err(MoneyError::Currency));
        assert_eq!(Money::from_scaled(1, 40, "EUR"), Err(MoneyError::Overflow));
    }

    #[test]
    fn decimal_form_round_trips() {
        for (text, currency) in [
            ("1234.50", "SEK"),
            ("-0.01", "EUR"),
            ("0.00", "NOK"),
            ("1500", "JPY"),
            ("-1.234", "KWD"),
        ] {
            assert_eq!(
                Money::parse_decimal(text, currency).unwrap().to_decimal(),
                text
            );
        }
    }

    #[test]
    fn negating_keeps_currency_and_exponent() {
        assert_eq!(sek(12_345).negated(), sek(-12_345));
        assert_eq!(sek(-1).negated().to_decimal(), "0.01");
        assert_eq!(sek(0).negated(), sek(0));
        assert_eq!(sek(i64::MIN).negated(), sek(i64::MAX));
    }
}
