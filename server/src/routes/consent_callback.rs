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
use protocol::api::paths;
use protocol::fragment::{CONSENT_KEY, RETURN_KEY};

use crate::consents::{accept_return, Return};
use crate::extract::AppQuery;
use crate::providers::segment;
use crate::security_headers::keep_the_opener;
use crate::{AppError, AppState};

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
    match accept_return(&state, &consent_id, &state_token).await {
        Ok(Some(Return { display, code })) => {
            let page = match display {
                BankDisplay::Popup => paths::BANK_RETURN_PAGE,
                BankDisplay::Page => "/",
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
