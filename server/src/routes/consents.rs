//! The widget's consents: create one at the provider (with our callback and a fresh `state`),
//! follow its status, revoke it. A session sees only its own consents, and the bank's decision
//! only once it has confirmed its return from the bank (`consent_returns`): until then an
//! approved or refused consent reads as `Open`, awaiting the return, and gives no data.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::api::banking::{
    BankDisplay, ConsentCreated, ConsentStatus, ConsentView, CreateConsent, Permission,
};
use protocol::api::events::SessionEvent;
use protocol::provider::openbanking::ConsentRequest;
use time::macros::{date, format_description};
use time::Date;

use crate::auth::{random_token, token_hash, Session};
use crate::consent_withdrawal::withdraw_if_abandoned;
use crate::extract::{AppJson, AppPath};
use crate::{db, AppError, AppState};

/// How long the bank has to send the browser back before the `state` stops being accepted.
pub const STATE_LIFETIME_SECS: i64 = 30 * 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/consents", post(create))
        .route("/api/v1/consents/{consent_id}", get(read).delete(revoke))
}

#[derive(Debug, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: String,
    pub bank_id: String,
    pub bank_name: String,
    pub permissions: String,
    pub transactions_from: Option<String>,
    pub transactions_to: Option<String>,
    pub status: String,
    pub bank_redirect_url: String,
    pub confirmed_at: Option<i64>,
}

impl ConsentRow {
    pub fn status(&self) -> ConsentStatus {
        ConsentStatus::ALL
            .into_iter()
            .find(|s| status_name(*s) == self.status)
            .unwrap_or(ConsentStatus::Open)
    }

    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| {
                self.permissions
                    .split(',')
                    .any(|n| n == permission_name(*p))
            })
            .collect()
    }

    /// Data under this consent needs its return confirmed by the session, it authorised and
    /// the permission granted.
    pub fn allow(&self, permission: Permission) -> Result<(), AppError> {
        if self.confirmed_at.is_none() {
            return Err(AppError::ConsentNotConfirmed);
        }
        if !self.status().grants_access() {
            return Err(AppError::Forbidden("the consent is not authorised"));
        }
        if !self.permissions().contains(&permission) {
            return Err(AppError::Forbidden("the consent does not cover this data"));
        }
        Ok(())
    }

    pub fn view(&self) -> ConsentView {
        let status = self.status();
        let shown = shown_status(status, self.confirmed_at.is_some());
        ConsentView {
            consent_id: self.id.clone(),
            bank_id: self.bank_id.clone(),
            bank_name: self.bank_name.clone(),
            status: shown,
            awaiting_return: shown != status,
            permissions: self.permissions(),
            transactions_from: self.transactions_from.clone(),
            transactions_to: self.transactions_to.clone(),
        }
    }
}

/// What the session is told of a status: the bank's decision is the session's only once it
/// has confirmed its return from the bank; it may have been made by someone else. A revocation
/// is told as it is.
fn shown_status(status: ConsentStatus, confirmed: bool) -> ConsentStatus {
    match status {
        ConsentStatus::Authorised | ConsentStatus::Rejected if !confirmed => ConsentStatus::Open,
        status => status,
    }
}

const COLUMNS: &str = "id, bank_id, bank_name, permissions, transactions_from, \
                       transactions_to, status, bank_redirect_url, confirmed_at";

/// The session's consent with this id; another session's is as unknown as a missing one.
pub async fn find(
    state: &AppState,
    session: &Session,
    consent_id: &str,
) -> Result<ConsentRow, AppError> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM consents WHERE id = $1 AND application_id = $2"
    ))
    .bind(consent_id)
    .bind(&session.application_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("consent"))
}

/// Records the consent's status; a change is told to the session's event stream (as the
/// session may see it: see `shown_status`). Answers whether it changed.
pub async fn set_status(
    state: &AppState,
    consent_id: &str,
    status: ConsentStatus,
) -> Result<bool, AppError> {
    let changed: Option<(String, Option<i64>)> = sqlx::query_as(
        "UPDATE consents SET status = $1, updated_at = $2 WHERE id = $3 AND status <> $4
         RETURNING application_id, confirmed_at",
    )
    .bind(status_name(status))
    .bind(db::now())
    .bind(consent_id)
    .bind(status_name(status))
    .fetch_optional(&state.db)
    .await?;
    let Some((application_id, confirmed_at)) = changed else {
        return Ok(false);
    };
    let shown = shown_status(status, confirmed_at.is_some());
    publish_status(state, &application_id, consent_id, shown).await?;
    Ok(true)
}

