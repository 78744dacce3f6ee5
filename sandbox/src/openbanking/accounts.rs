//! Data under an authorised consent, named by the `Consent-ID` header; permissions enforced.

use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::provider::openbanking::{
    Account, AccountList, Aspsp, BalanceList, Link, PageLinks, Permission, TransactionDelivery,
    TransactionDownload, TransactionFilter, TransactionPage, CONSENT_ID_HEADER, SCOPE_AIS,
};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use super::consents::window_bound;
use super::{banks, base_url, data, AisState, Consent, Download};
use crate::SandboxError;

const PAGE_SIZE: usize = 50;

/// The consent the request is made under, checked for status and permission.
fn consent_for(
    state: &AisState,
    headers: &HeaderMap,
    permission: Permission,
) -> Result<(String, Consent, Aspsp), SandboxError> {
    state.tokens.authorize(headers, SCOPE_AIS)?;
    let id = headers
        .get(CONSENT_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| SandboxError::invalid("Consent-ID", "the Consent-ID header is required"))?;
    let consent = state
        .consents
        .lock()
        .expect("consents lock")
        .get(id)
        .cloned()
        .ok_or(SandboxError::NotFound("consent"))?;
    if !consent.status.grants_access() {
        return Err(SandboxError::Forbidden(format!(
            "consent is {:?}",
            consent.status
        )));
    }
    if !consent.request.permissions.contains(&permission) {
        return Err(SandboxError::Forbidden(format!(
            "consent does not include {permission:?}"
        )));
    }
    let bank = banks::all("")
        .into_iter()
        .find(|b| b.aspsp_id == consent.request.aspsp_id)
        .ok_or(SandboxError::NotFound("bank"))?;
    Ok((id.to_owned(), consent, bank))
}

fn accounts_of(consent: &Consent, bank: &Aspsp) -> Vec<Account> {
    let owner = (consent.request.owner_name && bank.details_and_options.supports_owner_name)
        .then_some("Anna Andersson");
    data::accounts(&bank.aspsp_id, &bank.country_code, owner)
}

fn account_of(consent: &Consent, bank: &Aspsp, account_id: &str) -> Result<Account, SandboxError> {
    accounts_of(consent, bank)
        .into_iter()
        .find(|a| a.account_id == account_id)
        .ok_or(SandboxError::NotFound("account"))
}

pub async fn list(
    State(state): State<AisState>,
    headers: HeaderMap,
) -> Result<Json<AccountList>, SandboxError> {
    let (_, consent, bank) = consent_for(&state, &headers, Permission::Accounts)?;
    Ok(Json(AccountList {
        accounts: accounts_of(&consent, &bank),
    }))
}

