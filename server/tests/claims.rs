//! A minted session's token is a one-time claim code: never a bearer, claimed once for the
//! session's credential, refused once used, late or revoked; the partner mints another for the
//! same application while it is undecided and not submitted.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use protocol::ApplicationStatus;
use serde_json::{json, Value};
use support::steps::submitted;
use support::{assert_invalid_field, harness, kyc_session, Harness};

/// The error code of a refused claim, with its status.
async fn refusal(h: &Harness, code: &str) -> (StatusCode, Option<String>) {
    let (status, _, body) = h.try_claim(code).await;
    (status, body["error"]["code"].as_str().map(str::to_owned))
}

fn refused(status: StatusCode, code: &str) -> (StatusCode, Option<String>) {
    (status, Some(code.to_owned()))
}

/// `POST /api/v1/applications/{id}/sessions` with a partner key.
async fn mint_again(h: &Harness, application: &str, key: &str) -> (StatusCode, Value) {
    let request = Request::post(format!("/api/v1/applications/{application}/sessions"))
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = h.send(request).await;
    (status, body)
}

#[tokio::test]
async fn a_code_is_no_bearer_and_is_claimed_once_for_a_credential() {
    let h = harness().await;
    let (status, created) = h.create_session(kyc_session()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let code = created["sessionToken"].as_str().unwrap();
    let (status, _, body) = h.widget_get("/api/v1/session", code).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );

    let (status, headers, claimed) = h.try_claim(code).await;
    assert_eq!(status, StatusCode::OK, "{claimed}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(claimed["expiresAt"], created["expiresAt"]);
    let credential = claimed["credential"].as_str().unwrap();
    assert_ne!(credential, code);
    let (status, _, session) = h.widget_get("/api/v1/session", credential).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["applicationId"], created["applicationId"]);

    // Whoever else held the code finds it used; the tab that claimed it carries on.
    assert_eq!(
        refusal(&h, code).await,
        refused(StatusCode::GONE, "link_used")
    );
    let (status, _, _) = h.widget_get("/api/v1/session", credential).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_late_or_unknown_code_is_refused_and_a_bad_claim_names_its_field() {
    let h = harness().await;
    let (_, created) = h.create_session(kyc_session()).await;
    sqlx::query("UPDATE session_claims SET expires_at = expires_at - 3601")
        .execute(&h.state.db)
        .await
        .unwrap();
    let code = created["sessionToken"].as_str().unwrap();
    assert_eq!(
        refusal(&h, code).await,
        refused(StatusCode::UNAUTHORIZED, "session_expired")
    );
    assert_eq!(
        refusal(&h, "not-a-code").await,
        refused(StatusCode::UNAUTHORIZED, "unauthorized")
    );

    for body in [
        json!({}),
        json!({"sessionToken": " "}),
        json!({"sessionToken": "x".repeat(257)}),
    ] {
        let request = Request::post("/api/v1/session/claim")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, error) = h.send(request).await;
        assert_invalid_field(status, &error, "sessionToken", &body.to_string());
    }
}

#[tokio::test]
async fn the_partner_mints_another_code_for_its_application_and_no_other_partner_can() {
    let h = harness().await;
    let (created, first) = h.new_session(kyc_session()).await;
    let application = created["applicationId"].as_str().unwrap();

    let (status, again) = mint_again(&h, application, "demo-partner-key").await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["applicationId"], application);
    let code = again["sessionToken"].as_str().unwrap();
    assert_ne!(code, created["sessionToken"].as_str().unwrap());
    assert_eq!(
        again["hostedUrl"],
        format!("https://onboard.example/#token={code}")
    );
    let second = h.claim(code).await;
    let (status, _, session) = h.widget_get("/api/v1/session", &second).await;
    assert_eq!(
        (status, session["applicationId"].as_str()),
        (StatusCode::OK, Some(application))
    );
    // The first device's session lives on beside it.
    let (status, _, _) = h.widget_get("/api/v1/session", &first).await;
    assert_eq!(status, StatusCode::OK);

    let (status, other) = mint_again(&h, application, "other-key").await;
    let (_, missing) = mint_again(
        &h,
        "bits:application::00000000-0000-4000-8000-000000000000",
        "demo-partner-key",
    )
    .await;
    assert_eq!(
        (status, &other),
        (StatusCode::NOT_FOUND, &missing),
        "another partner's application is as unknown as a missing one"
    );
}

#[tokio::test]
async fn a_submitted_or_decided_application_takes_no_new_session() {
    let h = harness().await;
    let submitted = submitted(&h).await;
    let (created, _) = h.new_session(kyc_session()).await;
    let declined = created["applicationId"].as_str().unwrap();
    // Decided at the provider before any submit through Onboard; the partner's read records it.
    h.set_provider_status(declined, ApplicationStatus::Declined)
        .await;
    let (status, read) = h
        .partner_get(
            &format!("/api/v1/applications/{declined}"),
            "demo-partner-key",
        )
        .await;
    assert_eq!(
        (status, read["status"].as_str()),
        (StatusCode::OK, Some("DECLINED"))
    );

    for application in [submitted.as_str(), declined] {
        let (status, refused) = mint_again(&h, application, "demo-partner-key").await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("conflict")),
            "{application}: {refused}"
        );
        assert_eq!(
            refused["error"]["message"],
            "the application is submitted or decided already; a new session could change nothing"
        );
    }
    let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_claims")
        .fetch_one(&h.state.db)
        .await
        .unwrap();
    assert_eq!(codes, 2, "only the two first mints left a code");
}

#[tokio::test]
async fn revoking_an_applications_sessions_ends_its_unclaimed_codes() {
    let h = harness().await;
    let (created, credential) = h.new_session(kyc_session()).await;
    let application = created["applicationId"].as_str().unwrap();
    let (_, unclaimed) = mint_again(&h, application, "demo-partner-key").await;

    let request = Request::delete(format!("/api/v1/applications/{application}/sessions"))
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = h.send(request).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"revoked": 1})));
    assert_eq!(
        refusal(&h, unclaimed["sessionToken"].as_str().unwrap()).await,
        refused(StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (status, _, _) = h.widget_get("/api/v1/session", &credential).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_hosted_links_code_is_claimed_once_within_ten_minutes() {
    let h = harness().await;
    let (_, code) = h.open_hosted_link("/start/kyc-demo?country=SE").await;

    let (claim_window, session_lifetime): (i64, i64) = sqlx::query_as(
        "SELECT expires_at - created_at, session_expires_at - created_at FROM session_claims",
    )
    .fetch_one(&h.state.db)
    .await
    .unwrap();
    assert_eq!((claim_window, session_lifetime), (600, 3600));

    let credential = h.claim(&code).await;
    let (status, _, session) = h.widget_get("/api/v1/session", &credential).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["countryCode"], "SE");
    assert_eq!(
        refusal(&h, &code).await,
        refused(StatusCode::GONE, "link_used")
    );
}
