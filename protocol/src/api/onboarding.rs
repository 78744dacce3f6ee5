//! The widget's onboarding API: the workflow with the answers saved so far, the organization
//! screening, the final submit and the results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::onboarding::{Answers, IdentifierType, SigningRule, Step, Workflow};
use crate::provider::onboarding::{
    BankAccount, Document, Organization, OrganizationContactDetails, Party, Person, Signer,
};
use crate::ApplicationStatus;

/// `GET /api/v1/onboarding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OnboardingView {
    pub workflow: Workflow,
    /// What the server has stored, step by step.
    pub answers: Answers,
    /// The scans uploaded for the identity document, newest first (the last
    /// [`MAX_LISTED_SCANS`]): the document step shows those its answer names, front and back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scans: Vec<ScanView>,
    /// Submitted to the provider: from here on the widget only waits for the decision.
    pub submitted: bool,
    /// What the applicant typed in a step but did not save yet (`PUT
    /// /api/v1/onboarding/drafts/{step}`), by step name, unchecked: a widget on another device
    /// fills the step's form with it. A step's draft goes when its answer is saved, and all of
    /// them with the submit.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<Step, Object>))]
    pub drafts: BTreeMap<Step, Draft>,
}

/// A step's draft: a JSON object with the field names of the step's answer, none of them
/// checked, kept as its text.
pub type Draft = super::ObjectJson;

/// Drafts larger than this (the body of their `PUT`) are refused (413): a step's fields, typed
/// by a person, fit many times over.
pub const MAX_DRAFT_BYTES: usize = 16 * 1024;

/// `POST /api/v1/onboarding/documents` (the file as the body): the stored scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScanView {
    pub id: String,
    /// Found from the content, never from the file name.
    pub content_type: String,
    pub size: u64,
    #[serde(default)]
    pub file_name: String,
}

/// How many of the latest scans `GET /api/v1/onboarding` lists: those of one document, front and
/// back, and the tries before them.
pub const MAX_LISTED_SCANS: usize = 10;

/// Scans larger than this are refused (413) while streaming in.
pub const MAX_SCAN_BYTES: u64 = 5 * 1024 * 1024;

/// The longest edge, in pixels, of a photo the widget sends: a document reads well at it, and
/// a 12-megapixel photo comes down to well under [`MAX_SCAN_BYTES`] as a JPEG.
pub const SCAN_LONG_EDGE: u32 = 2000;

/// The size a `width` × `height` photo is sent at: `None` when it fits [`SCAN_LONG_EDGE`]
/// already, else scaled down to it, proportions kept.
pub fn scan_size(width: u32, height: u32) -> Option<(u32, u32)> {
    let long = width.max(height);
    (long > SCAN_LONG_EDGE).then(|| {
        let scale = |side: u32| {
            ((u64::from(side) * u64::from(SCAN_LONG_EDGE) + u64::from(long) / 2) / u64::from(long))
                .max(1) as u32
        };
        (scale(width), scale(height))
    })
}

/// A scan's bytes as a body of their own (`application/octet-stream`): a JPEG, PNG or PDF.
#[cfg(feature = "openapi")]
pub struct ScanBytes;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ScanBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        super::formatted_string(utoipa::openapi::KnownFormat::Binary).into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ScanBytes {}

/// `POST /api/v1/onboarding/screening`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StartScreening {
    pub identifier_type: IdentifierType,
    pub organization_number: String,
}

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ScreeningState {
        Pending = "PENDING",
        Ready = "READY",
        Failed = "FAILED",
    }
}

/// `GET /api/v1/onboarding/screening`: the organization's screening, `null` until one is
/// started. Not yet having one is an answer, not an error: a 404 would be logged in red in the
/// console of every partner page that embeds a KYB step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CurrentScreening {
    #[serde(default)]
    pub screening: Option<ScreeningView>,
}

/// The AML screening of the organization, as the applicant sees it to confirm (`POST` answers
/// it, `GET` within [`CurrentScreening`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScreeningView {
    pub state: ScreeningState,
    pub organization_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<OrganizationProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationProfile {
    pub name: String,
    pub organization_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lei: Option<String>,
    pub legal_form: String,
    /// The register's code (`ACTIVE`, `LIQUIDATION`, `BANKRUPTCY`, `DEREGISTERED`, ...): the
    /// widget words those it knows.
    pub status: String,
    pub registration_date: String,
    pub addresses: Vec<ProfileAddress>,
    pub beneficial_owners: Vec<BeneficialOwnerView>,
    pub official_roles: Vec<RoleView>,
    /// Who may sign for the organization; the applicant picks one by index.
    pub signing_combinations: Vec<SigningCombinationView>,
}

