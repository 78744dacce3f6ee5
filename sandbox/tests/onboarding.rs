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
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
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
    let (status, body) = send(
        app,
        token_request(Some(BASIC_DEMO), "grant_type=client_credentials"),
    )
    .await;
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
    let (status, body) = send(
        &app,
        token_request(Some(BASIC_DEMO), "grant_type=client_credentials"),
    )
    .await;
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
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );

    let (status, body) = send(&app, token_request(None, "grant_type=client_credentials")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );

    let scope = "grant_type=client_credentials&scope=applications%3Aread%20admin";
    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), scope)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_scope"))
    );

    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), "grant_type=password")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unsupported_grant_type"))
    );

    let both = "grant_type=client_credentials&client_id=onboard-demo&client_secret=sandbox-secret";
    let (status, body) = send(&app, token_request(Some(BASIC_DEMO), both)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
}

#[tokio::test]
async fn create_then_get_an_application() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (status, created) = send(
        &app,
        call(&token, "/v1/applications.create", new_application()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("bits:application::"));
    assert!(created["sessionToken"].as_str().unwrap().len() >= 40);

    let (status, got) = send(
        &app,
        call(&token, "/v1/applications.get", json!({"applicationId": id})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["applicationId"], id);
    assert_eq!(got["status"], "NOT_STARTED");
    assert_eq!(got["workflowId"], "kyc-demo");
    assert!(got["customerId"]
        .as_str()
        .unwrap()
        .starts_with("bits:customer::"));
    assert!(got["marketId"]
        .as_str()
        .unwrap()
        .starts_with("bits:market::"));
    assert_eq!(got["createdAt"], got["updatedAt"]);
}

#[tokio::test]
async fn applications_need_a_token_with_the_right_scope() {
    let app = sandbox();
    let (status, _) = send(
        &app,
        call("forged", "/v1/applications.create", new_application()),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let read_only = "grant_type=client_credentials&scope=applications%3Aread";
    let (_, body) = send(&app, token_request(Some(BASIC_DEMO), read_only)).await;
    let token = body["access_token"].as_str().unwrap();
    let (status, body) = send(
        &app,
        call(token, "/v1/applications.create", new_application()),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("INSUFFICIENT_SCOPE"))
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = sandbox();
    let token = access_token(&app).await;
    let cases = [
        (
            json!({"countryCode": "SE", "redirectUrl": "https://p.example"}),
            "workflowId",
        ),
        (
            json!({"workflowId": "nope", "countryCode": "SE", "redirectUrl": "https://p.example"}),
            "workflowId",
        ),
        (
            json!({"workflowId": "kyc-demo", "redirectUrl": "https://p.example"}),
            "countryCode",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "se", "redirectUrl": "https://p.example"}),
            "countryCode",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE"}),
            "redirectUrl",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "javascript:alert(1)"}),
            "redirectUrl",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = send(&app, call(&token, "/v1/applications.create", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["code"], "VALIDATION_ERROR");
        assert_eq!(error["field"], field, "{error}");
    }

    let (status, error) = send(
        &app,
        call(
            &token,
            "/v1/applications.get",
            json!({"applicationId": "42"}),
        ),
    )
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("applicationId"))
    );

    let unknown =
        json!({"applicationId": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100"});
    let (status, _) = send(&app, call(&token, "/v1/applications.get", unknown)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let request = Request::post("/onboarding/v1/applications.create")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (status, error) = send(&app, request).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("VALIDATION_ERROR"))
    );
}

#[tokio::test]
async fn control_endpoint_drives_status_and_final_statuses_stay_final() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (_, created) = send(
        &app,
        call(&token, "/v1/applications.create", new_application()),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let set = |status: &str| {
        call(
            &token,
            "/v1/sandbox/applications.setStatus",
            json!({"applicationId": id, "status": status}),
        )
    };

    for status in ["IN_PROGRESS", "MANUAL_REVIEW", "MANUALLY_APPROVED"] {
        let (code, app_now) = send(&app, set(status)).await;
        assert_eq!(code, StatusCode::OK, "{app_now}");
        assert_eq!(app_now["status"], status);
    }
    let (code, error) = send(&app, set("DECLINED")).await;
    assert_eq!(code, StatusCode::CONFLICT, "{error}");
    let (code, error) = send(&app, set("MAYBE")).await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("status"))
    );

    let (_, got) = send(
        &app,
        call(&token, "/v1/applications.get", json!({"applicationId": id})),
    )
    .await;
    assert_eq!(got["status"], "MANUALLY_APPROVED");
}

fn person(first: &str, number: &str, birth: &str) -> Value {
    json!({
        "firstName": first, "lastName": "Testsson", "email": "t@example.com", "phoneNumber": "+46701234567",
        "personalIdentityNumber": {"id": number, "issuingCountry": "SE"}, "dateOfBirth": birth,
        "coordinationNumber": null,
        "address": {"addressLine1": "Drottninggatan 32", "postalCode": "11145", "city": "Stockholm", "country": "SE"}
    })
}

