//! `GET .../operations`, a time window of the account's operations a page at a time, and
//! `GET .../operations/{operationId}` with the full detail.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use protocol::provider::issuer::{
    Operation, OperationDetail, EMBED_PARENT_OPERATION, SCOPE_ISSUER_READ,
};
use time::OffsetDateTime;

use super::store::Posted;
use super::{embeds, parse_date, query_params, Call, IssuerError, IssuerState};

/// The document's example asks `offset=100&page=0`: `offset` is how many operations a page
/// holds and `page` which page, from 0.
const DEFAULT_PAGE_SIZE: usize = 100;
const MAX_PAGE_SIZE: usize = 1000;

pub async fn list(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    call.read(list_operations(
        &state,
        &headers,
        &issuer_id,
        &account,
        &query_params(query.as_deref()),
    ))
}

fn list_operations(
    state: &IssuerState,
    headers: &HeaderMap,
    issuer_id: &str,
    account: &str,
    params: &HashMap<String, String>,
) -> Result<Vec<Operation>, IssuerError> {
    state.authorize(headers, SCOPE_ISSUER_READ)?;
    let window = Window::from_params(params)?;
    let store = state.store();
    let account = store.account(issuer_id, account)?;
    let mut inside: Vec<&Posted> = account
        .operations
        .iter()
        .filter(|o| window.contains(o.posted))
        .collect();
    // Newest first; operations posted together keep their booking order, as in the
    // document's example (a purchase, then its fee).
    inside.sort_by(|a, b| b.posted.cmp(&a.posted).then_with(|| a.id().cmp(b.id())));
    Ok(inside
        .into_iter()
        .skip(window.page.saturating_mul(window.page_size))
        .take(window.page_size)
        .map(|o| o.detail.operation.clone())
        .collect())
}

/// Which operations, by posting date: the document's example window catches a purchase
/// posted inside it though its transaction date lies before.
struct Window {
    /// Inclusive.
    start: OffsetDateTime,
    /// Exclusive, so that consecutive windows never share an operation.
    end: OffsetDateTime,
    page: usize,
    page_size: usize,
}

impl Window {
    fn from_params(params: &HashMap<String, String>) -> Result<Self, IssuerError> {
        let date = |field: &str| {
            let value = params
                .get(field)
                .ok_or_else(|| IssuerError::invalid(field, "is required"))?;
            parse_date(field, value)
        };
        let (start, end) = (date("startTime")?, date("endTime")?);
        if start > end {
            return Err(IssuerError::invalid(
                "startTime",
                "must not be after endTime",
            ));
        }
        let page = match params.get("page") {
            None => 0,
            Some(page) => page
                .parse::<u32>()
                .map_err(|_| IssuerError::invalid("page", "must be a page number from 0"))?
                as usize,
        };
        let page_size = match params.get("offset") {
            None => DEFAULT_PAGE_SIZE,
            Some(size) => size
                .parse::<usize>()
                .ok()
                .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
                .ok_or_else(|| {
                    IssuerError::invalid(
                        "offset",
                        format!("must be a page size from 1 to {MAX_PAGE_SIZE}"),
                    )
                })?,
        };
        // The sandbox's accounts have no sub-accounts, so the whole hierarchy is the account.
        if let Some(flag) = params.get("allAccountHierarchy") {
            if flag != "true" && flag != "false" {
                return Err(IssuerError::invalid(
                    "allAccountHierarchy",
                    "must be true or false",
                ));
            }
        }
        Ok(Self {
            start,
            end,
            page,
            page_size,
        })
    }

    fn contains(&self, posted: OffsetDateTime) -> bool {
        self.start <= posted && posted < self.end
    }
}

pub async fn detail(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account, operation_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_params(query.as_deref());
    call.read(operation_detail(
        &state,
        &headers,
        &issuer_id,
        &account,
        &operation_id,
        params.get("embed"),
    ))
}

fn operation_detail(
    state: &IssuerState,
    headers: &HeaderMap,
    issuer_id: &str,
    account: &str,
    operation_id: &str,
    embed: Option<&String>,
) -> Result<OperationDetail, IssuerError> {
    state.authorize(headers, SCOPE_ISSUER_READ)?;
    let with_parent = !embeds(embed, &[EMBED_PARENT_OPERATION])?.is_empty();
    let store = state.store();
    let account = store.account(issuer_id, account)?;
    let operation = account.operation(operation_id)?;
    let mut detail = operation.detail.clone();
    if let (true, Some(parent)) = (with_parent, &operation.parent) {
        detail.parent_operation = Some(Box::new(account.operation(parent)?.detail.clone()));
    }
    Ok(detail)
}
