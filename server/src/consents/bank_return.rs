//! The browser's way back from the bank. The callback spends the consent's `state` for a
//! one-time return code (`accept_return`); only the session that created the consent can
//! confirm that code and so make the bank's decision its own (`confirm_return`). Someone who
//! approved the consent in another browser comes back with a code this session never sees; a
//! code presented by another session, or none, is refused and the consent withdrawn.
//!
//! The code is spent by its first use, whatever the outcome: a replay, or a guess that happens
//! to hit, gains nothing.

use protocol::api::banking::BankDisplay;

use super::withdrawal::withdraw_if_abandoned;
use super::{find, publish_status, set_status, ConsentRow, RETURN_CODE_LIFETIME_SECS};
use crate::auth::{random_token, token_hash, Session};
use crate::{db, AppError, AppState};

/// Where the browser goes back to, and the code it takes there.
pub struct Return {
    pub display: BankDisplay,
    pub code: String,
}

/// The consent whose `state` the bank's redirect spent.
#[derive(sqlx::FromRow)]
struct SpentState {
    #[sqlx(try_from = "String")]
    display: BankDisplay,
    session_hash: Option<String>,
}

/// Uses the state up (once, atomically, making the return code in the same stroke), checks that
/// the consent's session still lives and records the consent's status. `None` when the state is
/// unknown, spent, expired or belongs to another consent, or the session has ended.
pub async fn accept_return(
    state: &AppState,
    consent_id: &str,
    state_token: &str,
) -> Result<Option<Return>, AppError> {
    let now = db::now();
    let code = random_token();
    let accepted: Option<SpentState> = sqlx::query_as(
        "UPDATE consents SET state_used_at = $1, return_code_hash = $2, return_code_expires_at = $3
         WHERE id = $4 AND state_hash = $5 AND state_used_at IS NULL AND state_expires_at > $1
         RETURNING display, session_hash",
    )
    .bind(now)
    .bind(token_hash(&code))
    .bind(now + RETURN_CODE_LIFETIME_SECS)
    .bind(consent_id)
    .bind(token_hash(state_token))
    .fetch_optional(&state.db)
    .await?;
    let Some(SpentState {
        display,
        session_hash,
    }) = accepted
    else {
        tracing::warn!(
            consent = consent_id,
            "bank redirect with an unknown, spent or expired state"
        );
        return Ok(None);
    };
    if !session_lives(state, session_hash.as_deref(), now).await? {
        tracing::warn!(
            consent = consent_id,
            "bank redirect for a session that has ended: the consent is withdrawn"
        );
        // Spent, so that it counts as abandoned: withdrawn now, or by the sweep if the
        // provider cannot be reached now.
        sqlx::query("UPDATE consents SET return_code_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(consent_id)
            .execute(&state.db)
            .await?;
        withdraw_if_abandoned(state, consent_id).await?;
        return Ok(None);
    }
    // The widget polls the status anyway; failing to read it now must not strand the user.
    match state.openbanking.consent_status(consent_id).await {
        Ok(status) => {
            set_status(state, consent_id, status.consent_status).await?;
            tracing::info!(consent = consent_id, status = %status.consent_status, "back from the bank");
        }
        Err(err) => {
            tracing::warn!(consent = consent_id, error = %err, "consent status unavailable after the bank")
        }
    }
    Ok(Some(Return { display, code }))
}

/// The locale of the application a consent's `state` was given for, spent or not, so that a
/// refused return is explained in the applicant's language; `None` for a state no consent has.
pub async fn locale_of_state(
    state: &AppState,
    state_token: &str,
) -> Result<Option<String>, sqlx::Error> {
    let locale: Option<Option<String>> = sqlx::query_scalar(
        "SELECT a.locale FROM consents c JOIN applications a ON a.id = c.application_id
         WHERE c.state_hash = $1",
    )
    .bind(token_hash(state_token))
    .fetch_optional(&state.db)
    .await?;
    Ok(locale.flatten())
}

/// Whether the session (by its token's hash) is neither revoked nor expired.
async fn session_lives(
    state: &AppState,
    session_hash: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let Some(session_hash) = session_hash else {
        return Ok(false);
    };
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT expires_at FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(session_hash)
    .bind(now)
    .fetch_optional(&state.db)
    .await?;
    Ok(live.is_some())
}

/// The consent a code was made for, as its spending found it.
#[derive(sqlx::FromRow)]
struct SpentCode {
    id: String,
    session_hash: Option<String>,
    return_code_expires_at: Option<i64>,
    confirmed_at: Option<i64>,
}

/// Spends `code` and, if `session` (the one presenting it, if any) is the one that created
/// `consent_id` and the code was made for that consent and has not expired, confirms the
/// consent: its status is then told as it is. Anything else is `BankReturnRefused`, and the
/// consent the code was made for is withdrawn if it was never confirmed.
pub async fn confirm_return(
    state: &AppState,
    session: Option<&Session>,
    consent_id: &str,
    code: &str,
) -> Result<ConsentRow, AppError> {
    let now = db::now();
    let spent: Option<SpentCode> = sqlx::query_as(
        "UPDATE consents SET return_code_used_at = $1
         WHERE return_code_hash = $2 AND return_code_used_at IS NULL
         RETURNING id, session_hash, return_code_expires_at, confirmed_at",
    )
    .bind(now)
    .bind(token_hash(code))
    .fetch_optional(&state.db)
    .await?;
    let Some(spent) = spent else {
        tracing::warn!(consent = %consent_id, "bank return refused: an unknown or spent code");
        return Err(AppError::BankReturnRefused);
    };
    let presented_by = session.map(|s| s.token_hash.as_str());
    let accepted = spent.id == consent_id
        && spent
            .return_code_expires_at
            .is_some_and(|expires| expires > now)
        && spent.session_hash.is_some()
        && spent.session_hash.as_deref() == presented_by;
    let (true, Some(session)) = (accepted, session) else {
        tracing::warn!(
            consent = %spent.id,
            path_consent = %consent_id,
            with_session = session.is_some(),
            "bank return refused: the consent is withdrawn"
        );
        if spent.confirmed_at.is_none() {
            withdraw_if_abandoned(state, &spent.id).await?;
        }
        return Err(AppError::BankReturnRefused);
    };
    let confirmed =
        sqlx::query("UPDATE consents SET confirmed_at = $1 WHERE id = $2 AND application_id = $3")
            .bind(now)
            .bind(consent_id)
            .bind(session.application_id.as_str())
            .execute(&state.db)
            .await?;
    if confirmed.rows_affected() == 0 {
        return Err(AppError::NotFound("consent"));
    }
    tracing::info!(consent = %consent_id, "bank return confirmed");
    // The decision the callback recorded stands if the provider cannot be asked now; reading
    // the consent asks again while it is undecided.
    let changed = match state.openbanking.consent_status(consent_id).await {
        Ok(status) => set_status(state, consent_id, status.consent_status).await?,
        Err(err) => {
            tracing::warn!(consent = %consent_id, error = %err, "consent status unavailable at its confirm");
            false
        }
    };
    let row = find(state, session, consent_id).await?;
    // Unchanged, the status was told masked before the confirm: told again, as it is.
    if !changed {
        publish_status(state, session.application_id.as_str(), &row.id, row.status).await?;
    }
    Ok(row)
}
