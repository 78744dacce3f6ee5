//! The onboarding provider (`003`): OAuth token endpoint and `POST /v1/applications.*`.

mod applications;
mod control;
mod store;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::post;
use axum::Router;
use protocol::provider::oauth::{SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE};

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

pub use store::WORKFLOWS;

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
        .route("/v1/sandbox/applications.setStatus", post(control::set_status))
        .with_state(state)
}
