//! The open-banking consent as the widget and the account holder go through it.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};

use super::{widget, Harness};

pub async fn create_consent(
    h: &Harness,
    token: &str,
    bank: &str,
    permissions: Value,
    key: &str,
) -> Value {
    let body = json!({"bankId": bank, "permissions": permissions, "idempotencyKey": key});
    let (status, created) = widget(h, "POST", "/api/v1/consents", token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

/// Plays the account holder at the mock bank: logs in with anything, presses a button, and
/// returns where the bank sends the browser (our callback, with consentId and state).
pub async fn at_the_bank(login_url: &str, decision: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = browser
        .post(login_url)
        .form(&[("username", "anna"), ("password", "secret")])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let authorise = reqwest::Url::parse(login_url)
        .unwrap()
        .join(login.headers()["location"].to_str().unwrap())
        .unwrap();
    let page = browser
        .get(authorise.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("approve") && page.contains("deny"), "{page}");
    let decision_url = authorise.as_str().replace("/authorise", "/decision");
    let decided = browser
        .post(decision_url)
        .form(&[("decision", decision)])
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), StatusCode::SEE_OTHER);
    decided.headers()["location"].to_str().unwrap().to_owned()
}

/// The callback as the browser calls it: path and query of the bank's redirect.
pub async fn follow_back(h: &Harness, redirect: &str) -> (StatusCode, String) {
    let url = reqwest::Url::parse(redirect).unwrap();
    let path = format!("{}?{}", url.path(), url.query().unwrap_or_default());
    let (status, headers, _) = h
        .send(Request::get(path).body(Body::empty()).unwrap())
        .await;
    let location = headers
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location)
}

/// The consent and return code of the callback's redirect (`/#consent=...&return=...`, or the
/// popup's `/bank-return#...`).
pub fn return_code(location: &str) -> (String, String) {
    let (_, fragment) = location.split_once('#').expect("a fragment");
    let value = |key| {
        protocol::fragment::fragment_value(fragment, key)
            .unwrap_or_else(|| panic!("no {key} in {location}"))
            .to_owned()
    };
    (
        value(protocol::fragment::CONSENT_KEY),
        value(protocol::fragment::RETURN_KEY),
    )
}

/// The widget hands in the return code, with its session token or, `None`, without any.
pub async fn confirm(
    h: &Harness,
    token: Option<&str>,
    consent_id: &str,
    code: &str,
) -> (StatusCode, Value) {
    let mut request = Request::post(format!("/api/v1/consents/{consent_id}/confirm"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = Body::from(json!({ "code": code }).to_string());
    let (status, _, body) = h.send(request.body(body).unwrap()).await;
    (status, body)
}

/// Approved at the bank and back through the callback, not yet confirmed: the consent's id and
/// its return code.
pub async fn approved_consent(
    h: &Harness,
    token: &str,
    bank: &str,
    permissions: Value,
    key: &str,
) -> (String, String) {
    let created = create_consent(h, token, bank, permissions, key).await;
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    let (status, location) = follow_back(h, &redirect).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.starts_with("/#"), "{location}");
    let (consent_id, code) = return_code(&location);
    assert_eq!(consent_id, created["consentId"].as_str().unwrap());
    (consent_id, code)
}
