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
