//! `POST /v1/applications.submit`: the applicant's answers reach the provider, which screens
//! them and starts its review.

use axum::extract::{rejection::JsonRejection, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::provider::oauth::SCOPE_APPLICATIONS_WRITE;
use protocol::provider::onboarding::{Application, ApplicationSubmission, BankAccountType};

use super::store::SubmitRefused;
use super::OnboardingState;
use crate::error::body_error;
use crate::SandboxError;

pub async fn submit(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Result<Json<ApplicationSubmission>, JsonRejection>,
) -> Result<Json<Application>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_APPLICATIONS_WRITE)?;
    let Json(submission) = input.map_err(body_error)?;
    check(&submission)?;
    match state.applications.submit(submission) {
        Ok(application) => Ok(Json(application)),
        Err(SubmitRefused::NotFound) => Err(SandboxError::NotFound("application")),
        Err(SubmitRefused::Final(status)) => Err(SandboxError::Conflict(format!(
            "application is {status}, a final status"
        ))),
    }
}

/// The provider's own sanity checks: names present, bank accounts of their declared type.
fn check(submission: &ApplicationSubmission) -> Result<(), SandboxError> {
    let person = &submission.person;
    if person.first_name.trim().is_empty() || person.last_name.trim().is_empty() {
        return Err(SandboxError::invalid(
            "person",
            "person.firstName and person.lastName are required",
        ));
    }
    for account in &submission.bank_accounts {
        let complete = match account.kind {
            BankAccountType::SwedenDomestic => {
                account.clearing_number.is_some() && account.account_number.is_some()
            }
            BankAccountType::Iban => account.iban.is_some(),
        };
        if !complete {
            return Err(SandboxError::invalid(
                "bankAccounts",
                "a bank account lacks the fields of its type",
            ));
        }
    }
    Ok(())
}
