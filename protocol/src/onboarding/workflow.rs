//! A workflow as the onboarding provider describes it: who is onboarded and which steps, in
//! order. The widget renders exactly these steps; nothing about a workflow is hard-coded.

use serde::{Deserialize, Serialize};

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Subject {
        /// KYC: a person onboards themselves.
        Person = "PERSON",
        /// KYB: a person onboards an organization.
        Organization = "ORGANIZATION",
    }
}

crate::wire_enum! {
    /// One step of a workflow. The wire names are the provider's.
    // Ordered as a workflow lists them, so that a map by step reads in that order.
    #[derive(PartialOrd, Ord)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Step {
        PersonalDetails = "personalDetails",
        ContactDetails = "contactDetails",
        Address = "address",
        TaxResidence = "taxResidence",
        IdentityDocument = "identityDocument",
        Organization = "organization",
        Signing = "signing",
        OrganizationContact = "organizationContact",
        /// The open-banking consent: the bank accounts the applicant connects.
        BankConnection = "bankConnection",
        /// Read everything back and submit.
        Review = "review",
    }
}

impl Step {
    /// Steps whose answers are stored (the bank step keeps a consent, the review nothing).
    pub fn has_answer(self) -> bool {
        !matches!(self, Self::BankConnection | Self::Review)
    }
}

/// `GET` of a workflow, from the provider, as the widget receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Workflow {
    pub workflow_id: String,
    pub subject: Subject,
    /// The data-collecting steps, in order.
    pub steps: Vec<Step>,
    /// Whether the workflow ends with connecting a bank (skippable by the applicant).
    pub bank_connection: bool,
}

impl Workflow {
    /// Every step the applicant walks through: the workflow's own, then the bank, then the
    /// review, when there is anything to review (a bank-only workflow ends at the bank).
    pub fn walk(&self) -> Vec<Step> {
        let mut steps: Vec<Step> = self
            .steps
            .iter()
            .copied()
            .filter(|s| s.has_answer())
            .collect();
        let collects = !steps.is_empty();
        if self.bank_connection {
            steps.push(Step::BankConnection);
        }
        if collects {
            steps.push(Step::Review);
        }
        steps
    }

    /// Whether the applicant submits anything to the provider.
    pub fn collects(&self) -> bool {
        self.steps.iter().any(|s| s.has_answer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_ends_with_the_bank_and_the_review() {
        let workflow = Workflow {
            workflow_id: "kyc-demo".into(),
            subject: Subject::Person,
            steps: vec![Step::PersonalDetails, Step::Review, Step::ContactDetails],
            bank_connection: true,
        };
        assert_eq!(
            workflow.walk(),
            [
                Step::PersonalDetails,
                Step::ContactDetails,
                Step::BankConnection,
                Step::Review
            ]
        );
        let bank_only = Workflow {
            steps: vec![],
            ..workflow
        };
        assert_eq!(bank_only.walk(), [Step::BankConnection]);
    }
}
