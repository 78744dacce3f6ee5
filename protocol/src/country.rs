//! Market country codes (ISO 3166-1 alpha-2).

use serde::{Deserialize, Serialize};

/// The markets Onboard serves. The provider decides which workflows run where; this is the
/// outer bound every input is checked against.
pub const SUPPORTED_MARKETS: [&str; 6] = ["SE", "NO", "DK", "FI", "DE", "NL"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

/// The markets themselves, not just their form: anything else is refused.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(SUPPORTED_MARKETS))
            .description(Some(
                "A market Onboard serves, as its ISO 3166-1 alpha-2 code",
            ))
            .examples(["SE"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for CountryCode {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountryCodeError {
    #[error("must be two upper-case letters (ISO 3166-1 alpha-2)")]
    Malformed,
    #[error("is not a market Onboard serves")]
    Unsupported,
}

impl CountryCode {
    pub fn parse(value: &str) -> Result<Self, CountryCodeError> {
        let bytes: [u8; 2] = value
            .as_bytes()
            .try_into()
            .map_err(|_| CountryCodeError::Malformed)?;
        if !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(CountryCodeError::Malformed);
        }
        if !SUPPORTED_MARKETS.contains(&value) {
            return Err(CountryCodeError::Unsupported);
        }
        Ok(Self(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters get in, see `parse`.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// The language a country's company register writes in (BCP 47), where Onboard knows it: the
/// register's own words are shown as they are, marked with it.
pub fn register_language(country: &str) -> Option<&'static str> {
    Some(match country {
        "SE" => "sv",
        "NO" => "nb",
        "DK" => "da",
        "FI" => "fi",
        "DE" => "de",
        "NL" => "nl",
        "GB" | "IE" => "en",
        _ => return None,
    })
}

impl TryFrom<String> for CountryCode {
    type Error = CountryCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> Self {
        code.as_str().to_owned()
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_supported_markets() {
        for market in SUPPORTED_MARKETS {
            assert_eq!(CountryCode::parse(market).unwrap().as_str(), market);
        }
    }

    #[test]
    fn rejects_malformed_and_unsupported_codes() {
        for bad in ["", "S", "se", "SWE", "S1", "ÅÄ"] {
            assert_eq!(
                CountryCode::parse(bad),
                Err(CountryCodeError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(CountryCode::parse("US"), Err(CountryCodeError::Unsupported));
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<CountryCode>("\"NO\"").is_ok());
        assert!(serde_json::from_str::<CountryCode>("\"no\"").is_err());
    }

    #[test]
    fn every_market_has_its_registers_language() {
        for market in SUPPORTED_MARKETS {
            assert!(register_language(market).is_some(), "{market}");
        }
        assert_eq!(register_language("NO"), Some("nb"));
        assert_eq!(register_language("US"), None);
    }
}
