//! The onboarding provider has no webhooks: its status changes only when someone asks. So that
//! partners hear every decision, a manual review's next-day approval included, the server asks
//! about every submitted, undecided application in the background, and records what changed
//! (the audit trail, the widget's event, the partner's notification).
//!
//! - The first check comes [`FIRST_CHECK_SECS`] after the submit; each next waits twice as long,
//!   up to 15 minutes, with jitter, and a decision ends the checks.
//! - Several instances on one database share the work: a check is claimed first (its
//!   `next_check_at` moved past the claim's lifetime), so one instance asks about it.
//! - A 429 or an outage pauses every check of this instance (after the provider's
//!   `Retry-After`, or a backoff), and the claims not yet asked about are given back as they
//!   were: nothing is skipped, and a change is recorded (and notified) once, whoever sees it.
//! - An application never submitted is left alone while any of its sessions may still submit
//!   it; after that it is abandoned: `CANCELLED` for the partner, until a new session for it
//!   (`POST /api/v1/applications/{id}/sessions`) lets its applicant carry on.

use std::sync::Mutex;
use std::time::Duration;

use protocol::backoff::PollSchedule;
use protocol::{ApplicationId, ApplicationStatus};
use tokio::task::JoinHandle;

use super::{record_change, refresh_status, stored_id, undecided_statuses_sql, Change};
use crate::providers::ProviderError;
use crate::{db, metrics, AppError, AppState};

/// The first check after a submit, in seconds.
pub const FIRST_CHECK_SECS: i64 = 5;

/// The wait before check number `checks` (counted from 1 after the submit): its ceiling doubles
/// from the first check's, and the wait is drawn from the ceiling's upper half.
const SCHEDULE: PollSchedule = PollSchedule {
    initial: Duration::from_secs(FIRST_CHECK_SECS as u64),
    max: Duration::from_secs(15 * 60),
};

/// The pause after the provider failed this many times in a row, drawn the same way.
const OUTAGE: PollSchedule = PollSchedule {
    initial: Duration::from_secs(5),
    max: Duration::from_secs(5 * 60),
};

/// A claim holds an application this long: past a whole round's provider calls, so that only
/// an instance that stopped mid-round leaves its claims to be taken again.
const CLAIM_SECS: i64 = 5 * 60;

/// Applications claimed per round; the rest wait for the next.
const BATCH: i64 = 20;

const ROUND_INTERVAL: Duration = Duration::from_secs(1);
const ABANDON_INTERVAL: Duration = Duration::from_secs(60);

/// The condition that no session of the application (`applications.id`) can be used at
/// `now` (a placeholder), nor claimed: they expired or were revoked, and so were the codes
/// never claimed.
pub(super) fn no_live_session(now: &str) -> String {
    format!(
        "NOT EXISTS (
            SELECT 1 FROM sessions s WHERE s.application_id = applications.id
            AND s.revoked_at IS NULL AND s.expires_at > {now})
        AND NOT EXISTS (
            SELECT 1 FROM session_claims c WHERE c.application_id = applications.id
            AND c.claimed_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > {now})"
    )
}

/// How fast this instance may ask the provider: a throttle or an outage pauses every check.
#[derive(Default)]
pub struct Pace(Mutex<PaceState>);

#[derive(Default)]
struct PaceState {
    /// No check before this (unix seconds).
    resume_at: i64,
    /// Failed calls in a row, for the outage backoff.
    outages: u32,
}

impl Pace {
    fn resume_at(&self) -> i64 {
        self.lock().resume_at
    }

    fn answered(&self) {
        self.lock().outages = 0;
    }

    /// Pauses the checks after `err` at `now`; answers when they resume.
    fn pause(&self, now: i64, err: &ProviderError) -> i64 {
        let mut pace = self.lock();
        let wait = match err {
            ProviderError::Throttled {
                retry_after: Some(asked),
            } => (*asked).min(SCHEDULE.max),
            _ => {
                pace.outages += 1;
                upper_half(OUTAGE.ceiling(pace.outages - 1))
            }
        };
        pace.resume_at = now + seconds(wait).max(1);
        pace.resume_at
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PaceState> {
        self.0.lock().expect("reconciliation pace lock")
    }
}

/// What one round did, for tests and logs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Applications asked about.
    pub asked: usize,
    /// Of those, the ones whose change this round recorded.
    pub changed: usize,
    /// Whether the round stopped for a throttle or an outage (or did not start, paused).
    pub paused: bool,
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: String,
    status: String,
    checks: i64,
}

/// Runs until the process ends; started by `serve`, never by `app`, so tests that drive the
/// router stay deterministic and call [`check_due`] and [`abandon_expired`] themselves.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut rounds = tokio::time::interval(ROUND_INTERVAL);
        rounds.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut sweeps = tokio::time::interval(ABANDON_INTERVAL);
        sweeps.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = rounds.tick() => {
                    if let Err(err) = check_due(&state, db::now()).await {
                        tracing::warn!(error = ?err, "reconciliation: round failed");
                    }
                }
                _ = sweeps.tick() => {
                    if let Err(err) = abandon_expired(&state, db::now()).await {
                        tracing::warn!(error = ?err, "reconciliation: abandonment sweep failed");
                    }
                }
            }
        }
    })
}

