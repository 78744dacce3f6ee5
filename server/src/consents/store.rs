//! Finding consents, recording new ones and their status.

use protocol::api::banking::{BankDisplay, ConsentStatus};
use protocol::api::events::SessionEvent;

use super::row::{shown_status, ConsentRow, Permissions, COLUMNS};
use super::STATE_LIFETIME_SECS;
use crate::auth::{token_hash, Session};
use crate::{db, AppError, AppState};

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
    .bind(session.application_id.as_str())
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("consent"))
}

/// The session's consent created with this idempotency key, if any.
pub async fn find_by_key(
    state: &AppState,
    session: &Session,
    key: &str,
) -> Result<Option<ConsentRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM consents WHERE application_id = $1 AND idempotency_key = $2"
    ))
    .bind(session.application_id.as_str())
    .bind(key)
    .fetch_optional(&state.db)
    .await?)
}

/// A consent the provider has just created for the session.
pub struct NewConsent<'a> {
    pub consent_id: &'a str,
    pub idempotency_key: &'a str,
    pub bank_id: &'a str,
    pub bank_name: &'a str,
    pub permissions: Permissions,
    pub owner_name: bool,
    pub transactions_from: Option<String>,
    pub transactions_to: Option<String>,
    pub status: ConsentStatus,
    pub bank_redirect_url: &'a str,
    /// The `state` the bank must send back, kept hashed.
    pub state_token: &'a str,
    pub display: BankDisplay,
}

/// Records a new consent, bound to the session that created it. An error here may be a race:
/// another request with the same idempotency key recorded its consent first.
pub async fn insert(
    state: &AppState,
    session: &Session,
    consent: NewConsent<'_>,
) -> Result<(), sqlx::Error> {
    let now = db::now();
    sqlx::query(
        "INSERT INTO consents (id, application_id, idempotency_key, bank_id, bank_name, permissions,
                               owner_name, transactions_from, transactions_to, status, bank_redirect_url,
                               state_hash, state_expires_at, created_at, updated_at, display, session_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(consent.consent_id)
    .bind(session.application_id.as_str())
    .bind(consent.idempotency_key)
    .bind(consent.bank_id)
    .bind(consent.bank_name)
    .bind(consent.permissions.column())
    .bind(consent.owner_name)
    .bind(consent.transactions_from)
    .bind(consent.transactions_to)
    .bind(consent.status.as_str())
    .bind(consent.bank_redirect_url)
    .bind(token_hash(consent.state_token))
    .bind(now + STATE_LIFETIME_SECS)
    .bind(now)
    .bind(now)
    .bind(consent.display.as_str())
    .bind(&session.token_hash)
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Records the consent's status; a change is told to the session's event stream (as the
/// session may see it). Answers whether it changed.
pub async fn set_status(
    state: &AppState,
    consent_id: &str,
    status: ConsentStatus,
) -> Result<bool, AppError> {
    let changed: Option<(String, Option<i64>)> = sqlx::query_as(
        "UPDATE consents SET status = $1, updated_at = $2 WHERE id = $3 AND status <> $1
         RETURNING application_id, confirmed_at",
    )
    .bind(status.as_str())
    .bind(db::now())
    .bind(consent_id)
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
