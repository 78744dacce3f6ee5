//! The onboarding provider's token endpoint and applications API, through the router.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use onboard_sandbox::{router, SandboxConfig};
use serde_json::{json, Value};
use tower::ServiceExt;

const BASIC_DEMO: &str = "Basic b25ib2FyZC1kZW1vOnNhbmRib3gtc2VjcmV0"; // onboard-demo:sandbox-secret

fn sandbox() -> Router {
    router(SandboxConfig::default())
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn token_request(authorization: Option<&str>, form: &str) -> Request<Body> {
    let mut request = Request::post("/onboarding/oauth2/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(authorization) = authorization {
        request = request.header(header::AUTHORIZATION, authorization);
    }
    request.body(Body::from(form.to_owned())).unwrap()
}

async fn access_token(app: &Router) -> String {
    let (status, body) = send(app, token_request(Some(BASIC_DEMO), "grant_type=client_credentials")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

fn call(token: &str, path: &str, body: Value) -> Request<Body> {
    Request::post(format!("/onboarding{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn new_application() -> Value {
    json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "https://partner.example/done"})
}

#[tokio::test]
async fn token_endpoint_grants_client_credentials_by_basic_auth_or_form() {
    let app = sandbox();
    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), "grant_type=client_credentials")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "applications:write applications:read");
    assert!(body["access_token"].as_str().unwrap().len() >= 40);

    let form = "grant_type=client_credentials&client_id=onboard-demo&client_secret=sandbox-secret&scope=applications%3Aread";
    let (status, body) = send(&app, token_request(None, form)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scope"], "applications:read");
}

#[tokio::test]
async fn token_endpoint_refuses_bad_clients_scopes_and_grants() {
    let app = sandbox();
    let wrong = "grant_type=client_credentials&client_id=onboard-demo&client_secret=nope";
    let (status, body) = send(&app, token_request(None, wrong)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));

    let (status, body) = send(&app, token_request(None, "grant_type=client_credentials")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));

    let scope = "grant_type=client_credentials&scope=applications%3Aread%20admin";
    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), scope)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_scope")));

    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), "grant_type=password")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));

    let both = "grant_type=client_credentials&client_id=onboard-demo&client_secret=sandbox-secret";
    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), both)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_request")));
}

#[tokio::test]
async fn create_then_get_an_application() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (status, created) = send(&app, call(&token, "/v1/applications.create", new_application())).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("bits:application::"));
    assert!(created["sessionToken"].as_str().unwrap().len() >= 40);

    let (status, got) = send(&app, call(&token, "/v1/applications.get", json!({"applicationId": id}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["applicationId"], id);
    assert_eq!(got["status"], "NOT_STARTED");
    assert_eq!(got["workflowId"], "kyc-demo");
    assert!(got["customerId"].as_str().unwrap().starts_with("bits:customer::"));
    assert!(got["marketId"].as_str().unwrap().starts_with("bits:market::"));
    assert_eq!(got["createdAt"], got["updatedAt"]);
}

#[tokio::test]
async fn applications_need_a_token_with_the_right_scope() {
    let app = sandbox();
    let (status, _) = send(&app, call("forged", "/v1/applications.create", new_application())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let read_only = "grant_type=client_credentials&scope=applications%3Aread";
    let (_, body) = send(&app, token_request(Some(BASIC_DEMO), read_only)).await;
    let token = body["access_token"].as_str().unwrap();
    let (status, body) = send(&app, call(token, "/v1/applications.create", new_application())).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("INSUFFICIENT_SCOPE")));
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = sandbox();
    let token = access_token(&app).await;
    let cases = [
        (json!({"countryCode": "SE", "redirectUrl": "https://p.example"}), "workflowId"),
        (json!({"workflowId": "nope", "countryCode": "SE", "redirectUrl": "https://p.example"}), "workflowId"),
        (json!({"workflowId": "kyc-demo", "redirectUrl": "https://p.example"}), "countryCode"),
        (json!({"workflowId": "kyc-demo", "countryCode": "se", "redirectUrl": "https://p.example"}), "countryCode"),
        (json!({"workflowId": "kyc-demo", "countryCode": "SE"}), "redirectUrl"),
        (json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "javascript:alert(1)"}), "redirectUrl"),
    ];
    for (body, field) in cases {
        let (status, error) = send(&app, call(&token, "/v1/applications.create", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["code"], "VALIDATION_ERROR");
        assert_eq!(error["field"], field, "{error}");
    }

    let (status, error) = send(&app, call(&token, "/v1/applications.get", json!({"applicationId": "42"}))).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::BAD_REQUEST, Some("applicationId")));

    let unknown = json!({"applicationId": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100"});
    let (status, _) = send(&app, call(&token, "/v1/applications.get", unknown)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let request = Request::post("/onboarding/v1/applications.create")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (status, error) = send(&app, request).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("VALIDATION_ERROR")));
}

#[tokio::test]
async fn control_endpoint_drives_status_and_final_statuses_stay_final() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (_, created) = send(&app, call(&token, "/v1/applications.create", new_application())).await;
    let id = created["id"].as_str().unwrap();
    let set = |status: &str| call(&token, "/v1/sandbox/applications.setStatus", json!({"applicationId": id, "status": status}));

    for status in ["IN_PROGRESS", "MANUAL_REVIEW", "MANUALLY_APPROVED"] {
        let (code, app_now) = send(&app, set(status)).await;
        assert_eq!(code, StatusCode::OK, "{app_now}");
        assert_eq!(app_now["status"], status);
    }
    let (code, error) = send(&app, set("DECLINED")).await;
    assert_eq!(code, StatusCode::CONFLICT, "{error}");
    let (code, error) = send(&app, set("MAYBE")).await;
    assert_eq!((code, error["field"].as_str()), (StatusCode::BAD_REQUEST, Some("status")));

    let (_, got) = send(&app, call(&token, "/v1/applications.get", json!({"applicationId": id}))).await;
    assert_eq!(got["status"], "MANUALLY_APPROVED");
}