/// One round at `now`: every application whose check is due (up to a batch) is claimed and
/// its status asked of the provider, one call at a time, until the provider throttles or fails.
pub async fn check_due(state: &AppState, now: i64) -> Result<Round, AppError> {
    let mut round = Round::default();
    if state.reconciliation.resume_at() > now {
        round.paused = true;
        return Ok(round);
    }
    // The condition is repeated outside the subquery: PostgreSQL rechecks a row another
    // instance claimed meanwhile against it, not against the subquery's.
    let claimed: Vec<Claimed> = sqlx::query_as(
        "UPDATE applications SET next_check_at = $1 + $2, checks = checks + 1
         WHERE id IN (SELECT id FROM applications WHERE next_check_at <= $1
                      ORDER BY next_check_at LIMIT $3)
           AND next_check_at <= $1
         RETURNING id, status, checks",
    )
    .bind(now)
    .bind(CLAIM_SECS)
    .bind(BATCH)
    .fetch_all(&state.db)
    .await?;
    for (index, application) in claimed.iter().enumerate() {
        let id = stored_id(&application.id)?;
        match refresh_status(state, &id, &application.status).await {
            Ok(view) => {
                state.reconciliation.answered();
                round.asked += 1;
                let changed = view.status.as_str() != application.status;
                round.changed += usize::from(changed);
                metrics::reconciliation_check(if changed { "changed" } else { "unchanged" });
                let decided = view.status.is_terminal();
                schedule_next(state, &id, decided, application.checks, now).await?;
            }
            Err(AppError::Upstream(err)) if err.is_transient() => {
                let resume_at = state.reconciliation.pause(now, &err);
                metrics::reconciliation_check(match err {
                    ProviderError::Throttled { .. } => "throttled",
                    _ => "unavailable",
                });
                tracing::warn!(error = %err, resume_in_secs = resume_at - now, "reconciliation: the provider is not answering; checks paused");
                give_back(state, &claimed[index..], resume_at).await?;
                round.paused = true;
                break;
            }
            Err(err) => {
                // Refused (the application unknown to the provider, say): asked again later,
                // as rarely as the schedule says, for someone to look into.
                round.asked += 1;
                metrics::reconciliation_check("refused");
                tracing::warn!(application = %id, error = %err, "reconciliation: the provider refused a check");
                schedule_next(state, &id, false, application.checks, now).await?;
            }
        }
    }
    Ok(round)
}

/// The next check of a claimed application, if it is still undecided and still ours: a
/// decision another request recorded meanwhile ended its checks for good.
async fn schedule_next(
    state: &AppState,
    id: &ApplicationId,
    decided: bool,
    checks: i64,
    now: i64,
) -> Result<(), AppError> {
    let next = (!decided).then(|| {
        let attempt = u32::try_from(checks).unwrap_or(u32::MAX);
        now + seconds(upper_half(SCHEDULE.ceiling(attempt)))
    });
    sqlx::query(
        "UPDATE applications SET next_check_at = $1
         WHERE id = $2 AND checks = $3 AND next_check_at IS NOT NULL",
    )
    .bind(next)
    .bind(id.as_str())
    .bind(checks)
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Claims not asked about go back as they were, due when the checks resume.
async fn give_back(state: &AppState, claims: &[Claimed], resume_at: i64) -> Result<(), AppError> {
    for claim in claims {
        sqlx::query(
            "UPDATE applications SET next_check_at = $1, checks = checks - 1
             WHERE id = $2 AND checks = $3",
        )
        .bind(resume_at)
        .bind(&claim.id)
        .bind(claim.checks)
        .execute(&state.db)
        .await?;
    }
    Ok(())
}

/// Marks abandoned, at `now`, the applications never submitted that no session can submit any
/// more (up to a batch); answers how many this call recorded.
pub async fn abandon_expired(state: &AppState, now: i64) -> Result<usize, AppError> {
    let candidates: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM applications
         WHERE submitted_at IS NULL AND abandoned_at IS NULL AND status IN ({})
           AND {}
         ORDER BY created_at LIMIT $1",
        undecided_statuses_sql(),
        no_live_session("$2")
    ))
    .bind(BATCH)
    .bind(now)
    .fetch_all(&state.db)
    .await?;
    let mut abandoned = 0;
    for id in candidates {
        let id = stored_id(&id)?;
        let change = Change::Abandon { as_of: now };
        if record_change(state, &id, ApplicationStatus::Cancelled, change).await? {
            tracing::info!(application = %id, "abandoned: never submitted, and its sessions are over");
            abandoned += 1;
        }
    }
    Ok(abandoned)
}

/// A wait drawn from the upper half of `ceiling`, so that checks never bunch up near zero.
fn upper_half(ceiling: Duration) -> Duration {
    ceiling.mul_f64(0.5 + rand::random::<f64>() / 2.0)
}

fn seconds(wait: Duration) -> i64 {
    i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2)
}
