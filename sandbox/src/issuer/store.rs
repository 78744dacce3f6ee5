//! The issuer's books, in memory: accounts with their operations, and the answers already
//! given under each correlation id.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::StatusCode;
use protocol::provider::issuer::{
    mask_pan, AccountIdentifier, Amount, CardIdentifier, Operation, OperationDetail,
    OperationIdentifier, ProductIdentifier,
};
use time::OffsetDateTime;

use super::{format_date, parse_date, IssuerError, ISSUER_ID};

/// Every sandbox account is kept in euros.
pub const ACCOUNT_CURRENCY: &str = "EUR";
pub const PRODUCT_REFERENCE: &str = "PDT_1234_VISA_CREDIT_CLASSIC";
/// Operation ids continue from the document's examples.
const FIRST_OPERATION_ID: u64 = 1_000_000_000_354_873;

pub(super) struct Account {
    pub identifier: AccountIdentifier,
    pub holder_name: Option<String>,
    /// The full card number; answers only ever carry it masked.
    pub pan: String,
    pub card_reference: String,
    pub customer_reference: String,
    pub opened: OffsetDateTime,
    pub operations: Vec<Posted>,
}

/// An operation as booked: its detail without the embedded parent, which is looked up per
/// answer so that it is always current.
pub(super) struct Posted {
    pub detail: OperationDetail,
    pub posted: OffsetDateTime,
    pub parent: Option<String>,
    pub reversed_by: Option<String>,
}

impl Posted {
    pub fn id(&self) -> &str {
        &self.detail.operation.operation_identifier.operation_id
    }

    /// What the operation adds to what the holder owes, in the account's minor units.
    pub fn owed(&self) -> i64 {
        self.detail.operation.reference_amount.value
    }

    fn external_triplet(&self) -> (&str, &str, &str) {
        let operation = &self.detail.operation;
        (
            &operation.external_operation_reference,
            &operation.external_operation_date,
            &operation.external_operation_service_poster,
        )
    }
}

/// What to book: the amounts and the external triplet that identifies it for good.
pub(super) struct Booking {
    pub kind: &'static str,
    pub at: OffsetDateTime,
    /// In the account's currency; positive is owed by the holder.
    pub reference: Amount,
    pub transaction: Amount,
    pub external_reference: String,
    pub external_date: String,
    pub service_poster: String,
}

impl Account {
    pub fn operation(&self, id: &str) -> Result<&Posted, IssuerError> {
        self.operations
            .iter()
            .find(|o| o.id() == id)
            .ok_or(IssuerError::OperationNotFound)
    }

    /// The operation the issuer's external reference, date and poster name; the date as an
    /// instant, however it was written.
    pub fn by_triplet(
        &self,
        reference: &str,
        date: OffsetDateTime,
        poster: &str,
    ) -> Option<&Posted> {
        self.operations.iter().find(|o| {
            let (their_reference, their_date, their_poster) = o.external_triplet();
            their_reference == reference
                && their_poster == poster
                && parse_date("externalOperationDate", their_date).is_ok_and(|d| d == date)
        })
    }

    /// A detail with what every operation on this account carries; the caller adds the rest.
    pub fn book(&self, id: String, booking: Booking) -> OperationDetail {
        let card_used = booking.kind == protocol::provider::issuer::operation_kind::TRANSACTION;
        let masked = card_used.then(|| mask_pan(&self.pan));
        let debit = booking.reference.value > 0;
        OperationDetail {
            operation: Operation {
                issuer_id: ISSUER_ID.into(),
                operation_identifier: OperationIdentifier { operation_id: id },
                acquirer_reference_data: None,
                card_acceptor_city: None,
                card_acceptor_country: None,
                card_acceptor_name: None,
                description: None,
                external_operation_code: None,
                fee_type: None,
                masked_pan: masked.clone(),
                merchant_category_code: None,
                operation_code: None,
                operation_kind: booking.kind.into(),
                posting_date: format_date(booking.at),
                reconciliation_amount: None,
                reference_amount: booking.reference,
                reversal: false,
                transaction_amount: booking.transaction,
                transaction_date: None,
                value_date: Some(format_date(booking.at)),
                card_identifier: card_used.then(|| CardIdentifier {
                    card_reference: self.card_reference.clone(),
                }),
                external_operation_date: booking.external_date,
                external_operation_reference: booking.external_reference,
                external_operation_service_poster: booking.service_poster,
                // The document shows the full PAN here; the sandbox never lets it out.
                pan: masked,
                acquisition_material: None,
                card_acceptor_id_code: None,
                entry_mode: None,
                approval_code: None,
                point_of_sale_environment: None,
                mail_phone_ecommerce_and_payment_indicator: None,
            },
            adjustment: Some(false),
            brand: card_used.then(|| "VISA".into()),
            card_acceptor_zip_code: None,
            card_scheme: card_used.then(|| "VIS".into()),
            card_type_code: None,
            debit,
            exchange_rate: None,
            operation_date: Some(format_date(booking.at)),
            partial_operation: Some(false),
            status: "PROCESSED".into(),
            validation_mode: None,
            posting_account_identifier: self.identifier.clone(),
            product_identifier: Some(ProductIdentifier {
                issuer_product_external_reference: PRODUCT_REFERENCE.into(),
                product_reference: PRODUCT_REFERENCE.into(),
            }),
            parent_operation: None,
        }
    }
}

/// The first answer given under a correlation id, and what it answered.
pub(super) struct Replay {
    pub request: String,
    pub status: StatusCode,
    pub body: Bytes,
}

#[derive(Default)]
pub(super) struct Store {
    accounts: Vec<Account>,
    operations_booked: u64,
    pub replays: HashMap<String, Replay>,
}

impl Store {
    /// The account by its reference or by the issuer's external reference, as the document
    /// allows either in the path.
    pub fn account(&self, issuer_id: &str, reference: &str) -> Result<&Account, IssuerError> {
        check_issuer(issuer_id)?;
        self.accounts
            .iter()
            .find(|a| same_account(a, reference))
            .ok_or(IssuerError::AccountNotFound)
    }

    pub fn account_mut(
        &mut self,
        issuer_id: &str,
        reference: &str,
    ) -> Result<&mut Account, IssuerError> {
        check_issuer(issuer_id)?;
        self.accounts
            .iter_mut()
            .find(|a| same_account(a, reference))
            .ok_or(IssuerError::AccountNotFound)
    }

    pub fn insert(&mut self, account: Account) {
        self.accounts.push(account);
    }

    pub fn next_operation_id(&mut self) -> String {
        let id = FIRST_OPERATION_ID + self.operations_booked;
        self.operations_booked += 1;
        id.to_string()
    }
}

pub(super) fn check_issuer(issuer_id: &str) -> Result<(), IssuerError> {
    if issuer_id == ISSUER_ID {
        Ok(())
    } else {
        Err(IssuerError::IssuerNotFound)
    }
}

fn same_account(account: &Account, reference: &str) -> bool {
    account.identifier.account_reference == reference
        || account
            .identifier
            .issuer_account_external_reference
            .as_deref()
            == Some(reference)
}
