//! A step's draft (`PUT /api/v1/onboarding/drafts/{step}`): given back by `GET
//! /api/v1/onboarding` to whichever device carries on, sealed in the database, spent when the
//! step's answer is saved and at the submit; a step, size or body that does not fit is refused.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use protocol::api::onboarding::MAX_DRAFT_BYTES;
use serde_json::{json, Value};
use support::steps::{answer_every_kyc_step, answer_ok, personal_details, submit, CLEAN_PNR};
use support::{harness, kyc_session, widget, Harness};

/// What only the applicant typed: it must not be found in the database in the clear.
const TYPED: &str = "19900101-1239-Unconfirmed";

async fn put_draft(h: &Harness, token: &str, step: &str, body: String) -> (StatusCode, Value) {
    let request = Request::put(format!("/api/v1/onboarding/drafts/{step}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = h.send(request).await;
    (status, body)
}

async fn drafts(h: &Harness, token: &str) -> Value {
    let (status, view) = widget(h, "GET", "/api/v1/onboarding", token, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view["drafts"].clone()
}

/// Every byte SQLite keeps of the database: its file, and its write-ahead log if it has one.
fn database_bytes(h: &Harness) -> Vec<u8> {
    let url = &h.state.config.database_url;
    let path = url.strip_prefix("sqlite://").expect(url);
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(log) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(log);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn a_draft_is_given_back_sealed_at_rest_and_spent_by_its_answer() {
    let h = harness().await;
    let (created, token) = h.new_session(kyc_session()).await;
    assert_eq!(drafts(&h, &token).await, json!({}));

    let draft = json!({"firstName": "Anna", "identityNumber": TYPED});
    let (status, body) = put_draft(&h, &token, "personalDetails", draft.to_string()).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // Another device: another code for the application, claimed elsewhere.
    let application = created["applicationId"].as_str().unwrap();
    let request = Request::post(format!("/api/v1/applications/{application}/sessions"))
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .body(Body::empty())
        .unwrap();
    let (status, _, again) = h.send(request).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    let elsewhere = h.claim(again["sessionToken"].as_str().unwrap()).await;
    assert_eq!(
        drafts(&h, &elsewhere).await,
        json!({"personalDetails": draft})
    );

    // A later write replaces the draft.
    let draft = json!({"firstName": "Anna", "lastName": "Andersson", "identityNumber": TYPED});
    let (status, _) = put_draft(&h, &token, "personalDetails", draft.to_string()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(drafts(&h, &token).await, json!({"personalDetails": draft}));

    let (nonce, ciphertext): (Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT nonce, ciphertext FROM drafts WHERE application_id = $1")
            .bind(application)
            .fetch_one(&h.state.db)
            .await
            .unwrap();
    assert_eq!(nonce.len(), 24);
    assert!(!contains(&ciphertext, TYPED) && !contains(&ciphertext, "Andersson"));
    let stored = database_bytes(&h);
    assert!(contains(&stored, application), "the file is the one read");
    assert!(
        !contains(&stored, TYPED) && !contains(&stored, "Andersson"),
        "the draft is in the database in the clear"
    );

    // A sealed row moved to another step no longer opens, and is left out.
    sqlx::query("UPDATE drafts SET step = 'address' WHERE application_id = $1")
        .bind(application)
        .execute(&h.state.db)
        .await
        .unwrap();
    assert_eq!(drafts(&h, &token).await, json!({}));
    let (status, _) = put_draft(&h, &token, "personalDetails", draft.to_string()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    answer_ok(
        &h,
        &token,
        "personalDetails",
        personal_details(CLEAN_PNR, "1990-01-01"),
    )
    .await;
    let kept: Vec<String> = sqlx::query_scalar("SELECT step FROM drafts WHERE application_id = $1")
        .bind(application)
        .fetch_all(&h.state.db)
        .await
        .unwrap();
    assert_eq!(kept, ["address"], "the answered step's draft is spent");
}

#[tokio::test]
async fn a_step_size_or_body_that_does_not_fit_is_refused() {
    let h = harness().await;
    let (_, token) = h.new_session(kyc_session()).await;
    let draft = json!({"firstName": "Anna"}).to_string();
    // Not a step; a step without an answer; a step of another workflow.
    for step in ["nonsense", "review", "bankConnection", "organization"] {
        let (status, error) = put_draft(&h, &token, step, draft.clone()).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{step}: {error}"
        );
    }

    let large = json!({"firstName": "x".repeat(MAX_DRAFT_BYTES)}).to_string();
    let (status, error) = put_draft(&h, &token, "personalDetails", large).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")),
        "{error}"
    );
    let within = json!({"firstName": "x".repeat(MAX_DRAFT_BYTES - 20)}).to_string();
    assert!(within.len() <= MAX_DRAFT_BYTES);
    let (status, error) = put_draft(&h, &token, "personalDetails", within).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{error}");

    for body in ["[1, 2]", "\"Anna\"", "null", "{\"firstName\": ", ""] {
        let (status, error) = put_draft(&h, &token, "personalDetails", body.to_owned()).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_request")),
            "{body}: {error}"
        );
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("the draft must be a JSON object"),
            "{error}"
        );
    }

    let (status, error) = put_draft(&h, "not-a-credential", "address", draft).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
}

#[tokio::test]
async fn the_submit_spends_every_draft_and_no_more_are_kept() {
    let h = harness().await;
    let (created, token) = h.new_session(kyc_session()).await;
    let application = created["applicationId"].as_str().unwrap();
    answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    // The applicant changes an answered step, and does not save it.
    let draft = json!({"city": "Göteborg"}).to_string();
    let (status, _) = put_draft(&h, &token, "address", draft.clone()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        drafts(&h, &token).await,
        json!({"address": {"city": "Göteborg"}})
    );

    let (status, body) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(drafts(&h, &token).await, json!({}));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drafts WHERE application_id = $1")
        .bind(application)
        .fetch_one(&h.state.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let (status, error) = put_draft(&h, &token, "address", draft).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict")),
        "{error}"
    );
}
