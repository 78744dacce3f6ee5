//! `POST /api/v1/consents/{consent_id}/confirm`: the browser back from the bank hands in the
//! return code the callback gave it, and only the session that created the consent can make
//! its bank's decision its own. Someone who approved a consent in another browser (lured there
//! by the bank's address) comes back with a code this session never sees; a code presented by
//! another session, or none, is refused, and the consent it was made for withdrawn at the bank.
//!
//! The code is spent by its first use, whatever the outcome: a replay, or a guess that happens
//! to hit, gains nothing. The session is optional here: a browser that comes back without one
//! must still spend (and so disarm) the code it holds. A refusal is `403 bank_return_refused`,
//! whatever the reason: unknown, spent, expired, of another consent or not this session's.

use axum::extract::State;
use axum::Json;
use protocol::api::banking::{ConfirmConsent, ConsentView};
use protocol::api::paths;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::client_addr::ClientAddr;
use crate::consents::confirm_return;
use crate::extract::{AppJson, AppPath};
use crate::{AppError, AppState};

/// The longest code the API takes (ours are 43 characters).
const MAX_CODE_LEN: usize = 256;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(confirm))
}

#[utoipa::path(
    post,
    path = paths::CONSENT_CONFIRM,
    operation_id = "confirmConsent",
    tag = "bank",
    security((), ("session_token" = [])),
    params(("consent_id" = String, Path)),
    request_body = ConfirmConsent,
    responses((status = 200, description = "Confirmed: the bank's decision is this session's", body = ConsentView)),
)]
async fn confirm(
    State(state): State<AppState>,
    session: Result<Session, AppError>,
    client: ClientAddr,
    AppPath(consent_id): AppPath<String>,
    AppJson(input): AppJson<ConfirmConsent>,
) -> Result<Json<ConsentView>, AppError> {
    let session = match session {
        Ok(session) => Some(session),
        // The session's own limit was met: that is the answer, not a missing session.
        Err(err @ AppError::RateLimited { .. }) => return Err(err),
        Err(_) => {
            state.rate_limits.public_mint(&client)?;
            None
        }
    };
    if input.code.is_empty() || input.code.len() > MAX_CODE_LEN {
        return Err(AppError::invalid(
            "code",
            format!("code must be 1 to {MAX_CODE_LEN} characters"),
        ));
    }
    let row = confirm_return(&state, session.as_ref(), &consent_id, &input.code).await?;
    Ok(Json(row.view()))
}