/// Tells the session's event stream the consent's status as the session may see it.
pub async fn publish_status(
    state: &AppState,
    application_id: &str,
    consent_id: &str,
    shown: ConsentStatus,
) -> Result<(), AppError> {
    let event = SessionEvent::Consent {
        consent_id: consent_id.to_owned(),
        status: shown,
    };
    state
        .events
        .publish(&state.db, application_id, &event)
        .await?;
    Ok(())
}

pub fn status_name(status: ConsentStatus) -> &'static str {
    match status {
        ConsentStatus::Open => "Open",
        ConsentStatus::Authorised => "Authorised",
        ConsentStatus::Rejected => "Rejected",
        ConsentStatus::Revoked => "Revoked",
        ConsentStatus::RevokedAtTpp => "RevokedAtTpp",
    }
}

pub fn display_name(display: BankDisplay) -> &'static str {
    match display {
        BankDisplay::Page => "page",
        BankDisplay::Popup => "popup",
    }
}

fn permission_name(permission: Permission) -> &'static str {
    match permission {
        Permission::Accounts => "Accounts",
        Permission::Balances => "Balances",
        Permission::Transactions => "Transactions",
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/consents",
    operation_id = "createConsent",
    tag = "bank",
    security(("session_token" = [])),
    request_body = CreateConsent,
    responses((status = 201, description = "Created; go to the bank", body = ConsentCreated), (status = 200, description = "Created before with this idempotencyKey", body = ConsentCreated)),
)]
async fn create(
    State(state): State<AppState>,
    session: Session,
    AppJson(input): AppJson<CreateConsent>,
) -> Result<(StatusCode, Json<ConsentCreated>), AppError> {
    let key = &input.idempotency_key;
    if !(8..=64).contains(&key.len())
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            "idempotencyKey",
            "idempotencyKey must be 8 to 64 letters, digits, '-' or '_'",
        ));
    }
    // Checked before the key is looked up: a request that does not fit is refused, whatever
    // an earlier one with the same key made.
    let from = input
        .transactions_from
        .as_deref()
        .map(|d| parse_date("transactionsFrom", d))
        .transpose()?;
    let to = input
        .transactions_to
        .as_deref()
        .map(|d| parse_date("transactionsTo", d))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(AppError::invalid(
                "transactionsFrom",
                "transactionsFrom is after transactionsTo",
            ));
        }
    }
    if let Some(existing) = find_by_key(&state, &session, key).await? {
        return Ok((StatusCode::OK, Json(created_view(&existing))));
    }
    let bank = state
        .openbanking
        .banks()
        .await?
        .aspsps
        .into_iter()
        .find(|bank| bank.aspsp_id == input.bank_id)
        .ok_or_else(|| AppError::invalid("bankId", "bankId is not a bank we can connect"))?;
    let permissions = normalized_permissions(&input.permissions);

    // The `state` tying the bank's redirect back to this session.
    let state_token = random_token();
    let redirect_uri = state
        .config
        .public_url()
        .join("callback/consent")
        .expect("relative path joins");
    let created = state
        .openbanking
        .create_consent(&ConsentRequest {
            aspsp_id: bank.aspsp_id.clone(),
            permissions: permissions.clone(),
            owner_name: input.owner_name && bank.details_and_options.supports_owner_name,
            transaction_from_date_time: from.map(|d| format!("{d}T00:00:00Z")),
            transaction_to_date_time: to.map(|d| format!("{d}T23:59:59Z")),
            redirect_uri: redirect_uri.into(),
            state: state_token.clone(),
        })
        .await?;
    let bank_redirect = created.links.redirect.href;
    if !bank_redirect.starts_with("https://") && !bank_redirect.starts_with("http://") {
        return Err(AppError::Upstream(
            crate::providers::ProviderError::Rejected {
                status: reqwest::StatusCode::BAD_GATEWAY,
                body: "the bank's redirect link is not http(s)".into(),
            },
        ));
    }
    let now = db::now();
    let names: Vec<&str> = permissions.iter().map(|p| permission_name(*p)).collect();
    let inserted = sqlx::query(
        "INSERT INTO consents (id, application_id, idempotency_key, bank_id, bank_name, permissions,
                               owner_name, transactions_from, transactions_to, status, bank_redirect_url,
                               state_hash, state_expires_at, created_at, updated_at, display, session_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&created.consent_id)
    .bind(&session.application_id)
    .bind(key)
    .bind(&bank.aspsp_id)
    .bind(&bank.name)
    .bind(names.join(","))
    .bind(input.owner_name)
    .bind(from.map(|d| d.to_string()))
    .bind(to.map(|d| d.to_string()))
    .bind(status_name(created.consent_status))
    .bind(&bank_redirect)
    .bind(token_hash(&state_token))
    .bind(now + STATE_LIFETIME_SECS)
    .bind(now)
    .bind(now)
    .bind(display_name(input.display))
    .bind(&session.token_hash)
    .execute(&state.db)
    .await;
    if let Err(err) = inserted {
        // Two requests with one key raced: the first one's consent is the answer.
        if let Some(existing) = find_by_key(&state, &session, key).await? {
            return Ok((StatusCode::OK, Json(created_view(&existing))));
        }
        return Err(err.into());
    }
    tracing::info!(application = %session.application_id, consent = %created.consent_id, bank = %bank.aspsp_id, "consent created");
    Ok((
        StatusCode::CREATED,
        Json(ConsentCreated {
            consent_id: created.consent_id,
            status: created.consent_status,
            redirect_url: bank_redirect,
        }),
    ))
}

