//! The AML screening API for organizations (docs/providers.md), asynchronous: a session is created
//! for an organization number or DUNS number with the expands wanted, its result entities (the JSON
//! data and the optional PDF reports) become `READY` one by one, are announced by webhooks
//! (`JsonDataReady`, `ReportReady`, `AllDone`, `Failed`) and live two hours after they are ready.
//! Field names are camelCase, as the document writes its JSON paths (`keyInformation.lei`,
//! `ownership.beneficials`, `links.reports`); status values are upper case.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// API access to the Organization resource.
pub const SCOPE_AML_BASIC: &str = "aml_organization/basic";
/// API access to the OFAC sanction list: needed for the `sanction` expand.
pub const SCOPE_AML_OFAC: &str = "aml_organization/OFAC";

crate::wire_enum! {
    /// A data set beyond `keyInformation` (which is always delivered), named by its JSON path.
    #[derive(PartialOrd, Ord)]
    pub enum Expand {
        Address = "address",
        Financials = "financials",
        OwnershipBeneficials = "ownership.beneficials",
        OwnershipSubsidiaries = "ownership.subsidiaries",
        OwnershipShareholders = "ownership.shareholders",
        OwnershipIndicators = "ownership.indicators",
        Authorities = "authorities",
        OfficialRoles = "officialRoles",
        /// Needs the scope [`SCOPE_AML_OFAC`].
        Sanction = "sanction",
        /// The PDF report "AML".
        ReportAml = "links.reports.aml",
        /// The PDF report "Certificate of registration" (the "Firmaattest" subset).
        ReportCertificateOfIncorporation = "links.reports.certificate_of_incorporation",
    }
}

impl Expand {
    /// The PDF report this expand asks for, if it is one.
    pub fn report(self) -> Option<ReportKind> {
        match self {
            Self::ReportAml => Some(ReportKind::Aml),
            Self::ReportCertificateOfIncorporation => Some(ReportKind::CertificateOfIncorporation),
            _ => None,
        }
    }
}

crate::wire_enum! {
    /// The PDF reports a session can produce; the wire name is also the report's path segment.
    #[derive(PartialOrd, Ord)]
    pub enum ReportKind {
        Aml = "aml",
        CertificateOfIncorporation = "certificate_of_incorporation",
    }
}

impl ReportKind {
    pub fn entity(self) -> ResultEntity {
        match self {
            Self::Aml => ResultEntity::Aml,
            Self::CertificateOfIncorporation => ResultEntity::CertificateOfIncorporation,
        }
    }
}

crate::wire_enum! {
    /// The notifications a session may send, chosen in the session request.
    pub enum WebhookEvent {
        /// The JSON content is ready for download.
        JsonDataReady = "JsonDataReady",
        /// A PDF report is ready for download (`entity` says which).
        ReportReady = "ReportReady",
        /// The session is finished and every content is ready for download.
        AllDone = "AllDone",
        /// Something went wrong and the session has been cancelled.
        Failed = "Failed",
    }
}

/// `POST /v1/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRequest {
    /// A Swedish organisationsnummer, a Norwegian organisasjonsnummer or a DUNS number.
    pub identifier: String,
    #[serde(default)]
    pub expands: Vec<Expand>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<WebhookEvent>,
}

/// The whole session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionState {
    /// Some result entity is still pending.
    InProgress,
    /// Every result entity is ready (or has since expired, one by one).
    Done,
    /// Cancelled by the provider; nothing can be downloaded.
    Failed,
    /// Every result entity has passed its lifetime.
    Expired,
}

impl SessionState {
    /// No later poll will see another state, except `Done` becoming `Expired`.
    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::InProgress)
    }
}

/// One result entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityState {
    Pending,
    Ready,
    Failed,
    /// Ready once, now past its lifetime (two hours after it became ready).
    Expired,
}

/// The result entities, by the names the status and the webhooks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResultEntity {
    #[serde(rename = "jsonData")]
    JsonData,
    #[serde(rename = "aml")]
    Aml,
    #[serde(rename = "certificate_of_incorporation")]
    CertificateOfIncorporation,
}

/// `201` to `POST /v1/sessions`, at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionCreated {
    pub session_id: String,
    pub status: SessionState,
    /// RFC 3339.
    pub created_at: String,
    pub links: SessionLinks,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionLinks {
    /// `GET` for the session's status.
    #[serde(rename = "self")]
    pub status: String,
    /// `GET` for the JSON result once `jsonData` is ready.
    pub result: String,
}

