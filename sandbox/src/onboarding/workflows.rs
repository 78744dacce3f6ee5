//! The sandbox's workflows, and `POST /v1/workflows.get`: the stand-in for a workflow's
//! configuration on the provider's dashboard.

use axum::extract::{rejection::JsonRejection, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::onboarding::{Step, Subject, Workflow};
use protocol::provider::oauth::SCOPE_APPLICATIONS_READ;
use serde::Deserialize;

use super::OnboardingState;
use crate::error::{body_error, required};
use crate::SandboxError;

/// `kyc-demo` onboards a person, `kyb-demo` an organization, `bank-demo` only connects a bank
/// (an account check); the first two end with the bank too.
pub fn workflow(id: &str) -> Option<Workflow> {
    let (subject, steps, bank_connection) = match id {
        "kyc-demo" => (
            Subject::Person,
            vec![
                Step::PersonalDetails,
                Step::ContactDetails,
                Step::Address,
                Step::TaxResidence,
                Step::IdentityDocument,
            ],
            true,
        ),
        "kyb-demo" => (
            Subject::Organization,
            vec![Step::Organization, Step::Signing, Step::OrganizationContact],
            true,
        ),
        "bank-demo" => (Subject::Person, vec![], true),
        _ => return None,
    };
    Some(Workflow {
        workflow_id: id.to_owned(),
        subject,
        steps,
        bank_connection,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetInput {
    workflow_id: Option<String>,
}

pub(super) async fn get(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Result<Json<GetInput>, JsonRejection>,
) -> Result<Json<Workflow>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_APPLICATIONS_READ)?;
    let Json(input) = input.map_err(body_error)?;
    let id = required("workflowId", input.workflow_id)?;
    workflow(&id)
        .map(Json)
        .ok_or(SandboxError::NotFound("workflow"))
}
