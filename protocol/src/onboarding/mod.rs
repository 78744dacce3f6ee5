//! The onboarding itself: the workflow, each step's answers, and the rules they must meet. The
//! widget checks them as the user types; the server checks them again on every submission.

pub mod fields;
pub mod organization;
pub mod person;
pub mod workflow;

use serde::{Deserialize, Serialize};

pub use fields::{FieldError, Problem};
pub use organization::{
    IdentifierType, OrganizationConfirmation, OrganizationContact, SigningChoice, SigningRule,
};
pub use person::{
    ContactDetails, DocumentType, IdentityDocument, PersonalDetails, PostalAddress, TaxResidence,
    TaxResidences,
};
pub use workflow::{Step, Subject, Workflow};

use crate::date::Day;

/// What the rules depend on besides the answer itself.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The session's market (`SE`, `NO`, ...): which national numbers apply.
    pub market: &'a str,
    pub today: Day,
}

/// Every step's saved answer; a step not yet answered is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Answers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_details: Option<PersonalDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_details: Option<ContactDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_residence: Option<TaxResidences>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_document: Option<IdentityDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationConfirmation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<SigningChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_contact: Option<OrganizationContact>,
}

impl Answers {
    /// Whether a step has its answer (steps without answers always count as answered).
    pub fn has(&self, step: Step) -> bool {
        match step {
            Step::PersonalDetails => self.personal_details.is_some(),
            Step::ContactDetails => self.contact_details.is_some(),
            Step::Address => self.address.is_some(),
            Step::TaxResidence => self.tax_residence.is_some(),
            Step::IdentityDocument => self.identity_document.is_some(),
            Step::Organization => self.organization.is_some(),
            Step::Signing => self.signing.is_some(),
            Step::OrganizationContact => self.organization_contact.is_some(),
            Step::BankConnection | Step::Review => true,
        }
    }
}
