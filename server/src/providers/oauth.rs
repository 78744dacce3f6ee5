//! Access tokens by the OAuth 2.0 client-credentials grant, cached until shortly before expiry.

use std::time::{Duration, Instant};

use protocol::provider::oauth::TokenResponse;
use tokio::sync::Mutex;
use url::Url;

use super::{check, ProviderError};

/// Renew this long before the provider's expiry, so a token never dies in flight.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: Url,
    client_id: String,
    client_secret: String,
    scope: String,
    cached: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    access_token: String,
    renew_at: Instant,
}

impl ClientCredentials {
    pub fn new(
        http: reqwest::Client,
        token_url: Url,
        client_id: String,
        client_secret: String,
        scopes: &[&str],
    ) -> Self {
        Self {
            http,
            token_url,
            client_id,
            client_secret,
            scope: scopes.join(" "),
            cached: Mutex::default(),
        }
    }

    /// A valid access token, fetched only when the cached one is missing or about to expire.
    /// The lock is held while fetching, so concurrent callers share one token request.
    pub async fn access_token(&self) -> Result<String, ProviderError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.renew_at > Instant::now()) {
            return Ok(token.access_token.clone());
        }
        let response = self
            .http
            .post(self.token_url.clone())
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .form(&[("grant_type", "client_credentials"), ("scope", &self.scope)])
            .send()
            .await?;
        let token: TokenResponse = check(response).await?.json().await?;
        let lifetime = Duration::from_secs(token.expires_in).saturating_sub(EXPIRY_MARGIN);
        *cached = Some(CachedToken {
            access_token: token.access_token.clone(),
            renew_at: Instant::now() + lifetime,
        });
        Ok(token.access_token)
    }

    /// Forget the cached token, after the provider refused it.
    pub async fn invalidate(&self) {
        *self.cached.lock().await = None;
    }
}
