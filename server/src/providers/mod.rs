//! Typed HTTP clients for the providers, one module each, over one `reqwest::Client`.

pub mod aml;
pub mod issuer;
pub mod kyc_records;
pub mod oauth;
pub mod onboarding;
pub mod openbanking;

use std::time::Duration;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use oauth::ClientCredentials;

use crate::metrics;
pub use aml::AmlClient;
pub use issuer::IssuerClient;
pub use kyc_records::KycRecordsClient;
pub use onboarding::OnboardingClient;
pub use openbanking::OpenBankingClient;

/// Idempotent calls are tried this many times in all, with doubling pauses from 100 ms.
const IDEMPOTENT_ATTEMPTS: u32 = 3;
/// A provider's `Retry-After` up to this is waited out within the call; a longer one ends the
/// call at once, rather than hold the widget's request for it.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The provider refused the request; `body` is its error JSON when it sent one.
    #[error("{status}: {body}")]
    Rejected { status: StatusCode, body: String },
    /// The provider asked us to slow down (429), for `retry_after` when it said how long.
    #[error("429 Too Many Requests (retry after {retry_after:?})")]
    Throttled { retry_after: Option<Duration> },
    /// A success whose body was cut off or is not the JSON the document shows.
    #[error("unreadable answer: {0}")]
    Unreadable(String),
}

impl ProviderError {
    /// The same failure for one more caller; a transport error (not clonable) keeps its message.
    pub fn duplicate(&self) -> Self {
        match self {
            Self::Transport(err) => Self::Unreadable(format!("transport: {err}")),
            Self::Rejected { status, body } => Self::Rejected {
                status: *status,
                body: body.clone(),
            },
            Self::Throttled { retry_after } => Self::Throttled {
                retry_after: *retry_after,
            },
            Self::Unreadable(message) => Self::Unreadable(message.clone()),
        }
    }

    /// Worth trying again: the provider may have been briefly unreachable or overloaded.
    pub fn is_transient(&self) -> bool {
        match self {
            // A dropped connection or a cut-off body included: only idempotent calls retry.
            Self::Transport(err) => {
                err.is_connect() || err.is_timeout() || err.is_request() || err.is_body()
            }
            Self::Rejected { status, .. } => status.is_server_error(),
            Self::Throttled { .. } | Self::Unreadable(_) => true,
        }
    }
}

/// The client every provider module shares: bounded time for every call.
pub fn http_client() -> reqwest::Client {
    client_builder()
        .build()
        .expect("the TLS backend initialises")
}

/// Bounded time for every call, and Onboard's user agent: for every client of ours.
pub fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("onboard-server/", env!("CARGO_PKG_VERSION")))
}

/// Turns a non-success answer into `Throttled` or `Rejected`, keeping the provider's error body for the log.
async fn check(response: reqwest::Response) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = retry_after(&response);
        return Err(ProviderError::Throttled { retry_after });
    }
    let body = response.text().await.unwrap_or_default();
    Err(ProviderError::Rejected { status, body })
}

/// The whole answer, read as `T`.
async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ProviderError> {
    let bytes = check(response).await?.bytes().await?;
    serde_json::from_slice(&bytes).map_err(|err| ProviderError::Unreadable(err.to_string()))
}

/// A 429's or 503's `Retry-After` in seconds (the providers do not send dates).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value.trim().parse().ok().map(Duration::from_secs)
}

/// One provider's API: its base URL and its OAuth client, and the call discipline every
/// provider module shares.
pub struct ProviderApi {
    /// The provider's name in metrics.
    name: &'static str,
    http: reqwest::Client,
    base_url: Url,
    credentials: ClientCredentials,
}

impl ProviderApi {
    /// `base_url` ends with a slash; the token endpoint is `oauth2/token` below it.
    pub fn new(
        name: &'static str,
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
        scopes: &[&str],
    ) -> Self {
        let token_url = base_url.join("oauth2/token").expect("relative path joins");
        let credentials =
            ClientCredentials::new(http.clone(), token_url, client_id, client_secret, scopes);
        Self {
            name,
            http,
            base_url,
            credentials,
        }
    }

