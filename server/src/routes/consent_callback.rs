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
//!
//! A refused return gets a page (`pages::invalid_bank_return`) in the applicant's language: its
//! session's when the `state` is a consent's, else the browser's.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tower::util::MapResponseLayer;

use protocol::api::banking::BankDisplay;
use protocol::api::paths;
use protocol::fragment::{CONSENT_KEY, RETURN_KEY};
use protocol::Language;

use crate::consents::{accept_return, locale_of_state, Return};
use crate::extract::AppQuery;
use crate::pages::{accepted_language, invalid_bank_return};
use crate::providers::segment;
use crate::security_headers::keep_the_opener;
use crate::{AppError, AppState};

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
    headers: HeaderMap,
    // The browser the bank sent back gets the page that says what to do, not an API error.
    query: Result<AppQuery<CallbackQuery>, AppError>,
) -> Response {
    let query = query.ok().map(|AppQuery(query)| query);
    let consent_id = query.as_ref().and_then(|query| query.consent_id.as_deref());
    let state_token = query.as_ref().and_then(|query| query.state.as_deref());
    let (Some(consent_id), Some(state_token)) = (consent_id, state_token) else {
        return invalid_return(&state, state_token, &headers).await;
    };
    match accept_return(&state, consent_id, state_token).await {
        Ok(Some(Return { display, code })) => {
            let page = match display {
                BankDisplay::Popup => paths::BANK_RETURN_PAGE,
                BankDisplay::Page => "/",
            };
            let to = format!(
                "{page}#{CONSENT_KEY}={}&{RETURN_KEY}={code}",
                segment(consent_id)
            );
            let mut response = Redirect::to(&to).into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(None) => invalid_return(&state, Some(state_token), &headers).await,
        Err(err) => err.into_response(),
    }
}

/// The page that says the return was refused, in the language of the session the `state` was
/// given for, else the browser's.
async fn invalid_return(
    state: &AppState,
    state_token: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let session_locale = match state_token {
        Some(state_token) => locale_of_state(state, state_token)
            .await
            // The page matters more than its language.
            .unwrap_or_else(|err| {
                tracing::warn!(error = %err, "the refused return's session locale is unreadable");
                None
            }),
        None => None,
    };
    let language = session_locale
        .and_then(|locale| Language::negotiate([locale.as_str()]))
        .or_else(|| accepted_language(headers))
        .unwrap_or_default();
    (
        StatusCode::BAD_REQUEST,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::VARY, "accept-language"),
        ],
        invalid_bank_return(language),
    )
        .into_response()
}