/// `GET /v1/sessions/{sessionId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    pub session_id: String,
    pub identifier: String,
    pub status: SessionState,
    pub created_at: String,
    pub expands: Vec<Expand>,
    pub entities: SessionEntities,
    /// Why the session failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<SessionFailure>,
}

/// One status per result entity; a report only when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEntities {
    #[serde(rename = "jsonData")]
    pub json_data: EntityStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aml: Option<EntityStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_of_incorporation: Option<EntityStatus>,
}

impl SessionEntities {
    pub fn report(&self, kind: ReportKind) -> Option<&EntityStatus> {
        match kind {
            ReportKind::Aml => self.aml.as_ref(),
            ReportKind::CertificateOfIncorporation => self.certificate_of_incorporation.as_ref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityStatus {
    pub status: EntityState,
    /// RFC 3339; set once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<String>,
    /// RFC 3339; set once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Where to download it; set while ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionFailure {
    pub code: String,
    pub message: String,
}

/// The body of a webhook notification (signed the Standard Webhooks way: `webhook-id`,
/// `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over `id.timestamp.body`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookNotification {
    pub session_id: String,
    pub event: WebhookEvent,
    /// Which entity became ready (`JsonDataReady`, `ReportReady`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<ResultEntity>,
    /// RFC 3339.
    pub timestamp: String,
}

/// A share in percent with two decimals, kept exact as hundredths of a percent (basis points)
/// and written as a JSON number (`33.33`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Percent {
    pub basis_points: u32,
}

impl Percent {
    pub const fn from_basis_points(basis_points: u32) -> Self {
        Self { basis_points }
    }

    pub const fn whole(percent: u32) -> Self {
        Self {
            basis_points: percent * 100,
        }
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.basis_points) / 100.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        if !(0.0..=100.0).contains(&value) {
            return Err(serde::de::Error::custom(
                "a percentage is between 0 and 100",
            ));
        }
        Ok(Self {
            basis_points: (value * 100.0).round() as u32,
        })
    }
}

