//! The widget's API, authorised by its session token.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::{SessionView, StatusView};
use protocol::{ApplicationId, CountryCode};

use crate::auth::Session;
use crate::{db, AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/session", get(session))
        .route("/api/v1/session/status", get(status))
}

async fn session(session: Session) -> Result<Json<SessionView>, AppError> {
    Ok(Json(SessionView {
        application_id: stored_id(&session.application_id)?,
        workflow_id: session.workflow_id,
        country_code: CountryCode::parse(&session.country_code)
            .map_err(|_| AppError::Database(sqlx::Error::Protocol("stored country code".into())))?,
        locale: session.locale,
        expires_at: db::rfc3339(session.expires_at),
        redirect_url: session.redirect_url,
    }))
}

/// The status as the provider has it now; a change is recorded with the audit trail.
async fn status(State(state): State<AppState>, session: Session) -> Result<Json<StatusView>, AppError> {
    let id = stored_id(&session.application_id)?;
    let application = state.onboarding.get_application(&id).await?;
    let status = application.status.as_str();
    if status != session.status {
        let now = db::now();
        let mut tx = state.db.begin().await?;
        sqlx::query("UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO status_changes (application_id, status, changed_at) VALUES ($1, $2, $3)")
            .bind(id.as_str())
            .bind(status)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(application = %id, from = %session.status, to = status, "status changed");
    }
    Ok(Json(StatusView { application_id: id, status: application.status, updated_at: application.updated_at }))
}

/// Ids in the database were validated on the way in; a bad one means the row was tampered with.
fn stored_id(value: &str) -> Result<ApplicationId, AppError> {
    ApplicationId::parse(value).map_err(|_| AppError::Database(sqlx::Error::Protocol("stored application id".into())))
}
