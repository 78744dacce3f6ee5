//! Data read under an authorised consent: accounts, balances, transactions. Amounts become
//! integer minor units here; pages become opaque cursors, never upstream URLs.

use axum::extract::State;
use axum::Json;
use protocol::api::banking::{
    AccountView, AccountsView, BalanceView, BalancesView, PageCursors, Permission, TransactionView,
    TransactionsView,
};
use protocol::api::paths;
use protocol::provider::openbanking::{
    Amount, Link, Transaction, TransactionFilter, TransactionPage,
};
use protocol::Money;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::consents::find;
use crate::dates::parse_date;
use crate::extract::{AppPath, AppQuery};
use crate::providers::openbanking::{page_of, TransactionQuery};
use crate::providers::ProviderError;
use crate::{AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accounts))
        .routes(routes!(balances))
        .routes(routes!(transactions))
        .routes(routes!(download))
}

#[utoipa::path(
    get,
    path = paths::CONSENT_ACCOUNTS,
    operation_id = "listAccounts",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path)),
    responses((status = 200, body = AccountsView)),
)]
async fn accounts(
    State(state): State<AppState>,
    session: Session,
    AppPath(consent_id): AppPath<String>,
) -> Result<Json<AccountsView>, AppError> {
    let consent = find(&state, &session, &consent_id).await?;
    consent.allow(Permission::Accounts)?;
    let list = state.openbanking.accounts(&consent.id).await?;
    let accounts = list
        .accounts
        .into_iter()
        .map(|a| AccountView {
            account_id: a.account_id,
            iban: a.iban,
            currency: a.currency,
            name: a.name,
            product: a.product,
            owner_name: a.owner_name,
        })
        .collect();
    Ok(Json(AccountsView { accounts }))
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT_BALANCES,
    operation_id = "getBalances",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path), ("account_id" = String, Path)),
    responses((status = 200, body = BalancesView)),
)]
async fn balances(
    State(state): State<AppState>,
    session: Session,
    AppPath((consent_id, account_id)): AppPath<(String, String)>,
) -> Result<Json<BalancesView>, AppError> {
    let consent = find(&state, &session, &consent_id).await?;
    consent.allow(Permission::Balances)?;
    let list = state
        .openbanking
        .balances(&consent.id, &account_id)
        .await
        .map_err(not_found)?;
    let balances = list
        .balances
        .into_iter()
        .map(|b| {
            Ok(BalanceView {
                kind: b.balance_type,
                amount: money(&b.balance_amount)?,
                reference_date: b.reference_date,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Json(BalancesView { balances }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
struct TransactionParams {
    /// Inclusive; not after `dateTo`.
    #[param(value_type = Option<protocol::api::FilterDate>)]
    date_from: Option<String>,
    /// Inclusive.
    #[param(value_type = Option<protocol::api::FilterDate>)]
    date_to: Option<String>,
    /// A page's cursor, as `cursors` gave it.
    #[param(pattern = "^[0-9]{1,16}$")]
    cursor: Option<String>,
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT_TRANSACTIONS,
    operation_id = "listTransactions",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path), ("account_id" = String, Path), TransactionParams),
    responses((status = 200, body = TransactionsView)),
)]
async fn transactions(
    State(state): State<AppState>,
    session: Session,
    AppPath((consent_id, account_id)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<TransactionParams>,
) -> Result<Json<TransactionsView>, AppError> {
    if params
        .cursor
        .as_ref()
        .is_some_and(|c| c.is_empty() || c.len() > 16 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(AppError::invalid(
            "cursor",
            "cursor is not one this API handed out",
        ));
    }
    let (_, page) = bank_page(&state, &session, &consent_id, &account_id, &params).await?;
    let links = page.links;
    let cursor = |link: Option<Link>| link.and_then(|l| page_of(&l.href));
    Ok(Json(TransactionsView {
        download_only: page.transactions.is_none() && links.download.is_some(),
        transactions: transaction_views(page.transactions.unwrap_or_default())?,
        cursors: PageCursors {
            first: cursor(links.first),
            previous: cursor(links.previous),
            next: cursor(links.next),
            last: cursor(links.last),
        },
    }))
}

#[utoipa::path(
    get,
    path = paths::ACCOUNT_TRANSACTIONS_DOWNLOAD,
    operation_id = "downloadTransactions",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path), ("account_id" = String, Path), TransactionParams),
    responses((status = 200, description = "Every transaction of the window at once", body = TransactionsView)),
)]
async fn download(
    State(state): State<AppState>,
    session: Session,
    AppPath((consent_id, account_id)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<TransactionParams>,
) -> Result<Json<TransactionsView>, AppError> {
    let params = TransactionParams {
        cursor: None,
        ..params
    };
    let (consent_id, page) = bank_page(&state, &session, &consent_id, &account_id, &params).await?;
    let link = page.links.download.ok_or(AppError::NotFound("download"))?;
    let downloaded = state.openbanking.download(&consent_id, &link.href).await?;
    Ok(Json(TransactionsView {
        transactions: transaction_views(downloaded.transactions)?,
        cursors: PageCursors::default(),
        download_only: true,
    }))
}

/// The bank's answer for the session's consent (which must allow transactions), with the
/// consent's id.
async fn bank_page(
    state: &AppState,
    session: &Session,
    consent_id: &str,
    account_id: &str,
    params: &TransactionParams,
) -> Result<(String, TransactionPage), AppError> {
    let consent = find(state, session, consent_id).await?;
    consent.allow(Permission::Transactions)?;
    let query = bank_query(state, &consent.bank_id, params).await?;
    let page = state
        .openbanking
        .transactions(&consent.id, account_id, &query)
        .await
        .map_err(not_found)?;
    Ok((consent.id, page))
}

/// The widget filters by whole days; each bank gets them in its own form: dates, or the
/// day's first and last second for banks that filter by date-time.
async fn bank_query(
    state: &AppState,
    bank_id: &str,
    params: &TransactionParams,
) -> Result<TransactionQuery, AppError> {
    let from = params
        .date_from
        .as_deref()
        .map(|d| parse_date("dateFrom", d))
        .transpose()?;
    let to = params
        .date_to
        .as_deref()
        .map(|d| parse_date("dateTo", d))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(AppError::invalid("dateFrom", "dateFrom is after dateTo"));
        }
    }
    let by_time = state.openbanking.banks().await?.aspsps.iter().any(|b| {
        b.aspsp_id == bank_id
            && b.details_and_options.transaction_filter == TransactionFilter::DateTime
    });
    let form = |date: time::Date, end: &str| {
        if by_time {
            format!("{date}T{end}Z")
        } else {
            date.to_string()
        }
    };
    Ok(TransactionQuery {
        date_from: from.map(|d| form(d, "00:00:00")),
        date_to: to.map(|d| form(d, "23:59:59")),
        page: params.cursor.clone(),
    })
}

