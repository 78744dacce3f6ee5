//! Who is calling: a partner with an API key, or a widget with a session token. Both arrive as
//! `Authorization: Bearer`, never in a URL.

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use sha2::{Digest, Sha256};

use crate::{db, AppError, AppState};

/// SHA-256, hex: how tokens and keys are stored and compared.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn bearer(parts: &Parts) -> Result<&str, AppError> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthorized)
}

/// A partner, known by its API key. Its id is a prefix of the key's hash, so logs and rows can
/// name the partner without holding the key.
pub struct Partner {
    pub id: String,
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = token_hash(bearer(parts)?);
        // Comparing hashes keeps the comparison's timing independent of the key's bytes.
        state
            .partner_key_hashes
            .iter()
            .find(|known| **known == presented)
            .map(|hash| Partner { id: hash[..12].to_owned() })
            .ok_or(AppError::Unauthorized)
    }
}

/// The application a widget's session token gives access to.
#[derive(Debug, sqlx::FromRow)]
pub struct Session {
    pub application_id: String,
    pub workflow_id: String,
    pub country_code: String,
    pub redirect_url: String,
    pub locale: Option<String>,
    pub status: String,
    pub expires_at: i64,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let hash = token_hash(bearer(parts)?);
        state.rate_limits.widget(&hash)?;
        let session: Option<Session> = sqlx::query_as(
            "SELECT a.id AS application_id, a.workflow_id, a.country_code, a.redirect_url, a.locale,
                    a.status, s.expires_at
             FROM sessions s JOIN applications a ON a.id = s.application_id
             WHERE s.token_hash = ?",
        )
        .bind(hash)
        .fetch_optional(&state.db)
        .await?;
        let session = session.ok_or(AppError::Unauthorized)?;
        if session.expires_at <= db::now() {
            return Err(AppError::SessionExpired);
        }
        Ok(session)
    }
}