async fn submitted(app: &Router, token: &str, person: Value) -> String {
    let (_, created) = send(
        app,
        call(token, "/v1/applications.create", new_application()),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let submission = json!({
        "applicationId": id, "person": person,
        "documents": [{"id": "doc_1", "name": "passport.png", "type": "PASSPORT", "context": "DOCUMENT_FRONT",
                       "contentType": "image/png", "size": 1337, "createdAt": "2026-11-23T10:00:00Z",
                       "downloadUrl": "https://onboard.example/doc_1", "uploadedBy": "APPLICANT"}],
        "bankAccounts": [{"type": "IBAN", "iban": "SE3550000000054910000003", "bic": "ESSESESS"},
                         {"type": "SWEDEN_DOMESTIC", "clearingNumber": "5491", "accountNumber": "0000003"}]
    });
    let (code, body) = send(
        app,
        call(token, "/v1/applications.submit", submission.clone()),
    )
    .await;
    assert_eq!(
        (code, body["status"].as_str()),
        (StatusCode::OK, Some("IN_PROGRESS")),
        "{body}"
    );
    // A retried submit changes nothing.
    let (code, again) = send(app, call(token, "/v1/applications.submit", submission)).await;
    assert_eq!(
        (code, again["updatedAt"].clone()),
        (StatusCode::OK, body["updatedAt"].clone())
    );
    id
}

async fn decided(app: &Router, token: &str, id: &str) -> String {
    tokio::time::sleep(onboard_sandbox::onboarding::DECISION_DELAY).await;
    let (_, got) = send(
        app,
        call(token, "/v1/applications.get", json!({"applicationId": id})),
    )
    .await;
    got["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_submission_is_screened_and_decided_after_a_delay() {
    let app = sandbox();
    let token = access_token(&app).await;
    let clean = submitted(&app, &token, person("Tolvan", "199001011239", "1990-01-01")).await;
    let sanctioned = submitted(&app, &token, person("Clark", "197803111934", "1978-03-11")).await;
    let pep = submitted(&app, &token, person("Lois", "198207140024", "1982-07-14")).await;
    assert_eq!(decided(&app, &token, &clean).await, "APPROVED");
    assert_eq!(decided(&app, &token, &sanctioned).await, "DECLINED");
    assert_eq!(decided(&app, &token, &pep).await, "MANUAL_REVIEW");

    let read = |path: &str, id: &str| call(&token, path, json!({"applicationId": id}));
    let (_, got) = send(&app, read("/v1/applications.person.get", &sanctioned)).await;
    assert_eq!(got["sanctionHits"][0]["legalBasis"], "terrorist", "{got}");
    let (_, got) = send(&app, read("/v1/applications.person.get", &pep)).await;
    assert_eq!(got["pepHits"][0]["pepCountry"], "SE", "{got}");
    let (_, got) = send(
        &app,
        read("/v1/applications.person.contactDetails.get", &clean),
    )
    .await;
    assert_eq!(
        got,
        json!({"email": "t@example.com", "phoneNumber": "+46701234567"})
    );
    let (_, got) = send(&app, read("/applications.documents.list", &clean)).await;
    assert_eq!(got["data"][0]["uploadedBy"], "APPLICANT");
    let (_, got) = send(&app, read("/v1/applications.bankAccounts.list", &clean)).await;
    assert_eq!(got["data"][1]["type"], "SWEDEN_DOMESTIC");
    // A person's application has no organization.
    let (code, _) = send(&app, read("/v1/applications.organization.get", &clean)).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reads_before_submission_and_bad_submissions_are_refused() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (_, created) = send(
        &app,
        call(&token, "/v1/applications.create", new_application()),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let (code, _) = send(
        &app,
        call(
            &token,
            "/v1/applications.person.get",
            json!({"applicationId": id}),
        ),
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let incomplete = json!({"applicationId": id, "person": person("Tolvan", "199001011239", "1990-01-01"),
                            "bankAccounts": [{"type": "IBAN"}]});
    let (code, body) = send(&app, call(&token, "/v1/applications.submit", incomplete)).await;
    assert_eq!(
        (code, body["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bankAccounts"))
    );
    let (code, _) = send(
        &app,
        call(
            &token,
            "/v1/applications.submit",
            json!({"applicationId": id}),
        ),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn workflows_describe_their_steps() {
    let app = sandbox();
    let token = access_token(&app).await;
    let (code, kyb) = send(
        &app,
        call(
            &token,
            "/v1/workflows.get",
            json!({"workflowId": "kyb-demo"}),
        ),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        kyb,
        json!({"workflowId": "kyb-demo", "subject": "ORGANIZATION",
                           "steps": ["organization", "signing", "organizationContact"], "bankConnection": true})
    );
    let (code, _) = send(
        &app,
        call(&token, "/v1/workflows.get", json!({"workflowId": "nope"})),
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
}
