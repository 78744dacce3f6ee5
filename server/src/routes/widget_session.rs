//! The widget's API, authorised by its session token.

use axum::extract::State;
use axum::Json;
use protocol::api::paths;
use protocol::api::{PartnerView, SessionView, StatusView, ThemeStyle};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::{applications, db, AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session))
        .routes(routes!(status))
}

#[utoipa::path(
    get,
    path = paths::SESSION,
    operation_id = "getSession",
    tag = "session",
    security(("session_token" = [])),
    responses((status = 200, body = SessionView)),
)]
async fn session(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SessionView>, AppError> {
    let partners = state.partners.current();
    let settings = partners.get(&session.partner_id);
    let page_theme = session
        .page_theme
        .as_deref()
        .map(serde_json::from_str::<ThemeStyle>)
        .transpose()
        .map_err(|err| AppError::Internal(format!("a session's page theme: {err}")))?;
    let theme = page_theme.or_else(|| settings.and_then(|partner| partner.theme.clone()));
    let partner = settings.and_then(|settings| {
        Some(PartnerView {
            name: settings.name.clone()?,
            privacy_url: settings.privacy_url.as_ref().map(|url| url.to_string()),
        })
    });
    Ok(Json(SessionView {
        application_id: session.application_id.clone(),
        workflow_id: session.workflow_id.clone(),
        country_code: session.country_code,
        locale: session.locale.clone(),
        expires_at: db::rfc3339(session.expires_at),
        redirect_url: session.redirect_url.clone(),
        theme,
        partner,
    }))
}

#[utoipa::path(
    get,
    path = paths::SESSION_STATUS,
    operation_id = "getSessionStatus",
    tag = "session",
    security(("session_token" = [])),
    description = "The application's status as the onboarding provider gave it at most \
        `ONBOARD_STATUS_MAX_AGE_MS` ago (default 1 s): reads within that time share one answer of \
        the provider. A change Onboard learns of itself (a webhook, the submit, a partner's read) \
        is served at once.",
    responses((status = 200, description = "The status, at most the configured max age old", body = StatusView)),
)]
async fn status(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<StatusView>, AppError> {
    Ok(Json(
        applications::current_status(&state, &session.application_id).await?,
    ))
}
