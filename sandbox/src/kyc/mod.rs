//! The bank's KYC records (docs/providers.md; Open Bank Project v3.1.0, tag KYC): customers, their
//! addresses and tax residences, and the KYC documents, media, checks and status timeline filed
//! under them. OBP's roles are this provider's OAuth scopes; its errors are OBP's `{"code",
//! "message": "OBP-NNNNN: ..."}`.

mod customers;
mod error;
mod records;
mod store;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::FromRef;
use axum::http::HeaderMap;
use axum::routing::{delete, get, post, put};
use axum::Router;
use protocol::provider::kyc_records::ALL_ROLES;
use serde::de::DeserializeOwned;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub use error::KycError;
use store::Store;

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

/// The one bank the sandbox keeps records for.
pub const SANDBOX_BANK_ID: &str = "onboard.sandbox.bank";

#[derive(Clone)]
struct KycState {
    tokens: Arc<TokenIssuer>,
    store: Arc<Mutex<Store>>,
}

impl FromRef<KycState> for Arc<TokenIssuer> {
    fn from_ref(state: &KycState) -> Self {
        state.tokens.clone()
    }
}

impl KycState {
    /// Bearer token with `role`, else OBP-20001 / OBP-20006.
    fn authorize(&self, headers: &HeaderMap, role: &'static str) -> Result<(), KycError> {
        Ok(self.tokens.authorize(headers, role)?)
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().expect("kyc store lock")
    }
}

pub fn router(config: Arc<SandboxConfig>) -> Router {
    let state = KycState {
        tokens: Arc::new(TokenIssuer::new(config.clients.clone(), ALL_ROLES)),
        store: Arc::default(),
    };
    let v310 = "/obp/v3.1.0/banks/{bank_id}/customers";
    let v200 = "/obp/v2.0.0/banks/{bank_id}/customers/{customer_id}";
    let reads = "/obp/v2.0.0/customers/{customer_id}";
    Router::new()
        .route("/oauth2/token", post(token_endpoint))
        .route(v310, post(customers::create))
        .route(
            &format!("{v310}/customer-number"),
            post(customers::by_number),
        )
        .route(
            &format!("{v310}/{{customer_id}}/address"),
            post(customers::add_address),
        )
        .route(
            &format!("{v310}/{{customer_id}}/addresses"),
            get(customers::addresses),
        )
        .route(
            &format!("{v310}/{{customer_id}}/addresses/{{address_id}}"),
            delete(customers::delete_address),
        )
        .route(
            &format!("{v310}/{{customer_id}}/tax-residence"),
            post(customers::add_tax_residence),
        )
        .route(
            &format!("{v310}/{{customer_id}}/tax-residences"),
            get(customers::tax_residences),
        )
        .route(
            &format!("{v310}/{{customer_id}}/tax_residencies/{{tax_residence_id}}"),
            delete(customers::delete_tax_residence),
        )
        .route(
            &format!("{v200}/kyc_documents/{{id}}"),
            put(records::put_document),
        )
        .route(&format!("{v200}/kyc_media/{{id}}"), put(records::put_media))
        .route(&format!("{v200}/kyc_check/{{id}}"), put(records::put_check))
        .route(&format!("{v200}/kyc_statuses"), put(records::put_status))
        .route(&format!("{reads}/kyc_documents"), get(records::documents))
        .route(&format!("{reads}/kyc_media"), get(records::media))
        .route(&format!("{reads}/kyc_checks"), get(records::checks))
        .route(&format!("{reads}/kyc_statuses"), get(records::statuses))
        .with_state(state)
}

/// OBP-30111 for a malformed BANK_ID, OBP-30001 for any bank but the sandbox's.
fn check_bank(bank_id: &str) -> Result<(), KycError> {
    let well_formed = !bank_id.is_empty()
        && bank_id.len() < 255
        && bank_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if !well_formed {
        return Err(KycError::InvalidBankId);
    }
    if bank_id != SANDBOX_BANK_ID {
        return Err(KycError::BankNotFound);
    }
    Ok(())
}

/// The body as `T`, whatever the Content-Type (OBP does not insist); anything else is
/// OBP-10001, with serde's reason when the JSON parsed but had the wrong shape.
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, KycError> {
    serde_json::from_slice(body).map_err(|err| {
        if err.is_data() {
            let reason = err.to_string();
            let reason = reason.split(" at line ").next().unwrap_or_default();
            KycError::InvalidJson(Some(reason.to_owned()))
        } else {
            KycError::InvalidJson(None)
        }
    })
}

fn required(field: &str, value: &str) -> Result<(), KycError> {
    if value.trim().is_empty() {
        Err(KycError::field(field, "is required."))
    } else {
        Ok(())
    }
}

/// A date as OBP writes them, e.g. `2017-09-19T00:00:00Z`.
fn rfc3339(field: &str, value: &str) -> Result<OffsetDateTime, KycError> {
    required(field, value)?;
    OffsetDateTime::parse(value, &Rfc3339).map_err(|_| {
        KycError::field(
            field,
            "must be an RFC 3339 date, e.g. 2017-09-19T00:00:00Z.",
        )
    })
}

/// The KYC calls repeat the customer's number; it must be this customer's.
fn same_customer_number(given: &str, customer_number: &str) -> Result<(), KycError> {
    required("customer_number", given)?;
    if given == customer_number {
        Ok(())
    } else {
        Err(KycError::field(
            "customer_number",
            "does not match CUSTOMER_ID.",
        ))
    }
}