    /// Whether the provider answers and takes our credentials (a cached token counts).
    pub async fn check(&self) -> Result<(), ProviderError> {
        self.credentials.access_token().await.map(drop)
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// One call with a cached access token. A refused token is renewed once, which is safe for
    /// any call since the provider did not act on it. Idempotent calls are retried on
    /// transient failures (after the provider's `Retry-After` when it is short); others never
    /// (a second create would make a second resource).
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        idempotent: bool,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<T, ProviderError> {
        // `join` would resolve a dot segment into another of the provider's paths. An id from
        // a request is refused at its route (`AppPath`); this keeps any other out too.
        let path_alone = path.split(['?', '#']).next().unwrap_or_default();
        if has_dot_segment(path_alone) {
            return Err(ProviderError::Rejected {
                status: StatusCode::BAD_REQUEST,
                body: format!("not sent: a dot segment in {path_alone}"),
            });
        }
        let url = self.base_url.join(path).expect("relative path joins");
        let attempts = if idempotent { IDEMPOTENT_ATTEMPTS } else { 1 };
        let mut renewed = false;
        let mut attempt = 1;
        loop {
            let token = self.credentials.access_token().await?;
            let request = build(
                self.http
                    .request(method.clone(), url.clone())
                    .bearer_auth(token),
            );
            let (result, asked_pause) = match request.send().await {
                Ok(response) if response.status() == StatusCode::UNAUTHORIZED && !renewed => {
                    self.credentials.invalidate().await;
                    renewed = true;
                    continue;
                }
                Ok(response) => {
                    let asked_pause = retry_after(&response);
                    (read(response).await, asked_pause)
                }
                Err(err) => (Err(err.into()), None),
            };
            let pause = asked_pause.unwrap_or(Duration::from_millis(100 << (attempt - 1)));
            match result {
                Err(err)
                    if err.is_transient() && attempt < attempts && pause <= MAX_RETRY_AFTER =>
                {
                    metrics::upstream_call(self.name, "retried");
                    tracing::debug!(error = %err, path, "retrying provider call");
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                result => {
                    let outcome = match &result {
                        Ok(_) => "ok",
                        Err(err) if err.is_transient() => "unavailable",
                        Err(_) => "refused",
                    };
                    metrics::upstream_call(self.name, outcome);
                    return result;
                }
            }
        }
    }
}

/// One URL path segment, percent-encoded (a space as `%20`: `+` is literal in a path), so that
/// ids from providers or users cannot steer the path.
pub(crate) fn segment(value: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    encoded.replace('+', "%20")
}

/// Whether a path, or a value to put into one, holds a `.` or `..` segment, which URL parsers
/// resolve into another path: between slashes or backslashes, as it is or percent-decoded once
/// more (`%2e%2e`, `..%2f..`), since a server or proxy on the way may decode it again.
pub(crate) fn has_dot_segment(value: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    [value, decoded.as_ref()]
        .iter()
        .flat_map(|form| form.split(['/', '\\']))
        .any(|part| part == "." || part == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_found_however_they_are_written() {
        for dotted in [
            ".", "..", "%2e", "%2E%2e", ".%2e", "../..", "a/../b", "..%2f..", "..%5cx", "x\\..",
        ] {
            assert!(has_dot_segment(dotted), "{dotted}");
        }
        for plain in [
            "a.b",
            "...",
            "..a",
            ".a",
            "v3.1.0",
            "onboard.sandbox.bank",
            "%2e%2ex",
            "",
        ] {
            assert!(!has_dot_segment(plain), "{plain}");
        }
        assert!(has_dot_segment(&format!(
            "accounts/{}/balances",
            segment("..")
        )));
        assert!(!has_dot_segment(&format!(
            "accounts/{}/balances",
            segment("a b/c")
        )));
    }
}
