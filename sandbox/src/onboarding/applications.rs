//! `POST /v1/applications.create` and `POST /v1/applications.get`, as the onboarding provider's
//! document shows them.

use axum::extract::{rejection::JsonRejection, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::provider::oauth::{SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE};
use protocol::provider::onboarding::{Application, CreateApplicationResponse};
use protocol::{ApplicationId, ApplicationStatus, CountryCode};
use serde::Deserialize;
use uuid::Uuid;

use super::workflows::workflow;
use super::OnboardingState;
use crate::clock::now_rfc3339;
use crate::error::{body_error, required};
use crate::oauth::random_token;
use crate::SandboxError;

/// Every field optional, so that a missing one is reported by name rather than as a parse error.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInput {
    workflow_id: Option<String>,
    country_code: Option<String>,
    redirect_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetInput {
    pub(super) application_id: Option<String>,
}

pub async fn create(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Result<Json<CreateInput>, JsonRejection>,
) -> Result<Json<CreateApplicationResponse>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_APPLICATIONS_WRITE)?;
    let Json(input) = input.map_err(body_error)?;
    let workflow_id = required("workflowId", input.workflow_id)?;
    if workflow(&workflow_id).is_none() {
        return Err(SandboxError::invalid(
            "workflowId",
            format!("unknown workflow {workflow_id}"),
        ));
    }
    let country = required("countryCode", input.country_code)?;
    let country = CountryCode::parse(&country)
        .map_err(|err| SandboxError::invalid("countryCode", format!("countryCode {err}")))?;
    let redirect_url = required("redirectUrl", input.redirect_url)?;
    match url::Url::parse(&redirect_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {}
        _ => {
            return Err(SandboxError::invalid(
                "redirectUrl",
                "redirectUrl must be an absolute http(s) URL",
            ))
        }
    }

    let id = ApplicationId::new(Uuid::new_v4());
    let now = now_rfc3339();
    state.applications.insert(Application {
        application_id: id.clone(),
        status: ApplicationStatus::NotStarted,
        customer_id: format!("bits:customer::{}", Uuid::new_v4()),
        workflow_id,
        market_id: format!(
            "bits:market::{}",
            Uuid::new_v5(&Uuid::NAMESPACE_OID, country.as_str().as_bytes())
        ),
        created_at: now.clone(),
        updated_at: now,
    });
    Ok(Json(CreateApplicationResponse {
        id,
        session_token: random_token(),
    }))
}

pub async fn get(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Result<Json<GetInput>, JsonRejection>,
) -> Result<Json<Application>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_APPLICATIONS_READ)?;
    let Json(input) = input.map_err(body_error)?;
    let id = application_id(input.application_id)?;
    state
        .applications
        .get(&id)
        .map(Json)
        .ok_or(SandboxError::NotFound("application"))
}

pub(super) fn application_id(value: Option<String>) -> Result<ApplicationId, SandboxError> {
    let value = required("applicationId", value)?;
    ApplicationId::parse(&value)
        .map_err(|err| SandboxError::invalid("applicationId", format!("applicationId {err}")))
}
