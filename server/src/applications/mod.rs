//! An application's status as Onboard keeps it: the mirror of the onboarding provider's, with
//! the audit trail of every status seen and the session event that tells the widget.

mod partner_view;
pub mod reconciliation;

pub use partner_view::partner_view;

use protocol::api::events::SessionEvent;
use protocol::api::StatusView;
use protocol::{ApplicationId, ApplicationStatus};
use sqlx::AnyConnection;

use crate::notifications::{self, Notifier, StatusRecord};
use crate::{db, events, AppError, AppState};

/// Asks the provider for the application's status, records it if it differs from `known`, the
/// status we hold, and makes it the status route's copy.
pub async fn refresh_status(
    state: &AppState,
    id: &ApplicationId,
    known: &str,
) -> Result<StatusView, AppError> {
    let view = ask_provider_and_record(state, id, known).await?;
    state.statuses.insert(id.clone(), view.clone()).await;
    Ok(view)
}

/// The status the widget reads: the copy no older than the configured max age, refreshed from
/// the provider (and recorded) when there is none.
pub async fn current_status(state: &AppState, id: &ApplicationId) -> Result<StatusView, AppError> {
    let refresh = async {
        let known = stored_status(state, id.as_str()).await?;
        ask_provider_and_record(state, id, &known).await
    };
    state.statuses.get_or_load(id, refresh).await
}

/// The application's status as Onboard last recorded it.
pub async fn stored_status(state: &AppState, id: &str) -> Result<String, AppError> {
    let status = sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db)
        .await?;
    Ok(status)
}

async fn ask_provider_and_record(
    state: &AppState,
    id: &ApplicationId,
    known: &str,
) -> Result<StatusView, AppError> {
    let application = state.onboarding.get_application(id).await?;
    let status = application.status;
    // `known` may be stale (read before another refresh recorded the change): the row
    // decides, so that each change is recorded and notified once.
    if status.as_str() != known && record_change(state, id, status, Change::Status).await? {
        tracing::info!(application = %id, from = %known, to = status.as_str(), "status changed");
    }
    Ok(StatusView {
        application_id: id.clone(),
        status,
        updated_at: application.updated_at,
    })
}

/// What makes a status the application's new one.
pub enum Change {
    /// A status other than the one recorded, unless the application was abandoned.
    Status,
    /// The submit's: the first submit only, whatever the status recorded.
    Submit,
    /// Onboard's own: never submitted, and no session left to submit it as of `as_of`
    /// ([`reconciliation`] says when).
    Abandon { as_of: i64 },
}

impl Change {
    /// The guarded update that records `status` ($1) at $2 for application $3 (an abandonment
    /// checks the sessions as of $4), and schedules the provider's next check: none once
    /// decided, the first soon after a submit.
    fn update(&self, status: ApplicationStatus) -> String {
        let schedule = if status.is_terminal() {
            ", next_check_at = NULL".to_owned()
        } else if matches!(self, Self::Submit) {
            format!(
                ", next_check_at = $2 + {}, checks = 0",
                reconciliation::FIRST_CHECK_SECS
            )
        } else {
            String::new()
        };
        let set = "UPDATE applications SET status = $1, updated_at = $2";
        match self {
            Self::Status => {
                format!("{set}{schedule} WHERE id = $3 AND status <> $1 AND abandoned_at IS NULL")
            }
            Self::Submit => {
                format!("{set}, submitted_at = $2{schedule} WHERE id = $3 AND submitted_at IS NULL")
            }
            Self::Abandon { .. } => format!(
                "{set}, abandoned_at = $2{schedule} WHERE id = $3 AND submitted_at IS NULL
                 AND abandoned_at IS NULL AND {}",
                reconciliation::no_live_session("$4")
            ),
        }
    }
}