/// `GET /v1/sessions/{sessionId}/result`: `keyInformation` always, the rest as expanded. An
/// expand with nothing to say is an empty node, not a missing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationResult {
    pub key_information: KeyInformation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Addresses>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financials: Option<Financials>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<Ownership>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorities: Option<Authorities>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_roles: Option<Vec<OfficialRole>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanction: Option<Sanction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<ResultLinks>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInformation {
    pub name: String,
    /// The national organization number (digits only); for a company known only by DUNS, None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duns: Option<String>,
    /// ISO 17442 Legal Entity Identifier, 20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lei: Option<String>,
    pub legal_form: LegalForm,
    /// e.g. `ACTIVE`, `LIQUIDATION`, `BANKRUPTCY`, `DEREGISTERED`.
    pub status: String,
    /// `YYYY-MM-DD`.
    pub registration_date: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub industry: Industry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalForm {
    /// e.g. `AB`, `AS`, `LTD`.
    pub code: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Industry {
    /// NACE / SNI code.
    pub code: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Addresses {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visiting: Option<PostalAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal: Option<PostalAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<PostalAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

/// Amounts are whole units of `currency` (the registers report annual accounts in whole kronor),
/// never floats.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Financials {
    /// The last three accounting years, newest first.
    #[serde(default)]
    pub accounting: Vec<AccountingYear>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_figures: Option<KeyFigures>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor: Option<Auditor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accountant: Option<Accountant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountingYear {
    pub year: u16,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    pub period_end: String,
    pub currency: String,
    pub turnover: i64,
    pub operating_profit: i64,
    pub net_income: i64,
    pub total_assets: i64,
    pub equity: i64,
    pub number_of_employees: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFigures {
    pub accounting_year: u16,
    pub currency: String,
    pub share_capital: i64,
    pub turnover: i64,
    pub operating_profit: i64,
    pub equity: i64,
    /// Net income of the year.
    pub earnings: i64,
    /// Where the figures come from, e.g. the companies register.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Auditor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_number: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accountant {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_number: Option<String>,
}

/// Each part only when its own expand was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ownership {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficials: Option<Vec<BeneficialOwner>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidiaries: Option<Vec<Subsidiary>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shareholders: Option<Vec<Shareholder>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<OwnershipIndicators>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeneficialOwner {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
    pub owner_share: Percent,
    /// Why this person counts, e.g. `DIRECT_OWNERSHIP`, `INDIRECT_OWNERSHIP`, `CONTROL`, and any
    /// official role (`CHAIRMAN`, `CEO`).
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subsidiary {
    pub name: String,
    pub organization_number: String,
    /// Owned by the screened company.
    pub percentage: Percent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shareholder {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_number: Option<String>,
    pub percentage: Percent,
    #[serde(rename = "type")]
    pub kind: ShareholderType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ShareholderType {
    Organization,
    Person,
}

/// Numbers describing the organisational structure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipIndicators {
    pub number_of_shareholders: u32,
    pub number_of_beneficial_owners: u32,
    pub number_of_subsidiaries: u32,
    /// Levels of companies between the screened company and its ultimate owners.
    pub ownership_levels: u32,
    pub foreign_shareholders: u32,
    /// The share of the company not traced to a natural person.
    pub unknown_ownership: Percent,
}

/// Signature rights and power of procuration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorities {
    #[serde(default)]
    pub signature_rights: Vec<AuthorityRule>,
    #[serde(default)]
    pub procuration: Vec<AuthorityRule>,
}

/// One registered rule, in the register's words, and the sets of people who may act together
/// under it: any one inner list signs for the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityRule {
    pub description: String,
    pub combinations: Vec<Vec<Signatory>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signatory {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_identity_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficialRole {
    pub role: RoleType,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Swedish personnummer (12 digits) or Norwegian fødselsnummer (11 digits), when registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_identity_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub from_date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleType {
    Ceo,
    Chairman,
    DeputyChairman,
    Proprietor,
    BoardMember,
    DeputyBoardMember,
    ContactPerson,
    CompanySecretary,
    RepresentativeForeignEntity,
    Trustee,
    /// A role this client does not know yet.
    #[serde(other)]
    Other,
}

impl RoleType {
    /// A full seat on the board: its chair, deputy chair or a member (a deputy member sits only
    /// in a member's absence).
    pub fn on_board(self) -> bool {
        matches!(
            self,
            RoleType::Chairman | RoleType::DeputyChairman | RoleType::BoardMember
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sanction {
    pub status: SanctionStatus,
    /// Set when there is no hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// How well the hit matches, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_indicator: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_indicator_description: Option<String>,
    #[serde(default)]
    pub alias_list: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The list's name, e.g. `OFAC SDN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_provider: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update: Option<String>,
    #[serde(default)]
    pub urls: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SanctionStatus {
    NoHit,
    Hit,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultLinks {
    pub reports: ReportLinks,
}

/// Download addresses of the PDF reports asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReportLinks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aml: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_of_incorporation: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_request_as_the_document_writes_it() {
        let request: SessionRequest = serde_json::from_str(
            r#"{"identifier":"5560360793","expands":["address","sanction","links.reports.aml"],"webhooks":["JsonDataReady","AllDone"]}"#,
        )
        .unwrap();
        assert_eq!(
            request.expands,
            [Expand::Address, Expand::Sanction, Expand::ReportAml]
        );
        assert_eq!(
            request.webhooks,
            [WebhookEvent::JsonDataReady, WebhookEvent::AllDone]
        );
    }

    #[test]
    fn percent_is_exact_on_the_wire() {
        let share = Percent::from_basis_points(3333);
        assert_eq!(serde_json::to_string(&share).unwrap(), "33.33");
        assert_eq!(serde_json::from_str::<Percent>("33.33").unwrap(), share);
        assert_eq!(
            serde_json::from_str::<Percent>("100").unwrap(),
            Percent::whole(100)
        );
        assert!(serde_json::from_str::<Percent>("101").is_err());
    }

    #[test]
    fn statuses_are_upper_case_and_unknown_roles_are_kept() {
        let entities = SessionEntities {
            json_data: EntityStatus {
                status: EntityState::Ready,
                ready_at: None,
                expires_at: None,
                href: None,
            },
            aml: None,
            certificate_of_incorporation: Some(EntityStatus {
                status: EntityState::Pending,
                ready_at: None,
                expires_at: None,
                href: None,
            }),
        };
        let json = serde_json::to_value(&entities).unwrap();
        assert_eq!(json["jsonData"]["status"], "READY");
        assert_eq!(json["certificate_of_incorporation"]["status"], "PENDING");
        assert_eq!(
            serde_json::to_string(&SessionState::InProgress).unwrap(),
            "\"IN_PROGRESS\""
        );
        assert_eq!(
            serde_json::from_str::<RoleType>("\"DEPUTY_BOARD_MEMBER\"").unwrap(),
            RoleType::DeputyBoardMember
        );
        assert_eq!(
            serde_json::from_str::<RoleType>("\"AUDITOR_DEPUTY\"").unwrap(),
            RoleType::Other
        );
        assert_eq!(
            serde_json::to_string(&SanctionStatus::NoHit).unwrap(),
            "\"NO_HIT\""
        );
    }
}
