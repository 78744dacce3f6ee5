//! Provider webhooks as the providers deliver them, and the AML screening they finish.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onboard_sandbox::{AmlTiming, SandboxConfig};
use serde_json::{json, Value};

use super::{kyc_session, Harness};

const CLEAN_ORG: &str = "556036-0793";

/// The AML provider answers in 50 ms, so that a test's webhook finds the result ready.
pub fn fast_sandbox() -> SandboxConfig {
    let aml_timing = AmlTiming {
        json_delay: Duration::from_millis(50),
        ..AmlTiming::default()
    };
    SandboxConfig {
        aml_timing,
        ..Default::default()
    }
}

/// `(event_type, applied, application_id)` of every stored event of `provider`.
pub async fn stored(h: &Harness, provider: &str) -> Vec<(String, bool, Option<String>)> {
    let rows: Vec<(String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT event_type, applied_at, application_id FROM webhook_events WHERE provider = $1",
    )
    .bind(provider)
    .fetch_all(&h.state.db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(kind, applied_at, application)| (kind, applied_at.is_some(), application))
        .collect()
}

/// A KYB application with a screening started (its AML session id), and its id.
pub async fn screening(h: &Harness) -> (String, String) {
    let mut body = kyc_session();
    body["workflowId"] = json!("kyb-demo");
    let (created, token) = h.new_session(body).await;
    let token = token.as_str();
    let request = Request::post("/api/v1/onboarding/screening")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": CLEAN_ORG})
                .to_string(),
        ))
        .unwrap();
    let (status, _, started) = h.send(request).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let application = created["applicationId"].as_str().unwrap().to_owned();
    (session_of(h, &application).await, application)
}

pub async fn session_of(h: &Harness, application: &str) -> String {
    sqlx::query_scalar("SELECT session_id FROM screenings WHERE application_id = $1")
        .bind(application)
        .fetch_one(&h.state.db)
        .await
        .unwrap()
}

pub async fn screening_state(h: &Harness, application: &str) -> String {
    sqlx::query_scalar("SELECT state FROM screenings WHERE application_id = $1")
        .bind(application)
        .fetch_one(&h.state.db)
        .await
        .unwrap()
}

pub fn aml_event(session: &str, event: &str) -> Value {
    json!({"sessionId": session, "event": event, "entity": "JSON_DATA", "timestamp": "2025-01-01T00:00:00Z"})
}
