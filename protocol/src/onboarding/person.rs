//! The KYC steps: what a person tells about themselves, and the checks on it.

use serde::{Deserialize, Serialize};

use super::fields::{self, Problem, Problems};
use super::Context;
use crate::date::Day;
use crate::{birth_date, identity};

pub const MAX_NAME: usize = 100;
pub const MAX_LINE: usize = 100;
pub const MAX_TAX_RESIDENCES: usize = 5;
pub const ADULT_AGE: u32 = 18;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonalDetails {
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The market's national identity number (personnummer, fødselsnummer, ...).
    pub identity_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ContactDetails {
    pub email: String,
    /// E.164.
    pub phone_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    pub address_line1: String,
    #[serde(default)]
    pub address_line2: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaxResidence {
    pub country: String,
    pub tax_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaxResidences {
    pub residences: Vec<TaxResidence>,
}

crate::wire_enum! {
    #[derive(Default)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum DocumentType {
        #[default]
        Passport = "PASSPORT",
        NationalIdCard = "NATIONAL_ID_CARD",
        DrivingLicence = "DRIVING_LICENCE",
    }
}

impl DocumentType {
    /// Whether the document has a back to scan as well: a card has two sides, a passport's
    /// identity page is one.
    pub fn has_back(self) -> bool {
        matches!(self, Self::NationalIdCard | Self::DrivingLicence)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentityDocument {
    pub document_type: DocumentType,
    pub number: String,
    pub issuing_country: String,
    pub issue_date: String,
    pub expiry_date: String,
    /// The uploaded scan, as the server named it on upload.
    pub scan_id: String,
    /// The scan of the back, for document types with two sides (`NATIONAL_ID_CARD`,
    /// `DRIVING_LICENCE`): required for them, and another scan than the front. A passport has
    /// none; it is stored empty.
    #[serde(default)]
    pub back_scan_id: String,
}

/// The birth date a national identity number holds, when the market's number holds one.
fn birth_date_in(identity_number: &str, ctx: &Context) -> Result<Option<Day>, Problem> {
    if !matches!(ctx.market, "SE" | "NO") {
        // Other markets' numbers are not checked here beyond their length: the provider does.
        fields::text(identity_number, 30)?;
    }
    Ok(birth_date::held_by(
        identity_number,
        ctx.market,
        ctx.today.year,
    )?)
}

impl PersonalDetails {
    pub fn validate(&self, ctx: &Context) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        problems.check("firstName", fields::text(&self.first_name, MAX_NAME));
        problems.check("lastName", fields::text(&self.last_name, MAX_NAME));
        let birth = fields::day(&self.date_of_birth).and_then(|birth| {
            if birth > ctx.today {
                Err(Problem::DateInFuture)
            } else if birth.years_until(ctx.today) < ADULT_AGE {
                Err(Problem::Underage)
            } else {
                Ok(birth)
            }
        });
        problems.check("dateOfBirth", birth.map(drop));
        let number = fields::filled(&self.identity_number)
            .and_then(|number| birth_date_in(number, ctx))
            .and_then(|held| match (held, birth) {
                (Some(held), Ok(birth)) if held != birth => Err(Problem::IdBirthDateMismatch),
                _ => Ok(()),
            });
        problems.check("identityNumber", number);
        problems.into_result()
    }
}

impl ContactDetails {
    /// The phone number may be written as at home in `market`.
    pub fn validate(&self, market: &str) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        problems.check("email", fields::email(&self.email));
        problems.check("phoneNumber", fields::phone(&self.phone_number, market));
        problems.into_result()
    }

    /// The answer as it is stored: its phone number in E.164 (`None` while it is not valid).
    pub fn normalized(self, market: &str) -> Option<Self> {
        let phone_number = fields::normalize_phone(&self.phone_number, market).ok()?;
        Some(Self {
            phone_number,
            ..self
        })
    }
}

impl PostalAddress {
    pub fn validate(&self) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        problems.check("addressLine1", fields::text(&self.address_line1, MAX_LINE));
        problems.check(
            "addressLine2",
            fields::optional_text(&self.address_line2, MAX_LINE),
        );
        problems.check("country", fields::country(&self.country));
        problems.check(
            "postalCode",
            fields::postal_code(&self.postal_code, self.country.trim()),
        );
        problems.check("city", fields::text(&self.city, MAX_NAME));
        problems.into_result()
    }
}

impl TaxResidence {
    /// Tax residence in the session's `market`, with the tax number the person's identity number
    /// already is there (Sweden's personnummer, Norway's fødselsnummer), so it is not typed again.
    pub fn at_home(market: &str, identity_number: Option<&str>) -> Self {
        let tax_number = match (market, identity_number) {
            ("SE" | "NO", Some(number)) => number.trim().to_owned(),
            _ => String::new(),
        };
        Self {
            country: market.to_owned(),
            tax_number,
        }
    }
}

/// A tax number: the national identity number in Sweden and Norway, else 4–20 letters and
/// digits (separators allowed).
fn tax_number(value: &str, country: &str, today: Day) -> Result<(), Problem> {
    let value = fields::filled(value)?;
    let ok = match country {
        "SE" => identity::swedish_personnummer(value, today.year).is_ok(),
        "NO" => identity::norwegian_fodselsnummer(value).is_ok(),
        _ => {
            let significant = value.chars().filter(char::is_ascii_alphanumeric).count();
            (4..=20).contains(&significant)
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " -./".contains(c))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Problem::TaxNumber)
    }
}

