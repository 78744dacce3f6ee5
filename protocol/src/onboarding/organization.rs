//! The KYB steps: which organization, confirmed against its register data, who signs for it,
//! and who to contact.

use serde::{Deserialize, Serialize};

use super::fields::{self, Problem, Problems};
use super::person::MAX_NAME;
use crate::identity;
use crate::provider::aml::RoleType;

crate::wire_enum! {
    #[derive(Default)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum IdentifierType {
        /// The market's register number (Swedish organisationsnummer, Norwegian
        /// organisasjonsnummer).
        #[default]
        OrganizationNumber = "ORGANIZATION_NUMBER",
        /// A D-U-N-S number, for any market.
        Duns = "DUNS",
    }
}

/// The normalized identifier, digits only: what the screening is started with.
pub fn organization_identifier(
    kind: IdentifierType,
    value: &str,
    market: &str,
) -> Result<String, Problem> {
    let value = fields::filled(value)?;
    let checked = match (kind, market) {
        (IdentifierType::Duns, _) => identity::duns(value),
        (IdentifierType::OrganizationNumber, "SE") => identity::swedish_organisationsnummer(value),
        (IdentifierType::OrganizationNumber, "NO") => {
            identity::norwegian_organisasjonsnummer(value)
        }
        // Elsewhere the register number is not checked here; DUNS is the way in.
        (IdentifierType::OrganizationNumber, _) => return Err(Problem::OrganizationNumber),
    };
    checked.map_err(|err| match (err, kind) {
        (identity::IdError::Checksum, _) => Problem::IdChecksum,
        (_, IdentifierType::Duns) => Problem::Duns,
        (_, IdentifierType::OrganizationNumber) => Problem::OrganizationNumber,
    })
}

/// The organization step: the identifier the screening ran on, and the applicant's word that
/// the register data shown is their organization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationConfirmation {
    pub identifier_type: IdentifierType,
    pub organization_number: String,
    pub confirmed: bool,
}

impl OrganizationConfirmation {
    pub fn validate(&self, market: &str) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        problems.check(
            "organizationNumber",
            organization_identifier(self.identifier_type, &self.organization_number, market)
                .map(drop),
        );
        problems.check(
            "confirmed",
            if self.confirmed {
                Ok(())
            } else {
                Err(Problem::ConfirmRequired)
            },
        );
        problems.into_result()
    }
}

/// Which of the organization's signing combinations will sign: an index into the list the
/// screening returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SigningChoice {
    pub combination: Option<u32>,
}

impl SigningChoice {
    pub fn validate(&self, combinations: usize) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        let check = match self.combination {
            None => Err(Problem::Required),
            Some(i) if i as usize >= combinations => Err(Problem::SigningCombination),
            Some(_) => Ok(()),
        };
        problems.check("combination", check);
        problems.into_result()
    }
}

/// A signing combination in Onboard's own words, beside the register's (which are in the
/// register's language): who the rule lets sign, told from the roles its signers hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SigningRule {
    /// Every member of the board, together.
    WholeBoard,
    /// Some of the board's members, jointly.
    BoardMembers { count: u32 },
    /// The chief executive alone.
    ChiefExecutive,
    /// One person alone: a holder of procuration, a proprietor.
    Alone,
    /// Several people jointly, not all of them on the board.
    Jointly { count: u32 },
}

