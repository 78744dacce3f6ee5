//! The onboarding provider (docs/providers.md): OAuth token endpoint and `POST /v1/applications.*`.

mod applications;
mod control;
mod results;
pub mod screening;
mod store;
mod submit;
pub mod workflows;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::post;
use axum::Router;
use protocol::provider::oauth::{SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE};

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

pub use store::DECISION_DELAY;

const SCOPES: &[&str] = &[SCOPE_APPLICATIONS_WRITE, SCOPE_APPLICATIONS_READ];

#[derive(Clone)]
struct OnboardingState {
    tokens: Arc<TokenIssuer>,
    applications: Arc<store::Applications>,
}

impl FromRef<OnboardingState> for Arc<TokenIssuer> {
    fn from_ref(state: &OnboardingState) -> Self {
        state.tokens.clone()
    }
}

pub fn router(config: Arc<SandboxConfig>) -> Router {
    let state = OnboardingState {
        tokens: Arc::new(TokenIssuer::new(config.clients.clone(), SCOPES)),
        applications: Arc::default(),
    };
    Router::new()
        .route("/oauth2/token", post(token_endpoint))
        .route("/v1/applications.create", post(applications::create))
        .route("/v1/applications.get", post(applications::get))
        .route("/v1/applications.submit", post(submit::submit))
        .route("/v1/applications.person.get", post(results::person))
        .route(
            "/v1/applications.person.contactDetails.get",
            post(results::person_contact_details),
        )
        .route(
            "/v1/applications.organization.get",
            post(results::organization),
        )
        .route(
            "/v1/applications.organization.contactDetails.get",
            post(results::organization_contact_details),
        )
        .route(
            "/v1/applications.organization.signingCombinations.get",
            post(results::signing_combinations),
        )
        .route(
            "/v1/applications.organization.signedBy.get",
            post(results::signed_by),
        )
        .route(
            "/v1/applications.organization.boardMembers.get",
            post(results::board_members),
        )
        // The provider's own examples write these two without the version prefix; both spellings are served.
        .route("/v1/applications.documents.list", post(results::documents))
        .route("/applications.documents.list", post(results::documents))
        .route(
            "/v1/applications.bankAccounts.list",
            post(results::bank_accounts),
        )
        .route(
            "/applications.bankAccounts.list",
            post(results::bank_accounts),
        )
        .route("/v1/workflows.get", post(workflows::get))
        .route(
            "/v1/sandbox/applications.setStatus",
            post(control::set_status),
        )
        .with_state(state)
}
