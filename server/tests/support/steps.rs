//! The onboarding steps as the widget answers them, up to the submit.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::documents::{png, upload};
use super::{kyc_session, widget, Harness};

/// A clean Swede, born 1990-01-01.
pub const CLEAN_PNR: &str = "19900101-1239";

pub async fn answer(h: &Harness, token: &str, step: &str, body: Value) -> (StatusCode, Value) {
    widget(
        h,
        "PUT",
        &format!("/api/v1/onboarding/answers/{step}"),
        token,
        Some(body),
    )
    .await
}

pub async fn answer_ok(h: &Harness, token: &str, step: &str, body: Value) {
    let (status, error) = answer(h, token, step, body).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{step}: {error}");
}

pub fn personal_details(number: &str, birth: &str) -> Value {
    json!({"firstName": "Anna", "lastName": "Andersson", "dateOfBirth": birth, "identityNumber": number})
}

pub fn identity_document(scan_id: &str) -> Value {
    json!({
        "documentType": "PASSPORT",
        "number": "AA1234567",
        "issuingCountry": "SE",
        "issueDate": "2021-05-01",
        "expiryDate": "2031-05-01",
        "scanId": scan_id,
    })
}

/// Every step of kyc-demo answered, the document with an uploaded scan; returns the scan id.
pub async fn answer_every_kyc_step(h: &Harness, token: &str, number: &str, birth: &str) -> String {
    answer_ok(h, token, "personalDetails", personal_details(number, birth)).await;
    answer_ok(
        h,
        token,
        "contactDetails",
        // As a Swede writes it at home; stored in E.164.
        json!({"email": "anna@example.se", "phoneNumber": "070-123 45 67"}),
    )
    .await;
    let address = json!({
        "addressLine1": "Drottninggatan 32", "addressLine2": "", "postalCode": "111 45",
        "city": "Stockholm", "country": "SE",
    });
    answer_ok(h, token, "address", address).await;
    answer_ok(
        h,
        token,
        "taxResidence",
        json!({"residences": [{"country": "SE", "taxNumber": number}]}),
    )
    .await;
    let (status, scan) = upload(h, token, png(), "passport.png").await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    let scan_id = scan["id"].as_str().unwrap().to_owned();
    answer_ok(h, token, "identityDocument", identity_document(&scan_id)).await;
    scan_id
}

pub async fn submit(h: &Harness, token: &str) -> (StatusCode, Value) {
    widget(h, "POST", "/api/v1/onboarding/submit", token, None).await
}

/// A KYC application answered and submitted through the widget's API; its id.
pub async fn submitted(h: &Harness) -> String {
    let (created, token) = h.new_session(kyc_session()).await;
    answer_every_kyc_step(h, &token, CLEAN_PNR, "1990-01-01").await;
    let (status, body) = submit(h, &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    created["applicationId"].as_str().unwrap().to_owned()
}
