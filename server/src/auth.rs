//! Who is calling: a partner with an API key, or a widget with a session token. Both arrive as
//! `Authorization: Bearer`, never in a URL.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::Engine;
use protocol::{ApplicationId, CountryCode};
use sha2::{Digest, Sha256};

use crate::{db, AppError, AppState};

/// SHA-256, hex: how tokens and keys are stored and compared.
pub fn token_hash(token: &str) -> String {
    // Into a buffer rather than `hex::encode`, which pushes char by char: every widget request
    // hashes its token.
    let mut hex = [0; 64];
    hex::encode_to_slice(Sha256::digest(token.as_bytes()), &mut hex)
        .expect("64 hex digits hold 32 bytes");
    String::from_utf8(hex.to_vec()).expect("hex digits are ASCII")
}

/// 256 bits from the OS's generator, URL-safe: session tokens and the bank redirect's state.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
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

/// The partner id of the sessions the public hosted link and the demo page mint.
pub const HOSTED_PARTNER: &str = "hosted";

/// Partner ids Onboard records itself: a partner configured under one would own every
/// application minted under it.
const RESERVED_PARTNER_IDS: &[&str] = &[HOSTED_PARTNER];

/// How long the id of a partner configured by its bare key is (a prefix of the key's hash).
const BARE_KEY_ID_LEN: usize = 12;

/// A partner, known by its API key.
pub struct Partner {
    pub id: String,
}

/// One live partner key, as configured (`ONBOARD_PARTNER_KEYS`):
/// - `key`: the partner is known by a prefix of the key's hash, so logs and rows can name it
///   without holding the key;
/// - `partner:key`: the partner has a name of its own, which stays when its key changes;
/// - `partner:sha256:<hex>`: the same, with only the key's SHA-256 in the configuration.
///
/// Two entries with one name are two live keys of one partner: a key is rotated by adding the
/// new one, moving the partner's backend over, then removing the old one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerKey {
    pub partner_id: String,
    pub hash: String,
}

impl PartnerKey {
    pub fn parse(entry: &str) -> Result<Self, String> {
        let Some((partner_id, secret)) = entry.split_once(':') else {
            let hash = token_hash(entry);
            return Ok(Self {
                partner_id: hash[..BARE_KEY_ID_LEN].to_owned(),
                hash,
            });
        };
        let valid_id = (1..=32).contains(&partner_id.len())
            && partner_id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid_id {
            return Err(format!(
                "partner name {partner_id:?} must be 1 to 32 of a-z, 0-9, '-', '_'"
            ));
        }
        if RESERVED_PARTNER_IDS.contains(&partner_id) {
            return Err(format!(
                "partner name {partner_id:?} is reserved for Onboard's own sessions"
            ));
        }
        // The form of a bare key's id: the name would share that partner's applications.
        if partner_id.len() == BARE_KEY_ID_LEN && partner_id.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(format!(
                "partner name {partner_id:?} has the form of an unnamed key's id (12 hex digits)"
            ));
        }
        let hash = match secret.strip_prefix("sha256:") {
            Some(hex) if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                hex.to_ascii_lowercase()
            }
            Some(_) => {
                return Err(format!(
                    "the key hash of {partner_id} must be 64 hex digits"
                ))
            }
            None if secret.is_empty() => return Err(format!("the key of {partner_id} is empty")),
            None => token_hash(secret),
        };
        Ok(Self {
            partner_id: partner_id.to_owned(),
            hash,
        })
    }
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = token_hash(bearer(parts)?);
        // Comparing hashes keeps the comparison's timing independent of the key's bytes.
        state
            .partners
            .current()
            .partner_of_key(&presented)
            .map(|id| Partner { id: id.to_owned() })
            .ok_or(AppError::Unauthorized)
    }
}

/// The application a widget's session token gives access to. One `Arc`, shared with the
/// session copy (`AppState::sessions`), so that a request takes it without copying its strings.
#[derive(Debug, Clone)]
pub struct Session(Arc<SessionFacts>);

impl Deref for Session {
    type Target = SessionFacts;

    fn deref(&self) -> &SessionFacts {
        &self.0
    }
}

/// What stays fixed while a session lives (the application's status changes; read it where it
/// matters).
#[derive(Debug, sqlx::FromRow)]
pub struct SessionFacts {
    /// What the session's token is known by; the stream rechecks it while open.
    pub token_hash: String,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    pub partner_id: String,
    pub workflow_id: String,
    #[sqlx(try_from = "String")]
    pub country_code: CountryCode,
    pub redirect_url: String,
    pub locale: Option<String>,
    pub expires_at: i64,
    /// The theme the framing page passed with the claim, checked (`ThemeStyle` as JSON).
    pub page_theme: Option<String>,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let hash = token_hash(bearer(parts)?);
        state.rate_limits.widget(&hash)?;
        // A kept copy is as good as the row: it never holds a revoked session (see
        // `AppState::widget_sessions`), and expiry is checked here on every request.
        let session = state
            .widget_sessions
            .get_or_load(&hash, live_session(state, &hash))
            .await?;
        if session.expires_at <= db::now() {
            return Err(AppError::SessionExpired);
        }
        Ok(session)
    }
}

async fn live_session(state: &AppState, hash: &str) -> Result<Session, AppError> {
    let session: Option<SessionFacts> = sqlx::query_as(
        "SELECT s.token_hash, a.id AS application_id, a.partner_id, a.workflow_id, a.country_code, a.redirect_url, a.locale,
                s.expires_at, s.page_theme
         FROM sessions s JOIN applications a ON a.id = s.application_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(&state.db)
    .await?;
    session
        .map(|facts| Session(Arc::new(facts)))
        .ok_or(AppError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::{token_hash, PartnerKey};

    #[test]
    fn partner_keys_come_bare_named_or_hashed() {
        let bare = PartnerKey::parse("demo-partner-key").unwrap();
        assert_eq!(
            (bare.partner_id.len(), bare.hash.clone()),
            (12, token_hash("demo-partner-key"))
        );
        let named = PartnerKey::parse("acme:s3cret:with-colon").unwrap();
        assert_eq!(
            named,
            PartnerKey {
                partner_id: "acme".into(),
                hash: token_hash("s3cret:with-colon")
            }
        );
        let hashed = PartnerKey::parse(&format!(
            "acme:sha256:{}",
            token_hash("s3cret").to_uppercase()
        ))
        .unwrap();
        assert_eq!(
            hashed,
            PartnerKey {
                partner_id: "acme".into(),
                hash: token_hash("s3cret")
            }
        );
        for bad in [
            "Acme:key",
            ":key",
            "acme:",
            "acme:sha256:abc",
            // Onboard's own: the public hosted link's sessions.
            "hosted:key",
            // The id a bare key would have: its partner's applications.
            &format!("{}:key", &token_hash("their-key")[..12]),
            &format!("{}:k", "a".repeat(33)),
        ] {
            assert!(PartnerKey::parse(bad).is_err(), "{bad}");
        }
    }
}
