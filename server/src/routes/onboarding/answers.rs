//! `GET /api/v1/onboarding` and `PUT /api/v1/onboarding/answers/{step}`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::onboarding::OnboardingView;
use protocol::api::paths;

use crate::auth::Session;
use crate::extract::{AppBytes, AppPath};
use crate::onboarding::answers;
use crate::{AppError, AppState};

#[utoipa::path(
    get,
    path = paths::ONBOARDING,
    operation_id = "getOnboarding",
    tag = "onboarding",
    security(("session_token" = [])),
    responses((status = 200, body = OnboardingView)),
)]
pub async fn view(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<OnboardingView>, AppError> {
    Ok(Json(answers::view(&state, &session).await?))
}

/// Checks the answer with the same rules as the widget, then stores it in place of the last.
#[utoipa::path(
    put,
    path = paths::ONBOARDING_ANSWER,
    operation_id = "saveAnswer",
    tag = "onboarding",
    security(("session_token" = [])),
    params(("step" = String, Path, description = "A step of the workflow that takes an answer", pattern = "^(personalDetails|contactDetails|address|taxResidence|identityDocument|organization|signing|organizationContact)$")),
    request_body(content = Object, description = "The step's answer, as `Answers` has it under the step's name"),
    responses((status = 204, description = "Saved in place of the last answer")),
)]
pub async fn save(
    State(state): State<AppState>,
    session: Session,
    AppPath(step): AppPath<String>,
    AppBytes(body): AppBytes,
) -> Result<StatusCode, AppError> {
    answers::save(&state, &session, &step, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
