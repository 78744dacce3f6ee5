//! The account the card issuer opened for an approved applicant: its balance, its operations
//! page by page within a date window, and one operation in detail (with the purchase a fee was
//! charged for). Amounts stay integer minor units; card numbers are masked again here, whatever
//! the issuer sent.

use axum::extract::State;
use axum::Json;
use protocol::api::account::{
    AccountView, OperationDetailView, OperationItem, OperationsPage, OPERATIONS_PAGE_SIZE,
};
use protocol::api::paths;
use protocol::provider::issuer::{mask_pan, Amount, Operation};
use protocol::{ApplicationStatus, Money};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::dates::parse_date;
use crate::extract::{AppPath, AppQuery};
use crate::providers::ProviderError;
use crate::{applications, AppError, AppState};

/// Without a window, the last 90 days.
const DEFAULT_WINDOW_DAYS: i64 = 90;
/// Operations further back than this are the issuer's statements, not the widget's.
const MAX_WINDOW_DAYS: i64 = 366;
const MAX_PAGE: u32 = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(account))
        .routes(routes!(operations))
        .routes(routes!(operation))
}

/// Only an approved applicant has an account.
async fn approved(state: &AppState, session: &Session) -> Result<(), AppError> {
    if applications::stored_status(state, session.application_id.as_str()).await?
        == ApplicationStatus::Approved.as_str()
    {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "the account opens once the application is approved".into(),
        ))
    }
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT,
    operation_id = "getAccount",
    tag = "account",
    security(("session_token" = [])),
    responses((status = 200, body = AccountView), (status = 409, description = "Not approved (yet)", body = protocol::ErrorBody)),
)]
async fn account(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<AccountView>, AppError> {
    approved(&state, &session).await?;
    let opened = state
        .issuer
        .open_account(session.application_id.as_str())
        .await?;
    let balance = state
        .issuer
        .balance(session.application_id.as_str())
        .await?;
    let reference = opened.account_identifier.account_reference;
    Ok(Json(AccountView {
        account_number: last_four(&reference).to_owned(),
        masked_pan: mask_pan(&opened.masked_pan),
        balance: money(&balance.account_balance)?,
        pending: money(&balance.accepted_amount)?,
        available: balance.open_to_buy.as_ref().map(money).transpose()?,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct OperationsQuery {
    /// Inclusive; not after `to`, and at most 366 days before it (default: 90 days before).
    #[param(value_type = Option<protocol::api::FilterDate>)]
    from: Option<String>,
    /// Inclusive (default: today).
    #[param(value_type = Option<protocol::api::FilterDate>)]
    to: Option<String>,
    #[param(maximum = 1000)]
    page: Option<u32>,
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT_OPERATIONS,
    operation_id = "listOperations",
    tag = "account",
    security(("session_token" = [])),
    params(OperationsQuery),
    responses((status = 200, body = OperationsPage)),
)]
async fn operations(
    State(state): State<AppState>,
    session: Session,
    AppQuery(query): AppQuery<OperationsQuery>,
) -> Result<Json<OperationsPage>, AppError> {
    approved(&state, &session).await?;
    let today = OffsetDateTime::now_utc().date();
    let to = query
        .to
        .as_deref()
        .map(|d| parse_date("to", d))
        .transpose()?
        .unwrap_or(today);
    let from = match query.from.as_deref() {
        Some(from) => parse_date("from", from)?,
        None => to
            .checked_sub(Duration::days(DEFAULT_WINDOW_DAYS))
            .ok_or_else(|| AppError::invalid("to", "to is too early for a default window"))?,
    };
    if from > to {
        return Err(AppError::invalid("from", "from is after to"));
    }
    if to - from > Duration::days(MAX_WINDOW_DAYS) {
        return Err(AppError::invalid(
            "from",
            format!("the window is longer than {MAX_WINDOW_DAYS} days"),
        ));
    }
    let page = query.page.unwrap_or(0);
    if page > MAX_PAGE {
        return Err(AppError::invalid(
            "page",
            format!("page is larger than {MAX_PAGE}"),
        ));
    }
    let end = to
        .next_day()
        .ok_or_else(|| AppError::invalid("to", "to is the last date there is"))?;
    let window = (format!("{from}T00:00:00Z"), format!("{end}T00:00:00Z"));
    let window = (window.0.as_str(), window.1.as_str());
    let id = session.application_id.as_str();
    let listed = state
        .issuer
        .operations(id, window, page, OPERATIONS_PAGE_SIZE)
        .await?;
    // A full page may be the last: the first operation of the next one tells.
    let has_more = listed.len() == OPERATIONS_PAGE_SIZE as usize
        && !state
            .issuer
            .operations(id, window, (page + 1) * OPERATIONS_PAGE_SIZE, 1)
            .await?
            .is_empty();
    let operations = listed.iter().map(item).collect::<Result<_, _>>()?;
    Ok(Json(OperationsPage {
        operations,
        page,
        has_more,
    }))
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT_OPERATION,
    operation_id = "getOperation",
    tag = "account",
    security(("session_token" = [])),
    params(("operation_id" = String, Path)),
    responses((status = 200, body = OperationDetailView)),
)]
async fn operation(
    State(state): State<AppState>,
    session: Session,
    AppPath(operation_id): AppPath<String>,
) -> Result<Json<OperationDetailView>, AppError> {
    approved(&state, &session).await?;
    if operation_id.is_empty()
        || operation_id.len() > 64
        || !operation_id.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(AppError::NotFound("operation"));
    }
    let detail = state
        .issuer
        .operation(session.application_id.as_str(), &operation_id)
        .await
        .map_err(|err| match err {
            ProviderError::Rejected { status, .. } if status == reqwest::StatusCode::NOT_FOUND => {
                AppError::NotFound("operation")
            }
            err => err.into(),
        })?;
    let parent = detail
        .parent_operation
        .as_deref()
        .map(|parent| item(&parent.operation))
        .transpose()?;
    Ok(Json(OperationDetailView {
        merchant: detail.operation.card_acceptor_name.clone(),
        merchant_city: detail.operation.card_acceptor_city.clone(),
        masked_pan: detail.operation.masked_pan.as_deref().map(mask_pan),
        exchange_rate: detail.exchange_rate,
        operation: item(&detail.operation)?,
        parent,
    }))
}

/// The account's currency first; the merchant's own amount only when it differs.
fn item(operation: &Operation) -> Result<OperationItem, AppError> {
    let amount = money(&operation.reference_amount)?;
    let original = money(&operation.transaction_amount)?;
    let description = [
        &operation.description,
        &operation.card_acceptor_name,
        &operation.operation_code,
    ]
    .into_iter()
    .flatten()
    .next()
    .cloned()
    .unwrap_or_else(|| operation.operation_kind.clone());
    Ok(OperationItem {
        id: operation.operation_identifier.operation_id.clone(),
        kind: operation.operation_kind.clone(),
        code: operation
            .fee_type
            .clone()
            .or_else(|| operation.operation_code.clone()),
        description,
        original_amount: (original.currency != amount.currency).then_some(original),
        amount,
        posted_at: operation.posting_date.clone(),
        reversal: operation.reversal,
    })
}

/// The account number as the widget shows it. By characters: the issuer's reference is text,
/// and a byte index inside a character would panic.
fn last_four(reference: &str) -> &str {
    let start = reference.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    &reference[start..]
}

/// An amount the issuer sent that is no amount is the issuer's fault, not the user's.
fn money(amount: &Amount) -> Result<Money, AppError> {
    amount.to_money().map_err(|err| {
        AppError::Upstream(ProviderError::Rejected {
            status: reqwest::StatusCode::BAD_GATEWAY,
            body: format!("the issuer sent an amount that is not one: {err}"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::last_four;

    #[test]
    fn the_account_number_is_its_last_four_characters_whatever_they_are() {
        assert_eq!(last_four("4000123456789"), "6789");
        assert_eq!(last_four("12"), "12");
        assert_eq!(last_four(""), "");
        assert_eq!(last_four("FI-ÅÄÖ€12"), "Ö€12");
    }
}