crate::wire_enum! {
    /// Which of an organization's registered addresses it is.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum AddressKind {
        Visiting = "VISITING",
        Postal = "POSTAL",
        Registered = "REGISTERED",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileAddress {
    pub kind: AddressKind,
    /// One line, as the register writes it.
    pub line: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BeneficialOwnerView {
    pub name: String,
    /// Hundredths of a percent, exact.
    pub share_basis_points: u32,
    /// Why the person counts: the register's codes (`DIRECT_OWNERSHIP`, `CONTROL`, an official
    /// role such as `CHAIRMAN`).
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    /// The register's role code (`CEO`, `CHAIRMAN`, `BOARD_MEMBER`, ...).
    pub role: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SigningCombinationView {
    /// The rule it comes from, in the register's words.
    pub description: String,
    /// The language of `description` (BCP 47), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_language: Option<String>,
    /// The rule in Onboard's words, for the widget to say in the customer's language.
    pub rule: SigningRule,
    pub signers: Vec<String>,
}

/// `GET /api/v1/onboarding/results`: the results, `null` before the submit (an application
/// decided without one, such as a bank-only workflow's, has none): an answer, not a 404 in the
/// console of the partner's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CurrentResults {
    #[serde(default)]
    pub results: Option<ResultsView>,
}

/// Everything the provider returns about the application (within [`CurrentResults`] for the
/// widget, within the application for the partner). Bank account and identity numbers arrive
/// masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResultsView {
    pub status: ApplicationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_contact: Option<OrganizationContactDetails>,
    #[serde(default)]
    pub signing_combinations: Vec<Vec<Party>>,
    #[serde(default)]
    pub signed_by: Vec<Signer>,
    #[serde(default)]
    pub board_members: Vec<Vec<Party>>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub bank_accounts: Vec<BankAccount>,
}

impl ResultsView {
    /// The results as the applicant's browser gets them: without the PEP and sanction
    /// screening, which is the partner's to act on. No onboarding service shows a watchlist
    /// result to the person screened: it would tip them off.
    pub fn without_screening(mut self) -> Self {
        if let Some(person) = &mut self.person {
            person.pep_hits.clear();
            person.sanction_hits.clear();
        }
        if let Some(organization) = &mut self.organization {
            organization.sanction_hits.clear();
        }
        let parties = self
            .signing_combinations
            .iter_mut()
            .chain(self.board_members.iter_mut())
            .flatten();
        for party in parties {
            party.pep_hits.clear();
            party.sanction_hits.clear();
        }
        for signer in &mut self.signed_by {
            signer.pep_hits.clear();
            signer.sanction_hits.clear();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn photos_come_down_to_the_long_edge() {
        use super::scan_size;
        // A 12-megapixel phone photo, either way up.
        assert_eq!(scan_size(4032, 3024), Some((2000, 1500)));
        assert_eq!(scan_size(3024, 4032), Some((1500, 2000)));
        assert_eq!(scan_size(2000, 1000), None);
        assert_eq!(scan_size(640, 480), None);
        assert_eq!(scan_size(100_000, 1), Some((2000, 1)));
    }

    use serde_json::json;

    use super::{OnboardingView, ResultsView};
    use crate::onboarding::Step;

    #[test]
    fn drafts_are_objects_by_step_name_and_none_when_left_out() {
        let view = json!({
            "workflow": {"workflowId": "kyc-demo", "subject": "PERSON",
                "steps": ["personalDetails", "address"], "bankConnection": false},
            "answers": {},
            "submitted": false,
            "drafts": {"address": {"city": "Lund"}, "personalDetails": {"firstName": "Ann"}},
        });
        let read: OnboardingView = serde_json::from_value(view.clone()).unwrap();
        assert_eq!(
            read.drafts.keys().copied().collect::<Vec<_>>(),
            [Step::PersonalDetails, Step::Address],
            "in the workflow's order"
        );
        assert_eq!(read.drafts[&Step::Address].0, r#"{"city":"Lund"}"#);
        assert_eq!(serde_json::to_value(&read).unwrap(), view);

        let mut older = view;
        older.as_object_mut().unwrap().remove("drafts");
        let read: OnboardingView = serde_json::from_value(older).unwrap();
        assert!(read.drafts.is_empty());
    }

    #[test]
    fn the_applicants_results_carry_no_screening_and_lose_nothing_else() {
        let source = json!({"name": "EU", "link": "https://sanctions.example"});
        let sanction = json!([{"name": "X", "source": source, "listedDate": "2020-01-01"}]);
        let pep = json!([{"name": "X", "pepCountry": "SE", "roles": [], "source": source}]);
        let party = json!({"type": "PERSON", "name": "Ada", "roles": ["CEO"],
            "pepHits": pep, "sanctionHits": sanction});
        let screened: ResultsView = serde_json::from_value(json!({
            "status": "DECLINED",
            "person": {"firstName": "Ada", "lastName": "L", "email": "a@x.se",
                "phoneNumber": "+46701234567", "personalIdentityNumber": null,
                "dateOfBirth": null, "coordinationNumber": null, "address": null,
                "pepHits": pep, "sanctionHits": sanction},
            "organization": {"organizationName": "Org AB",
                "organizationNumber": {"id": "5560360793", "issuingCountry": "SE"},
                "legalType": "AB", "sanctionHits": sanction},
            "signingCombinations": [[party]],
            "signedBy": [{"name": "Ada", "pepHits": pep, "sanctionHits": sanction}],
            "boardMembers": [[party]],
        }))
        .unwrap();

        let shown = serde_json::to_string(&screened.clone().without_screening()).unwrap();
        for word in ["EU", "sanctions.example", "listedDate", "pepCountry"] {
            assert!(!shown.contains(word), "{word} in {shown}");
        }
        let kept: ResultsView = serde_json::from_str(&shown).unwrap();
        assert_eq!(kept.person.unwrap().first_name, "Ada");
        assert_eq!(kept.organization.unwrap().organization_name, "Org AB");
        assert_eq!(kept.signing_combinations[0][0].roles, ["CEO"]);
        assert_eq!(kept.board_members.len(), 1);
        assert_eq!(kept.signed_by[0].name, "Ada");
    }
}