async fn find_by_key(
    state: &AppState,
    session: &Session,
    key: &str,
) -> Result<Option<ConsentRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM consents WHERE application_id = $1 AND idempotency_key = $2"
    ))
    .bind(&session.application_id)
    .bind(key)
    .fetch_optional(&state.db)
    .await?)
}

fn created_view(row: &ConsentRow) -> ConsentCreated {
    ConsentCreated {
        consent_id: row.id.clone(),
        status: row.status(),
        redirect_url: row.bank_redirect_url.clone(),
    }
}

/// No permission asked means all three; data needs the account list, so Accounts is implied.
fn normalized_permissions(asked: &[Permission]) -> Vec<Permission> {
    if asked.is_empty() {
        return Permission::ALL.to_vec();
    }
    Permission::ALL
        .into_iter()
        .filter(|p| *p == Permission::Accounts || asked.contains(p))
        .collect()
}

/// The dates the API takes: any account's history and plans fit, and a window's arithmetic (a
/// default start months back, an end a day on) stays a date every provider can be sent (RFC
/// 3339's years have four digits; `time` has no date after 9999-12-31 at all).
pub const EARLIEST_DATE: Date = date!(1900 - 01 - 01);
pub const LATEST_DATE: Date = date!(2999 - 12 - 31);

pub fn parse_date(field: &str, value: &str) -> Result<Date, AppError> {
    Date::parse(value, format_description!("[year]-[month]-[day]"))
        .ok()
        .filter(|date| (EARLIEST_DATE..=LATEST_DATE).contains(date))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!(
                    "{field} must be a date, YYYY-MM-DD, from {EARLIEST_DATE} to {LATEST_DATE}"
                ),
            )
        })
}

/// The status now: asked of the provider until the account holder has decided; shown as the
/// session may see it. A consent abandoned (see `consent_withdrawal`) is withdrawn first.
#[utoipa::path(
    get,
    path = "/api/v1/consents/{consent_id}",
    operation_id = "getConsent",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path)),
    responses((status = 200, body = ConsentView)),
)]
async fn read(
    State(state): State<AppState>,
    session: Session,
    AppPath(consent_id): AppPath<String>,
) -> Result<Json<ConsentView>, AppError> {
    let mut row = find(&state, &session, &consent_id).await?;
    let withdrawable = matches!(
        row.status(),
        ConsentStatus::Open | ConsentStatus::Authorised
    );
    if row.confirmed_at.is_none() && withdrawable {
        if let Some(status) = withdraw_if_abandoned(&state, &row.id).await? {
            row.status = status_name(status).to_owned();
        }
    }
    if !row.status().is_decided() {
        let status = state
            .openbanking
            .consent_status(&row.id)
            .await?
            .consent_status;
        if status != row.status() {
            set_status(&state, &row.id, status).await?;
            row.status = status_name(status).to_owned();
        }
    }
    Ok(Json(row.view()))
}

#[utoipa::path(
    delete,
    path = "/api/v1/consents/{consent_id}",
    operation_id = "revokeConsent",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path)),
    responses((status = 200, description = "Revoked (or RevokedAtTpp)", body = ConsentView)),
)]
async fn revoke(
    State(state): State<AppState>,
    session: Session,
    AppPath(consent_id): AppPath<String>,
) -> Result<Json<ConsentView>, AppError> {
    let mut row = find(&state, &session, &consent_id).await?;
    if row.status() != ConsentStatus::Authorised {
        // Named as the session sees it: an unconfirmed refusal is not the session's to know.
        return Err(AppError::Conflict(format!(
            "a consent that is {} cannot be revoked",
            status_name(row.view().status)
        )));
    }
    let status = state
        .openbanking
        .revoke_consent(&row.id)
        .await?
        .consent_status;
    set_status(&state, &row.id, status).await?;
    row.status = status_name(status).to_owned();
    tracing::info!(consent = %row.id, status = %row.status, "consent revoked");
    Ok(Json(row.view()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_default_to_all_and_imply_accounts() {
        assert_eq!(normalized_permissions(&[]), Permission::ALL);
        assert_eq!(
            normalized_permissions(&[Permission::Transactions]),
            [Permission::Accounts, Permission::Transactions]
        );
    }
}
