//! `GET /callback/consent?consentId&state`: where the bank sends the browser back. The `state`
//! must be the one we gave this consent, unused and unexpired, and the session that created the
//! consent still live; then the outcome is recorded and the browser goes back to the widget
//! with a one-time return code in the fragment (`/#consent={id}&return={code}`), or, when the
//! bank was shown in a popup, to the widget's page that closes the popup
//! (`/bank-return#consent={id}&return={code}`), which hands the code to the framed widget.
//!
//! The `state` only proves that the bank sent back someone who approved this consent, in any
//! browser. Only the session's own confirm of the code (`consent_returns`) makes the consent
//! the session's; the code travels in the fragment, which no server or log sees. A return for
//! a session that has ended is refused, and the consent withdrawn at the bank.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tower::util::MapResponseLayer;

use protocol::api::banking::BankDisplay;
use protocol::fragment::{CONSENT_KEY, RETURN_KEY};

use super::consent_returns::RETURN_CODE_LIFETIME_SECS;
use super::consents::{display_name, set_status, status_name};
use super::web::keep_the_opener;
use crate::auth::{random_token, token_hash};
use crate::consent_withdrawal::withdraw_if_abandoned;
use crate::extract::AppQuery;
use crate::providers::segment;
use crate::{db, AppError, AppState};

const INVALID_RETURN_PAGE: &str = include_str!("../../assets/bank-return-invalid.html");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/callback/consent", get(callback))
        // The popup passes through here on its way back to `/bank-return`.
        .layer(MapResponseLayer::new(keep_the_opener))
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
        Ok(Some(Return { display, code })) => {
            let page = if display == display_name(BankDisplay::Popup) {
                "/bank-return"
            } else {
                "/"
            };
            let to = format!(
                "{page}#{CONSENT_KEY}={}&{RETURN_KEY}={code}",
                segment(&consent_id)
            );
            let mut response = Redirect::to(&to).into_response();
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

/// Where the browser goes back to, and the code it takes there.
struct Return {
    display: String,
    code: String,
}

/// Uses the state up (once, atomically, making the return code in the same stroke), checks that
/// the consent's session still lives and records the consent's status. `None` when the state is
/// unknown, spent, expired or belongs to another consent, or the session has ended.
async fn accept(
    state: &AppState,
    consent_id: &str,
    state_token: &str,
) -> Result<Option<Return>, AppError> {
    let now = db::now();
    let code = random_token();
    let accepted: Option<(String, Option<String>)> = sqlx::query_as(
        "UPDATE consents SET state_used_at = $1, return_code_hash = $2, return_code_expires_at = $3
         WHERE id = $4 AND state_hash = $5 AND state_used_at IS NULL AND state_expires_at > $1
         RETURNING display, session_hash",
    )
    .bind(now)
    .bind(token_hash(&code))
    .bind(now + RETURN_CODE_LIFETIME_SECS)
    .bind(consent_id)
    .bind(token_hash(state_token))
    .fetch_optional(&state.db)
    .await?;
    let Some((display, session_hash)) = accepted else {
        tracing::warn!(
            consent = consent_id,
            "bank redirect with an unknown, spent or expired state"
        );
        return Ok(None);
    };
    if !session_lives(state, session_hash.as_deref(), now).await? {
        tracing::warn!(
            consent = consent_id,
            "bank redirect for a session that has ended: the consent is withdrawn"
        );
        // Spent, so that it counts as abandoned: withdrawn now, or by the sweep if the
        // provider cannot be reached now.
        sqlx::query("UPDATE consents SET return_code_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(consent_id)
            .execute(&state.db)
            .await?;
        withdraw_if_abandoned(state, consent_id).await?;
        return Ok(None);
    }
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
    Ok(Some(Return { display, code }))
}

/// Whether the session (by its token's hash) is neither revoked nor expired.
async fn session_lives(
    state: &AppState,
    session_hash: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let Some(session_hash) = session_hash else {
        return Ok(false);
    };
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT expires_at FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(session_hash)
    .bind(now)
    .fetch_optional(&state.db)
    .await?;
    Ok(live.is_some())
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
