//! The server on PostgreSQL: what it stores (sessions, status changes, consents and their
//! single-use state, scans, drafts, webhook deduplication) through the real HTTP app, each test on a
//! fresh database of a throwaway cluster; and two instances sharing one database.

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use onboard_server::applications::reconciliation::check_due;
use protocol::ApplicationStatus;
use serde_json::json;
use support::banking::{
    approved_consent, at_the_bank, confirm, create_consent, follow_back, return_code,
};
use support::documents::{download, png, upload};
use support::steps::{answer_every_kyc_step, submit, submitted, CLEAN_PNR};
use support::webhooks::{aml_event, fast_sandbox, screening, screening_state, stored};
use support::{
    harness_on, harness_on_with_settings, kyc_session, postgres, signed, start_recording_sandbox,
    start_sandbox, start_sandbox_with, widget, Harness,
};

const DATE_BANK: &str = "20101";

async fn session(h: &Harness) -> (String, String) {
    let (created, credential) = h.new_session(kyc_session()).await;
    (
        credential,
        created["applicationId"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn sessions_are_minted_resolved_audited_and_expire() {
    let Some(database) = postgres::database().await else {
        return;
    };
    // The session expires below by a change of its row behind the server's back, which a kept
    // copy of the session would not see (Onboard itself never moves an expiry).
    let h = harness_on_with_settings(
        &database,
        start_sandbox().await,
        &["--session-cache-secs=0"],
    )
    .await;
    let (token, id) = session(&h).await;
    let (status, _, session) = h.widget_get("/api/v1/session", &token).await;
    assert_eq!(
        (status, session["applicationId"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );

    h.set_provider_status(&id, ApplicationStatus::Approved)
        .await;
    let (_, _, status_view) = h.widget_get("/api/v1/session/status", &token).await;
    assert_eq!(status_view["status"], "APPROVED");
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT status FROM status_changes WHERE application_id = $1 ORDER BY id",
    )
    .bind(&id)
    .fetch_all(&h.state.db)
    .await
    .unwrap();
    assert_eq!(audit, ["NOT_STARTED", "APPROVED"]);

    sqlx::query("UPDATE sessions SET expires_at = expires_at - 3601")
        .execute(&h.state.db)
        .await
        .unwrap();
    let (status, _, error) = h.widget_get("/api/v1/session", &token).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("session_expired"))
    );
    let (status, _, error) = h.widget_get("/api/v1/session", "not-a-token").await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
}

#[tokio::test]
async fn a_consent_is_created_once_per_key_and_its_state_is_used_once() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let h = harness_on(&database, start_sandbox().await).await;
    let (token, _) = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "pg-consent-1").await;
    let id = created["consentId"].as_str().unwrap();
    let again = json!({"bankId": DATE_BANK, "idempotencyKey": "pg-consent-1"});
    let (status, same) = widget(&h, "POST", "/api/v1/consents", &token, Some(again)).await;
    assert_eq!(
        (status, same["consentId"].as_str()),
        (StatusCode::OK, Some(id))
    );

    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    let (status, location) = follow_back(&h, &redirect).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert_eq!(follow_back(&h, &redirect).await.0, StatusCode::BAD_REQUEST);
    let (_, code) = return_code(&location);
    let (status, consent) = confirm(&h, Some(&token), id, &code).await;
    assert_eq!(status, StatusCode::OK, "{consent}");
    let (_, consent) = widget(&h, "GET", &format!("/api/v1/consents/{id}"), &token, None).await;
    assert_eq!(consent["status"], "Authorised");

    // One never confirmed is withdrawn once its code expires, by one sweep.
    let (unconfirmed, _) = approved_consent(&h, &token, DATE_BANK, json!([]), "pg-consent-2").await;
    sqlx::query("UPDATE consents SET return_code_expires_at = 0 WHERE id = $1")
        .bind(&unconfirmed)
        .execute(&h.state.db)
        .await
        .unwrap();
    let sweep = || onboard_server::consents::withdrawal::withdraw_abandoned(&h.state);
    assert_eq!(sweep().await.unwrap(), 1);
    assert_eq!(sweep().await.unwrap(), 0);
    let (_, withdrawn) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{unconfirmed}"),
        &token,
        None,
    )
    .await;
    assert_eq!(withdrawn["status"], "Revoked");
}

#[tokio::test]
async fn answers_are_replaced_and_a_scan_comes_back_byte_for_byte() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let h = harness_on(&database, start_sandbox().await).await;
    let (token, _) = session(&h).await;
    for email in ["first@example.com", "second@example.com"] {
        let body = json!({"email": email, "phoneNumber": "+46701234567"});
        let (status, error) = widget(
            &h,
            "PUT",
            "/api/v1/onboarding/answers/contactDetails",
            &token,
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{error}");
    }
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(
        view["answers"]["contactDetails"]["email"], "second@example.com",
        "{view}"
    );

    let (status, scan) = upload(&h, &token, png(), "front.png").await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    let (status, bytes) =
        download(&h, scan["id"].as_str().unwrap(), Some("demo-partner-key")).await;
    assert_eq!((status, bytes.as_ref()), (StatusCode::OK, png().as_slice()));
}

