//! Minting a session: the application created at the provider (or one the partner has), and
//! the one-time code that opens its session, recorded by its hash. Partners mint through
//! `routes::partner_sessions`, the hosted link and the demo through `routes::hosted`; a session
//! hands its application on to another device through `routes::session_handoff` (`handoff`).

pub mod handoff;
pub mod writer;

use protocol::api::{CreateSessionRequest, CreateSessionResponse};
use protocol::provider::onboarding::{CreateApplicationRequest, SESSION_TOKEN_LIFETIME_SECS};
use protocol::ApplicationId;

use crate::applications::undecided_statuses_sql;
use crate::auth::{random_token, token_hash};
use crate::{db, AppError, AppState};
use writer::NewSession;

/// A locale the widget can be asked for: a language, lower case, and maybe a region, upper case
/// (`sv`, `sv-SE`).
/// What a workflow id may be: up to 64 letters, digits, '-', '_' or ':'.
pub fn is_workflow_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c))
}

pub fn is_locale_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    parts.next().is_none()
        && (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
}

/// Creates the application at the provider and records it with the hash of the one-time code
/// that opens its session, claimable for `claim_lifetime_secs` (at most the session's lifetime).
pub async fn mint(
    state: &AppState,
    partner_id: &str,
    request: CreateSessionRequest,
    claim_lifetime_secs: u64,
) -> Result<CreateSessionResponse, AppError> {
    let created = state
        .onboarding
        .create_application(&CreateApplicationRequest {
            workflow_id: request.workflow_id.clone(),
            country_code: request.country_code.clone(),
            redirect_url: request.redirect_url.clone(),
        })
        .await?;
    // The widget's code is ours, not the provider's session token: its strength, lifetime and
    // revocation are then ours to guarantee, and nothing of the provider's reaches a browser.
    let code = random_token();
    let created_at = db::now();
    let session_expires_at = created_at + SESSION_TOKEN_LIFETIME_SECS as i64;
    let claim_expires_at = created_at + claim_lifetime_secs.min(SESSION_TOKEN_LIFETIME_SECS) as i64;
    let workflow_id = request.workflow_id.clone();
    state
        .mint_writer
        .write(NewSession {
            application_id: created.id.clone(),
            partner_id: partner_id.to_owned(),
            request,
            code_hash: token_hash(&code),
            created_at,
            claim_expires_at,
            session_expires_at,
        })
        .await?;
    tracing::info!(application = %created.id, partner = partner_id, workflow = %workflow_id, "session minted");
    Ok(session_response(
        state,
        created.id,
        code,
        session_expires_at,
    ))
}

/// What a new claim code of an application that has sessions already is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimPurpose {
    /// The partner's: its applicant carries on on another device, or later.
    Session,
    /// The applicant's own move from one of its devices to another (`handoff`).
    Handoff,
}

impl ClaimPurpose {
    /// As `session_claims.purpose` stores it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Handoff => "handoff",
        }
    }
}

/// A claim code made for an application, and when it can no longer be claimed.
pub struct ClaimMade {
    pub session: CreateSessionResponse,
    pub claim_expires_at: i64,
}

/// Another one-time code for an application that has sessions already, claimable for
/// `claim_lifetime_secs` (at most the session's lifetime). Only while it is undecided and not
/// yet submitted, since a session could change nothing after that; an abandoned application is
/// taken up again (its status is the provider's again from the next read).
pub async fn mint_again(
    state: &AppState,
    application_id: ApplicationId,
    purpose: ClaimPurpose,
    claim_lifetime_secs: u64,
) -> Result<ClaimMade, AppError> {
    let code = random_token();
    let created_at = db::now();
    let session_expires_at = created_at + SESSION_TOKEN_LIFETIME_SECS as i64;
    let claim_expires_at = created_at + claim_lifetime_secs.min(SESSION_TOKEN_LIFETIME_SECS) as i64;
    let mut tx = state.db.begin().await?;
    // The check and the take-up in one statement: a submit or decision recorded meanwhile wins.
    let taken_up = sqlx::query(&format!(
        "UPDATE applications SET abandoned_at = NULL
         WHERE id = $1 AND submitted_at IS NULL
           AND (abandoned_at IS NOT NULL OR status IN ({}))",
        undecided_statuses_sql()
    ))
    .bind(application_id.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken_up == 0 {
        return Err(AppError::Conflict(
            "the application is submitted or decided already; a new session could change nothing"
                .into(),
        ));
    }
    sqlx::query(
        "INSERT INTO session_claims (code_hash, application_id, created_at, expires_at, session_expires_at, purpose)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&code))
    .bind(application_id.as_str())
    .bind(created_at)
    .bind(claim_expires_at)
    .bind(session_expires_at)
    .bind(purpose.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ClaimMade {
        session: session_response(state, application_id, code, session_expires_at),
        claim_expires_at,
    })
}

fn session_response(
    state: &AppState,
    application_id: ApplicationId,
    code: String,
    session_expires_at: i64,
) -> CreateSessionResponse {
    CreateSessionResponse {
        hosted_url: format!("{}#token={}", state.config.public_url(), code),
        application_id,
        session_token: code,
        expires_at: db::rfc3339(session_expires_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags() {
        for good in ["sv", "sv-SE", "nb-NO", "de"] {
            assert!(is_locale_tag(good), "{good}");
        }
        for bad in ["", "SV", "sv_SE", "sv-se", "english", "sv-SE-x"] {
            assert!(!is_locale_tag(bad), "{bad}");
        }
    }
}