/// Records `status` as the application's, if `change` makes it new, in one transaction with
/// its audit trail, the session's event and the partner's notification; the session's event
/// streams are woken after the commit. Answers whether it was recorded: of several instances,
/// or a webhook and a poll, that see one change, one records it.
pub async fn record_change(
    state: &AppState,
    id: &ApplicationId,
    status: ApplicationStatus,
    change: Change,
) -> Result<bool, AppError> {
    let sql = change.update(status);
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let mut update = sqlx::query(&sql)
        .bind(status.as_str())
        .bind(now)
        .bind(id.as_str());
    if let Change::Abandon { as_of } = change {
        update = update.bind(as_of);
    }
    let recorded = update.execute(&mut *tx).await?.rows_affected() == 1;
    if recorded {
        record_status(&mut tx, &state.notifier, id, status, now).await?;
    }
    tx.commit().await?;
    if recorded {
        state.events.wake(id.as_str());
    }
    Ok(recorded)
}

/// Records, in the caller's transaction, that the application is now in `status`: the audit
/// trail, the session's event, and the notification to the partner's webhook. The caller wakes
/// `state.events` after commit.
async fn record_status(
    conn: &mut AnyConnection,
    notifier: &Notifier,
    application_id: &ApplicationId,
    status: ApplicationStatus,
    at: i64,
) -> Result<(), sqlx::Error> {
    let (partner_id, external_ref): (String, Option<String>) =
        sqlx::query_as("SELECT partner_id, external_ref FROM applications WHERE id = $1")
            .bind(application_id.as_str())
            .fetch_one(&mut *conn)
            .await?;
    let change = StatusRecord {
        application_id,
        partner_id: &partner_id,
        external_ref: external_ref.as_deref(),
        status,
        at,
    };
    record_statuses(conn, notifier, &[change]).await
}

/// `record_status` for many applications at once: one statement per table, however many.
pub async fn record_statuses(
    conn: &mut AnyConnection,
    notifier: &Notifier,
    changes: &[StatusRecord<'_>],
) -> Result<(), sqlx::Error> {
    if changes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO status_changes (application_id, status, changed_at) VALUES {}",
        db::placeholders(conn, changes.len(), 3)
    );
    let mut insert = db::multi_row(&sql, changes.len());
    for change in changes {
        insert = insert
            .bind(change.application_id.as_str())
            .bind(change.status.as_str())
            .bind(change.at);
    }
    insert.execute(&mut *conn).await?;
    let events: Vec<SessionEvent> = changes
        .iter()
        .map(|change| SessionEvent::ApplicationStatus {
            status: change.status,
        })
        .collect();
    let stored: Vec<(&str, &SessionEvent)> = changes
        .iter()
        .zip(&events)
        .map(|(change, event)| (change.application_id.as_str(), event))
        .collect();
    events::record_all(conn, &stored).await?;
    notifications::enqueue_all(conn, notifier, changes).await
}

/// The statuses still waiting for a decision, as an SQL list (`'NOT_STARTED', ...`).
pub fn undecided_statuses_sql() -> String {
    let undecided: Vec<String> = ApplicationStatus::ALL
        .iter()
        .filter(|status| !status.is_terminal())
        .map(|status| format!("'{status}'"))
        .collect();
    undecided.join(", ")
}

/// Whether the application was submitted: its answers can no longer change.
pub async fn is_submitted(db: &sqlx::AnyPool, application_id: &str) -> Result<bool, AppError> {
    let submitted: Option<i64> =
        sqlx::query_scalar("SELECT submitted_at FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_one(db)
            .await?;
    Ok(submitted.is_some())
}

/// Ids in the database were validated on the way in; a bad one means the row was tampered with.
/// The application, if it is `partner_id`'s; another partner's is as unknown as a missing one.
pub async fn owned(
    state: &AppState,
    partner_id: &str,
    application_id: &str,
) -> Result<ApplicationId, AppError> {
    let owned: Option<String> =
        sqlx::query_scalar("SELECT id FROM applications WHERE id = $1 AND partner_id = $2")
            .bind(application_id)
            .bind(partner_id)
            .fetch_optional(&state.db)
            .await?;
    stored_id(&owned.ok_or(AppError::NotFound("application"))?)
}

pub fn stored_id(value: &str) -> Result<ApplicationId, AppError> {
    ApplicationId::parse(value).map_err(|_| AppError::stored("application id"))
}
