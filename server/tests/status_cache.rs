//! The widget's status route serves a short-lived copy of the provider's answer: concurrent
//! reads of one application make one provider call, and a change Onboard records is served at
//! once. Provider calls are counted through the sandbox's fault rules, which count down per call.

mod support;

use axum::http::StatusCode;
use protocol::ApplicationStatus;
use serde_json::{json, Value};
use support::{harness_with_settings, kyc_session, signed, start_sandbox, Harness};

const STATUS: &str = "/api/v1/session/status";
/// Long enough that no copy expires during a test.
const LONG_MAX_AGE: &str = "--status-max-age-ms=60000";

async fn harness() -> Harness {
    harness_with_settings(start_sandbox().await, &[LONG_MAX_AGE]).await
}

async fn session(h: &Harness) -> (String, String) {
    let (created, credential) = h.new_session(kyc_session()).await;
    (
        created["applicationId"].as_str().unwrap().to_owned(),
        credential,
    )
}

/// Every one of the next `calls` reads of an application at the provider is slowed down: long
/// enough for concurrent reads to overlap, and counted.
async fn slow_provider_reads(h: &Harness, calls: u32) {
    let rule = json!({"path": "/onboarding/v1/applications.get", "fault": {"kind": "slow", "delayMs": 300}, "times": calls});
    let response = reqwest::Client::new()
        .put(format!("{}faults", h.sandbox_url))
        .json(&json!({"rules": [rule]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn provider_reads_left(h: &Harness) -> Option<u64> {
    let body: Value = reqwest::get(format!("{}faults", h.sandbox_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["rules"]
        .as_array()
        .unwrap()
        .first()
        .map(|rule| rule["times"].as_u64().unwrap())
}

#[tokio::test]
async fn concurrent_reads_of_one_application_make_one_provider_call() {
    let h = harness().await;
    let (_, token) = session(&h).await;
    const READERS: u32 = 8;
    slow_provider_reads(&h, READERS).await;
    let reads = (0..READERS).map(|_| h.widget_get(STATUS, &token));
    for (status, _, view) in futures_util::future::join_all(reads).await {
        assert_eq!(
            (status, view["status"].as_str()),
            (StatusCode::OK, Some("NOT_STARTED")),
            "{view}"
        );
    }
    assert_eq!(provider_reads_left(&h).await, Some(u64::from(READERS) - 1));
    // And the next read within the max age is served from the copy.
    h.widget_get(STATUS, &token).await;
    assert_eq!(provider_reads_left(&h).await, Some(u64::from(READERS) - 1));
}

#[tokio::test]
async fn a_change_onboard_records_is_served_at_once() {
    let h = harness().await;
    let (application, token) = session(&h).await;
    let (_, _, view) = h.widget_get(STATUS, &token).await;
    assert_eq!(view["status"], "NOT_STARTED");

    // Changed at the provider only: the copy is served until it is older than the max age.
    h.set_provider_status(&application, ApplicationStatus::Approved)
        .await;
    let (_, _, view) = h.widget_get(STATUS, &token).await;
    assert_eq!(view["status"], "NOT_STARTED");

    // The bank's webhook makes Onboard ask the provider and record the change.
    let webhook = json!({
        "notificationId": "N-1",
        "notificationTypeCode": "AML_PAYMENT_RESULTS_PUBLISHED",
        "destination": "https://onboard.example/webhooks/core-banking",
        "originalMessageDateTime": "2026-11-23T11:18:19.955Z",
        "data": {"amlProcessId": "ID-1000", "amlProcessResultCode": "APPROVED", "personId": application}
    });
    let (status, _, _) = h.send(signed("core-banking", "msg_1", &webhook)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, view) = h.widget_get(STATUS, &token).await;
    assert_eq!(view["status"], "APPROVED");
}
