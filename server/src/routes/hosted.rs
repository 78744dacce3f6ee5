//! `GET /start/{workflowId}?country=SE`: the hosted link. It mints a session and sends the
//! browser to the widget with the session's one-time claim code in the URL fragment, which
//! browsers never send to a server, so it stays out of every log. `GET /start/{partner}/
//! {workflowId}` is a partner's own public link: only the workflows its settings name, its
//! session the partner's (notified to its webhook), ending on its `hosted_return_url`.
//!
//! `POST /demo/sessions`: the demo page's stand-in for a partner's backend, minting a session
//! for the same public workflows, to embed with `/onboard.js`; only where the demo is served.
//! `GET /demo/applications/{id}`: the same stand-in reading one of those applications as the
//! partner sees it, screening included, for the demo page's partner panel.
//! `POST /demo/applications/{id}/sessions`: the same stand-in minting a new session of one of
//! them, so the demo shows a customer continuing later or in another browser.
//!
//! Anyone may call them, and each call creates an application at the provider: they are limited
//! per client address and for all clients together.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use protocol::api::partner::ApplicationView;
use protocol::api::{CreateSessionRequest, CreateSessionResponse};
use protocol::provider::onboarding::SESSION_TOKEN_LIFETIME_SECS;
use protocol::CountryCode;
use serde::Deserialize;

use crate::applications::{self, partner_view};
use crate::auth::HOSTED_PARTNER;
use crate::client_addr::ClientAddr;
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::minting::{is_locale_tag, mint, mint_again, ClaimPurpose};
use crate::{AppError, AppState, Config};

/// How long the code of a hosted link or the demo page can be claimed: the browser it was made
/// for claims it at once, and a copy taken meanwhile is worth little for long.
const PUBLIC_CLAIM_LIFETIME_SECS: u64 = 10 * 60;

pub fn router(config: &Config) -> Router<AppState> {
    // Without the demo the path is as unknown as any other, whatever the method (the widget's
    // files, which would answer it otherwise, say 405 to a POST).
    let not_served = || any(|| async { AppError::NotFound("page") });
    let (demo_sessions, demo_applications, demo_sessions_again) = match config.demo() {
        true => (
            post(demo_session),
            get(demo_application),
            post(demo_session_again),
        ),
        false => (not_served(), not_served(), not_served()),
    };
    Router::new()
        .route("/start/{workflow_id}", get(start))
        .route("/start/{partner}/{workflow_id}", get(start_for_partner))
        .route("/demo/sessions", demo_sessions)
        .route("/demo/applications/{id}", demo_applications)
        .route("/demo/applications/{id}/sessions", demo_sessions_again)
}

#[derive(Deserialize)]
struct StartQuery {
    country: Option<String>,
    locale: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    client: ClientAddr,
    AppPath(workflow_id): AppPath<String>,
    AppQuery(query): AppQuery<StartQuery>,
) -> Result<Response, AppError> {
    started(&state, &client, HOSTED_PARTNER, workflow_id, query).await
}

async fn start_for_partner(
    State(state): State<AppState>,
    client: ClientAddr,
    AppPath((partner, workflow_id)): AppPath<(String, String)>,
    AppQuery(query): AppQuery<StartQuery>,
) -> Result<Response, AppError> {
    started(&state, &client, &partner, workflow_id, query).await
}

/// The browser sent on to the widget, with the claim code of a session minted for it.
async fn started(
    state: &AppState,
    client: &ClientAddr,
    partner: &str,
    workflow_id: String,
    query: StartQuery,
) -> Result<Response, AppError> {
    state.rate_limits.public_mint(client)?;
    let created = mint_public(state, partner, workflow_id, query.country, query.locale).await?;
    let mut response = Redirect::to(&format!("/#token={}", created.session_token)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct DemoSessionInput {
    workflow_id: String,
    country_code: Option<String>,
    locale: Option<String>,
}

async fn demo_session(
    State(state): State<AppState>,
    client: ClientAddr,
    // Read after the rate limit: a flood of bodies that do not parse counts against it too.
    input: Result<AppJson<DemoSessionInput>, AppError>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, &'static str); 1],
        Json<CreateSessionResponse>,
    ),
    AppError,
> {
    state.rate_limits.public_mint(&client)?;
    let AppJson(input) = input?;
    let created = mint_public(
        &state,
        HOSTED_PARTNER,
        input.workflow_id,
        input.country_code,
        input.locale,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(created),
    ))
}

/// An application of the demo's sessions, as the demo partner's backend reads it with its key.
async fn demo_application(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
) -> Result<
    (
        [(header::HeaderName, &'static str); 1],
        Json<ApplicationView>,
    ),
    AppError,
> {
    let view = partner_view(&state, HOSTED_PARTNER, &id).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)))
}

/// A new session of one of the demo's applications, as the demo partner's backend mints it
/// with its key: its applicant continues later, or in another browser.
async fn demo_session_again(
    State(state): State<AppState>,
    client: ClientAddr,
    AppPath(id): AppPath<String>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, &'static str); 1],
        Json<CreateSessionResponse>,
    ),
    AppError,
> {
    state.rate_limits.public_mint(&client)?;
    let application_id = applications::owned(&state, HOSTED_PARTNER, &id).await?;
    let made = mint_again(
        &state,
        application_id,
        ClaimPurpose::Session,
        SESSION_TOKEN_LIFETIME_SECS,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(made.session),
    ))
}

/// A session of one of the partner's public workflows, ending on its return URL.
async fn mint_public(
    state: &AppState,
    partner: &str,
    workflow_id: String,
    country: Option<String>,
    locale: Option<String>,
) -> Result<CreateSessionResponse, AppError> {
    let partners = state.partners.current();
    let settings = partners.get(partner);
    let link = settings
        .and_then(|settings| settings.hosted.as_ref())
        .filter(|link| link.workflows.contains(&workflow_id))
        .ok_or(AppError::NotFound("workflow"))?;
    let country = country.ok_or_else(|| AppError::invalid("country", "country is required"))?;
    CountryCode::parse(&country)
        .map_err(|err| AppError::invalid("country", format!("country {err}")))?;
    let request = CreateSessionRequest {
        workflow_id,
        country_code: country,
        redirect_url: link.return_url.to_string(),
        locale: locale
            .filter(|l| is_locale_tag(l))
            .or_else(|| settings.and_then(|s| s.default_locale.clone())),
        external_ref: None,
    };
    mint(state, partner, request, PUBLIC_CLAIM_LIFETIME_SECS).await
}
