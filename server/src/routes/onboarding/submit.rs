//! `POST /api/v1/onboarding/submit` (`crate::onboarding::submit`).

use axum::extract::State;
use axum::Json;
use protocol::api::paths;
use protocol::api::StatusView;

use crate::auth::Session;
use crate::onboarding::submit;
use crate::{AppError, AppState};

#[utoipa::path(
    post,
    path = paths::ONBOARDING_SUBMIT,
    operation_id = "submitApplication",
    tag = "onboarding",
    security(("session_token" = [])),
    responses((status = 200, body = StatusView)),
)]
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<StatusView>, AppError> {
    Ok(Json(submit::submit(&state, &session).await?))
}
