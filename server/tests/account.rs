//! The issued account of an approved applicant through the widget's API, against the sandbox's
//! issuer over HTTP: balance, every operation once across the pages, a window, the detail of a
//! markup fee with its purchase, and refusals.

mod support;

use std::collections::HashSet;

use axum::http::StatusCode;
use protocol::ApplicationStatus;
use serde_json::Value;
use support::{
    assert_invalid_field, harness, harness_with_sandbox, kyc_session, start_recording_sandbox,
    Harness,
};

async fn approved_session(h: &Harness) -> String {
    let (created, token) = h.new_session(kyc_session()).await;
    h.set_provider_status(
        created["applicationId"].as_str().unwrap(),
        ApplicationStatus::Approved,
    )
    .await;
    let (_, _, status) = h.widget_get("/api/v1/session/status", &token).await;
    assert_eq!(status["status"], "APPROVED");
    token
}

#[tokio::test]
async fn an_approved_applicant_sees_the_account_and_its_operations() {
    let h = harness().await;
    let token = approved_session(&h).await;
    let (status, _, account) = h.widget_get("/api/v1/account", &token).await;
    assert_eq!(status, StatusCode::OK, "{account}");
    assert_eq!(account["accountNumber"].as_str().unwrap().len(), 4);
    let pan = account["maskedPan"].as_str().unwrap();
    assert_eq!(
        pan.chars().filter(char::is_ascii_digit).count(),
        10,
        "six and four digits at most: {pan}"
    );
    assert_eq!(account["balance"]["currency"], "EUR");
    assert!(account["balance"]["minor"].is_i64());

    // Every seeded operation exactly once across the pages, newest first.
    let mut seen = Vec::new();
    for page in 0.. {
        let (status, _, listed) = h
            .widget_get(&format!("/api/v1/account/operations?page={page}"), &token)
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        let operations = listed["operations"].as_array().unwrap();
        assert!(operations.len() <= 5);
        seen.extend(operations.iter().cloned());
        if !listed["hasMore"].as_bool().unwrap() {
            break;
        }
    }
    let ids: HashSet<&str> = seen.iter().map(|op| op["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), seen.len(), "no operation twice");
    assert_eq!(seen.len(), 10, "the seeded history");
    let posted: Vec<&str> = seen
        .iter()
        .map(|op| op["postedAt"].as_str().unwrap())
        .collect();
    assert!(
        posted.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {posted:?}"
    );

    // The yen purchase's markup fee, with the purchase as its parent.
    let yen = seen
        .iter()
        .find(|op| op["originalAmount"]["currency"] == "JPY")
        .expect("a purchase in yen");
    assert_eq!(yen["originalAmount"]["exponent"], 0);
    let fee = seen
        .iter()
        .find(|op| op["code"] == "MARKUP_FEE" && op["postedAt"] == yen["postedAt"])
        .expect("its markup fee");
    let (status, _, detail) = h
        .widget_get(
            &format!("/api/v1/account/operations/{}", fee["id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["parent"]["id"], yen["id"]);
    let (_, _, purchase) = h
        .widget_get(
            &format!("/api/v1/account/operations/{}", yen["id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert!(
        purchase["exchangeRate"].as_f64().unwrap() > 0.0,
        "{purchase}"
    );
    assert!(purchase["merchant"].is_string());

    // A window of one day far in the past holds nothing.
    let (_, _, empty) = h
        .widget_get(
            "/api/v1/account/operations?from=2020-01-01&to=2020-01-01",
            &token,
        )
        .await;
    assert_eq!(empty["operations"], Value::Array(vec![]));
}

#[tokio::test]
async fn no_account_before_approval_and_bad_input_is_named() {
    let h = harness().await;
    let (_, pending) = h.new_session(kyc_session()).await;
    let pending = pending.as_str();
    let (status, _, body) = h.widget_get("/api/v1/account", pending).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let token = approved_session(&h).await;
    let (status, _, body) = h
        .widget_get("/api/v1/account/operations?from=2026-13-01", &token)
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("from"))
    );
    let (status, _, body) = h
        .widget_get(
            "/api/v1/account/operations?from=2026-02-01&to=2026-01-01",
            &token,
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("from"))
    );
    h.widget_get("/api/v1/account", &token).await;
    let (status, _, _) = h
        .widget_get("/api/v1/account/operations/999999999", &token)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A server on the way that decodes `%2F` would make it a dot segment.
    let (status, _, _) = h
        .widget_get("/api/v1/account/operations/x%2F..", &token)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn dates_outside_the_calendar_the_api_takes_are_named_not_a_crash() {
    let h = harness().await;
    let token = approved_session(&h).await;
    h.widget_get("/api/v1/account", &token).await;
    for (query, field) in [
        // The last date there is: a window ending a day later is no date.
        ("to=9999-12-31", "to"),
        // The first: a default window starting 90 days before is none either.
        ("to=-9999-01-01", "to"),
        // A date, but of a year no provider's RFC 3339 date-time can carry.
        ("to=0000-01-01", "to"),
        ("from=-0001-12-01&to=2026-01-01", "from"),
        ("from=+10000-01-01", "from"),
    ] {
        let (status, _, body) = h
            .widget_get(&format!("/api/v1/account/operations?{query}"), &token)
            .await;
        assert_invalid_field(status, &body, field, query);
    }
    let (status, _, body) = h
        .widget_get(
            "/api/v1/account/operations?from=2026-01-01&to=2026-01-31",
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn an_operation_id_of_dot_segments_never_reaches_another_provider_path() {
    let (sandbox, provider_paths) = start_recording_sandbox().await;
    let h = harness_with_sandbox(sandbox).await;
    let token = approved_session(&h).await;
    provider_paths.take();
    for id in ["..", ".", "%2e%2E", "..%2F..%2Fbalance"] {
        let path = format!("/api/v1/account/operations/{id}");
        let (status, _, body) = h.widget_get(&path, &token).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("operation_id")),
            "{path}: {body}"
        );
        assert_eq!(provider_paths.take(), Vec::<String>::new(), "{path}");
    }
}
