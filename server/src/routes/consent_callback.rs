//! `GET /callback/consent?consentId&state`: where the bank sends the browser back. The `state`
//! must be the one we gave this consent, unused and unexpired; then the outcome is recorded and
//! the browser goes back to the widget with nothing in the URL (the widget knows its session),
//! or, when the bank was shown in a popup, to the widget's page that closes the popup (the
//! framed widget learns the outcome by polling).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use protocol::api::banking::BankDisplay;

use super::consents::{display_name, set_status, status_name};
use crate::auth::token_hash;
use crate::extract::AppQuery;
use crate::{db, AppError, AppState};

const INVALID_RETURN_PAGE: &str = include_str!("../../assets/bank-return-invalid.html");

pub fn router() -> Router<AppState> {
    Router::new().route("/callback/consent", get(callback))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallbackQuery {
    consent_id: Option<String>,
    state: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    // The browser the bank sent back gets the page that says what to do, not an API error.
    query: Result<AppQuery<CallbackQuery>, AppError>,
) -> Response {
    let Ok(AppQuery(query)) = query else {
        return invalid_return();
    };
    let (Some(consent_id), Some(state_token)) = (query.consent_id, query.state) else {
        return invalid_return();
    };
    match accept(&state, &consent_id, &state_token).await {
        Ok(Some(display)) => {
            let to = if display == display_name(BankDisplay::Popup) {
                "/bank-return"
            } else {
                "/"
            };
            let mut response = Redirect::to(to).into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(None) => invalid_return(),
        Err(err) => err.into_response(),
    }
}

/// Uses the state up (once, atomically) and records the consent's status; answers where the
/// bank was shown. `None` when the state is unknown, spent, expired or belongs to another
/// consent.
async fn accept(
    state: &AppState,
    consent_id: &str,
    state_token: &str,
) -> Result<Option<String>, AppError> {
    let now = db::now();
    let display: Option<String> = sqlx::query_scalar(
        "UPDATE consents SET state_used_at = $1
         WHERE id = $2 AND state_hash = $3 AND state_used_at IS NULL AND state_expires_at > $4
         RETURNING display",
    )
    .bind(now)
    .bind(consent_id)
    .bind(token_hash(state_token))
    .bind(now)
    .fetch_optional(&state.db)
    .await?;
    let Some(display) = display else {
        tracing::warn!(
            consent = consent_id,
            "bank redirect with an unknown, spent or expired state"
        );
        return Ok(None);
    };
    // The widget polls the status anyway; failing to read it now must not strand the user.
    match state.openbanking.consent_status(consent_id).await {
        Ok(status) => {
            set_status(state, consent_id, status.consent_status).await?;
            tracing::info!(
                consent = consent_id,
                status = status_name(status.consent_status),
                "back from the bank"
            );
        }
        Err(err) => {
            tracing::warn!(consent = consent_id, error = %err, "consent status unavailable after the bank")
        }
    }
    Ok(Some(display))
}

fn invalid_return() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        INVALID_RETURN_PAGE,
    )
        .into_response()
}
