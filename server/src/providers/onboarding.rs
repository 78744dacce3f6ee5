//! The onboarding provider's applications API (`003`).

use std::time::Duration;

use protocol::provider::oauth::{SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE};
use protocol::provider::onboarding::{
    Application, ApplicationRef, CreateApplicationRequest, CreateApplicationResponse,
};
use protocol::ApplicationId;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use super::oauth::ClientCredentials;
use super::{check, ProviderError};

/// Reads are retried this many times in all, with doubling pauses from `FIRST_RETRY_PAUSE`.
const READ_ATTEMPTS: u32 = 3;
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(100);

pub struct OnboardingClient {
    http: reqwest::Client,
    base_url: Url,
    credentials: ClientCredentials,
}

impl OnboardingClient {
    /// `base_url` ends with a slash; the token endpoint is `oauth2/token` below it.
    pub fn new(http: reqwest::Client, base_url: Url, client_id: String, client_secret: String) -> Self {
        let token_url = base_url.join("oauth2/token").expect("relative path joins");
        let credentials = ClientCredentials::new(
            http.clone(),
            token_url,
            client_id,
            client_secret,
            &[SCOPE_APPLICATIONS_WRITE, SCOPE_APPLICATIONS_READ],
        );
        Self { http, base_url, credentials }
    }

    /// Not retried: a second create would make a second application.
    pub async fn create_application(
        &self,
        request: &CreateApplicationRequest,
    ) -> Result<CreateApplicationResponse, ProviderError> {
        self.call("v1/applications.create", request).await
    }

    pub async fn get_application(&self, id: &ApplicationId) -> Result<Application, ProviderError> {
        let request = ApplicationRef { application_id: id.clone() };
        let mut pause = FIRST_RETRY_PAUSE;
        for _ in 1..READ_ATTEMPTS {
            match self.call("v1/applications.get", &request).await {
                Err(err) if err.is_transient() => {
                    tracing::debug!(error = %err, "retrying applications.get");
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                }
                result => return result,
            }
        }
        self.call("v1/applications.get", &request).await
    }

    /// One call with a cached access token; a refused token is renewed once, which is safe for
    /// any call since the provider did not act on it.
    async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        path: &str,
        body: &Req,
    ) -> Result<Resp, ProviderError> {
        let url = self.base_url.join(path).expect("relative path joins");
        let mut renewed = false;
        loop {
            let token = self.credentials.access_token().await?;
            let response = self.http.post(url.clone()).bearer_auth(token).json(body).send().await?;
            if response.status() == StatusCode::UNAUTHORIZED && !renewed {
                self.credentials.invalidate().await;
                renewed = true;
                continue;
            }
            return Ok(check(response).await?.json().await?);
        }
    }
}
