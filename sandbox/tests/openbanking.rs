//! The open-banking provider and its mock bank, through the router.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use onboard_sandbox::{router, SandboxConfig};
use serde_json::{json, Value};
use tower::ServiceExt;

const BASIC_DEMO: &str = "Basic b25ib2FyZC1kZW1vOnNhbmRib3gtc2VjcmV0"; // onboard-demo:sandbox-secret
const HOST: &str = "bank.test";

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: Value,
    text: String,
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status,
        location,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        text,
    }
}

async fn token(app: &Router) -> String {
    let request = Request::post("/openbanking/oauth2/token")
        .header(header::AUTHORIZATION, BASIC_DEMO)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("grant_type=client_credentials&scope=ais"))
        .unwrap();
    let reply = send(app, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["access_token"].as_str().unwrap().to_owned()
}

fn api(
    method: &str,
    path: &str,
    token: &str,
    consent: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("/openbanking{path}"))
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(consent) = consent {
        request = request.header("Consent-ID", consent);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

fn form(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

async fn consent(app: &Router, token: &str, bank: &str, permissions: Value) -> String {
    let body = json!({"AspspId": bank, "Permissions": permissions, "RedirectUri": "https://tpp.example/back?x=1", "State": "st-1"});
    let reply = send(app, api("POST", "/consents", token, None, Some(body))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["ConsentStatus"], "Open");
    let id = reply.body["ConsentId"].as_str().unwrap().to_owned();
    assert_eq!(
        reply.body["Links"]["Redirect"]["Href"],
        format!("http://{HOST}/openbanking/bank/{id}/login")
    );
    id
}

/// Logs in at the mock bank and answers; returns where the bank sends the browser.
async fn decide(app: &Router, id: &str, decision: &str) -> String {
    let login = send(
        app,
        form(
            &format!("/openbanking/bank/{id}/login"),
            "username=a&password=b",
        ),
    )
    .await;
    assert_eq!(
        (login.status, login.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("authorise"))
    );
    let page = send(
        app,
        Request::get(format!("/openbanking/bank/{id}/authorise"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        page.text.contains("id=\"approve\"") && page.text.contains("Your accounts"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("<script") && !page.text.contains("style="));
    let decided = send(
        app,
        form(
            &format!("/openbanking/bank/{id}/decision"),
            &format!("decision={decision}"),
        ),
    )
    .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER);
    decided.location.unwrap()
}

#[tokio::test]
async fn the_bank_list_has_the_scenario_banks_and_many_countries() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let reply = send(&app, api("GET", "/aspsp", &token, None, None)).await;
    let banks = reply.body["Aspsps"].as_array().unwrap();
    assert!(banks.len() >= 54, "{}", banks.len());
    for id in ["20101", "20102", "20103", "20116"] {
        assert!(banks.iter().any(|b| b["AspspId"] == id), "{id}");
    }
    let mut countries: Vec<&str> = banks
        .iter()
        .map(|b| b["CountryCode"].as_str().unwrap())
        .collect();
    countries.sort();
    countries.dedup();
    assert_eq!(countries, ["DE", "DK", "FI", "NL", "NO", "SE"]);
    let logo = banks[0]["LogoUrl"]
        .as_str()
        .unwrap()
        .replace(&format!("http://{HOST}"), "");
    let svg = send(&app, Request::get(logo).body(Body::empty()).unwrap()).await;
    assert!(svg.text.starts_with("<svg") && !svg.text.contains("script"));
    let norwegian = send(&app, api("GET", "/aspsp?country=NO", &token, None, None)).await;
    assert!(norwegian.body["Aspsps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["CountryCode"] == "NO"));
}

#[tokio::test]
async fn consents_are_validated_field_by_field() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let base = json!({"AspspId": "20101", "RedirectUri": "https://tpp.example/back", "State": "s"});
    let cases = [
        ("AspspId", json!("99999")),
        ("RedirectUri", json!("ftp://tpp.example")),
        ("State", json!(" ")),
        ("Permissions", json!(["Balances"])),
        ("TransactionFromDateTime", json!("yesterday")),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        body[field] = value;
        let reply = send(&app, api("POST", "/consents", &token, None, Some(body))).await;
        assert_eq!(
            (reply.status, reply.body["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{}",
            reply.text
        );
    }
}

#[tokio::test]
async fn approve_redirects_back_with_id_and_state_and_authorises() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let id = consent(&app, &token, "20101", json!([])).await;
    let status = send(
        &app,
        api("GET", &format!("/consents/{id}/status"), &token, None, None),
    )
    .await;
    assert_eq!(status.body["ConsentStatus"], "Open");
    let accounts_before = send(&app, api("GET", "/accounts", &token, Some(&id), None)).await;
    assert_eq!(accounts_before.status, StatusCode::FORBIDDEN);

    let back = decide(&app, &id, "approve").await;
    assert_eq!(
        back,
        format!("https://tpp.example/back?x=1&consentId={id}&state=st-1")
    );
    let status = send(
        &app,
        api("GET", &format!("/consents/{id}/status"), &token, None, None),
    )
    .await;
    assert_eq!(status.body["ConsentStatus"], "Authorised");
    let again = send(
        &app,
        form(&format!("/openbanking/bank/{id}/decision"), "decision=deny"),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn deny_rejects_for_good() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let id = consent(&app, &token, "20101", json!([])).await;
    decide(&app, &id, "deny").await;
    let status = send(
        &app,
        api("GET", &format!("/consents/{id}/status"), &token, None, None),
    )
    .await;
    assert_eq!(status.body["ConsentStatus"], "Rejected");
    let revoke = send(
        &app,
        api("DELETE", &format!("/consents/{id}"), &token, None, None),
    )
    .await;
    assert_eq!(revoke.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn permissions_are_enforced_and_pages_cover_everything_once() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let narrow = consent(&app, &token, "20101", json!(["Accounts", "Balances"])).await;
    decide(&app, &narrow, "approve").await;
    let accounts = send(&app, api("GET", "/accounts", &token, Some(&narrow), None)).await;
    let account = accounts.body["Accounts"][0]["AccountId"]
        .as_str()
        .unwrap()
        .to_owned();
    let balances = send(
        &app,
        api(
            "GET",
            &format!("/accounts/{account}/balances"),
            &token,
            Some(&narrow),
            None,
        ),
    )
    .await;
    assert_eq!(balances.status, StatusCode::OK);
    let refused = send(
        &app,
        api(
            "GET",
            &format!("/accounts/{account}/transactions"),
            &token,
            Some(&narrow),
            None,
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let full = consent(&app, &token, "20101", json!([])).await;
    decide(&app, &full, "approve").await;
    let mut path = format!("/accounts/{account}/transactions");
    let mut seen = Vec::new();
    loop {
        let page = send(&app, api("GET", &path, &token, Some(&full), None)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        seen.extend(
            page.body["Transactions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["TransactionId"].as_str().unwrap().to_owned()),
        );
        match page.body["Links"]["Next"]["Href"].as_str() {
            Some(next) => path = next.replace(&format!("http://{HOST}/openbanking"), ""),
            None => break,
        }
    }
    let expected: Vec<String> = (0..420).map(|i| format!("{account}-{i:04}")).collect();
    assert_eq!(seen, expected, "every transaction once, newest first");
}

#[tokio::test]
async fn the_download_bank_gives_a_link_and_revocation_differs_by_bank() {
    let app = router(SandboxConfig::default());
    let token = token(&app).await;
    let id = consent(&app, &token, "20102", json!([])).await;
    decide(&app, &id, "approve").await;
    let accounts = send(&app, api("GET", "/accounts", &token, Some(&id), None)).await;
    let account = accounts.body["Accounts"][1]["AccountId"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = send(
        &app,
        api(
            "GET",
            &format!("/accounts/{account}/transactions"),
            &token,
            Some(&id),
            None,
        ),
    )
    .await;
    assert!(page.body.get("Transactions").is_none(), "{}", page.text);
    let link = page.body["Links"]["Download"]["Href"]
        .as_str()
        .unwrap()
        .replace(&format!("http://{HOST}/openbanking"), "");
    let downloaded = send(&app, api("GET", &link, &token, Some(&id), None)).await;
    assert_eq!(
        downloaded.body["Transactions"].as_array().unwrap().len(),
        24
    );
    let revoked = send(
        &app,
        api("DELETE", &format!("/consents/{id}"), &token, None, None),
    )
    .await;
    assert_eq!(revoked.body["ConsentStatus"], "Revoked");

    let stubborn = consent(&app, &token, "20116", json!([])).await;
    decide(&app, &stubborn, "approve").await;
    let revoked = send(
        &app,
        api(
            "DELETE",
            &format!("/consents/{stubborn}"),
            &token,
            None,
            None,
        ),
    )
    .await;
    assert_eq!(revoked.body["ConsentStatus"], "RevokedAtTpp");
}
