//! Every refusal of Onboard's own API is the one JSON error shape, `{"error": {"code",
//! "message", "field"?}}`: walked through each kind of 4xx a client can meet.

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use support::{harness_with_settings, kyc_session, start_sandbox, Harness};

const UNKNOWN_APPLICATION: &str = "bits:application::00000000-0000-4000-8000-000000000000";

fn request(method: Method, path: &str, bearer: Option<&str>, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = bearer {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    builder
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap()
}

/// Sends the request and checks the answer is `status` with the error shape and `code`.
async fn refused(h: &Harness, request: Request<Body>, status: StatusCode, code: &str) -> Value {
    let what = format!("{} {}", request.method(), request.uri());
    let (answered, headers, body) = h.send(request).await;
    assert_eq!(answered, status, "{what}: {body}");
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(content_type, "application/json", "{what}");
    let error = body["error"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: no error object in {body}"));
    assert_eq!(
        error.get("code").and_then(Value::as_str),
        Some(code),
        "{what}: {body}"
    );
    assert!(
        error
            .get("message")
            .and_then(Value::as_str)
            .is_some_and(|m| !m.is_empty()),
        "{what}: {body}"
    );
    assert!(
        error
            .keys()
            .all(|key| ["code", "message", "field"].contains(&key.as_str())),
        "{what}: {body}"
    );
    body
}

#[tokio::test]
async fn every_4xx_answer_is_the_json_error_shape() {
    // The session expires below by a change of its row behind the server's back, which a kept
    // copy of the session would not see (Onboard itself never moves an expiry).
    let h = harness_with_settings(start_sandbox().await, &["--session-cache-secs=0"]).await;
    let (_, token) = h.new_session(kyc_session()).await;
    let token = token.as_str();
    let partner = Some("demo-partner-key");
    let get = |path: &str, bearer: Option<&str>| request(Method::GET, path, bearer, None);
    let sessions = |bearer: Option<&str>, body: &str| {
        request(Method::POST, "/api/v1/sessions", bearer, Some(body))
    };

    // Credentials: none, unknown, a session token where a partner key belongs, and expired.
    refused(
        &h,
        sessions(None, "{}"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    refused(
        &h,
        sessions(Some("not-a-key"), "{}"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    refused(
        &h,
        sessions(Some(token), "{}"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    refused(
        &h,
        get("/api/v1/session", None),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    refused(
        &h,
        get("/api/v1/session", Some("forged")),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    refused(
        &h,
        get("/api/v1/applications/x", None),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    // Bodies: not JSON, not an object of the right fields, a field missing, too large.
    refused(
        &h,
        sessions(partner, "{not json"),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    refused(
        &h,
        sessions(partner, "[1, 2]"),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    let mut missing = kyc_session();
    missing.as_object_mut().unwrap().remove("countryCode");
    let body = refused(
        &h,
        sessions(partner, &missing.to_string()),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["error"]["field"], "countryCode");
    let large = json!({"workflowId": "kyc-demo", "padding": "x".repeat(100 * 1024)}).to_string();
    refused(
        &h,
        sessions(partner, &large),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    let untyped = Request::post("/api/v1/sessions")
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .body(Body::from(kyc_session().to_string()))
        .unwrap();
    refused(
        &h,
        untyped,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;

    // Paths and methods: unknown route, unknown or malformed id, a method the path does not take.
    refused(
        &h,
        get("/api/v1/nothing-here", Some(token)),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let unknown = format!("/api/v1/applications/{UNKNOWN_APPLICATION}");
    refused(
        &h,
        get(&unknown, partner),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let body = refused(
        &h,
        get("/api/v1/applications/42", partner),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["error"]["field"], "id");
    refused(
        &h,
        get("/api/v1/consents/no-such-consent", Some(token)),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        &h,
        get("/api/v1/documents/scan_nothing", partner),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let delete = request(Method::DELETE, "/api/v1/sessions", partner, None);
    refused(
        &h,
        delete,
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request",
    )
    .await;
    let (_, headers, _) = h
        .send(request(Method::DELETE, "/api/v1/sessions", partner, None))
        .await;
    assert_eq!(
        headers.get(header::ALLOW).and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let step = request(
        Method::PUT,
        "/api/v1/onboarding/answers/favouriteColour",
        Some(token),
        Some("{}"),
    );
    refused(&h, step, StatusCode::NOT_FOUND, "not_found").await;

    // State: a submit with steps unanswered, an account before the decision.
    let submit = request(Method::POST, "/api/v1/onboarding/submit", Some(token), None);
    refused(&h, submit, StatusCode::BAD_REQUEST, "invalid_request").await;
    refused(
        &h,
        get("/api/v1/account", Some(token)),
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // Webhooks: unsigned, and a provider we do not know.
    let unsigned = request(Method::POST, "/webhooks/aml", None, Some("{}"));
    refused(&h, unsigned, StatusCode::UNAUTHORIZED, "unauthorized").await;
    refused(
        &h,
        request(Method::POST, "/webhooks/nobody", None, Some("{}")),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    refused(
        &h,
        get("/webhooks/aml", None),
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request",
    )
    .await;

    sqlx::query("UPDATE sessions SET expires_at = 0")
        .execute(&h.state.db)
        .await
        .unwrap();
    refused(
        &h,
        get("/api/v1/session", Some(token)),
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
}

#[tokio::test]
async fn a_rate_limited_partner_gets_the_error_shape() {
    let h = harness_with_settings(start_sandbox().await, &["--mint-rate-per-minute=1"]).await;
    let mint = || {
        request(
            Method::POST,
            "/api/v1/sessions",
            Some("demo-partner-key"),
            Some("{}"),
        )
    };
    refused(&h, mint(), StatusCode::BAD_REQUEST, "invalid_request").await;
    refused(&h, mint(), StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

/// What axum's own extractors and routing refuse (a body of the wrong type, too large or not
/// JSON, a path that is not UTF-8, a query field twice, a method a path does not take) was
/// plain text or an empty body; it is the error shape like any other refusal.
#[tokio::test]
async fn what_axum_refuses_is_the_json_error_shape_too() {
    let h = harness_with_settings(start_sandbox().await, &["--demo=true"]).await;
    let (_, session_token) = h.new_session(kyc_session()).await;
    let session_token = session_token.as_str();
    let token = Some(session_token);
    let partner = Some("demo-partner-key");
    let screening = |body: &str| {
        request(
            Method::POST,
            "/api/v1/onboarding/screening",
            token,
            Some(body),
        )
    };

    let untyped = Request::post("/api/v1/onboarding/screening")
        .header(header::AUTHORIZATION, format!("Bearer {session_token}"))
        .body(Body::from(r#"{"organizationNumber": "5560000001"}"#))
        .unwrap();
    refused(
        &h,
        untyped,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    refused(
        &h,
        screening("{not json"),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    let body = refused(
        &h,
        screening(r#"{"organizationNumber": 5560000001}"#),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["error"]["field"], "organizationNumber", "{body}");
    let large = json!({"organizationNumber": "x".repeat(100 * 1024)}).to_string();
    refused(
        &h,
        screening(&large),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    let answer = request(
        Method::PUT,
        "/api/v1/onboarding/answers/personalDetails",
        token,
        Some(&large),
    );
    refused(
        &h,
        answer,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;

    let body = refused(
        &h,
        request(Method::GET, "/api/v1/applications/%FF", partner, None),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["error"]["field"], "id", "{body}");
    refused(
        &h,
        request(Method::GET, "/api/v1/consents/%C3%28/accounts", token, None),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    refused(
        &h,
        request(Method::GET, "/start/%FF?country=SE", None, None),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;

    refused(
        &h,
        request(
            Method::GET,
            "/embed?origin=https://a.example&origin=https://b.example",
            None,
            None,
        ),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    let body = refused(
        &h,
        request(
            Method::GET,
            "/api/v1/account/operations?page=first",
            token,
            None,
        ),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["error"]["field"], "page", "{body}");

    // A method the path does not take, on every router: the API's, the pages', the hosted
    // link's, the bank's way back, the probes and the widget's files.
    for (method, path, allow) in [
        (Method::PATCH, "/api/v1/consents", "POST"),
        (Method::POST, "/healthz", "GET,HEAD"),
        (Method::POST, "/metrics", "GET,HEAD"),
        (Method::POST, "/demo", "GET,HEAD"),
        (Method::DELETE, "/embed", "GET,HEAD"),
        (Method::PUT, "/start/kyc-demo", "GET,HEAD"),
        (Method::GET, "/demo/sessions", "POST"),
        (Method::POST, "/callback/consent", "GET,HEAD"),
        (Method::PUT, "/webhooks/aml", "POST"),
        (Method::POST, "/", "GET,HEAD"),
        (Method::DELETE, "/some/page", "GET,HEAD"),
    ] {
        let what = format!("{method} {path}");
        refused(
            &h,
            request(method.clone(), path, None, None),
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request",
        )
        .await;
        let (_, headers, _) = h.send(request(method, path, None, None)).await;
        assert_eq!(
            headers.get(header::ALLOW).and_then(|v| v.to_str().ok()),
            Some(allow),
            "{what}"
        );
    }
}
