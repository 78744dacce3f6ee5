//! The card issuer's account API (docs/providers.md): operations posted on an account, their
//! detail, fee posting and reversal, and the account's balance and contract. camelCase JSON;
//! amounts are `{value, exponent, isoCode}` integers; read answers are wrapped in `{"data"}` and
//! write answers also carry `responseMetadata`. Dates are strings as the issuer writes them,
//! e.g. `2022-12-05T09:37:27.670+00:00`.

use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};

/// Scope to read accounts, operations, balances and contracts.
pub const SCOPE_ISSUER_READ: &str = "issuer:read";
/// Scope to post and reverse operations.
pub const SCOPE_ISSUER_WRITE: &str = "issuer:write";
/// The header that makes a write idempotent: the same id is executed once.
pub const CORRELATION_ID_HEADER: &str = "WL-Correlation-ID";
/// The embed value that adds `parentOperation` to an operation's detail.
pub const EMBED_PARENT_OPERATION: &str = "parentOperation";

/// An amount: `value` in units of 10^-`exponent` of `isoCode`; signed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    pub value: i64,
    pub exponent: u8,
    pub iso_code: String,
}

impl Amount {
    /// The exact amount in the currency's minor units.
    pub fn to_money(&self) -> Result<Money, MoneyError> {
        Money::from_scaled(self.value, self.exponent, &self.iso_code)
    }

    pub fn from_money(money: &Money) -> Self {
        Self {
            value: money.minor,
            exponent: money.exponent,
            iso_code: money.currency.clone(),
        }
    }
}

/// Every answer to a read: `{"data": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data<T> {
    pub data: T,
}

/// How the issuer reports on a call: on every write, and alone on a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseMetadata {
    pub correlation_id: String,
    /// `Executed successfully`, or why not.
    pub status_message: String,
    /// The HTTP status, repeated.
    pub status_code: u16,
    /// With a numeric offset and no colon, e.g. `2023-01-02T15:25:44.444+0100`.
    pub response_date_time: String,
    pub time_taken_ms: u64,
}

/// A write's answer, or (without `data`) any refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerResponse<T> {
    pub response_metadata: ResponseMetadata,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationIdentifier {
    pub operation_id: String,
}

/// The answer to a post or a reversal: the operation it created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostedOperation {
    pub operation_identifier: OperationIdentifier,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardIdentifier {
    pub card_reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdentifier {
    pub account_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_account_external_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductIdentifier {
    pub issuer_product_external_reference: String,
    pub product_reference: String,
}

/// What kind of operation: `TRN` (from the card scheme), `FEE`, or one generated internally.
pub mod operation_kind {
    pub const TRANSACTION: &str = "TRN";
    pub const FEE: &str = "FEE";
    pub const BONUS: &str = "BONUS";
}

/// An operation as `GET .../operations` lists it: the main attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub issuer_id: String,
    pub operation_identifier: OperationIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquirer_reference_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_acceptor_city: Option<String>,
    /// ISO 3166 numeric, e.g. `392`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_acceptor_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_acceptor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_operation_code: Option<String>,
    /// On fees, e.g. `MARKUP_FEE`, `MANUAL_FEE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_pan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_category_code: Option<String>,
    /// On scheme transactions, e.g. `NORMAL_PURCHASE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_code: Option<String>,
    /// See [`operation_kind`].
    pub operation_kind: String,
    pub posting_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_amount: Option<Amount>,
    /// In the account's currency: what the operation does to the account.
    pub reference_amount: Amount,
    pub reversal: bool,
    /// In the currency the card was used in.
    pub transaction_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_identifier: Option<CardIdentifier>,
    pub external_operation_date: String,
    pub external_operation_reference: String,
    pub external_operation_service_poster: String,
    /// The document shows a full PAN here; read it through [`mask_pan`] whatever it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquisition_material: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_acceptor_id_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_sale_environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_phone_ecommerce_and_payment_indicator: Option<String>,
}

/// `GET .../operations/{operationId}`: the listed attributes and everything else known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationDetail {
    #[serde(flatten)]
    pub operation: Operation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_acceptor_zip_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_type_code: Option<String>,
    /// True when the operation is charged to the holder.
    pub debit: bool,
    /// Reference currency per unit of transaction currency, as the issuer sends it: a JSON
    /// number. For display only; the amounts themselves are exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_operation: Option<bool>,
    /// e.g. `PROCESSED`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_mode: Option<String>,
    pub posting_account_identifier: AccountIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_identifier: Option<ProductIdentifier>,
    /// With `embed=parentOperation`: the original of a reversal, or the operation a fee is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_operation: Option<Box<OperationDetail>>,
}