fn transaction_views(transactions: Vec<Transaction>) -> Result<Vec<TransactionView>, AppError> {
    transactions
        .into_iter()
        .map(|t| {
            let amount = money(&t.transaction_amount)?;
            let counterparty = if amount.minor < 0 {
                t.creditor_name
            } else {
                t.debtor_name
            };
            Ok(TransactionView {
                transaction_id: t.transaction_id,
                booking_date: t.booking_date,
                amount,
                counterparty,
                description: t.remittance_information,
            })
        })
        .collect()
}

/// A bank's amount that is not an exact decimal is the bank's fault, not the user's.
fn money(amount: &Amount) -> Result<Money, AppError> {
    Money::parse_decimal(&amount.amount, &amount.currency).map_err(|err| {
        AppError::Upstream(ProviderError::Rejected {
            status: reqwest::StatusCode::BAD_GATEWAY,
            body: format!(
                "bank sent amount {:?} {}: {err}",
                amount.amount, amount.currency
            ),
        })
    })
}

/// The provider's 404 for an account is ours too; its 403 (permissions) and 400 (a filter it
/// refuses) are the caller's.
fn not_found(err: ProviderError) -> AppError {
    match &err {
        ProviderError::Rejected { status, .. } if *status == reqwest::StatusCode::NOT_FOUND => {
            AppError::NotFound("account")
        }
        ProviderError::Rejected { status, .. } if *status == reqwest::StatusCode::FORBIDDEN => {
            AppError::Forbidden("the consent does not cover this data")
        }
        _ => err.into(),
    }
}
