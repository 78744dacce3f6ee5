//! The onboarding steps of the widget's API: the workflow and saved answers, each step's
//! answer and draft, the scan upload, the organization screening, the submit and the results.

pub(crate) mod answers;
pub(crate) mod drafts;
pub(crate) mod results;
pub(crate) mod scans;
pub(crate) mod screening;
pub(crate) mod submit;

use axum::extract::DefaultBodyLimit;
use protocol::api::onboarding::MAX_DRAFT_BYTES;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(answers::view))
        .routes(routes!(answers::save))
        // Within the API's own limit, a draft's is the smaller one.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(drafts::save))
                .layer(DefaultBodyLimit::max(MAX_DRAFT_BYTES)),
        )
        .routes(routes!(scans::upload))
        .routes(routes!(scans::download))
        .routes(routes!(screening::start, screening::view))
        .routes(routes!(submit::submit))
        .routes(routes!(results::results))
}
