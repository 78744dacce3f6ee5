//! The onboarding steps of the widget's API: the workflow and saved answers, each step's
//! answer, the scan upload, the organization screening, the submit and the results.

pub(crate) mod answers;
pub(crate) mod results;
pub(crate) mod scans;
pub(crate) mod screening;
pub(crate) mod submit;

use axum::routing::{get, post, put};
use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/onboarding", get(answers::view))
        .route("/api/v1/onboarding/answers/{step}", put(answers::save))
        .route("/api/v1/onboarding/documents", post(scans::upload))
        .route("/api/v1/documents/{id}", get(scans::download))
        .route(
            "/api/v1/onboarding/screening",
            post(screening::start).get(screening::view),
        )
        .route("/api/v1/onboarding/submit", post(submit::submit))
        .route("/api/v1/onboarding/results", get(results::results))
}
