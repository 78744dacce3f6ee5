//! `GET /api/v1/applications/{id}`: a partner's backend reads its own applications, with the
//! provider's status fetched afresh; another partner's are not found, as if they did not exist.

mod support;

use axum::http::StatusCode;
use protocol::ApplicationStatus;
use serde_json::json;
use support::{harness_with_settings, kyc_session, start_sandbox, Harness};

async fn harness() -> Harness {
    harness_with_settings(start_sandbox().await, &["--partner-keys=acme:acme-key"]).await
}

#[tokio::test]
async fn a_partner_reads_its_application_and_the_change_the_provider_made() {
    let h = harness().await;
    let mut session = kyc_session();
    session["externalRef"] = json!("customer-42");
    let (_, created) = h.create_session(session).await;
    let id = created["applicationId"].as_str().unwrap();
    let path = format!("/api/v1/applications/{id}");

    let (status, read) = h.partner_get(&path, "demo-partner-key").await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["applicationId"], id);
    assert_eq!(
        (read["status"].as_str(), read["countryCode"].as_str()),
        (Some("NOT_STARTED"), Some("SE"))
    );
    assert_eq!(read["externalRef"], "customer-42");
    assert!(
        read["createdAt"].is_string() && read["updatedAt"].is_string(),
        "{read}"
    );
    assert!(
        read.get("results").is_none() && read.get("submittedAt").is_none(),
        "{read}"
    );

    // Cancelled at the provider with nobody polling: the partner's read finds and records it.
    h.set_provider_status(id, ApplicationStatus::Cancelled)
        .await;
    let (status, read) = h.partner_get(&path, "demo-partner-key").await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["status"], "CANCELLED");
    assert!(
        read.get("results").is_none(),
        "nothing was submitted: {read}"
    );
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT status FROM status_changes WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&h.state.db)
    .await
    .unwrap();
    assert_eq!(audit, ["NOT_STARTED", "CANCELLED"]);
}

#[tokio::test]
async fn another_partner_finds_nothing_and_a_bad_key_is_refused() {
    let h = harness().await;
    let (_, created) = h.create_session(kyc_session()).await;
    let path = format!(
        "/api/v1/applications/{}",
        created["applicationId"].as_str().unwrap()
    );

    let (status, body) = h.partner_get(&path, "acme-key").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    let (status, unknown) = h
        .partner_get(
            "/api/v1/applications/bits:application::00000000-0000-4000-8000-000000000000",
            "acme-key",
        )
        .await;
    assert_eq!(
        (status, &unknown),
        (StatusCode::NOT_FOUND, &body),
        "the same answer as for one that does not exist"
    );

    let (status, body) = h.partner_get(&path, "wrong-key").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"]["code"], "unauthorized");
    // A session token is no partner key.
    let (status, _) = h
        .partner_get(&path, created["sessionToken"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
