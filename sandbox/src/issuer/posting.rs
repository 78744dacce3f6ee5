//! `POST .../post-fee-operation` and `POST .../reverse-fee-operation`. Both are idempotent on
//! the `WL-Correlation-ID` header: a request repeated under the same id is executed once and
//! answered with the first answer, byte for byte; another request under a used id is refused.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::provider::issuer::{
    operation_kind, Amount, IssuerResponse, OperationIdentifier, PostFeeRequest, PostedOperation,
    ReverseFeeRequest, SCOPE_ISSUER_WRITE,
};
use serde::Serialize;

use super::store::{Booking, Posted, Replay, Store, ACCOUNT_CURRENCY};
use super::{parse_body, parse_date, Call, IssuerError, IssuerState};
use crate::clock::now_to_the_millisecond as now;

/// The fee types of the sandbox's product; the real list is agreed per issuer.
const FEE_TYPES: &[&str] = &[
    "MANUAL_FEE",
    "MARKUP_FEE",
    "MEMBERSHIP_FEE",
    "ACCOUNT_SETUP_FEE",
];

pub async fn post_fee(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let request = format!("post-fee-operation {issuer_id} {account}");
    idempotent(&state, &call, &headers, request, &body, |store| {
        post_fee_operation(store, &issuer_id, &account, &body)
    })
}

pub async fn reverse_fee(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let request = format!("reverse-fee-operation {issuer_id} {account}");
    idempotent(&state, &call, &headers, request, &body, |store| {
        reverse_fee_operation(store, &issuer_id, &account, &body)
    })
}

/// Runs `execute` once per correlation id. The store stays locked throughout, so that two
/// copies of one request arriving together still execute once.
fn idempotent(
    state: &IssuerState,
    call: &Call,
    headers: &HeaderMap,
    action: String,
    body: &[u8],
    execute: impl FnOnce(&mut Store) -> Result<PostedOperation, IssuerError>,
) -> Response {
    if let Err(error) = state.authorize(headers, SCOPE_ISSUER_WRITE) {
        return call.refuse(&error);
    }
    // The same JSON however it is spaced or ordered is the same request.
    let canonical = serde_json::from_slice::<serde_json::Value>(body).map_or_else(
        |_| String::from_utf8_lossy(body).into_owned(),
        |json| json.to_string(),
    );
    let request = format!("{action} {canonical}");
    let mut store = state.store();
    if let Some(replay) = store.replays.get(&call.correlation_id) {
        if replay.request != request {
            return call.refuse(&IssuerError::Conflict(
                "WL-Correlation-ID was already used for a different request".into(),
            ));
        }
        return json_response(replay.status, replay.body.clone());
    }
    let (status, answer) = match execute(&mut store) {
        Ok(data) => (
            StatusCode::OK,
            envelope(
                call,
                StatusCode::OK,
                "Executed successfully".into(),
                Some(data),
            ),
        ),
        Err(error) => (
            error.status(),
            envelope::<()>(call, error.status(), error.to_string(), None),
        ),
    };
    if call.given {
        store.replays.insert(
            call.correlation_id.clone(),
            Replay {
                request,
                status,
                body: answer.clone(),
            },
        );
    }
    json_response(status, answer)
}

fn envelope<T: Serialize>(
    call: &Call,
    status: StatusCode,
    message: String,
    data: Option<T>,
) -> Bytes {
    let body = IssuerResponse {
        response_metadata: call.metadata(status, message),
        data,
    };
    serde_json::to_vec(&body)
        .expect("serializable answer")
        .into()
}

