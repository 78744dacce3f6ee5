//! `GET .../balance`: the account's financial information, summed from its posted operations.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use protocol::provider::issuer::{Amount, FinancialInformation, SCOPE_ISSUER_READ};
use time::{OffsetDateTime, Time};

use super::store::ACCOUNT_CURRENCY;
use super::{format_date, Call, IssuerError, IssuerState};

/// Every sandbox account's credit limit, in euro cents.
const CREDIT_LIMIT_CENTS: i64 = 200_000;

pub async fn get(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account)): Path<(String, String)>,
) -> Response {
    call.read(financial_information(
        &state, &headers, &issuer_id, &account,
    ))
}

fn financial_information(
    state: &IssuerState,
    headers: &HeaderMap,
    issuer_id: &str,
    account: &str,
) -> Result<FinancialInformation, IssuerError> {
    state.authorize(headers, SCOPE_ISSUER_READ)?;
    let store = state.store();
    let account = store.account(issuer_id, account)?;
    // Statement cycles start on the first of each month.
    let now = OffsetDateTime::now_utc();
    let cycle_start = now
        .replace_day(1)
        .unwrap_or(now)
        .replace_time(Time::MIDNIGHT);
    let (mut carried, mut accepted) = (0i64, 0i64);
    for operation in &account.operations {
        let sum = if operation.posted < cycle_start {
            &mut carried
        } else {
            &mut accepted
        };
        *sum += operation.owed();
    }
    // Nothing is authorised but not yet posted, and nothing is reserved outside.
    let authorized = 0;
    let open_to_buy = CREDIT_LIMIT_CENTS - carried - accepted - authorized;
    Ok(FinancialInformation {
        accepted_amount: euros(accepted),
        account_balance: euros(carried),
        active_credit_limit_amount: Some(euros(CREDIT_LIMIT_CENTS)),
        authorized_amount: euros(authorized),
        current_cycle_start_date: format_date(cycle_start),
        external_reserved_amount: Some(euros(0)),
        open_to_buy: Some(euros(open_to_buy)),
        prevailing_open_to_buy: Some(euros(open_to_buy)),
    })
}

fn euros(cents: i64) -> Amount {
    Amount {
        value: cents,
        exponent: 2,
        iso_code: ACCOUNT_CURRENCY.into(),
    }
}
