//! Consents no session will ever confirm are withdrawn at the bank: the account holder may have
//! approved them (in this browser or another), and nobody must be left holding that access.
//! A consent is abandoned, unless confirmed or already decided against, when its `state`
//! expired with no return from the bank, or its return code was spent without confirming it
//! (refused) or expired unspent.
//!
//! Done when such a consent is read, and by a sweep every minute for those nobody reads. Several
//! instances may sweep at once: each consent is claimed first (`withdrawal_claimed_at`), so only
//! one asks the provider; a try that fails gives its claim back for the next sweep.

use std::time::Duration;

use protocol::api::banking::ConsentStatus;
use tokio::task::JoinHandle;

use super::set_status;
use crate::{db, AppError, AppState};

const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// A claim older than this belongs to a try that never ended (its instance stopped): taken again.
/// Also how often a consent the bank still holds undecided (`Open`) is asked about again.
const CLAIM_LIFETIME_SECS: i64 = 10 * 60;

/// Past this, an abandoned consent is no longer looked at: no bank keeps an undecided consent
/// open for a day, and the sweep must not ask about every old one forever.
const WATCH_SECS: i64 = 24 * 60 * 60;

/// Consents per sweep round; the rest wait for the next.
const BATCH: i64 = 50;

/// The consents to withdraw, at `$1` (now). Rejected and revoked ones hold nothing to withdraw.
const ABANDONED: &str = "confirmed_at IS NULL
    AND status NOT IN ('Rejected', 'Revoked', 'RevokedAtTpp')
    AND created_at > $1 - $2
    AND ((state_used_at IS NULL AND state_expires_at <= $1)
         OR return_code_used_at IS NOT NULL
         OR return_code_expires_at <= $1)
    AND (withdrawal_claimed_at IS NULL OR withdrawal_claimed_at <= $1 - $3)";

/// Sweeps until the server stops (the caller aborts the task).
pub fn spawn_sweeper(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(SWEEP_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(err) = withdraw_abandoned(&state).await {
                tracing::warn!(error = %err, "consent withdrawal sweep failed");
            }
        }
    })
}

/// One round: every abandoned consent (up to a batch) is claimed and withdrawn. Answers how
/// many this instance claimed.
pub async fn withdraw_abandoned(state: &AppState) -> Result<usize, AppError> {
    let now = db::now();
    // The claim is repeated outside the subquery: PostgreSQL rechecks a row another instance
    // claimed meanwhile against these conditions, not against the subquery's.
    let claimed: Vec<String> = sqlx::query_scalar(&format!(
        "UPDATE consents SET withdrawal_claimed_at = $1
         WHERE id IN (SELECT id FROM consents WHERE {ABANDONED} LIMIT $4) AND {ABANDONED}
         RETURNING id"
    ))
    .bind(now)
    .bind(WATCH_SECS)
    .bind(CLAIM_LIFETIME_SECS)
    .bind(BATCH)
    .fetch_all(&state.db)
    .await?;
    for consent_id in &claimed {
        withdraw_claimed(state, consent_id).await;
    }
    Ok(claimed.len())
}

/// Withdraws this consent now if it is abandoned and no one else is at it; answers the status
/// recorded then.
pub async fn withdraw_if_abandoned(
    state: &AppState,
    consent_id: &str,
) -> Result<Option<ConsentStatus>, AppError> {
    let claimed: Option<String> = sqlx::query_scalar(&format!(
        "UPDATE consents SET withdrawal_claimed_at = $1 WHERE id = $4 AND {ABANDONED} RETURNING id"
    ))
    .bind(db::now())
    .bind(WATCH_SECS)
    .bind(CLAIM_LIFETIME_SECS)
    .bind(consent_id)
    .fetch_optional(&state.db)
    .await?;
    if claimed.is_none() {
        return Ok(None);
    }
    Ok(withdraw_claimed(state, consent_id).await)
}

/// Revokes the consent at the provider if the bank authorised it, and records what the
/// provider says it is now. A failure is logged and the claim given back: the next sweep tries
/// again. (The provider revokes only what is authorised, so its status is read first.)
async fn withdraw_claimed(state: &AppState, consent_id: &str) -> Option<ConsentStatus> {
    match revoke_if_authorised(state, consent_id).await {
        Ok(status) => {
            tracing::info!(
                consent = consent_id,
                status = %status,
                "unconfirmed consent withdrawn"
            );
            Some(status)
        }
        Err(err) => {
            tracing::warn!(consent = consent_id, error = %err, "unconfirmed consent not withdrawn yet");
            let released =
                sqlx::query("UPDATE consents SET withdrawal_claimed_at = NULL WHERE id = $1")
                    .bind(consent_id)
                    .execute(&state.db)
                    .await;
            if let Err(err) = released {
                tracing::warn!(consent = consent_id, error = %err, "withdrawal claim kept until it expires");
            }
            None
        }
    }
}

async fn revoke_if_authorised(
    state: &AppState,
    consent_id: &str,
) -> Result<ConsentStatus, AppError> {
    let mut status = state
        .openbanking
        .consent_status(consent_id)
        .await?
        .consent_status;
    if status == ConsentStatus::Authorised {
        status = state
            .openbanking
            .revoke_consent(consent_id)
            .await?
            .consent_status;
    }
    set_status(state, consent_id, status).await?;
    Ok(status)
}