/// `GET .../balance`, the account's financial information. Positive amounts are owed by the
/// holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinancialInformation {
    /// Sum of the operations posted in the current cycle.
    pub accepted_amount: Amount,
    /// The balance the current cycle started from.
    pub account_balance: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_credit_limit_amount: Option<Amount>,
    pub authorized_amount: Amount,
    pub current_cycle_start_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_reserved_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_to_buy: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevailing_open_to_buy: Option<Amount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractIdentifier {
    pub contract_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_contract_external_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerIdentifier {
    pub customer_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_customer_external_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardContractIdentifier {
    pub card_contract_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_card_contract_external_reference: Option<String>,
}

/// `GET .../contract`; `embed=accountIdentifiers` and `embed=cardContractIdentifiers` add the
/// lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub issuer_id: String,
    pub contract_identifier: ContractIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_branch_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_release_order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_date: Option<String>,
    /// e.g. `SIGNED`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_identifiers: Option<Vec<AccountIdentifier>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_contract_identifiers: Option<Vec<CardContractIdentifier>>,
    pub contract_owner_identifier: CustomerIdentifier,
    pub product_identifier: ProductIdentifier,
    pub root_account_identifier: AccountIdentifier,
}

/// `POST .../post-fee-operation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostFeeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// With the date and the poster, identifies the operation for good.
    pub external_operation_reference: String,
    pub external_operation_date: String,
    pub external_operation_service_poster: String,
    /// One of the product's fee types, e.g. `MANUAL_FEE`.
    pub fee_type: String,
    /// In the account's currency; positive charges the holder.
    pub reference_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<String>,
}

/// `POST .../reverse-fee-operation`: names the fee by its external triplet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReverseFeeRequest {
    /// e.g. `REVERSAL_ON_DEMAND`.
    pub reversal_reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_type: Option<String>,
    pub external_matching_operation_reference: String,
    pub external_matching_operation_date: String,
    pub external_matching_operation_service_poster: String,
    /// The fee's amount negated, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_amount: Option<Amount>,
    pub external_operation_reference: String,
    pub external_operation_date: String,
    pub external_operation_service_poster: String,
}

/// A card number fit to show or store: at most the first six and the last four digits, the rest
/// `*`. Takes a full PAN, one already masked, or anything else (which is masked whole), so an
/// upstream that sends more than it should never leaks through.
pub fn mask_pan(pan: &str) -> String {
    let chars: Vec<char> = pan.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let looks_like_pan = (13..=19).contains(&chars.len())
        && chars
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | 'X' | 'x' | '#'));
    let last_four = chars.len().saturating_sub(4);
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let shown = looks_like_pan && (i < 6 || i >= last_four) && c.is_ascii_digit();
            if shown {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_full_pans_to_six_and_four() {
        assert_eq!(mask_pan("4546172396081630"), "454617******1630");
        assert_eq!(mask_pan("4546 1723 9608 1630"), "454617******1630");
        assert_eq!(mask_pan("4000-0000-0000-0002"), "400000******0002");
        assert_eq!(mask_pan("378282246310005"), "378282*****0005");
        assert_eq!(mask_pan("6011000990139424123"), "601100*********4123");
    }

    #[test]
    fn leaves_masked_pans_masked() {
        assert_eq!(mask_pan("454617******1630"), "454617******1630");
        assert_eq!(mask_pan("4546XXXXXXXX1630"), "4546********1630");
    }

    #[test]
    fn masks_anything_else_whole() {
        assert_eq!(mask_pan(""), "");
        assert_eq!(mask_pan("1234"), "****");
        assert_eq!(mask_pan("123456789012"), "************");
        assert_eq!(mask_pan("12343571015282598154"), "********************");
        assert_eq!(mask_pan("4546172396081630abc"), "*******************");
        assert_eq!(mask_pan("kortnummer"), "**********");
        assert_eq!(mask_pan("45461723960816é0"), "****************");
    }

    #[test]
    fn amounts_read_as_the_document_writes_them() {
        let amount: Amount =
            serde_json::from_str(r#"{"value": 8335, "exponent": 0, "isoCode": "JPY"}"#).unwrap();
        assert_eq!(
            amount.to_money().unwrap(),
            Money {
                minor: 8335,
                exponent: 0,
                currency: "JPY".into()
            }
        );
        let money = Money {
            minor: -1500,
            exponent: 2,
            currency: "EUR".into(),
        };
        assert_eq!(Amount::from_money(&money).to_money().unwrap(), money);
    }

    #[test]
    fn detail_flattens_the_listed_attributes() {
        let json = r#"{"issuerId":"1234","operationIdentifier":{"operationId":"1"},"operationKind":"FEE",
            "postingDate":"2022-12-05T09:37:27.670+00:00","referenceAmount":{"value":110,"exponent":2,"isoCode":"EUR"},
            "reversal":false,"transactionAmount":{"value":110,"exponent":2,"isoCode":"EUR"},
            "externalOperationDate":"2022-12-05T09:37:27.721+00:00","externalOperationReference":"x",
            "externalOperationServicePoster":"WLP-CAS","debit":true,"exchangeRate":0.007087,"status":"PROCESSED",
            "postingAccountIdentifier":{"accountReference":"12343571015282598154"}}"#;
        let detail: OperationDetail = serde_json::from_str(json).unwrap();
        assert_eq!(detail.operation.operation_kind, operation_kind::FEE);
        assert_eq!(detail.exchange_rate, Some(0.007087));
        assert!(detail.parent_operation.is_none());
        let back = serde_json::to_value(&detail).unwrap();
        assert_eq!(back["referenceAmount"]["isoCode"], "EUR");
        assert!(back.get("parentOperation").is_none());
    }
}
