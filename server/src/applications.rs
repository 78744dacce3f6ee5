//! An application's status as Onboard keeps it: the mirror of the onboarding provider's, with
//! the audit trail of every status seen and the session event that tells the widget.

use protocol::api::events::SessionEvent;
use protocol::api::StatusView;
use protocol::{ApplicationId, ApplicationStatus};
use sqlx::AnyConnection;

use crate::notifications::{self, Notifier};
use crate::{db, events, AppError, AppState};

/// Asks the provider for the application's status and records it if it differs from `known`,
/// the status we hold.
pub async fn refresh_status(state: &AppState, id: &ApplicationId, known: &str) -> Result<StatusView, AppError> {
    let application = state.onboarding.get_application(id).await?;
    let status = application.status;
    if status.as_str() != known {
        let now = db::now();
        let mut tx = state.db.begin().await?;
        sqlx::query("UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        record_status(&mut tx, &state.notifier, id, status, now).await?;
        tx.commit().await?;
        state.events.wake(id.as_str());
        tracing::info!(application = %id, from = %known, to = status.as_str(), "status changed");
    }
    Ok(StatusView { application_id: id.clone(), status, updated_at: application.updated_at })
}

/// Records, in the caller's transaction, that the application is now in `status`: the audit
/// trail, the session's event, and the notification to the partner's webhook. The caller wakes
/// `state.events` after commit.
pub async fn record_status(
    conn: &mut AnyConnection,
    notifier: &Notifier,
    application_id: &ApplicationId,
    status: ApplicationStatus,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO status_changes (application_id, status, changed_at) VALUES ($1, $2, $3)")
        .bind(application_id.as_str())
        .bind(status.as_str())
        .bind(at)
        .execute(&mut *conn)
        .await?;
    events::record(conn, application_id.as_str(), &SessionEvent::ApplicationStatus { status }).await?;
    notifications::enqueue(conn, notifier, application_id, status, at).await
}

/// Ids in the database were validated on the way in; a bad one means the row was tampered with.
pub fn stored_id(value: &str) -> Result<ApplicationId, AppError> {
    ApplicationId::parse(value).map_err(|_| AppError::Database(sqlx::Error::Protocol("stored application id".into())))
}
