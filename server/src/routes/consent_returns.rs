//! `POST /api/v1/consents/{consent_id}/confirm`: the browser back from the bank hands in the
//! return code the callback gave it, and only the session that created the consent can make
//! its bank's decision its own. Someone who approved a consent in another browser (lured there
//! by the bank's address) comes back with a code this session never sees; a code presented by
//! another session, or none, is refused, and the consent it was made for withdrawn at the bank.
//!
//! The code is spent by its first use, whatever the outcome: a replay, or a guess that happens
//! to hit, gains nothing. The session is optional here: a browser that comes back without one
//! must still spend (and so disarm) the code it holds. A refusal is `403 bank_return_refused`,
//! whatever the reason: unknown, spent, expired, of another consent or not this session's.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use protocol::api::banking::{ConfirmConsent, ConsentView};

use super::consents::{find, publish_status, set_status};
use crate::auth::{token_hash, Session};
use crate::client_addr::ClientAddr;
use crate::consent_withdrawal::withdraw_if_abandoned;
use crate::extract::{AppJson, AppPath};
use crate::{db, AppError, AppState};

/// How long the browser has from the bank's redirect back to its confirm.
pub const RETURN_CODE_LIFETIME_SECS: i64 = 10 * 60;

/// The longest code the API takes (ours are 43 characters).
const MAX_CODE_LEN: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/consents/{consent_id}/confirm", post(confirm))
}

/// The consent a code was made for, as its spending found it.
#[derive(sqlx::FromRow)]
struct SpentCode {
    id: String,
    session_hash: Option<String>,
    return_code_expires_at: Option<i64>,
    confirmed_at: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/consents/{consent_id}/confirm",
    operation_id = "confirmConsent",
    tag = "bank",
    security((), ("session_token" = [])),
    params(("consent_id" = String, Path)),
    request_body = ConfirmConsent,
    responses((status = 200, description = "Confirmed: the bank's decision is this session's", body = ConsentView)),
)]
async fn confirm(
    State(state): State<AppState>,
    session: Result<Session, AppError>,
    client: ClientAddr,
    AppPath(consent_id): AppPath<String>,
    AppJson(input): AppJson<ConfirmConsent>,
) -> Result<Json<ConsentView>, AppError> {
    let session = match session {
        Ok(session) => Some(session),
        // The session's own limit was met: that is the answer, not a missing session.
        Err(err @ AppError::RateLimited { .. }) => return Err(err),
        Err(_) => {
            state.rate_limits.public_mint(&client)?;
            None
        }
    };
    if input.code.is_empty() || input.code.len() > MAX_CODE_LEN {
        return Err(AppError::invalid(
            "code",
            format!("code must be 1 to {MAX_CODE_LEN} characters"),
        ));
    }
    let now = db::now();
    let spent: Option<SpentCode> = sqlx::query_as(
        "UPDATE consents SET return_code_used_at = $1
         WHERE return_code_hash = $2 AND return_code_used_at IS NULL
         RETURNING id, session_hash, return_code_expires_at, confirmed_at",
    )
    .bind(now)
    .bind(token_hash(&input.code))
    .fetch_optional(&state.db)
    .await?;
    let Some(spent) = spent else {
        tracing::warn!(consent = %consent_id, "bank return refused: an unknown or spent code");
        return Err(AppError::BankReturnRefused);
    };
    let presented_by = session.as_ref().map(|s| s.token_hash.as_str());
    let accepted = spent.id == consent_id
        && spent
            .return_code_expires_at
            .is_some_and(|expires| expires > now)
        && spent.session_hash.is_some()
        && spent.session_hash.as_deref() == presented_by;
    if !accepted {
        tracing::warn!(
            consent = %spent.id,
            path_consent = %consent_id,
            with_session = session.is_some(),
            "bank return refused: the consent is withdrawn"
        );
        if spent.confirmed_at.is_none() {
            withdraw_if_abandoned(&state, &spent.id).await?;
        }
        return Err(AppError::BankReturnRefused);
    }
    let session = session.expect("an accepted code has the consent's session");
    let confirmed =
        sqlx::query("UPDATE consents SET confirmed_at = $1 WHERE id = $2 AND application_id = $3")
            .bind(now)
            .bind(&consent_id)
            .bind(&session.application_id)
            .execute(&state.db)
            .await?;
    if confirmed.rows_affected() == 0 {
        return Err(AppError::NotFound("consent"));
    }
    tracing::info!(consent = %consent_id, "bank return confirmed");
    // The decision the callback recorded stands if the provider cannot be asked now; reading
    // the consent asks again while it is undecided.
    let changed = match state.openbanking.consent_status(&consent_id).await {
        Ok(status) => set_status(&state, &consent_id, status.consent_status).await?,
        Err(err) => {
            tracing::warn!(consent = %consent_id, error = %err, "consent status unavailable at its confirm");
            false
        }
    };
    let row = find(&state, &session, &consent_id).await?;
    // Unchanged, the status was told masked before the confirm: told again, as it is.
    if !changed {
        publish_status(&state, &session.application_id, &row.id, row.status()).await?;
    }
    Ok(Json(row.view()))
}
