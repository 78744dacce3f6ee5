//! `PUT /api/v1/onboarding/drafts/{step}`: what the applicant typed in a step but did not save
//! yet, kept sealed so that another device carries on with it (`GET /api/v1/onboarding` gives
//! them back).

use axum::extract::State;
use axum::http::StatusCode;
use protocol::api::paths;

use crate::auth::Session;
use crate::extract::{AppBytes, AppPath};
use crate::onboarding::drafts;
use crate::{AppError, AppState};

/// Keeps the step's draft in place of the last. Nothing in it is checked but that it is a JSON
/// object; the answer's `PUT` checks the step when the applicant saves it.
#[utoipa::path(
    put,
    path = paths::ONBOARDING_DRAFT,
    operation_id = "saveDraft",
    tag = "onboarding",
    security(("session_token" = [])),
    params(("step" = String, Path, description = "A step of the workflow that takes an answer", pattern = "^(personalDetails|contactDetails|address|taxResidence|identityDocument|organization|signing|organizationContact)$")),
    request_body(content = Object, description = "What the step's form holds, with the field names of the step's answer, unchecked; at most 16 kB (`MAX_DRAFT_BYTES`)"),
    responses(
        (status = 204, description = "Kept, sealed, in place of the step's last draft"),
        (status = 404, description = "The step is not one of the workflow's that take an answer", body = protocol::ErrorBody),
        (status = 409, description = "The application is submitted: drafts are no longer kept", body = protocol::ErrorBody),
    ),
)]
pub async fn save(
    State(state): State<AppState>,
    session: Session,
    AppPath(step): AppPath<String>,
    AppBytes(body): AppBytes,
) -> Result<StatusCode, AppError> {
    drafts::save(&state, &session, &step, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
