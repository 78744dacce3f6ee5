//! `POST /api/v1/session/handoff`: a session's link to another device, with its QR code, is a
//! one-time claim code of the same application, claimable for 10 minutes, refused once the
//! application is submitted.

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::steps::{answer_every_kyc_step, submit, CLEAN_PNR};
use support::{harness, harness_with_settings, kyc_session, start_sandbox, widget, Harness};

/// `POST /api/v1/session/handoff` with the session's credential.
async fn hand_off(h: &Harness, credential: &str) -> (StatusCode, Value) {
    widget(h, "POST", "/api/v1/session/handoff", credential, None).await
}

/// The claim code in a handoff's link: in the fragment, never in a query.
fn code_of(handoff: &Value) -> String {
    let url = handoff["url"].as_str().unwrap();
    let code = url
        .strip_prefix("https://onboard.example/#token=")
        .unwrap_or_else(|| panic!("{url}"));
    assert!(!url.contains('?'), "{url}");
    code.to_owned()
}

async fn claim_refusal(h: &Harness, code: &str) -> (StatusCode, Option<String>) {
    let (status, _, body) = h.try_claim(code).await;
    (status, body["error"]["code"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn a_handoff_is_a_qr_code_of_a_link_to_the_same_application_claimed_once() {
    let h = harness().await;
    let (created, desktop) = h.new_session(kyc_session()).await;
    let (status, handoff) = hand_off(&h, &desktop).await;
    assert_eq!(status, StatusCode::CREATED, "{handoff}");
    let svg = handoff["qrSvg"].as_str().unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(
        svg.contains(r#"role="img""#) && svg.contains("<title>"),
        "{svg}"
    );
    assert!(
        svg.contains("QR-kod"),
        "labelled in the session's language (sv-SE): {svg}"
    );
    assert!(!svg.contains("style"), "{svg}");

    let (window, claim_expires_at): (i64, i64) = sqlx::query_as(
        "SELECT expires_at - created_at, expires_at FROM session_claims WHERE purpose = 'handoff'",
    )
    .fetch_one(&h.state.db)
    .await
    .unwrap();
    assert_eq!(window, 600);
    let expires_at = time::OffsetDateTime::parse(
        handoff["expiresAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(expires_at.unix_timestamp(), claim_expires_at, "{handoff}");

    let code = code_of(&handoff);
    let phone = h.claim(&code).await;
    let (status, _, session) = h.widget_get("/api/v1/session", &phone).await;
    assert_eq!(
        (status, &session["applicationId"]),
        (StatusCode::OK, &created["applicationId"])
    );
    assert_eq!(
        claim_refusal(&h, &code).await,
        (StatusCode::GONE, Some("link_used".to_owned()))
    );
    // The desktop's session lives on beside the phone's.
    let (status, _, _) = h.widget_get("/api/v1/session", &desktop).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_handoff_code_is_refused_after_ten_minutes() {
    let h = harness().await;
    let (_, desktop) = h.new_session(kyc_session()).await;
    let (_, handoff) = hand_off(&h, &desktop).await;
    sqlx::query(
        "UPDATE session_claims SET expires_at = expires_at - 601 WHERE purpose = 'handoff'",
    )
    .execute(&h.state.db)
    .await
    .unwrap();
    assert_eq!(
        claim_refusal(&h, &code_of(&handoff)).await,
        (StatusCode::UNAUTHORIZED, Some("session_expired".to_owned()))
    );
}

#[tokio::test]
async fn a_submitted_application_is_handed_off_no_more() {
    let h = harness().await;
    let (_, desktop) = h.new_session(kyc_session()).await;
    let (_, before) = hand_off(&h, &desktop).await;
    answer_every_kyc_step(&h, &desktop, CLEAN_PNR, "1990-01-01").await;
    let (status, body) = submit(&h, &desktop).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    assert_eq!(
        claim_refusal(&h, &code_of(&before)).await,
        (StatusCode::CONFLICT, Some("conflict".to_owned()))
    );
    let (status, refused) = hand_off(&h, &desktop).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict"))
    );
}

#[tokio::test]
async fn handoffs_are_limited_per_application_at_minting_rate() {
    let h = harness_with_settings(start_sandbox().await, &["--mint-rate-per-minute=2"]).await;
    let (_, desktop) = h.new_session(kyc_session()).await;
    for _ in 0..2 {
        assert_eq!(hand_off(&h, &desktop).await.0, StatusCode::CREATED);
    }
    let (status, refused) = hand_off(&h, &desktop).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    // Another application's budget is its own.
    let (_, other) = h.new_session(kyc_session()).await;
    assert_eq!(hand_off(&h, &other).await.0, StatusCode::CREATED);
}
