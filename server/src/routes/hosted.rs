//! `GET /start/{workflowId}?country=SE`: the hosted link. It mints a session and sends the
//! browser to the widget with the token in the URL fragment, which browsers never send to a
//! server, so it stays out of every log.

use axum::extract::{rejection::QueryRejection, Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use protocol::api::CreateSessionRequest;
use protocol::CountryCode;
use serde::Deserialize;

use super::sessions::{is_locale_tag, mint};
use crate::{AppError, AppState};

/// The partner id recorded for sessions started from the public hosted link.
const HOSTED_PARTNER: &str = "hosted";

pub fn router() -> Router<AppState> {
    Router::new().route("/start/{workflow_id}", get(start))
}

#[derive(Deserialize)]
struct StartQuery {
    country: Option<String>,
    locale: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    Path(workflow_id): Path<String>,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    if !state.config.hosted_workflows.contains(&workflow_id) {
        return Err(AppError::NotFound("workflow"));
    }
    let country = query.country.ok_or_else(|| AppError::invalid("country", "country is required"))?;
    CountryCode::parse(&country).map_err(|err| AppError::invalid("country", format!("country {err}")))?;
    let redirect_url = state.config.public_url().join("demo").expect("relative path joins");
    let created = mint(
        &state,
        HOSTED_PARTNER,
        CreateSessionRequest {
            workflow_id,
            country_code: country,
            redirect_url: redirect_url.into(),
            locale: query.locale.filter(|l| is_locale_tag(l)),
            external_ref: None,
        },
    )
    .await?;
    let mut response = Redirect::to(&format!("/#token={}", created.session_token)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