pub async fn balances(
    State(state): State<AisState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<BalanceList>, SandboxError> {
    let (_, consent, bank) = consent_for(&state, &headers, Permission::Balances)?;
    let account = account_of(&consent, &bank, &account_id)?;
    Ok(Json(BalanceList {
        balances: data::balances(&account),
        account_id,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionQuery {
    date_from: Option<String>,
    date_to: Option<String>,
    page: Option<usize>,
}

/// `dateFrom`/`dateTo` in the bank's own form: whole dates (20101 and most banks) or
/// date-times (20116); the other form is refused, as a real bank would.
fn bound(
    bank: &Aspsp,
    field: &'static str,
    value: Option<&str>,
    end_of_day: bool,
) -> Result<Option<OffsetDateTime>, SandboxError> {
    let Some(value) = value else { return Ok(None) };
    match bank.details_and_options.transaction_filter {
        TransactionFilter::Date => {
            let date =
                Date::parse(value, format_description!("[year]-[month]-[day]")).map_err(|_| {
                    SandboxError::invalid(
                        field,
                        format!("{field} must be a date, YYYY-MM-DD, at this bank"),
                    )
                })?;
            let time = if end_of_day {
                time::macros::time!(23:59:59)
            } else {
                time::Time::MIDNIGHT
            };
            Ok(Some(PrimitiveDateTime::new(date, time).assume_utc()))
        }
        TransactionFilter::DateTime => {
            OffsetDateTime::parse(value, &Rfc3339)
                .map(Some)
                .map_err(|_| {
                    SandboxError::invalid(
                        field,
                        format!("{field} must be an RFC 3339 date-time at this bank"),
                    )
                })
        }
    }
}

fn filtered(
    consent: &Consent,
    bank: &Aspsp,
    account: &Account,
    query_from: Option<&str>,
    query_to: Option<&str>,
) -> Result<Vec<protocol::provider::openbanking::Transaction>, SandboxError> {
    let with_time = bank.details_and_options.transaction_filter == TransactionFilter::DateTime;
    let from = [
        window_bound(
            "TransactionFromDateTime",
            consent.request.transaction_from_date_time.as_deref(),
        )?,
        bound(bank, "dateFrom", query_from, false)?,
    ];
    let to = [
        window_bound(
            "TransactionToDateTime",
            consent.request.transaction_to_date_time.as_deref(),
        )?,
        bound(bank, "dateTo", query_to, true)?,
    ];
    Ok(data::transactions(account, with_time)
        .into_iter()
        .filter(|(at, _)| {
            let at = at.assume_utc();
            from.iter().flatten().all(|f| at >= *f) && to.iter().flatten().all(|t| at <= *t)
        })
        .map(|(_, transaction)| transaction)
        .collect())
}

pub async fn transactions(
    State(state): State<AisState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(account_id): Path<String>,
    Query(query): Query<TransactionQuery>,
) -> Result<Json<TransactionPage>, SandboxError> {
    let (consent_id, consent, bank) = consent_for(&state, &headers, Permission::Transactions)?;
    let account = account_of(&consent, &bank, &account_id)?;
    let all = filtered(
        &consent,
        &bank,
        &account,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
    )?;
    let tail = format!("/accounts/{account_id}/transactions");
    let base = base_url(&headers, uri.path(), &tail);

    if bank.details_and_options.transaction_delivery == TransactionDelivery::Download {
        let download_id = uuid::Uuid::new_v4().to_string();
        state.downloads.lock().expect("downloads lock").insert(
            download_id.clone(),
            Download {
                consent_id,
                account_id: account_id.clone(),
                date_from: query.date_from,
                date_to: query.date_to,
            },
        );
        let links = PageLinks {
            download: Some(Link {
                href: format!("{base}/download/transactions/{download_id}"),
            }),
            ..Default::default()
        };
        return Ok(Json(TransactionPage {
            account_id,
            transactions: None,
            links,
        }));
    }

    let pages = all.len().div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(0);
    if page >= pages {
        return Err(SandboxError::invalid(
            "page",
            format!("page must be below {pages}"),
        ));
    }
    let link = |page: usize| {
        let mut url = url::Url::parse(&format!("{base}{tail}")).expect("our own URL parses");
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(from) = &query.date_from {
                pairs.append_pair("dateFrom", from);
            }
            if let Some(to) = &query.date_to {
                pairs.append_pair("dateTo", to);
            }
            pairs.append_pair("page", &page.to_string());
        }
        Some(Link { href: url.into() })
    };
    let links = PageLinks {
        first: link(0),
        previous: if page > 0 { link(page - 1) } else { None },
        next: if page + 1 < pages {
            link(page + 1)
        } else {
            None
        },
        last: link(pages - 1),
        self_link: link(page),
        download: None,
    };
    let transactions = all
        .into_iter()
        .skip(page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    Ok(Json(TransactionPage {
        account_id,
        transactions: Some(transactions),
        links,
    }))
}

pub async fn download(
    State(state): State<AisState>,
    headers: HeaderMap,
    Path(download_id): Path<String>,
) -> Result<Json<TransactionDownload>, SandboxError> {
    let (consent_id, consent, bank) = consent_for(&state, &headers, Permission::Transactions)?;
    let download = state
        .downloads
        .lock()
        .expect("downloads lock")
        .get(&download_id)
        .cloned();
    let download = download
        .filter(|d| d.consent_id == consent_id)
        .ok_or(SandboxError::NotFound("download"))?;
    let account = account_of(&consent, &bank, &download.account_id)?;
    let transactions = filtered(
        &consent,
        &bank,
        &account,
        download.date_from.as_deref(),
        download.date_to.as_deref(),
    )?;
    Ok(Json(TransactionDownload {
        account_id: download.account_id,
        transactions,
    }))
}
