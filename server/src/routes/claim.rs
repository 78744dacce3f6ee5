//! `POST /api/v1/session/claim`: the widget exchanges the one-time code it was handed (the hosted
//! link's fragment, or the partner page's `sessionToken`) for the session's credential. A code
//! is never a bearer: whoever else holds it (the link's maker, anyone it was copied to) cannot
//! read what the person who opened it types, and a second claim is told the link was used.
//! A handoff's code (`minting::handoff`) is refused once its application is submitted, and its
//! claim tells the application's event streams, so the device that handed off follows.

use axum::extract::State;
use axum::Json;
use protocol::api::events::{HandoffState, SessionEvent};
use protocol::api::paths;
use protocol::api::SessionClaimed;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{random_token, token_hash};
use crate::extract::{required, AppJson};
use crate::minting::ClaimPurpose;
use crate::{db, events, AppError, AppState};

/// As `ClaimSession` documents it: a code is 43 characters; anything far longer is no code.
const MAX_CODE_LEN: usize = 256;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(claim))
}

/// `ClaimSession`, with its field optional so that a missing one is reported by name.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct ClaimInput {
    session_token: Option<String>,
    embed_origin: Option<String>,
    theme: Option<serde_json::Value>,
}

#[utoipa::path(
    post,
    path = paths::SESSION_CLAIM,
    operation_id = "claimSession",
    tag = "session",
    request_body = protocol::api::ClaimSession,
    description = "No credential: the code is the body's. `401 unauthorized` for a code unknown or \
        revoked with its application's sessions, `401 session_expired` for one not claimed in time \
        (a hosted link's or a handoff's within 10 minutes, a partner's while the session lasts), \
        `410 link_used` for one claimed already, `409 conflict` for a handoff's whose application \
        was submitted since (the device that submitted shows the outcome), `403 forbidden` for a \
        framed widget on an origin the session's partner does not embed it on.",
    responses((status = 200, description = "The session's credential, the bearer of every other widget call", body = SessionClaimed)),
)]
async fn claim(
    State(state): State<AppState>,
    input: Result<AppJson<ClaimInput>, AppError>,
) -> Result<Json<SessionClaimed>, AppError> {
    let AppJson(input) = input?;
    let code = required("sessionToken", input.session_token)?;
    if code.len() > MAX_CODE_LEN {
        return Err(AppError::invalid(
            "sessionToken",
            format!("sessionToken is longer than {MAX_CODE_LEN} characters"),
        ));
    }
    let page_theme = input.theme.as_ref().map(page_theme).transpose()?;
    let code_hash = token_hash(&code);
    // Keyed by the code's hash, as the widget's other calls are by their credential's: a claim
    // is a session's first widget call. A per-address limit would share the public links' budget
    // and the addresses many applicants share (an office's); an unknown code costs one lookup,
    // as an unknown bearer does, and 256 random bits are not guessed.
    state.rate_limits.widget(&code_hash)?;

    let now = db::now();
    let credential = random_token();
    let mut tx = state.db.begin().await?;
    // One statement, so that of two claims at once only one finds the code unclaimed.
    let claimed: Option<(String, i64, String)> = sqlx::query_as(
        "UPDATE session_claims SET claimed_at = $1
         WHERE code_hash = $2 AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > $3
           AND (purpose <> $4 OR NOT EXISTS (
               SELECT 1 FROM applications a
               WHERE a.id = session_claims.application_id AND a.submitted_at IS NOT NULL))
         RETURNING application_id, session_expires_at, purpose",
    )
    .bind(now)
    .bind(&code_hash)
    .bind(now)
    .bind(ClaimPurpose::Handoff.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((application_id, expires_at, purpose)) = claimed else {
        tx.rollback().await?;
        return Err(refusal(&state, &code_hash).await?);
    };
    if let Some(origin) = &input.embed_origin {
        let partner: String =
            sqlx::query_scalar("SELECT partner_id FROM applications WHERE id = $1")
                .bind(&application_id)
                .fetch_one(&mut *tx)
                .await?;
        let allowed = state
            .partners
            .current()
            .get(&partner)
            .is_some_and(|settings| settings.embeds_on(origin));
        if !allowed {
            // Left unclaimed: the partner's own page may still open it.
            tx.rollback().await?;
            tracing::warn!(application = %application_id, partner = %partner, "claim refused: the partner does not embed the widget on the framing page's origin");
            return Err(AppError::Forbidden(
                "this session's partner does not embed the widget on this page",
            ));
        }
    }
    sqlx::query(
        "INSERT INTO sessions (token_hash, application_id, created_at, expires_at, page_theme)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&credential))
    .bind(&application_id)
    .bind(now)
    .bind(expires_at)
    .bind(page_theme)
    .execute(&mut *tx)
    .await?;
    let handed_off = purpose == ClaimPurpose::Handoff.as_str();
    if handed_off {
        let event = SessionEvent::Handoff {
            state: HandoffState::Claimed,
        };
        events::record(&mut tx, &application_id, &event).await?;
    }
    tx.commit().await?;
    if handed_off {
        state.events.wake(&application_id);
    }
    tracing::info!(application = %application_id, handed_off, "session claimed");
    Ok(Json(SessionClaimed {
        credential,
        expires_at: db::rfc3339(expires_at),
    }))
}

/// The framing page's theme, checked, as the session keeps it (`ThemeStyle` as JSON). What does
/// not pass is dropped and named in it, never refused: a partner's wrong colour must not keep
/// their customer out.
fn page_theme(theme: &serde_json::Value) -> Result<String, AppError> {
    let serde_json::Value::Object(theme) = theme else {
        return Err(AppError::invalid("theme", "theme is not an object"));
    };
    let style = protocol::theme::style(theme);
    Ok(serde_json::to_string(&style).expect("a theme's style serializes"))
}

/// A code the claim's update did not take, as far as its refusal goes.
#[derive(sqlx::FromRow)]
struct Unclaimable {
    claimed_at: Option<i64>,
    revoked_at: Option<i64>,
    purpose: String,
    submitted_at: Option<i64>,
}

/// Why a code cannot be claimed, told apart so that the widget can say what to do.
async fn refusal(state: &AppState, code_hash: &str) -> Result<AppError, AppError> {
    let found: Option<Unclaimable> = sqlx::query_as(
        "SELECT c.claimed_at, c.revoked_at, c.purpose, a.submitted_at
         FROM session_claims c JOIN applications a ON a.id = c.application_id
         WHERE c.code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(&state.db)
    .await?;
    let Some(code) = found else {
        return Ok(AppError::Unauthorized);
    };
    Ok(if code.revoked_at.is_some() {
        AppError::Unauthorized
    } else if code.claimed_at.is_some() {
        AppError::LinkUsed
    } else if code.purpose == ClaimPurpose::Handoff.as_str() && code.submitted_at.is_some() {
        AppError::Conflict(
            "the application was submitted meanwhile; its outcome shows where it was submitted"
                .into(),
        )
    } else {
        // Neither claimed nor revoked, and not claimable: its deadline passed.
        AppError::SessionExpired
    })
}
