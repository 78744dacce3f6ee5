//! The widget's API, authorised by its session token.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::{SessionView, StatusView};
use protocol::provider::onboarding::Application;
use protocol::{ApplicationId, CountryCode};

use crate::auth::Session;
use crate::notifications::record_status_change;
use crate::{db, AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/session", get(session))
        .route("/api/v1/session/status", get(status))
}

#[utoipa::path(
    get,
    path = "/api/v1/session",
    operation_id = "getSession",
    tag = "session",
    security(("session_token" = [])),
    responses((status = 200, body = SessionView)),
)]
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

#[utoipa::path(
    get,
    path = "/api/v1/session/status",
    operation_id = "getSessionStatus",
    tag = "session",
    security(("session_token" = [])),
    responses((status = 200, description = "The status as the provider has it now", body = StatusView)),
)]
async fn status(State(state): State<AppState>, session: Session) -> Result<Json<StatusView>, AppError> {
    let id = stored_id(&session.application_id)?;
    let application = refresh_status(&state, &id, &session.status).await?;
    Ok(Json(StatusView { application_id: id, status: application.status, updated_at: application.updated_at }))
}

/// The application as the provider has it now; a status other than the `known` one is stored
/// and recorded as a change (which notifies the partner).
pub(crate) async fn refresh_status(state: &AppState, id: &ApplicationId, known: &str) -> Result<Application, AppError> {
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
        record_status_change(&mut tx, &state.notifier, id, status, now).await?;
        tx.commit().await?;
        tracing::info!(application = %id, from = known, to = %status, "status changed");
    }
    Ok(application)
}

/// Ids in the database were validated on the way in; a bad one means the row was tampered with.
fn stored_id(value: &str) -> Result<ApplicationId, AppError> {
    ApplicationId::parse(value).map_err(|_| AppError::Database(sqlx::Error::Protocol("stored application id".into())))
}
