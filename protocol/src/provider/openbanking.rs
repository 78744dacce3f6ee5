//! The open-banking account-information provider (docs/providers.md).
//! Its JSON uses PascalCase names, as the document writes them (`OwnerName`,
//! `TransactionFromDateTime`, statuses `Open`, `Authorised`, ...).

use serde::{Deserialize, Serialize};

/// Scope of the provider's account-information API.
pub const SCOPE_AIS: &str = "ais";

/// `GET /aspsp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AspspList {
    pub aspsps: Vec<Aspsp>,
}

/// A bank (account servicing payment service provider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Aspsp {
    pub aspsp_id: String,
    pub name: String,
    pub country_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    pub logo_url: String,
    pub details_and_options: DetailsAndOptions,
}

/// The document's "Details and Options": what the bank supports and requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetailsAndOptions {
    /// Always `Redirect` here: the account holder authorises at the bank's own pages.
    pub authorisation_approach: String,
    /// Endpoints the bank supports, e.g. `POST /consents`, `GET /accounts`.
    pub endpoints: Vec<String>,
    /// Fields a consent request must carry for this bank.
    pub mandatory_fields: Vec<String>,
    pub supports_owner_name: bool,
    pub transaction_filter: TransactionFilter,
    pub transaction_delivery: TransactionDelivery,
    /// A bank that cannot revoke leaves consents `RevokedAtTpp` on DELETE.
    pub supports_revoke: bool,
}

/// How `dateFrom`/`dateTo` are read by this bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TransactionFilter {
    /// `YYYY-MM-DD`, whole days (20101).
    Date,
    /// RFC 3339 date-times (20116).
    DateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TransactionDelivery {
    /// Pages with first/next/previous/last/self links.
    Paginated,
    /// Only a link to `GET /download/transactions/{id}` (20102).
    Download,
}

crate::wire_enum! {
    #[derive(PartialOrd, Ord)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Permission {
        Accounts = "Accounts",
        Balances = "Balances",
        Transactions = "Transactions",
    }
}

/// `POST /consents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsentRequest {
    pub aspsp_id: String,
    /// None or empty: all three.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub owner_name: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_from_date_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_to_date_time: Option<String>,
    /// Where the bank sends the browser back to, with `consentId` and `state`.
    pub redirect_uri: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Link {
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsentLinks {
    /// The bank's login page for this consent.
    pub redirect: Link,
    /// `GET /consents/{id}/status`.
    pub status: Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsentCreated {
    pub consent_id: String,
    pub consent_status: ConsentStatus,
    pub links: ConsentLinks,
}

/// `GET /consents/{id}/status` and `DELETE /consents/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsentStatusResponse {
    pub consent_id: String,
    pub consent_status: ConsentStatus,
}

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ConsentStatus {
        /// Created; the account holder has not acted yet.
        Open = "Open",
        Authorised = "Authorised",
        /// Denied by the account holder: final.
        Rejected = "Rejected",
        Revoked = "Revoked",
        /// Revoked on our side only: the bank could not revoke, but the consent can no longer be
        /// used.
        RevokedAtTpp = "RevokedAtTpp",
    }
}

impl ConsentStatus {
    /// Whether polling can stop: the account holder has decided.
    pub fn is_decided(self) -> bool {
        self != Self::Open
    }

    /// Whether data may be read under this consent.
    pub fn grants_access(self) -> bool {
        self == Self::Authorised
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Open => "consent.open",
            Self::Authorised => "consent.authorised",
            Self::Rejected => "consent.rejected",
            Self::Revoked => "consent.revoked",
            Self::RevokedAtTpp => "consent.revoked_at_tpp",
        }
    }
}

/// The header naming the consent a data request is made under.
pub const CONSENT_ID_HEADER: &str = "Consent-ID";

/// `GET /accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountList {
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    pub account_id: String,
    pub iban: String,
    pub currency: String,
    pub name: String,
    pub product: String,
    /// Only when the consent asked for it and the bank supports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

/// A decimal amount as a string, exactly as banks send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Amount {
    pub amount: String,
    pub currency: String,
}

/// `GET /accounts/{id}/balances`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BalanceList {
    pub account_id: String,
    pub balances: Vec<Balance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Balance {
    /// `ClosingBooked`, `InterimAvailable`, ...
    pub balance_type: String,
    pub balance_amount: Amount,
    /// `YYYY-MM-DD`.
    pub reference_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Transaction {
    pub transaction_id: String,
    /// `YYYY-MM-DD`.
    pub booking_date: String,
    /// RFC 3339, from banks that filter by date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_date_time: Option<String>,
    pub value_date: String,
    pub transaction_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debtor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remittance_information: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PageLinks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Link>,
    #[serde(rename = "Self", default, skip_serializing_if = "Option::is_none")]
    pub self_link: Option<Link>,
    /// Download banks (20102): the only link, to `GET /download/transactions/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<Link>,
}

/// `GET /accounts/{id}/transactions?dateFrom&dateTo[&page]`. A download bank sends no
/// `Transactions`, only `Links.Download`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactionPage {
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions: Option<Vec<Transaction>>,
    pub links: PageLinks,
}

/// `GET /download/transactions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactionDownload {
    pub account_id: String,
    pub transactions: Vec<Transaction>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_request_uses_the_documents_names() {
        let request = ConsentRequest {
            aspsp_id: "20101".into(),
            permissions: vec![Permission::Accounts, Permission::Balances],
            owner_name: true,
            transaction_from_date_time: Some("2026-01-01T00:00:00Z".into()),
            transaction_to_date_time: None,
            redirect_uri: "https://onboard.example/callback/consent".into(),
            state: "s".into(),
        };
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["AspspId"], "20101");
        assert_eq!(
            json["Permissions"],
            serde_json::json!(["Accounts", "Balances"])
        );
        assert_eq!(json["OwnerName"], true);
        assert_eq!(json["TransactionFromDateTime"], "2026-01-01T00:00:00Z");
        assert!(json.get("TransactionToDateTime").is_none());
    }

    #[test]
    fn consent_statuses() {
        let json = serde_json::to_string(&ConsentStatus::RevokedAtTpp).unwrap();
        assert_eq!(json, "\"RevokedAtTpp\"");
        assert!(!ConsentStatus::Open.is_decided());
        assert!(ConsentStatus::Rejected.is_decided());
        assert!(ConsentStatus::Authorised.grants_access());
        assert!(!ConsentStatus::RevokedAtTpp.grants_access());
    }

    #[test]
    fn page_links_spell_self() {
        let links = PageLinks {
            self_link: Some(Link { href: "/x".into() }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&links).unwrap(),
            serde_json::json!({"Self": {"Href": "/x"}})
        );
    }
}