#[tokio::test]
async fn drafts_are_replaced_and_spent_and_a_submitted_application_takes_no_new_session() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let h = harness_on(&database, start_sandbox().await).await;
    let (token, application) = session(&h).await;
    let put_draft = |city: &'static str| {
        widget(
            &h,
            "PUT",
            "/api/v1/onboarding/drafts/address",
            &token,
            Some(json!({"city": city})),
        )
    };
    for city in ["Uppsala", "Lund"] {
        let (status, error) = put_draft(city).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{error}");
    }
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(
        view["drafts"],
        json!({"address": {"city": "Lund"}}),
        "{view}"
    );

    answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(view["drafts"], json!({}), "spent by the answer: {view}");
    let (status, body) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, refused) = put_draft("Malmö").await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");

    let request = axum::http::Request::post(format!("/api/v1/applications/{application}/sessions"))
        .header("authorization", "Bearer demo-partner-key")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, refused) = h.send(request).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
}

#[tokio::test]
async fn a_redelivered_webhook_is_applied_once() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let h = harness_on(&database, start_sandbox_with(fast_sandbox()).await).await;
    let (session, application) = screening(&h).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, _, ack) = h
        .send(signed(
            "aml",
            "pg_msg_1",
            &aml_event(&session, "JsonDataReady"),
        ))
        .await;
    assert_eq!(ack["status"], "accepted");
    assert_eq!(screening_state(&h, &application).await, "READY");
    assert_eq!(
        stored(&h, "aml").await,
        [("JsonDataReady".to_owned(), true, Some(application))]
    );
    let (_, _, ack) = h
        .send(signed(
            "aml",
            "pg_msg_1",
            &aml_event(&session, "JsonDataReady"),
        ))
        .await;
    assert_eq!(ack["status"], "duplicate");
}

#[tokio::test]
async fn two_instances_share_sessions_and_webhook_deduplication() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let sandbox = start_sandbox_with(fast_sandbox()).await;
    // Started together, as a deployment's instances are: their migrations must not collide.
    let (a, b) = tokio::join!(
        harness_on(&database, sandbox.clone()),
        harness_on(&database, sandbox)
    );

    let (token, id) = session(&a).await;
    let (status, _, on_b) = b.widget_get("/api/v1/session", &token).await;
    assert_eq!(
        (status, on_b["applicationId"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );

    let (aml_session, application) = screening(&a).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let event = aml_event(&aml_session, "JsonDataReady");
    let (_, _, ack) = a.send(signed("aml", "pg_msg_2", &event)).await;
    assert_eq!(ack["status"], "accepted");
    // Were the redelivery to B applied again, it would finish the screening again.
    sqlx::query("UPDATE screenings SET state = 'PENDING'")
        .execute(&a.state.db)
        .await
        .unwrap();
    let (_, _, ack) = b.send(signed("aml", "pg_msg_2", &event)).await;
    assert_eq!(ack["status"], "duplicate");
    assert_eq!(screening_state(&b, &application).await, "PENDING");
    assert_eq!(stored(&b, "aml").await.len(), 1);
}

#[tokio::test]
async fn two_instances_ask_the_provider_once_per_due_application() {
    let Some(database) = postgres::database().await else {
        return;
    };
    let (sandbox, paths) = start_recording_sandbox().await;
    let (a, b) = tokio::join!(
        harness_on(&database, sandbox.clone()),
        harness_on(&database, sandbox)
    );
    let mut applications = Vec::new();
    for _ in 0..4 {
        applications.push(submitted(&a).await);
    }
    let due: i64 = sqlx::query_scalar("SELECT max(next_check_at) FROM applications")
        .fetch_one(&a.state.db)
        .await
        .unwrap();
    paths.take();

    let (round_a, round_b) = tokio::join!(check_due(&a.state, due), check_due(&b.state, due));
    let (round_a, round_b) = (round_a.unwrap(), round_b.unwrap());
    assert_eq!(round_a.asked + round_b.asked, 4, "{round_a:?} {round_b:?}");
    let reads: Vec<String> = paths
        .take()
        .into_iter()
        .filter(|path| path.ends_with("/applications.get"))
        .collect();
    assert_eq!(reads.len(), 4, "one provider call per due application");
    let checks: Vec<i64> = sqlx::query_scalar("SELECT checks FROM applications ORDER BY id")
        .fetch_all(&a.state.db)
        .await
        .unwrap();
    assert_eq!(checks, [1, 1, 1, 1]);
}