impl TaxResidences {
    pub fn validate(&self, ctx: &Context) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        if self.residences.is_empty() {
            problems.check("residences", Err(Problem::Required));
        }
        if self.residences.len() > MAX_TAX_RESIDENCES {
            problems.check("residences", Err(Problem::TooMany));
        }
        for (i, residence) in self.residences.iter().enumerate() {
            let country = residence.country.trim();
            let repeated = self.residences[..i]
                .iter()
                .any(|r| r.country.trim() == country);
            let country_check = fields::country(country).and(if repeated {
                Err(Problem::DuplicateCountry)
            } else {
                Ok(())
            });
            problems.check(format!("residences[{i}].country"), country_check);
            problems.check(
                format!("residences[{i}].taxNumber"),
                tax_number(&residence.tax_number, country, ctx.today),
            );
        }
        problems.into_result()
    }
}

fn scanned(scan_id: &str) -> Result<(), Problem> {
    if scan_id.trim().is_empty() {
        Err(Problem::ScanRequired)
    } else {
        Ok(())
    }
}

impl IdentityDocument {
    pub fn validate(&self, ctx: &Context) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        let number_ok = fields::filled(&self.number).and_then(|number| match number.len() {
            5..=20 if number.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(()),
            _ => Err(Problem::DocumentNumber),
        });
        problems.check("number", number_ok);
        problems.check("issuingCountry", fields::country(&self.issuing_country));
        let issued = fields::day(&self.issue_date).and_then(|d| {
            if d > ctx.today {
                Err(Problem::DateInFuture)
            } else {
                Ok(d)
            }
        });
        problems.check("issueDate", issued.map(drop));
        let expiry = fields::day(&self.expiry_date).and_then(|expiry| match issued {
            Ok(issued) if expiry <= issued => Err(Problem::ExpiryBeforeIssue),
            _ if expiry < ctx.today => Err(Problem::DocumentExpired),
            _ => Ok(()),
        });
        problems.check("expiryDate", expiry);
        problems.check("scanId", scanned(&self.scan_id));
        if self.document_type.has_back() {
            problems.check("backScanId", scanned(&self.back_scan_id));
        }
        problems.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(market: &str) -> Context<'_> {
        Context {
            market,
            today: Day::parse("2026-11-23").unwrap(),
        }
    }

    fn problem_of(result: Result<(), Vec<fields::FieldError>>, field: &str) -> Option<Problem> {
        result
            .err()?
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.problem)
    }

    fn swede(number: &str, birth: &str) -> PersonalDetails {
        PersonalDetails {
            first_name: "Lois".into(),
            last_name: "Lane".into(),
            date_of_birth: birth.into(),
            identity_number: number.into(),
        }
    }

    #[test]
    fn a_swedish_person_is_checked_against_the_personnummer() {
        assert_eq!(
            swede("19121212-1212", "1912-12-12").validate(&ctx("SE")),
            Ok(())
        );
        // Samordningsnummer: the day plus 60.
        assert_eq!(
            swede("199001629998", "1990-01-02").validate(&ctx("SE")),
            Ok(())
        );
        let mismatch = swede("191212121212", "1912-12-13").validate(&ctx("SE"));
        assert_eq!(
            problem_of(mismatch, "identityNumber"),
            Some(Problem::IdBirthDateMismatch)
        );
        let checksum = swede("191212121213", "1912-12-12").validate(&ctx("SE"));
        assert_eq!(
            problem_of(checksum, "identityNumber"),
            Some(Problem::IdChecksum)
        );
        let underage = swede("", "2010-01-01").validate(&ctx("SE"));
        assert_eq!(problem_of(underage, "dateOfBirth"), Some(Problem::Underage));
        let future = swede("", "2027-01-01").validate(&ctx("SE"));
        assert_eq!(
            problem_of(future, "dateOfBirth"),
            Some(Problem::DateInFuture)
        );
    }

    #[test]
    fn hidden_characters_are_refused_in_every_typed_field() {
        let invisible_name = PersonalDetails {
            first_name: "\u{200B}".into(),
            last_name: "La\u{202E}ne".into(),
            identity_number: "19121212\u{2060}1212".into(),
            ..swede("", "1912-12-12")
        };
        let errors = invisible_name.validate(&ctx("SE"));
        assert_eq!(
            problem_of(errors.clone(), "firstName"),
            Some(Problem::Required)
        );
        assert_eq!(
            problem_of(errors.clone(), "lastName"),
            Some(Problem::HiddenCharacter)
        );
        assert_eq!(
            problem_of(errors, "identityNumber"),
            Some(Problem::HiddenCharacter)
        );
        let address = PostalAddress {
            address_line1: "Drottninggatan\u{FEFF} 32".into(),
            address_line2: "\u{200D}".into(),
            postal_code: "111 45".into(),
            city: "\u{3164}".into(),
            country: "SE".into(),
        };
        let errors = address.validate();
        assert_eq!(
            problem_of(errors.clone(), "addressLine1"),
            Some(Problem::HiddenCharacter)
        );
        assert_eq!(
            problem_of(errors.clone(), "addressLine2"),
            Some(Problem::HiddenCharacter)
        );
        assert_eq!(problem_of(errors, "city"), Some(Problem::Required));
        let residences = TaxResidences {
            residences: vec![TaxResidence {
                country: "DE".into(),
                tax_number: "12 345\u{200C} 678 901".into(),
            }],
        };
        assert_eq!(
            problem_of(residences.validate(&ctx("SE")), "residences[0].taxNumber"),
            Some(Problem::HiddenCharacter)
        );
        let document = IdentityDocument {
            document_type: DocumentType::Passport,
            number: "\u{2066}AA1234567\u{2069}".into(),
            issuing_country: "SE".into(),
            issue_date: "2021-05-01".into(),
            expiry_date: "2031-05-01".into(),
            scan_id: "doc_1".into(),
            back_scan_id: String::new(),
        };
        assert_eq!(
            problem_of(document.validate(&ctx("SE")), "number"),
            Some(Problem::HiddenCharacter)
        );
    }

    #[test]
    fn the_identity_number_is_the_tax_number_at_home_in_sweden_and_norway() {
        let home = TaxResidence::at_home("SE", Some(" 19900101-1239 "));
        assert_eq!(
            (home.country.as_str(), home.tax_number.as_str()),
            ("SE", "19900101-1239")
        );
        let residences = TaxResidences {
            residences: vec![home],
        };
        assert_eq!(residences.validate(&ctx("SE")), Ok(()));
        assert_eq!(
            TaxResidence::at_home("NO", Some("01010750160")).tax_number,
            "01010750160"
        );
        assert_eq!(
            TaxResidence::at_home("DE", Some("T22000129")).tax_number,
            ""
        );
        assert_eq!(TaxResidence::at_home("SE", None).tax_number, "");
    }

    #[test]
    fn a_norwegian_person_needs_both_check_digits() {
        // Individual number 501 with year 07: born in 2007, not 1907.
        let person = swede("01010750160", "2007-01-01");
        assert_eq!(person.validate(&ctx("NO")), Ok(()));
        assert_eq!(
            problem_of(
                swede("01010750160", "1907-01-01").validate(&ctx("NO")),
                "identityNumber"
            ),
            Some(Problem::IdBirthDateMismatch)
        );
        let wrong = swede("01010750161", "2007-01-01");
        assert_eq!(
            problem_of(wrong.validate(&ctx("NO")), "identityNumber"),
            Some(Problem::IdChecksum)
        );
    }

    #[test]
    fn addresses_and_contacts() {
        let address = PostalAddress {
            address_line1: "Drottninggatan 32".into(),
            address_line2: String::new(),
            postal_code: "111 45".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
        };
        assert_eq!(address.validate(), Ok(()));
        let wrong = PostalAddress {
            postal_code: "0150".into(),
            ..address
        };
        assert_eq!(
            problem_of(wrong.validate(), "postalCode"),
            Some(Problem::PostalCode)
        );
        let contact = ContactDetails {
            email: "lois@dailyplanet.com".into(),
            phone_number: "070-123 45 67".into(),
        };
        assert_eq!(contact.validate("SE"), Ok(()));
        assert_eq!(
            contact.normalized("SE").map(|c| c.phone_number).as_deref(),
            Some("+46701234567")
        );
    }

    #[test]
    fn tax_residences_are_unique_and_valid_for_their_country() {
        let residences = |list: &[(&str, &str)]| TaxResidences {
            residences: list
                .iter()
                .map(|(c, n)| TaxResidence {
                    country: (*c).into(),
                    tax_number: (*n).into(),
                })
                .collect(),
        };
        assert_eq!(
            residences(&[("SE", "191212121212"), ("DE", "12 345 678 901")]).validate(&ctx("SE")),
            Ok(())
        );
        let twice =
            residences(&[("SE", "191212121212"), ("SE", "191212121212")]).validate(&ctx("SE"));
        assert_eq!(
            problem_of(twice, "residences[1].country"),
            Some(Problem::DuplicateCountry)
        );
        let bad = residences(&[("SE", "191212121213")]).validate(&ctx("SE"));
        assert_eq!(
            problem_of(bad, "residences[0].taxNumber"),
            Some(Problem::TaxNumber)
        );
        assert_eq!(
            problem_of(residences(&[]).validate(&ctx("SE")), "residences"),
            Some(Problem::Required)
        );
    }

    /// A valid passport, its scan uploaded.
    fn passport() -> IdentityDocument {
        IdentityDocument {
            document_type: DocumentType::Passport,
            number: "AA1234567".into(),
            issuing_country: "SE".into(),
            issue_date: "2021-05-01".into(),
            expiry_date: "2031-05-01".into(),
            scan_id: "doc_1".into(),
            back_scan_id: String::new(),
        }
    }

    #[test]
    fn an_expired_document_is_refused() {
        let document = passport();
        assert_eq!(document.validate(&ctx("SE")), Ok(()));
        let expired = IdentityDocument {
            expiry_date: "2026-11-22".into(),
            ..document.clone()
        };
        assert_eq!(
            problem_of(expired.validate(&ctx("SE")), "expiryDate"),
            Some(Problem::DocumentExpired)
        );
        let backwards = IdentityDocument {
            expiry_date: "2020-01-01".into(),
            ..document.clone()
        };
        assert_eq!(
            problem_of(backwards.validate(&ctx("SE")), "expiryDate"),
            Some(Problem::ExpiryBeforeIssue)
        );
        let no_scan = IdentityDocument {
            scan_id: String::new(),
            ..document
        };
        assert_eq!(
            problem_of(no_scan.validate(&ctx("SE")), "scanId"),
            Some(Problem::ScanRequired)
        );
    }

    #[test]
    fn a_card_needs_the_scan_of_its_back_and_a_passport_does_not() {
        assert!(!DocumentType::Passport.has_back());
        let passport = passport();
        assert_eq!(passport.validate(&ctx("SE")), Ok(()));
        for document_type in [DocumentType::NationalIdCard, DocumentType::DrivingLicence] {
            assert!(document_type.has_back());
            let front_only = IdentityDocument {
                document_type,
                ..passport.clone()
            };
            assert_eq!(
                problem_of(front_only.validate(&ctx("SE")), "backScanId"),
                Some(Problem::ScanRequired),
                "{document_type:?}"
            );
            let blank_back = IdentityDocument {
                back_scan_id: " ".into(),
                ..front_only.clone()
            };
            assert_eq!(
                problem_of(blank_back.validate(&ctx("SE")), "backScanId"),
                Some(Problem::ScanRequired)
            );
            let both = IdentityDocument {
                back_scan_id: "doc_2".into(),
                ..front_only
            };
            assert_eq!(both.validate(&ctx("SE")), Ok(()));
        }
    }

    #[test]
    fn the_back_is_named_back_scan_id_and_may_be_left_out() {
        let json = r#"{"documentType":"PASSPORT","number":"AA1234567","issuingCountry":"SE",
            "issueDate":"2021-05-01","expiryDate":"2031-05-01","scanId":"doc_1"}"#;
        let passport: IdentityDocument = serde_json::from_str(json).unwrap();
        assert_eq!(passport.back_scan_id, "");
        let card = IdentityDocument {
            document_type: DocumentType::NationalIdCard,
            back_scan_id: "doc_2".into(),
            ..passport
        };
        assert_eq!(serde_json::to_value(&card).unwrap()["backScanId"], "doc_2");
    }
}
