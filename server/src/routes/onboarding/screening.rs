//! `POST` and `GET /api/v1/onboarding/screening`: the organization's AML screening
//! (`crate::onboarding::screening`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::onboarding::{CurrentScreening, ScreeningView, StartScreening};
use protocol::api::paths;

use crate::auth::Session;
use crate::extract::AppJson;
use crate::onboarding::screening::{self, Started};
use crate::{AppError, AppState};

/// Starts a screening, unless one for the same organization is running or done: a retried or
/// repeated start costs the provider nothing.
#[utoipa::path(
    post,
    path = paths::ONBOARDING_SCREENING,
    operation_id = "startScreening",
    tag = "onboarding",
    security(("session_token" = [])),
    request_body = StartScreening,
    responses(
        (status = 202, description = "Started", body = ScreeningView),
        (status = 200, description = "Started before for this organization, and not failed", body = ScreeningView),
    ),
)]
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    AppJson(input): AppJson<StartScreening>,
) -> Result<(StatusCode, Json<ScreeningView>), AppError> {
    Ok(match screening::start(&state, &session, input).await? {
        Started::Now(view) => (StatusCode::ACCEPTED, Json(view)),
        Started::Before(view) => (StatusCode::OK, Json(view)),
    })
}

/// The screening as it stands, asking the provider while it runs; none before it is started.
#[utoipa::path(
    get,
    path = paths::ONBOARDING_SCREENING,
    operation_id = "getScreening",
    tag = "onboarding",
    security(("session_token" = [])),
    responses((status = 200, body = CurrentScreening)),
)]
pub async fn view(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CurrentScreening>, AppError> {
    Ok(Json(screening::current(&state, &session).await?))
}
