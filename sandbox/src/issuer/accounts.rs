//! Sandbox-only: open an account for an approved application, with a few weeks of history.
//! The real issuer opens accounts through its own contract process; here the server (or a
//! test) asks for one by the application's id, and asking again gives the same account.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use protocol::provider::issuer::{
    operation_kind, AccountIdentifier, Amount, Operation, SCOPE_ISSUER_WRITE,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::store::{check_issuer, Account, Booking, Posted, Store, ACCOUNT_CURRENCY};
use super::{format_date, parse_body, Call, IssuerError, IssuerState, ISSUER_ID};
use crate::clock::now_to_the_millisecond as now;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenInput {
    external_reference: Option<String>,
    holder_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedAccount {
    account_identifier: AccountIdentifier,
    masked_pan: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    holder_name: Option<String>,
}

/// `POST /api/v2/issuers/{issuerId}/sandbox/accounts.open` `{externalReference, holderName?}`:
/// the external reference (the application id) becomes the issuer external account reference.
pub async fn open(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path(issuer_id): Path<String>,
    body: Bytes,
) -> Response {
    call.read(open_account(&state, &headers, &issuer_id, &body))
}

fn open_account(
    state: &IssuerState,
    headers: &HeaderMap,
    issuer_id: &str,
    body: &[u8],
) -> Result<OpenedAccount, IssuerError> {
    state.authorize(headers, SCOPE_ISSUER_WRITE)?;
    check_issuer(issuer_id)?;
    let input: OpenInput = parse_body(body)?;
    let external = input
        .external_reference
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| IssuerError::invalid("externalReference", "is required"))?;
    let mut store = state.store();
    let existing = store.account(issuer_id, &external).ok().filter(|a| {
        a.identifier.issuer_account_external_reference.as_deref() == Some(external.as_str())
    });
    let account = match existing {
        Some(account) => account,
        None => {
            let account = seeded_account(&mut store, &external, input.holder_name);
            store.insert(account);
            store.account(issuer_id, &external)?
        }
    };
    Ok(OpenedAccount {
        account_identifier: account.identifier.clone(),
        masked_pan: protocol::provider::issuer::mask_pan(&account.pan),
        holder_name: account.holder_name.clone(),
    })
}

