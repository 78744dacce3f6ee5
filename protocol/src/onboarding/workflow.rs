//! A workflow as the onboarding provider describes it: who is onboarded and which steps, in
//! order. The widget renders exactly these steps; nothing about a workflow is hard-coded.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Subject {
    /// KYC: a person onboards themselves.
    Person,
    /// KYB: a person onboards an organization.
    Organization,
}

/// One step of a workflow. The wire names are the provider's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Step {
    PersonalDetails,
    ContactDetails,
    Address,
    TaxResidence,
    IdentityDocument,
    Organization,
    Signing,
    OrganizationContact,
    /// The open-banking consent: the bank accounts the applicant connects.
    BankConnection,
    /// Read everything back and submit.
    Review,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Self::PersonalDetails,
        Self::ContactDetails,
        Self::Address,
        Self::TaxResidence,
        Self::IdentityDocument,
        Self::Organization,
        Self::Signing,
        Self::OrganizationContact,
        Self::BankConnection,
        Self::Review,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PersonalDetails => "personalDetails",
            Self::ContactDetails => "contactDetails",
            Self::Address => "address",
            Self::TaxResidence => "taxResidence",
            Self::IdentityDocument => "identityDocument",
            Self::Organization => "organization",
            Self::Signing => "signing",
            Self::OrganizationContact => "organizationContact",
            Self::BankConnection => "bankConnection",
            Self::Review => "review",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.as_str() == name)
    }

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
    fn step_names_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
            let json = serde_json::to_string(&step).unwrap();
            assert_eq!(json, format!("\"{}\"", step.as_str()));
        }
        assert_eq!(Step::parse("nope"), None);
    }

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
