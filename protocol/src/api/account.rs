//! The account the card issuer opened for an approved applicant, as the widget shows it:
//! `GET /api/v1/account`, `GET /api/v1/account/operations`, `GET /api/v1/account/operations/{id}`.
//! Amounts are exact minor units with their exponent; card numbers arrive masked.

use serde::{Deserialize, Serialize};

use crate::Money;

/// Operations per page of `GET /api/v1/account/operations`.
pub const OPERATIONS_PAGE_SIZE: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = IssuedAccountView))]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// The issuer's reference, last four digits only.
    pub account_number: String,
    /// First six and last four digits at most.
    pub masked_pan: String,
    /// What the holder owes (positive) or has in credit (negative), booked.
    pub balance: Money,
    /// Accepted since the current cycle began, not yet booked into the balance.
    pub pending: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OperationItem {
    pub id: String,
    /// `TRN`, `FEE`, `BONUS`, ... as the issuer names it.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub description: String,
    /// In the account's currency.
    pub amount: Money,
    /// As the merchant charged it, when in another currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_amount: Option<Money>,
    /// RFC 3339, when it was posted.
    pub posted_at: String,
    pub reversal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OperationsPage {
    pub operations: Vec<OperationItem>,
    /// From 0.
    pub page: u32,
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OperationDetailView {
    pub operation: OperationItem,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_pan: Option<String>,
    /// Units of the original currency per unit of the account's, as the issuer states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<f64>,
    /// The purchase a fee was charged for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OperationItem>,
}
