//! `POST /api/v1/sessions`: a partner's backend mints a session for one applicant, handed out as
//! a one-time claim code (see `claim`); `POST /api/v1/applications/{id}/sessions` mints another
//! code for an application the partner has, and `DELETE` on it ends the application's sessions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::paths;
use protocol::api::{
    CreateSessionRequest, CreateSessionResponse, SessionsRevoked, MAX_EXTERNAL_REF_LEN,
};
use protocol::provider::onboarding::SESSION_TOKEN_LIFETIME_SECS;
use protocol::CountryCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Partner;
use crate::extract::{required, AppJson, AppPath};
use crate::minting::{is_locale_tag, is_workflow_id, mint, mint_again, ClaimPurpose};
use crate::partners::redirects::check_redirect;
use crate::partners::PartnerSettings;
use crate::{applications, db, AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(create_for_application, revoke))
}

/// Every field optional, so that a missing one is reported by name.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct CreateSessionInput {
    workflow_id: Option<String>,
    country_code: Option<String>,
    redirect_url: Option<String>,
    locale: Option<String>,
    external_ref: Option<String>,
}

#[utoipa::path(
    post,
    path = paths::SESSIONS,
    operation_id = "createSession",
    tag = "partner",
    security(("partner_key" = [])),
    request_body = protocol::api::CreateSessionRequest,
    responses((status = 201, description = "The session, with its one-time claim code and hosted link", body = protocol::api::CreateSessionResponse)),
)]
async fn create(
    State(state): State<AppState>,
    partner: Partner,
    // Read after the rate limit: a flood of bodies that do not parse counts against it too.
    input: Result<AppJson<CreateSessionInput>, AppError>,
) -> Result<(StatusCode, Json<CreateSessionResponse>), AppError> {
    state.rate_limits.mint(&partner.id)?;
    let AppJson(input) = input?;
    let partners = state.partners.current();
    // Gone from the partners file since the key was checked: as unknown as its key now is.
    let settings = partners.get(&partner.id).ok_or(AppError::Unauthorized)?;
    let request = validate(settings, input)?;
    // The partner hands the code to its own page, which may claim it any time the session lives.
    let created = mint(&state, &partner.id, request, SESSION_TOKEN_LIFETIME_SECS).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A new claim code for one of the partner's applications: its applicant carries on on another
/// device, or later, since the code it had was claimed elsewhere or has expired. The session
/// lasts a full lifetime from now; the provider is not asked again. An application submitted or
/// decided is refused.
#[utoipa::path(
    post,
    path = paths::APPLICATION_SESSIONS,
    operation_id = "createApplicationSession",
    tag = "partner",
    security(("partner_key" = [])),
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 201, description = "A new session of the application, with its one-time claim code and hosted link", body = protocol::api::CreateSessionResponse),
        (status = 404, description = "No application of this partner has this id", body = protocol::ErrorBody),
        (status = 409, description = "`conflict`: the application is submitted or decided already, so a session could change nothing; read it with `GET /api/v1/applications/{id}` instead", body = protocol::ErrorBody),
    ),
)]
async fn create_for_application(
    State(state): State<AppState>,
    partner: Partner,
    AppPath(application_id): AppPath<String>,
) -> Result<(StatusCode, Json<CreateSessionResponse>), AppError> {
    state.rate_limits.mint(&partner.id)?;
    let application_id = applications::owned(&state, &partner.id, &application_id).await?;
    let created = mint_again(
        &state,
        application_id,
        ClaimPurpose::Session,
        SESSION_TOKEN_LIFETIME_SECS,
    )
    .await?
    .session;
    tracing::info!(application = %created.application_id, partner = %partner.id, "session minted again");
    Ok((StatusCode::CREATED, Json(created)))
}

/// Every live session of one of the partner's applications ends now, and every code not yet
/// claimed with them; another partner's application is as unknown as a missing one.
#[utoipa::path(
    delete,
    path = paths::APPLICATION_SESSIONS,
    operation_id = "revokeSessions",
    tag = "partner",
    security(("partner_key" = [])),
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "How many live sessions ended (codes not yet claimed are not counted)", body = SessionsRevoked),
        (status = 404, description = "No application of this partner has this id", body = protocol::ErrorBody),
    ),
)]
async fn revoke(
    State(state): State<AppState>,
    partner: Partner,
    AppPath(application_id): AppPath<String>,
) -> Result<Json<SessionsRevoked>, AppError> {
    let application_id = applications::owned(&state, &partner.id, &application_id).await?;
    let now = db::now();
    // The codes first: one claimed meanwhile makes a session the update below then ends.
    sqlx::query(
        "UPDATE session_claims SET revoked_at = $1
         WHERE application_id = $2 AND claimed_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(application_id.as_str())
    .execute(&state.db)
    .await?;
    let revoked: Vec<String> = sqlx::query_scalar(
        "UPDATE sessions SET revoked_at = $1 WHERE application_id = $2 AND revoked_at IS NULL RETURNING token_hash",
    )
    .bind(now)
    .bind(application_id.as_str())
    .fetch_all(&state.db)
    .await?;
    for token_hash in &revoked {
        state.widget_sessions.invalidate(token_hash).await;
    }
    let revoked = revoked.len() as u64;
    // Open event streams, on any instance, look again and end.
    state
        .events
        .wake_everywhere(&state.db, application_id.as_str())
        .await?;
    tracing::info!(application = %application_id, partner = %partner.id, revoked, "sessions revoked");
    Ok(Json(SessionsRevoked { revoked }))
}

/// The request, checked against the partner's own settings; a session without a locale gets the
/// partner's default.
fn validate(
    settings: &PartnerSettings,
    input: CreateSessionInput,
) -> Result<CreateSessionRequest, AppError> {
    let workflow_id = required("workflowId", input.workflow_id)?;
    if !is_workflow_id(&workflow_id) {
        return Err(AppError::invalid(
            "workflowId",
            "workflowId must be up to 64 letters, digits, '-', '_' or ':'",
        ));
    }
    let country_code = required("countryCode", input.country_code)?;
    CountryCode::parse(&country_code)
        .map_err(|err| AppError::invalid("countryCode", format!("countryCode {err}")))?;
    let redirect_url = required("redirectUrl", input.redirect_url)?;
    check_redirect(&settings.redirect_allowlist, &redirect_url)?;
    if let Some(locale) = &input.locale {
        if !is_locale_tag(locale) {
            return Err(AppError::invalid(
                "locale",
                "locale must look like 'sv' or 'sv-SE'",
            ));
        }
    }
    if input
        .external_ref
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_EXTERNAL_REF_LEN)
    {
        return Err(AppError::invalid(
            "externalRef",
            format!("externalRef is longer than {MAX_EXTERNAL_REF_LEN} characters"),
        ));
    }
    Ok(CreateSessionRequest {
        workflow_id,
        country_code,
        redirect_url,
        locale: input.locale.or_else(|| settings.default_locale.clone()),
        external_ref: input.external_ref,
    })
}
