//! A client of the sandbox's test controls, over HTTP as the tests reach it: its fault rules
//! (`/sandbox/faults`) and the onboarding provider's review decision
//! (`applications.setStatus`). The server's tests and the end-to-end tests share it.

use protocol::ApplicationStatus;
use serde_json::{json, Value};

use crate::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};

/// The sandbox at `base`, its URL with the `/sandbox/` prefix (`http://127.0.0.1:port/sandbox/`).
#[derive(Clone)]
pub struct Remote {
    http: reqwest::Client,
    base: String,
}

impl Remote {
    pub fn new(base: &str) -> Self {
        let base = if base.ends_with('/') {
            base.to_owned()
        } else {
            format!("{base}/")
        };
        Self {
            http: reqwest::Client::new(),
            base,
        }
    }

    /// Replaces the fault rules with `rules` (a `FaultRules` body's `rules`), answering the
    /// sandbox's response: a test of the rules' checks reads its refusal.
    pub async fn put_faults(&self, rules: Value) -> reqwest::Result<reqwest::Response> {
        self.http
            .put(format!("{}faults", self.base))
            .json(&json!({ "rules": rules }))
            .send()
            .await
    }

    /// Replaces the fault rules, which must be taken; `[]` lifts every fault.
    pub async fn set_faults(&self, rules: Value) {
        let response = self.put_faults(rules).await.expect("the sandbox answers");
        let status = response.status();
        assert!(
            status.is_success(),
            "{status}: {}",
            response.text().await.unwrap_or_default()
        );
    }

    /// The fault rules not yet used up: a rule with `times` goes once it has been met.
    pub async fn faults_left(&self) -> Vec<Value> {
        let listed: Value = self
            .http
            .get(format!("{}faults", self.base))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the sandbox lists its faults")
            .json()
            .await
            .expect("the faults are JSON");
        listed["rules"].as_array().cloned().unwrap_or_default()
    }

    /// What the onboarding provider's review decided, as the real provider's case handlers
    /// would: the automatic decision no longer comes.
    pub async fn set_application_status(&self, application_id: &str, status: ApplicationStatus) {
        let onboarding = format!("{}onboarding/", self.base);
        let token: Value = self
            .http
            .post(format!("{onboarding}oauth2/token"))
            .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the sandbox gives a token")
            .json()
            .await
            .expect("the token is JSON");
        let response = self
            .http
            .post(format!("{onboarding}v1/sandbox/applications.setStatus"))
            .bearer_auth(token["access_token"].as_str().unwrap_or_default())
            .json(&json!({"applicationId": application_id, "status": status.as_str()}))
            .send()
            .await
            .expect("the sandbox answers");
        let answered = response.status();
        assert!(
            answered.is_success(),
            "{answered}: {}",
            response.text().await.unwrap_or_default()
        );
    }
}
