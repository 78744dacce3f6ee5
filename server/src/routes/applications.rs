//! `GET /api/v1/applications/{id}`: a partner's backend reads one of its applications, with
//! the provider's results once it is decided. Another partner's application is not found, as
//! if it did not exist.

use axum::extract::State;
use axum::Json;
use protocol::api::partner::ApplicationView;
use protocol::api::paths;
use protocol::ApplicationId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::applications::partner_view;
use crate::auth::Partner;
use crate::extract::AppPath;
use crate::{AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(view))
}

#[utoipa::path(
    get,
    path = paths::APPLICATION,
    operation_id = "getApplication",
    tag = "partner",
    security(("partner_key" = [])),
    params(("id" = ApplicationId, Path, description = "The application id")),
    responses((status = 200, description = "The application, with results once decided", body = ApplicationView), (status = 404, description = "No application of this partner has this id", body = protocol::ErrorBody)),
)]
async fn view(
    State(state): State<AppState>,
    partner: Partner,
    AppPath(id): AppPath<String>,
) -> Result<Json<ApplicationView>, AppError> {
    Ok(Json(partner_view(&state, &partner.id, &id).await?))
}
