//! The widget's open-banking API: banks, consents and the data read under them.
//!
//! Paths (all Bearer session token):
//! - `GET  /api/v1/banks?country=SE&q=nord` → [`BankList`]
//! - `POST /api/v1/consents` [`CreateConsent`] → [`ConsentCreated`] (idempotent on `idempotencyKey`)
//! - `GET  /api/v1/consents/{consentId}` → [`ConsentView`]
//! - `POST /api/v1/consents/{consentId}/confirm` [`ConfirmConsent`] → [`ConsentView`]: the
//!   browser came back from the bank to this session (without it, nothing of the consent is the
//!   session's: its data answers 403 `consent_not_confirmed`)
//! - `DELETE /api/v1/consents/{consentId}` → [`ConsentView`] (Revoked or RevokedAtTpp)
//! - `GET  /api/v1/consents/{consentId}/accounts` → [`AccountsView`]
//! - `GET  /api/v1/consents/{consentId}/accounts/{accountId}/balances` → [`BalancesView`]
//! - `GET  /api/v1/consents/{consentId}/accounts/{accountId}/transactions?dateFrom&dateTo&cursor`
//!   → [`TransactionsView`]
//! - `GET  /api/v1/consents/{consentId}/accounts/{accountId}/transactions/download?dateFrom&dateTo`
//!   → [`TransactionsView`] with every transaction and no cursors
//! - `GET  /callback/consent?consentId&state` (the bank's redirect back; browser navigation)
//!   → 303 to `/#consent={consentId}&return={code}` (or `/bank-return#...` in the popup): a
//!   one-time return code, in the fragment, that only the session's own confirm accepts.

use serde::{Deserialize, Serialize};

use crate::money::Money;
pub use crate::provider::openbanking::{
    ConsentStatus, Permission, TransactionDelivery, TransactionFilter,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bank {
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Same-origin path of the bank's logo (served by the server, so CSP `img-src 'self'` holds).
    pub logo_url: String,
    pub transaction_filter: TransactionFilter,
    pub transaction_delivery: TransactionDelivery,
    pub supports_owner_name: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BankList {
    pub banks: Vec<Bank>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateConsent {
    /// A bank `GET /api/v1/banks` lists.
    pub bank_id: String,
    /// Empty: all three.
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub owner_name: bool,
    /// Inclusive; not after `transactionsTo`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<super::FilterDate>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_from: Option<String>,
    /// Inclusive.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<super::FilterDate>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_to: Option<String>,
    /// Chosen by the widget per attempt: the same key twice makes one consent (double clicks,
    /// retries after a lost response).
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub idempotency_key: String,
    /// Where the bank is shown, and so where the bank's redirect back should land.
    #[serde(default)]
    pub display: BankDisplay,
}

crate::wire_enum! {
    /// A widget on its own page sends the whole page to the bank; a framed one opens the bank in a
    /// popup (banks refuse to be framed), which closes itself once back.
    #[derive(Default)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum BankDisplay {
        #[default]
        Page = "page",
        Popup = "popup",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentCreated {
    pub consent_id: String,
    pub status: ConsentStatus,
    /// The bank's login page; the widget sends the browser there.
    pub redirect_url: String,
}

/// The return code the bank's redirect back brought, confirmed by the session that made the
/// consent. Refused (`bank_return_refused`) when unknown, spent, expired, of another consent or
/// presented without that session; the code is spent either way and an unconfirmed consent is
/// then withdrawn at the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfirmConsent {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    pub consent_id: String,
    pub bank_id: String,
    pub bank_name: String,
    /// The bank's decision once this session has confirmed its return from the bank
    /// (`POST /api/v1/consents/{id}/confirm`); `Open` until then, whatever the bank decided.
    pub status: ConsentStatus,
    /// The bank has decided, and the browser has not yet come back from it to this session.
    #[serde(default)]
    pub awaiting_return: bool,
    pub permissions: Vec<Permission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub account_id: String,
    /// In full; the widget shows the last four until the user asks for more.
    pub iban: String,
    pub currency: String,
    pub name: String,
    pub product: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountsView {
    pub accounts: Vec<AccountView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BalanceView {
    /// `ClosingBooked`, `InterimAvailable`, ...
    pub kind: String,
    pub amount: Money,
    pub reference_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BalancesView {
    pub balances: Vec<BalanceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransactionView {
    pub transaction_id: String,
    pub booking_date: String,
    pub amount: Money,
    /// The other party: creditor for money out, debtor for money in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Opaque page cursors: the widget passes one back as `cursor=`; it never sees upstream URLs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageCursors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransactionsView {
    pub transactions: Vec<TransactionView>,
    pub cursors: PageCursors,
    /// The bank delivers transactions only as a download: call `.../transactions/download`.
    #[serde(default)]
    pub download_only: bool,
}

/// Longest accepted `q` for bank search.
pub const MAX_BANK_QUERY_LEN: usize = 64;
