//! Sandbox-only: drive an application's status, for demos and tests. The real provider moves
//! applications through its own review; here a test says what the review decided.

use axum::extract::{rejection::JsonRejection, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::provider::oauth::SCOPE_APPLICATIONS_WRITE;
use protocol::provider::onboarding::Application;
use protocol::ApplicationStatus;
use serde::Deserialize;

use super::applications::application_id;
use super::OnboardingState;
use crate::error::{body_error, required};
use crate::SandboxError;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetStatusInput {
    application_id: Option<String>,
    status: Option<String>,
}

/// `POST /v1/sandbox/applications.setStatus` `{applicationId, status}`.
pub async fn set_status(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Result<Json<SetStatusInput>, JsonRejection>,
) -> Result<Json<Application>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_APPLICATIONS_WRITE)?;
    let Json(input) = input.map_err(body_error)?;
    let id = application_id(input.application_id)?;
    let status = required("status", input.status)?;
    let status = ApplicationStatus::parse(&status)
        .ok_or_else(|| SandboxError::invalid("status", format!("unknown status {status}")))?;
    match state.applications.set_status(&id, status) {
        None => Err(SandboxError::NotFound("application")),
        Some(Err(current)) => Err(SandboxError::Conflict(format!(
            "application is {current}, a final status"
        ))),
        Some(Ok(application)) => Ok(Json(application)),
    }
}
