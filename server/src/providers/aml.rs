//! The AML screening API for organizations (docs/providers.md): start a session for an
//! organization number or DUNS number, follow its status (or its webhooks), read the result.

use protocol::provider::aml::{
    Expand, OrganizationResult, SessionCreated, SessionRequest, SessionStatus, WebhookEvent,
    SCOPE_AML_BASIC, SCOPE_AML_OFAC,
};
use reqwest::Method;
use url::Url;

use super::{ProviderApi, ProviderError};

pub struct AmlClient {
    api: ProviderApi,
}

impl AmlClient {
    /// Asks for both scopes: the Organization resource and the OFAC list (`sanction` expand).
    pub fn new(
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
    ) -> Self {
        let scopes = [SCOPE_AML_BASIC, SCOPE_AML_OFAC];
        Self {
            api: ProviderApi::new("aml", http, base_url, client_id, client_secret, &scopes),
        }
    }

    /// Starts a screening session asking for every webhook. Not retried: a second create would
    /// start a second session.
    pub async fn start_session(
        &self,
        identifier: &str,
        expands: &[Expand],
    ) -> Result<SessionCreated, ProviderError> {
        let request = SessionRequest {
            identifier: identifier.to_owned(),
            expands: expands.to_vec(),
            webhooks: WebhookEvent::ALL.to_vec(),
        };
        self.create_session(&request).await
    }

    /// Starts a session as the caller words it (its own choice of webhooks). Not retried.
    pub async fn create_session(
        &self,
        request: &SessionRequest,
    ) -> Result<SessionCreated, ProviderError> {
        self.api
            .call(Method::POST, "v1/sessions", false, |r| r.json(request))
            .await
    }

    /// The status of every result entity. Retried.
    pub async fn session(&self, session_id: &str) -> Result<SessionStatus, ProviderError> {
        self.api
            .call(Method::GET, &session_path(session_id, ""), true, |r| r)
            .await
    }

    /// The JSON result, with the expands the session asked for. `409` while pending (or
    /// failed), `410` once expired. Retried.
    pub async fn result(&self, session_id: &str) -> Result<OrganizationResult, ProviderError> {
        self.api
            .call(
                Method::GET,
                &session_path(session_id, "/result"),
                true,
                |r| r,
            )
            .await
    }
}

/// `v1/sessions/{id}{tail}`, the id kept to one path segment.
fn session_path(session_id: &str, tail: &str) -> String {
    let id: String = session_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("v1/sessions/{id}{tail}")
}

#[cfg(test)]
mod tests {
    use super::session_path;

    #[test]
    fn the_session_id_stays_one_path_segment() {
        assert_eq!(
            session_path("3f2a-9c", "/result"),
            "v1/sessions/3f2a-9c/result"
        );
        assert_eq!(session_path("../../admin?x", ""), "v1/sessions/adminx");
    }
}