impl SigningRule {
    /// The rule of a combination whose signers hold `roles` (each signer's, from the register),
    /// for a board of `board_size` members.
    pub fn of(roles: &[Vec<RoleType>], board_size: usize) -> Self {
        let on_board = |roles: &Vec<RoleType>| roles.iter().any(|role| role.on_board());
        let count = u32::try_from(roles.len()).unwrap_or(u32::MAX);
        match roles {
            [only] if only.contains(&RoleType::Ceo) => Self::ChiefExecutive,
            [_] => Self::Alone,
            _ if roles.iter().all(on_board) && roles.len() == board_size => Self::WholeBoard,
            _ if roles.iter().all(on_board) => Self::BoardMembers { count },
            _ => Self::Jointly { count },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationContact {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
}

impl OrganizationContact {
    /// The phone number may be written as at home in `market`.
    pub fn validate(&self, market: &str) -> Result<(), Vec<fields::FieldError>> {
        let mut problems = Problems::default();
        problems.check("firstName", fields::text(&self.first_name, MAX_NAME));
        problems.check("lastName", fields::text(&self.last_name, MAX_NAME));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_by_market_and_type() {
        use IdentifierType::*;
        assert_eq!(
            organization_identifier(OrganizationNumber, "556036-0793", "SE").as_deref(),
            Ok("5560360793")
        );
        assert_eq!(
            organization_identifier(OrganizationNumber, "556036-0794", "SE"),
            Err(Problem::IdChecksum)
        );
        assert_eq!(
            organization_identifier(OrganizationNumber, "923 609 016", "NO").as_deref(),
            Ok("923609016")
        );
        assert_eq!(
            organization_identifier(OrganizationNumber, "923609017", "NO"),
            Err(Problem::IdChecksum)
        );
        assert_eq!(
            organization_identifier(Duns, "15-048-3782", "DE").as_deref(),
            Ok("150483782")
        );
        assert_eq!(
            organization_identifier(OrganizationNumber, "123456789", "DE"),
            Err(Problem::OrganizationNumber)
        );
        assert_eq!(
            organization_identifier(Duns, " ", "SE"),
            Err(Problem::Required)
        );
        assert_eq!(
            organization_identifier(Duns, "\u{200B}", "SE"),
            Err(Problem::Required)
        );
        assert_eq!(
            organization_identifier(OrganizationNumber, "556036\u{202E}-0793", "SE"),
            Err(Problem::HiddenCharacter)
        );
    }

    #[test]
    fn a_contact_of_hidden_characters_is_refused() {
        let contact = OrganizationContact {
            first_name: "\u{200B}\u{200B}".into(),
            last_name: "Kent\u{202E}".into(),
            email: "clark@dailyplanet.com\u{FEFF}".into(),
            phone_number: "+46 70 123 45 67".into(),
        };
        let problems: Vec<_> = contact
            .validate("SE")
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("firstName".to_owned(), Problem::Required),
                ("lastName".to_owned(), Problem::HiddenCharacter),
                ("email".to_owned(), Problem::HiddenCharacter),
            ]
        );
    }

    #[test]
    fn the_organization_must_be_confirmed_and_a_combination_picked() {
        let unconfirmed = OrganizationConfirmation {
            identifier_type: IdentifierType::OrganizationNumber,
            organization_number: "5560360793".into(),
            confirmed: false,
        };
        let errors = unconfirmed.validate("SE").unwrap_err();
        assert_eq!(errors[0].field, "confirmed");
        assert!(SigningChoice {
            combination: Some(1)
        }
        .validate(2)
        .is_ok());
        assert!(SigningChoice {
            combination: Some(2)
        }
        .validate(2)
        .is_err());
        assert!(SigningChoice { combination: None }.validate(2).is_err());
    }

    #[test]
    fn signing_rules_in_onboards_words() {
        use RoleType::{BoardMember, Ceo, Chairman, Other};
        let board = vec![Chairman];
        let member = vec![BoardMember];
        assert_eq!(
            SigningRule::of(&[board.clone(), member.clone(), member.clone()], 3),
            SigningRule::WholeBoard
        );
        assert_eq!(
            SigningRule::of(&[board.clone(), member.clone()], 3),
            SigningRule::BoardMembers { count: 2 }
        );
        assert_eq!(
            SigningRule::of(&[vec![Ceo, BoardMember]], 3),
            SigningRule::ChiefExecutive
        );
        assert_eq!(SigningRule::of(&[vec![]], 3), SigningRule::Alone);
        assert_eq!(
            SigningRule::of(std::slice::from_ref(&member), 1),
            SigningRule::Alone
        );
        assert_eq!(
            SigningRule::of(&[member, vec![Other]], 3),
            SigningRule::Jointly { count: 2 }
        );
    }

    #[test]
    fn a_signing_rule_on_the_wire() {
        let rule = serde_json::to_value(SigningRule::BoardMembers { count: 2 }).unwrap();
        assert_eq!(
            rule,
            serde_json::json!({"kind": "BOARD_MEMBERS", "count": 2})
        );
        let rule = serde_json::to_value(SigningRule::ChiefExecutive).unwrap();
        assert_eq!(rule, serde_json::json!({"kind": "CHIEF_EXECUTIVE"}));
    }
}
