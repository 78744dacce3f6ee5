//! The onboarding provider's applications API (docs/providers.md): `POST /v1/applications.*`.

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, ApplicationStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateApplicationRequest {
    pub workflow_id: String,
    pub country_code: String,
    pub redirect_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateApplicationResponse {
    pub id: ApplicationId,
    /// Valid 60 minutes, authorised only for this application.
    pub session_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRef {
    pub application_id: ApplicationId,
}

/// `POST /v1/applications.get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub application_id: ApplicationId,
    pub status: ApplicationStatus,
    pub customer_id: String,
    pub workflow_id: String,
    pub market_id: String,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

/// The provider's error body (the document shows none; the sandbox names the field at fault).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Session tokens the provider issues live this long.
pub const SESSION_TOKEN_LIFETIME_SECS: u64 = 60 * 60;

/// A national identifier as the provider writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    pub id: String,
    pub issuing_country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// `VISITING` or `POSTAL` on organizations; absent on persons.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub address_line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HitSource {
    pub name: String,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PepRole {
    pub active: bool,
    pub category: String,
    pub detailed_category: String,
    pub description: String,
    pub from_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<String>,
}

/// A politically exposed person the screening matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PepHit {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_identity_number: Option<Identifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    pub pep_country: String,
    pub roles: Vec<PepRole>,
    pub source: HitSource,
}

/// A sanction-list entry the screening matched. Persons carry akas, birth dates and
/// citizenships; organizations aliases, countries, website and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SanctionHit {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub akas: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub date_of_births: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenships: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connected_countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    pub source: HitSource,
    pub listed_date: String,
}

/// `POST /v1/applications.person.get`: the applicant (KYC) or the person who onboarded the
/// organization (KYB). Identity fields are null when not collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
    pub personal_identity_number: Option<Identifier>,
    pub date_of_birth: Option<String>,
    pub coordination_number: Option<Identifier>,
    pub address: Option<Address>,
    #[serde(default)]
    pub pep_hits: Vec<PepHit>,
    #[serde(default)]
    pub sanction_hits: Vec<SanctionHit>,
}

/// `POST /v1/applications.person.contactDetails.get` (deprecated: the person has them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonContactDetails {
    pub email: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationAuthority {
    pub authority: String,
    pub country: String,
}

/// `POST /v1/applications.organization.get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub organization_name: String,
    pub organization_number: Identifier,
    pub legal_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foundation_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<String>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_employees_interval: Option<String>,
    #[serde(default)]
    pub industry_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_activity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_authority: Option<RegistrationAuthority>,
    #[serde(default)]
    pub sanction_hits: Vec<SanctionHit>,
}

/// `POST /v1/applications.organization.contactDetails.get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationContactDetails {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
}

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum PartyType {
        Person = "PERSON",
        Organization = "ORGANIZATION",
    }
}

/// A person or organization in a signing combination or on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Party {
    #[serde(rename = "type")]
    pub kind: PartyType,
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_identity_number: Option<Identifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_identifier: Option<Identifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_admin_rights: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pep_hits: Vec<PepHit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanction_hits: Vec<SanctionHit>,
}

/// `POST /v1/applications.organization.signedBy.get`, one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_identity_number: Option<Identifier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pep_hits: Vec<PepHit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanction_hits: Vec<SanctionHit>,
}

/// The provider's list envelope: `{"data": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataList<T> {
    pub data: Vec<T>,
}

/// `POST /applications.documents.list`, one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub document_type: String,
    pub context: String,
    pub content_type: String,
    pub size: u64,
    pub created_at: String,
    pub download_url: String,
    /// `APPLICANT` or `CUSTOMER_USER`.
    pub uploaded_by: String,
}

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum BankAccountType {
        /// Clearing number (4–5 digits) and account number (5–11 digits).
        SwedenDomestic = "SWEDEN_DOMESTIC",
        Iban = "IBAN",
    }
}

/// `POST /applications.bankAccounts.list`, one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    #[serde(rename = "type")]
    pub kind: BankAccountType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
}

/// `POST /v1/workflows.get` `{workflowId}`: the sandbox's stand-in for a workflow's
/// configuration on the provider's dashboard. The answer is `onboarding::Workflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkflowRef {
    pub workflow_id: String,
}

/// `POST /v1/applications.submit`: what the applicant gave, as the provider's no-code flow would
/// collect it; Onboard's widget plays that flow. The provider screens the persons and
/// organizations in it (PEP and sanction lists) and decides. Submitting twice changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationSubmission {
    pub application_id: ApplicationId,
    pub person: Person,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_contact_details: Option<OrganizationContactDetails>,
    #[serde(default)]
    pub signing_combinations: Vec<Vec<Party>>,
    #[serde(default)]
    pub board_members: Vec<Vec<Party>>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub bank_accounts: Vec<BankAccount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_get_response() {
        let json = r#"{
          "applicationId": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100",
          "status": "APPROVED",
          "customerId": "bits:customer::dd02eb82-9bf5-4922-b970-9d2ed2cc0639",
          "workflowId": "bits:workflow::5edba11d-bcd1-411b-a6d4-f99ae029f9cd",
          "marketId": "bits:market::296e5995-60ce-4479-bb7c-52d4683c05a2",
          "createdAt": "2020-01-01T13:37:00Z",
          "updatedAt": "2020-01-01T13:38:00Z"
        }"#;
        let app: Application = serde_json::from_str(json).unwrap();
        assert_eq!(app.status, ApplicationStatus::Approved);
        assert_eq!(app.updated_at, "2020-01-01T13:38:00Z");
    }

    #[test]
    fn parses_the_documented_create_response() {
        let json = r#"{"id": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100",
                       "sessionToken": "eyJhbGciOiJIUz..."}"#;
        let created: CreateApplicationResponse = serde_json::from_str(json).unwrap();
        assert_eq!(created.session_token, "eyJhbGciOiJIUz...");
    }
}