fn json_response(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn post_fee_operation(
    store: &mut Store,
    issuer_id: &str,
    account: &str,
    body: &[u8],
) -> Result<PostedOperation, IssuerError> {
    let request: PostFeeRequest = parse_body(body)?;
    if !FEE_TYPES.contains(&request.fee_type.as_str()) {
        return Err(IssuerError::invalid(
            "feeType",
            format!("must be one of {}", FEE_TYPES.join(", ")),
        ));
    }
    let amount = in_account_currency("referenceAmount", &request.reference_amount)?;
    if amount.value <= 0 {
        return Err(IssuerError::invalid(
            "referenceAmount",
            "must be positive; a fee is taken back by reversing it",
        ));
    }
    let external_date = external_triplet(
        (
            "externalOperationReference",
            &request.external_operation_reference,
        ),
        ("externalOperationDate", &request.external_operation_date),
        (
            "externalOperationServicePoster",
            &request.external_operation_service_poster,
        ),
    )?;
    if let Some(value_date) = &request.value_date {
        parse_date("valueDate", value_date)?;
    }
    let unused = store
        .account(issuer_id, account)?
        .by_triplet(
            &request.external_operation_reference,
            external_date,
            &request.external_operation_service_poster,
        )
        .is_none();
    if !unused {
        return Err(IssuerError::Conflict(
            "an operation with this external reference, date and poster exists".into(),
        ));
    }
    let id = store.next_operation_id();
    let account = store.account_mut(issuer_id, account)?;
    let at = now();
    let mut detail = account.book(
        id.clone(),
        Booking {
            kind: operation_kind::FEE,
            at,
            reference: amount.clone(),
            transaction: amount,
            external_reference: request.external_operation_reference,
            external_date: request.external_operation_date,
            service_poster: request.external_operation_service_poster,
        },
    );
    detail.operation.fee_type = Some(request.fee_type);
    detail.operation.description = request.description;
    detail.operation.value_date = request.value_date.or(detail.operation.value_date);
    account.operations.push(Posted {
        detail,
        posted: at,
        parent: None,
        reversed_by: None,
    });
    Ok(PostedOperation {
        operation_identifier: OperationIdentifier { operation_id: id },
    })
}

fn reverse_fee_operation(
    store: &mut Store,
    issuer_id: &str,
    account: &str,
    body: &[u8],
) -> Result<PostedOperation, IssuerError> {
    let request: ReverseFeeRequest = parse_body(body)?;
    if request.reversal_reason.trim().is_empty() {
        return Err(IssuerError::invalid("reversalReason", "is required"));
    }
    let matching_date = external_triplet(
        (
            "externalMatchingOperationReference",
            &request.external_matching_operation_reference,
        ),
        (
            "externalMatchingOperationDate",
            &request.external_matching_operation_date,
        ),
        (
            "externalMatchingOperationServicePoster",
            &request.external_matching_operation_service_poster,
        ),
    )?;
    let own_date = external_triplet(
        (
            "externalOperationReference",
            &request.external_operation_reference,
        ),
        ("externalOperationDate", &request.external_operation_date),
        (
            "externalOperationServicePoster",
            &request.external_operation_service_poster,
        ),
    )?;
    let found = store.account(issuer_id, account)?;
    let fee = found
        .by_triplet(
            &request.external_matching_operation_reference,
            matching_date,
            &request.external_matching_operation_service_poster,
        )
        .ok_or(IssuerError::OperationNotFound)?;
    let fee_detail = &fee.detail.operation;
    if fee_detail.operation_kind != operation_kind::FEE || fee_detail.reversal {
        return Err(IssuerError::invalid(
            "externalMatchingOperationReference",
            "names an operation that is not a fee",
        ));
    }
    if request
        .fee_type
        .as_ref()
        .is_some_and(|given| Some(given) != fee_detail.fee_type.as_ref())
    {
        return Err(IssuerError::invalid(
            "feeType",
            "is not the type of the fee to reverse",
        ));
    }
    if let Some(reversal) = &fee.reversed_by {
        return Err(IssuerError::Conflict(format!(
            "the fee is already reversed by operation {reversal}"
        )));
    }
    let negated = |amount: &Amount| Amount {
        value: -amount.value,
        ..amount.clone()
    };
    let (reference, transaction) = (
        negated(&fee_detail.reference_amount),
        negated(&fee_detail.transaction_amount),
    );
    if let Some(given) = &request.reference_amount {
        if in_account_currency("referenceAmount", given)? != reference {
            return Err(IssuerError::invalid(
                "referenceAmount",
                "must be the fee's amount negated",
            ));
        }
    }
    if found
        .by_triplet(
            &request.external_operation_reference,
            own_date,
            &request.external_operation_service_poster,
        )
        .is_some()
    {
        return Err(IssuerError::Conflict(
            "an operation with this external reference, date and poster exists".into(),
        ));
    }
    let (fee_id, fee_type) = (fee.id().to_owned(), fee_detail.fee_type.clone());
    let id = store.next_operation_id();
    let account = store.account_mut(issuer_id, account)?;
    let at = now();
    let mut detail = account.book(
        id.clone(),
        Booking {
            kind: operation_kind::FEE,
            at,
            reference,
            transaction,
            external_reference: request.external_operation_reference,
            external_date: request.external_operation_date,
            service_poster: request.external_operation_service_poster,
        },
    );
    detail.operation.reversal = true;
    detail.operation.fee_type = fee_type;
    detail.operation.description = request
        .description
        .or_else(|| Some(format!("Reversal {}", request.reversal_reason)));
    account.operations.push(Posted {
        detail,
        posted: at,
        parent: Some(fee_id.clone()),
        reversed_by: None,
    });
    if let Some(fee) = account.operations.iter_mut().find(|o| o.id() == fee_id) {
        fee.reversed_by = Some(id.clone());
    }
    Ok(PostedOperation {
        operation_identifier: OperationIdentifier { operation_id: id },
    })
}

/// The reference and the poster must be there, and the date a date: what the result is keyed by.
fn external_triplet(
    reference: (&str, &str),
    date: (&str, &str),
    poster: (&str, &str),
) -> Result<time::OffsetDateTime, IssuerError> {
    for (field, value) in [reference, poster] {
        if value.trim().is_empty() {
            return Err(IssuerError::invalid(field, "is required"));
        }
    }
    parse_date(date.0, date.1)
}

/// The amount exactly, at the currency's own scale, which must be the account's.
fn in_account_currency(field: &str, amount: &Amount) -> Result<Amount, IssuerError> {
    let money = amount
        .to_money()
        .map_err(|error| IssuerError::invalid(field, error))?;
    if money.currency != ACCOUNT_CURRENCY {
        return Err(IssuerError::invalid(
            field,
            format!("must be in the account's currency, {ACCOUNT_CURRENCY}"),
        ));
    }
    Ok(Amount::from_money(&money))
}
