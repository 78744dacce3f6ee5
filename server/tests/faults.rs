//! The server against a faulty provider (the sandbox's fault injection, over real HTTP): what
//! is safe to retry is retried within bounds, an expired access token is renewed once, and what
//! cannot be saved is a typed `503 upstream_unavailable` with `Retry-After`, never a bare 5xx.

mod support;

use std::time::Instant;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::{harness, kyc_session, Harness};

const STATUS: &str = "/api/v1/session/status";
const GET_APPLICATION: &str = "/onboarding/v1/applications.get";

async fn session(h: &Harness) -> String {
    h.new_session(kyc_session()).await.1
}

fn assert_unavailable(status: StatusCode, headers: &axum::http::HeaderMap, body: &Value) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Some("upstream_unavailable")
        ),
        "{body}"
    );
    assert!(headers.contains_key("retry-after"));
}

#[tokio::test]
async fn idempotent_reads_ride_out_passing_faults() {
    let h = harness().await;
    let token = session(&h).await;
    for passing in [
        json!({"kind": "status", "status": 502}),
        json!({"kind": "status", "status": 503}),
        json!({"kind": "drop"}),
        json!({"kind": "malformed"}),
        json!({"kind": "truncated"}),
        json!({"kind": "expired_token"}),
        json!({"kind": "rate_limited", "retryAfterSecs": 1}),
        json!({"kind": "slow", "delayMs": 300}),
    ] {
        h.fault(GET_APPLICATION, passing.clone(), Some(1)).await;
        let (status, _, body) = h.widget_get(STATUS, &token).await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("NOT_STARTED")),
            "{passing}: {body}"
        );
        assert!(h.faults_left().await.is_empty(), "{passing} was met");
    }
}

#[tokio::test]
async fn lasting_faults_are_a_typed_503_with_retry_after() {
    let h = harness().await;
    let token = session(&h).await;
    for lasting in [
        json!({"kind": "status", "status": 500}),
        json!({"kind": "drop"}),
        json!({"kind": "malformed"}),
        json!({"kind": "truncated"}),
        json!({"kind": "expired_token"}),
    ] {
        h.fault(GET_APPLICATION, lasting.clone(), None).await;
        let (status, headers, body) = h.widget_get(STATUS, &token).await;
        assert_unavailable(status, &headers, &body);
    }
    // A long Retry-After is not waited out inside the widget's request.
    h.fault(
        GET_APPLICATION,
        json!({"kind": "rate_limited", "retryAfterSecs": 30}),
        None,
    )
    .await;
    let started = Instant::now();
    let (status, headers, body) = h.widget_get(STATUS, &token).await;
    assert_unavailable(status, &headers, &body);
    assert!(started.elapsed().as_secs() < 30);
    // Lifted, the same call works again.
    h.set_faults(json!([])).await;
    let (status, _, _) = h.widget_get(STATUS, &token).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_create_is_never_retried_and_a_failed_one_stores_nothing() {
    let h = harness().await;
    h.fault(
        "/onboarding/v1/applications.create",
        json!({"kind": "status", "status": 503}),
        Some(1),
    )
    .await;
    let (status, body) = h.create_session(kyc_session()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Some("upstream_unavailable")
        )
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM applications")
        .fetch_one(&h.state.db)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    let (status, _) = h.create_session(kyc_session()).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_fault_control_checks_what_it_is_given() {
    let h = harness().await;
    for bad in [
        json!([{"path": "/onboarding", "fault": {"kind": "status", "status": 418}}]),
        json!([{"path": "onboarding", "fault": {"kind": "drop"}}]),
        json!([{"path": "/faults", "fault": {"kind": "drop"}}]),
        json!([{"path": "/onboarding", "fault": {"kind": "explode"}}]),
    ] {
        assert_eq!(h.set_faults(bad.clone()).await.status(), 400, "{bad}");
    }
    assert!(h.faults_left().await.is_empty());
}
