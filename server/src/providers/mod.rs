//! Typed HTTP clients for the providers, one module each, over one `reqwest::Client`.

pub mod oauth;
pub mod onboarding;

use std::time::Duration;

use reqwest::StatusCode;

pub use onboarding::OnboardingClient;

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The provider refused the request; `body` is its error JSON when it sent one.
    #[error("{status}: {body}")]
    Rejected { status: StatusCode, body: String },
}

impl ProviderError {
    /// Worth trying again: the provider may have been briefly unreachable or overloaded.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport(err) => err.is_connect() || err.is_timeout(),
            Self::Rejected { status, .. } => {
                status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS
            }
        }
    }
}

/// The client every provider module shares: bounded time for every call.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("onboard-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises")
}

/// Turns a non-success answer into `Rejected`, keeping the provider's error body for the log.
async fn check(response: reqwest::Response) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.text().await.unwrap_or_default();
    Err(ProviderError::Rejected { status, body })
}
