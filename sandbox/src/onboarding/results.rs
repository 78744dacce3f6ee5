//! The onboarding provider's result reads (docs/providers.md), filled from the screened submission:
//! person, organization and its contact, signing combinations, signed by, board members, documents,
//! bank accounts.

use axum::extract::{rejection::JsonRejection, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::provider::oauth::SCOPE_APPLICATIONS_READ;
use protocol::provider::onboarding::{
    ApplicationSubmission, BankAccount, DataList, Document, Organization,
    OrganizationContactDetails, Party, Person, PersonContactDetails, Signer,
};

use super::applications::{application_id, GetInput};
use super::OnboardingState;
use crate::error::body_error;
use crate::SandboxError;

type Input = Result<Json<GetInput>, JsonRejection>;

/// The submission behind a read; before submission nothing has been collected.
fn submitted(
    state: &OnboardingState,
    headers: &HeaderMap,
    input: Input,
) -> Result<ApplicationSubmission, SandboxError> {
    state.tokens.authorize(headers, SCOPE_APPLICATIONS_READ)?;
    let Json(input) = input.map_err(body_error)?;
    let id = application_id(input.application_id)?;
    state
        .applications
        .submission(&id)
        .ok_or(SandboxError::NotFound("application"))?
        .ok_or(SandboxError::NotFound("collected data"))
}

pub async fn person(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<Person>, SandboxError> {
    Ok(Json(submitted(&state, &headers, input)?.person))
}

pub async fn person_contact_details(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<PersonContactDetails>, SandboxError> {
    let person = submitted(&state, &headers, input)?.person;
    Ok(Json(PersonContactDetails {
        email: person.email,
        phone_number: person.phone_number,
    }))
}

pub async fn organization(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<Organization>, SandboxError> {
    submitted(&state, &headers, input)?
        .organization
        .map(Json)
        .ok_or(SandboxError::NotFound("organization"))
}

pub async fn organization_contact_details(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<OrganizationContactDetails>, SandboxError> {
    submitted(&state, &headers, input)?
        .organization_contact_details
        .map(Json)
        .ok_or(SandboxError::NotFound("organization"))
}

pub async fn signing_combinations(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<DataList<Vec<Party>>>, SandboxError> {
    let submission = organization_submission(&state, &headers, input)?;
    Ok(Json(DataList {
        data: submission.signing_combinations,
    }))
}

/// The person who signed: the one who onboarded the organization, with their screening.
pub async fn signed_by(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<DataList<Signer>>, SandboxError> {
    let person = organization_submission(&state, &headers, input)?.person;
    let signer = Signer {
        name: format!("{} {}", person.first_name, person.last_name),
        personal_identity_number: person.personal_identity_number,
        pep_hits: person.pep_hits,
        sanction_hits: person.sanction_hits,
    };
    Ok(Json(DataList { data: vec![signer] }))
}

pub async fn board_members(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<DataList<Vec<Party>>>, SandboxError> {
    Ok(Json(DataList {
        data: organization_submission(&state, &headers, input)?.board_members,
    }))
}

pub async fn documents(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<DataList<Document>>, SandboxError> {
    Ok(Json(DataList {
        data: submitted(&state, &headers, input)?.documents,
    }))
}

pub async fn bank_accounts(
    State(state): State<OnboardingState>,
    headers: HeaderMap,
    input: Input,
) -> Result<Json<DataList<BankAccount>>, SandboxError> {
    Ok(Json(DataList {
        data: submitted(&state, &headers, input)?.bank_accounts,
    }))
}

/// Organization reads on a person's application are not found, as there is no organization.
fn organization_submission(
    state: &OnboardingState,
    headers: &HeaderMap,
    input: Input,
) -> Result<ApplicationSubmission, SandboxError> {
    let submission = submitted(state, headers, input)?;
    if submission.organization.is_none() {
        return Err(SandboxError::NotFound("organization"));
    }
    Ok(submission)
}
