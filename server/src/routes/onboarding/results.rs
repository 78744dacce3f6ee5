//! `GET /api/v1/onboarding/results`: what the provider holds of the submitted application
//! (`crate::onboarding::results`), without the screening, which only the partner reads.

use axum::extract::State;
use axum::Json;
use protocol::api::onboarding::{CurrentResults, ResultsView};
use protocol::api::paths;

use crate::auth::Session;

use crate::onboarding::results::read;
use crate::{AppError, AppState};

#[utoipa::path(
    get,
    path = paths::ONBOARDING_RESULTS,
    operation_id = "getResults",
    tag = "onboarding",
    security(("session_token" = [])),
    responses((status = 200, body = CurrentResults)),
)]
pub async fn results(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CurrentResults>, AppError> {
    let results = read(&state, &session.application_id, &session.workflow_id).await?;
    Ok(Json(CurrentResults {
        results: results.map(ResultsView::without_screening),
    }))
}
