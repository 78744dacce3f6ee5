//! The OAuth 2.0 client-credentials grant every sandboxed provider issues its access tokens with
//! (RFC 6749 §4.4). Each provider has its own issuer and its own scopes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{rejection::FormRejection, State};
use axum::http::{header, HeaderMap};
use axum::{Form, Json};
use base64::Engine;
use protocol::provider::oauth::{OAuthErrorCode, TokenRequest, TokenResponse};
use rand::Rng;

use crate::SandboxError;

const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

struct Grant {
    scopes: Vec<&'static str>,
    expires: Instant,
}

pub struct TokenIssuer {
    clients: Vec<ClientCredentials>,
    scopes: &'static [&'static str],
    grants: Mutex<HashMap<String, Grant>>,
}

impl TokenIssuer {
    pub fn new(clients: Vec<ClientCredentials>, scopes: &'static [&'static str]) -> Self {
        Self {
            clients,
            scopes,
            grants: Mutex::default(),
        }
    }

    fn issue(
        &self,
        headers: &HeaderMap,
        form: TokenRequest,
    ) -> Result<TokenResponse, SandboxError> {
        if form.grant_type != "client_credentials" {
            return Err(SandboxError::oauth(
                OAuthErrorCode::UnsupportedGrantType,
                "only client_credentials is supported",
            ));
        }
        let presented = client_from_request(headers, &form)?;
        if !self.clients.contains(&presented) {
            return Err(SandboxError::oauth(
                OAuthErrorCode::InvalidClient,
                "unknown client or wrong secret",
            ));
        }
        let scopes = self.granted_scopes(form.scope.as_deref())?;
        let access_token = random_token();
        let mut grants = self.grants.lock().expect("grants lock");
        let now = Instant::now();
        grants.retain(|_, grant| grant.expires > now);
        grants.insert(
            access_token.clone(),
            Grant {
                scopes: scopes.clone(),
                expires: now + TOKEN_LIFETIME,
            },
        );
        Ok(TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: TOKEN_LIFETIME.as_secs(),
            scope: scopes.join(" "),
        })
    }

    /// No scope asked for means every scope of this provider.
    fn granted_scopes(&self, requested: Option<&str>) -> Result<Vec<&'static str>, SandboxError> {
        let Some(requested) = requested.filter(|s| !s.trim().is_empty()) else {
            return Ok(self.scopes.to_vec());
        };
        requested
            .split_ascii_whitespace()
            .map(|asked| {
                self.scopes
                    .iter()
                    .copied()
                    .find(|known| *known == asked)
                    .ok_or_else(|| {
                        SandboxError::oauth(
                            OAuthErrorCode::InvalidScope,
                            format!("unknown scope {asked}"),
                        )
                    })
            })
            .collect()
    }

    /// Checks the request's Bearer access token and that it was granted `scope`.
    pub fn authorize(&self, headers: &HeaderMap, scope: &'static str) -> Result<(), SandboxError> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(SandboxError::Unauthenticated)?;
        let grants = self.grants.lock().expect("grants lock");
        let grant = grants
            .get(token)
            .filter(|grant| grant.expires > Instant::now())
            .ok_or(SandboxError::Unauthenticated)?;
        if grant.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(SandboxError::MissingScope(scope))
        }
    }
}

/// `POST .../oauth2/token`, form-encoded.
pub async fn token_endpoint(
    State(issuer): State<Arc<TokenIssuer>>,
    headers: HeaderMap,
    form: Result<Form<TokenRequest>, FormRejection>,
) -> Result<Json<TokenResponse>, SandboxError> {
    let Form(form) = form.map_err(|rejection| {
        SandboxError::oauth(OAuthErrorCode::InvalidRequest, rejection.body_text())
    })?;
    issuer.issue(&headers, form).map(Json)
}

/// RFC 6749 §2.3.1: HTTP Basic (with form-urlencoded id and secret) or the body's fields, but
/// never both.
fn client_from_request(
    headers: &HeaderMap,
    form: &TokenRequest,
) -> Result<ClientCredentials, SandboxError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "));
    let invalid_client = || {
        SandboxError::oauth(
            OAuthErrorCode::InvalidClient,
            "client authentication failed",
        )
    };
    match (basic, &form.client_id, &form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(SandboxError::oauth(
            OAuthErrorCode::InvalidRequest,
            "use one client authentication method, not two",
        )),
        (Some(encoded), None, None) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(invalid_client)?;
            let (id, secret) = decoded.split_once(':').ok_or_else(invalid_client)?;
            Ok(ClientCredentials {
                client_id: form_decode(id),
                client_secret: form_decode(secret),
            })
        }
        (None, Some(id), Some(secret)) => Ok(ClientCredentials {
            client_id: id.clone(),
            client_secret: secret.clone(),
        }),
        _ => Err(invalid_client()),
    }
}

fn form_decode(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// 256 random bits, URL-safe.
pub(crate) fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