/// References and card number follow from the external reference alone, so a test can count
/// on them; the history is dated back from the moment the account is opened.
fn seeded_account(store: &mut Store, external: &str, holder_name: Option<String>) -> Account {
    let digest = Sha256::digest(external.as_bytes());
    let number =
        |i: usize| u64::from_be_bytes(digest[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
    let mut account = Account {
        identifier: AccountIdentifier {
            account_reference: format!("{ISSUER_ID}{:016}", number(0) % 10u64.pow(16)),
            issuer_account_external_reference: Some(external.to_owned()),
        },
        holder_name,
        pan: with_luhn_digit(&format!("454617{:09}", number(1) % 10u64.pow(9))),
        card_reference: format!("2{:015}", number(2) % 10u64.pow(15)),
        customer_reference: format!("CUS{:011}", number(3) % 10u64.pow(11)),
        opened: now(),
        operations: Vec::new(),
    };
    book_welcome_bonus(store, &mut account);
    for purchase in PURCHASES {
        book_purchase(store, &mut account, purchase);
    }
    account
}

fn eur(value: i64) -> Amount {
    Amount {
        value,
        exponent: 2,
        iso_code: ACCOUNT_CURRENCY.into(),
    }
}

fn book_welcome_bonus(store: &mut Store, account: &mut Account) {
    let at = account.opened - Duration::days(27);
    let mut detail = account.book(
        store.next_operation_id(),
        Booking {
            kind: operation_kind::BONUS,
            at,
            reference: eur(-2_500),
            transaction: eur(-2_500),
            external_reference: format!("WELCOME-{}", account.identifier.account_reference),
            external_date: format_date(at),
            service_poster: "ISSUER".into(),
        },
    );
    detail.operation.description = Some("Welcome bonus".into());
    account.operations.push(Posted {
        detail,
        posted: at,
        parent: None,
        reversed_by: None,
    });
}

/// A card purchase over the last weeks; abroad, with the markup fee charged on it.
struct Purchase {
    days_ago: i64,
    merchant: &'static str,
    city: &'static str,
    /// ISO 3166 numeric.
    country: &'static str,
    mcc: &'static str,
    /// `(value, exponent, currency)` as the card was used.
    amount: (i64, u8, &'static str),
    /// What it cost in euro cents, at `rate` euros per unit of the card's currency.
    euro_cents: i64,
    rate: Option<f64>,
    /// 1.99% of the euro amount, in cents.
    markup_fee_cents: Option<i64>,
}

const PURCHASES: &[Purchase] = &[
    Purchase {
        days_ago: 21,
        merchant: "ICA NARA ODENPLAN",
        city: "STOCKHOLM",
        country: "752",
        mcc: "5411",
        amount: (45_900, 2, "SEK"),
        euro_cents: 4_002,
        rate: Some(0.0872),
        markup_fee_cents: Some(80),
    },
    Purchase {
        days_ago: 14,
        merchant: "CAFE DE FLORE",
        city: "PARIS",
        country: "250",
        mcc: "5812",
        amount: (1_250, 2, "EUR"),
        euro_cents: 1_250,
        rate: None,
        markup_fee_cents: None,
    },
    Purchase {
        days_ago: 9,
        merchant: "RYOKAN-HOTEL IN JAPAN C-R",
        city: "SINAGAWAKU",
        country: "392",
        mcc: "7011",
        amount: (8_335, 0, "JPY"),
        euro_cents: 5_509,
        rate: Some(0.00661),
        markup_fee_cents: Some(110),
    },
    Purchase {
        days_ago: 4,
        merchant: "AVENUES MALL",
        city: "KUWAIT CITY",
        country: "414",
        mcc: "5311",
        amount: (12_345, 3, "KWD"),
        euro_cents: 3_685,
        rate: Some(2.985),
        markup_fee_cents: Some(73),
    },
    Purchase {
        days_ago: 1,
        merchant: "SL ACCESS",
        city: "STOCKHOLM",
        country: "752",
        mcc: "4111",
        amount: (3_900, 2, "SEK"),
        euro_cents: 340,
        rate: Some(0.0872),
        markup_fee_cents: Some(7),
    },
];

fn book_purchase(store: &mut Store, account: &mut Account, purchase: &Purchase) {
    let id = store.next_operation_id();
    let at = account.opened - Duration::days(purchase.days_ago) - Duration::hours(3);
    let (value, exponent, currency) = purchase.amount;
    let mut detail = account.book(
        id.clone(),
        Booking {
            kind: operation_kind::TRANSACTION,
            at,
            reference: eur(purchase.euro_cents),
            transaction: Amount {
                value,
                exponent,
                iso_code: currency.into(),
            },
            external_reference: format!("1{id}"),
            external_date: format_date(at),
            service_poster: "ITP".into(),
        },
    );
    let approval_code = &id[id.len() - 6..];
    detail.operation = Operation {
        acquirer_reference_data: Some(format!("7492932233922{approval_code}0000")),
        card_acceptor_city: Some(purchase.city.into()),
        card_acceptor_country: Some(purchase.country.into()),
        card_acceptor_name: Some(purchase.merchant.into()),
        description: Some(format!(
            "{} {} {}",
            purchase.merchant, purchase.city, purchase.country
        )),
        external_operation_code: Some("1035".into()),
        merchant_category_code: Some(purchase.mcc.into()),
        operation_code: Some("NORMAL_PURCHASE".into()),
        reconciliation_amount: Some(eur(purchase.euro_cents)),
        transaction_date: Some(format_date(at - Duration::hours(10))),
        acquisition_material: Some("POS".into()),
        entry_mode: Some("CONTACTLESS".into()),
        approval_code: Some(approval_code.into()),
        ..detail.operation
    };
    detail.exchange_rate = purchase.rate;
    account.operations.push(Posted {
        detail,
        posted: at,
        parent: None,
        reversed_by: None,
    });
    if let Some(fee) = purchase.markup_fee_cents {
        book_markup_fee(store, account, &id, at, fee);
    }
}

/// Posted with the purchase, as in the document's example, and linked to it as its parent.
fn book_markup_fee(
    store: &mut Store,
    account: &mut Account,
    purchase_id: &str,
    at: OffsetDateTime,
    cents: i64,
) {
    let id = store.next_operation_id();
    let external_reference = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, id.as_bytes())
        .simple()
        .to_string();
    let mut detail = account.book(
        id,
        Booking {
            kind: operation_kind::FEE,
            at,
            reference: eur(cents),
            transaction: eur(cents),
            external_reference,
            external_date: format_date(at),
            service_poster: "WLP-CAS".into(),
        },
    );
    detail.operation.description = Some("1.99% foreign transaction fee".into());
    detail.operation.external_operation_code = Some("1287".into());
    detail.operation.fee_type = Some("MARKUP_FEE".into());
    account.operations.push(Posted {
        detail,
        posted: at,
        parent: Some(purchase_id.to_owned()),
        reversed_by: None,
    });
}

/// Appends the Luhn check digit, so the sandbox's card numbers are well formed.
fn with_luhn_digit(digits: &str) -> String {
    let mut values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    values.push(0);
    let check = (0..10).find(|&d| {
        *values.last_mut().expect("pushed") = d;
        protocol::identity::luhn_ok(&values)
    });
    format!("{digits}{}", check.expect("one digit of ten passes"))
}
