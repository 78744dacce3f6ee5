//! `POST /api/v1/session/handoff`: the widget asks for a link that carries its application on
//! to another device, and shows it as the QR code it is given.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::paths;
use protocol::api::HandoffCreated;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::minting::handoff::hand_off;
use crate::{AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create))
}

#[utoipa::path(
    post,
    path = paths::SESSION_HANDOFF,
    operation_id = "createHandoff",
    tag = "session",
    security(("session_token" = [])),
    description = "A one-time link to a new session of this session's application, claimable for \
        10 minutes with `POST /api/v1/session/claim` like a hosted link's code, and its QR code. \
        When the link is claimed, the application's event streams get a `handoff` event. `409 \
        conflict` once the application is submitted; `429` past minting's rate for the \
        application.",
    responses((status = 201, description = "The link and its QR code", body = HandoffCreated)),
)]
async fn create(
    State(state): State<AppState>,
    session: Session,
) -> Result<(StatusCode, Json<HandoffCreated>), AppError> {
    state.rate_limits.handoff(session.application_id.as_str())?;
    let created = hand_off(&state, &session).await?;
    Ok((StatusCode::CREATED, Json(created)))
}
