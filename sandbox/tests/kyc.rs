//! The bank's KYC records (OBP v3.1.0 / v2.0.0), through the router.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use onboard_sandbox::kyc::SANDBOX_BANK_ID;
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

/// A token with `scope` (space-separated OBP roles), or every role when empty.
async fn token(app: &Router, scope: &str) -> String {
    let form = if scope.is_empty() {
        "grant_type=client_credentials".to_owned()
    } else {
        format!(
            "grant_type=client_credentials&scope={}",
            scope.replace(' ', "+")
        )
    };
    let request = Request::post("/kyc/oauth2/token")
        .header(header::AUTHORIZATION, BASIC_DEMO)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, body) = send(app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

fn call(method: &str, token: Option<&str>, path: &str, body: Option<String>) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("/kyc/obp/{path}"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

async fn api(
    app: &Router,
    method: &str,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    send(
        app,
        call(method, Some(token), path, body.map(|b| b.to_string())),
    )
    .await
}

fn customers() -> String {
    format!("v3.1.0/banks/{SANDBOX_BANK_ID}/customers")
}

fn kyc(customer_id: &str) -> String {
    format!("v2.0.0/banks/{SANDBOX_BANK_ID}/customers/{customer_id}")
}

fn new_customer(number: &str) -> Value {
    json!({
        "customer_number": number,
        "legal_name": "Anna Andersson",
        "mobile_phone_number": "+46701234567",
        "email": "anna@example.se",
        "date_of_birth": "1990-01-31T00:00:00Z",
        "title": "Ms",
        "branch_id": "sthlm-1"
    })
}

/// Creates a customer; returns its customer_id.
async fn customer(app: &Router, token: &str, number: &str) -> String {
    let (status, body) = api(app, "POST", token, &customers(), Some(new_customer(number))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["customer_id"].as_str().unwrap().to_owned()
}

fn assert_obp(reply: (StatusCode, Value), status: StatusCode, message: &str) {
    assert_eq!(reply.0, status, "{}", reply.1);
    assert_eq!(
        reply.1,
        json!({"code": status.as_u16(), "message": message})
    );
}

#[tokio::test]
async fn customers_are_created_once_per_number_and_found_by_number() {
    let app = sandbox();
    let token = token(&app, "").await;
    let (status, created) = api(
        &app,
        "POST",
        &token,
        &customers(),
        Some(new_customer("SE-1001")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["bank_id"], SANDBOX_BANK_ID);
    assert_eq!(created["legal_name"], "Anna Andersson");
    assert_eq!(created["kyc_status"], false);
    assert_eq!(
        created["branchId"], "sthlm-1",
        "OBP answers branchId in camelCase"
    );

    let mut again = new_customer("SE-1001");
    again["legal_name"] = json!("Someone Else");
    let (status, existing) = api(&app, "POST", &token, &customers(), Some(again)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        existing, created,
        "the same number answers the existing customer"
    );

    let path = format!("{}/customer-number", customers());
    let (status, found) = api(
        &app,
        "POST",
        &token,
        &path,
        Some(json!({"customer_number": "SE-1001"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found, created);
    assert_obp(
        api(
            &app,
            "POST",
            &token,
            &path,
            Some(json!({"customer_number": "SE-9999"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "OBP-30008: User Customer Link not found by USER_ID",
    );
}

#[tokio::test]
async fn addresses_are_added_listed_and_deleted() {
    let app = sandbox();
    let token = token(&app, "").await;
    let id = customer(&app, &token, "SE-2001").await;
    let address = json!({
        "line_1": "Storgatan 1", "line_2": "", "line_3": "", "city": "Stockholm", "county": "",
        "state": "", "postcode": "111 22", "country_code": "SE", "tags": ["home"], "status": "OK"
    });
    let (status, home) = api(
        &app,
        "POST",
        &token,
        &format!("{}/{id}/address", customers()),
        Some(address.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{home}");
    assert_eq!(home["customer_id"], id.as_str());
    assert!(home["insert_date"].as_str().unwrap().ends_with('Z'));
    let mut mailing = address.clone();
    mailing["line_1"] = json!("Box 42");
    mailing["tags"] = json!(["mailing"]);
    let (_, mailing) = api(
        &app,
        "POST",
        &token,
        &format!("{}/{id}/address", customers()),
        Some(mailing),
    )
    .await;

    let list = format!("{}/{id}/addresses", customers());
    let (status, listed) = api(&app, "GET", &token, &list, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["addresses"], json!([home, mailing]));

    let one = format!(
        "{}/{id}/addresses/{}",
        customers(),
        home["customer_address_id"].as_str().unwrap()
    );
    let (status, deleted) = api(&app, "DELETE", &token, &one, None).await;
    assert_eq!(
        (status, deleted),
        (StatusCode::OK, json!({"jsonString": "{}"}))
    );
    let (_, listed) = api(&app, "GET", &token, &list, None).await;
    assert_eq!(listed["addresses"], json!([mailing]));
    assert_obp(
        api(&app, "DELETE", &token, &one, None).await,
        StatusCode::NOT_FOUND,
        "OBP-30310: Customer's Address not found by CUSTOMER_ADDRESS_ID.",
    );

    let mut bad = address;
    bad["country_code"] = json!("Sweden");
    let (status, body) = api(
        &app,
        "POST",
        &token,
        &format!("{}/{id}/address", customers()),
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("OBP-10001: Incorrect json format.")
            && message.contains("country_code"),
        "{message}"
    );
}

#[tokio::test]
async fn tax_residences_are_added_listed_and_deleted() {
    let app = sandbox();
    let token = token(&app, "").await;
    let id = customer(&app, &token, "SE-3001").await;
    let add = format!("{}/{id}/tax-residence", customers());
    let (status, first) = api(
        &app,
        "POST",
        &token,
        &add,
        Some(json!({"domain": "SE", "tax_number": "199001311234"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["tax_residence"].as_array().unwrap().len(), 1);
    let (_, both) = api(
        &app,
        "POST",
        &token,
        &add,
        Some(json!({"domain": "NO", "tax_number": "31019012345"})),
    )
    .await;
    let residences = both["tax_residence"].as_array().unwrap().clone();
    assert_eq!(residences.len(), 2);
    assert_eq!(residences[1]["domain"], "NO");

    let list = format!("{}/{id}/tax-residences", customers());
    let (status, listed) = api(&app, "GET", &token, &list, None).await;
    assert_eq!((status, &listed), (StatusCode::OK, &both));

    let one = format!(
        "{}/{id}/tax_residencies/{}",
        customers(),
        residences[0]["tax_residence_id"].as_str().unwrap()
    );
    let (status, deleted) = api(&app, "DELETE", &token, &one, None).await;
    assert_eq!(
        (status, deleted),
        (StatusCode::OK, json!({"jsonString": "{}"}))
    );
    let (_, listed) = api(&app, "GET", &token, &list, None).await;
    assert_eq!(listed["tax_residence"], json!([residences[1]]));
    assert_obp(
        api(&app, "DELETE", &token, &one, None).await,
        StatusCode::NOT_FOUND,
        "OBP-30300: Tax Residence not found by TAX_RESIDENCE_ID.",
    );
}

#[tokio::test]
async fn kyc_documents_media_and_checks_are_put_by_id_and_read_back() {
    let app = sandbox();
    let token = token(&app, "").await;
    let id = customer(&app, &token, "SE-4001").await;
    let document = json!({
        "customer_number": "SE-4001", "type": "passport", "number": "AA1234567",
        "issue_date": "2020-03-01T00:00:00Z", "issue_place": "Stockholm", "expiry_date": "2030-03-01T00:00:00Z"
    });
    let path = format!("{}/kyc_documents/doc-1", kyc(&id));
    let (status, first) = api(&app, "PUT", &token, &path, Some(document.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        (&first["id"], &first["type"], &first["bank_id"]),
        (&json!("doc-1"), &json!("passport"), &json!(SANDBOX_BANK_ID))
    );
    let mut renewed = document;
    renewed["number"] = json!("AA7654321");
    let (status, second) = api(&app, "PUT", &token, &path, Some(renewed)).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let (status, documents) = api(
        &app,
        "GET",
        &token,
        &format!("v2.0.0/customers/{id}/kyc_documents"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        documents["documents"],
        json!([second]),
        "the same id twice is one document, the latest"
    );

    let media = json!({
        "customer_number": "SE-4001", "type": "passport_scan", "url": "https://files.example/scan-1.jpg",
        "date": "2024-05-01T10:00:00Z", "relates_to_kyc_document_id": "doc-1", "relates_to_kyc_check_id": ""
    });
    let (status, stored) = api(
        &app,
        "PUT",
        &token,
        &format!("{}/kyc_media/media-1", kyc(&id)),
        Some(media),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let (_, medias) = api(
        &app,
        "GET",
        &token,
        &format!("v2.0.0/customers/{id}/kyc_media"),
        None,
    )
    .await;
    assert_eq!(medias["medias"], json!([stored]));

    let check = json!({
        "customer_number": "SE-4001", "date": "2024-05-02T09:00:00Z", "how": "video call",
        "staff_user_id": "staff-7", "staff_name": "Kim", "satisfied": true, "comments": "matches passport"
    });
    let (status, stored) = api(
        &app,
        "PUT",
        &token,
        &format!("{}/kyc_check/check-1", kyc(&id)),
        Some(check),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["satisfied"], true);
    let (_, checks) = api(
        &app,
        "GET",
        &token,
        &format!("v2.0.0/customers/{id}/kyc_checks"),
        None,
    )
    .await;
    assert_eq!(checks["checks"], json!([stored]));
}

#[tokio::test]
async fn kyc_statuses_form_a_timeline_without_duplicates() {
    let app = sandbox();
    let token = token(&app, "").await;
    let id = customer(&app, &token, "SE-5001").await;
    let path = format!("{}/kyc_statuses", kyc(&id));
    let later = json!({"customer_number": "SE-5001", "ok": true, "date": "2024-05-03T00:00:00Z"});
    let earlier =
        json!({"customer_number": "SE-5001", "ok": false, "date": "2024-05-01T00:00:00Z"});
    let (status, body) = api(&app, "PUT", &token, &path, Some(later.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["customer_id"], id.as_str());
    assert_eq!(
        api(&app, "PUT", &token, &path, Some(earlier)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        api(&app, "PUT", &token, &path, Some(later)).await.0,
        StatusCode::OK,
        "the same point again"
    );

    let (status, timeline) = api(
        &app,
        "GET",
        &token,
        &format!("v2.0.0/customers/{id}/kyc_statuses"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let points: Vec<(bool, &str)> = timeline["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["ok"].as_bool().unwrap(), s["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        points,
        [
            (false, "2024-05-01T00:00:00Z"),
            (true, "2024-05-03T00:00:00Z")
        ]
    );

    let lookup = format!("{}/customer-number", customers());
    let (_, customer) = api(
        &app,
        "POST",
        &token,
        &lookup,
        Some(json!({"customer_number": "SE-5001"})),
    )
    .await;
    assert_eq!(
        (&customer["kyc_status"], &customer["last_ok_date"]),
        (&json!(true), &json!("2024-05-03T00:00:00Z"))
    );
}

#[tokio::test]
async fn no_or_unknown_bearer_is_not_logged_in() {
    let app = sandbox();
    let message = "OBP-20001: User not logged in. Authentication is required!";
    let reply = send(
        &app,
        call(
            "POST",
            None,
            &customers(),
            Some(new_customer("X").to_string()),
        ),
    )
    .await;
    assert_obp(reply, StatusCode::UNAUTHORIZED, message);
    let reply = send(
        &app,
        call(
            "GET",
            Some("forged"),
            "v2.0.0/customers/c/kyc_statuses",
            None,
        ),
    )
    .await;
    assert_obp(reply, StatusCode::UNAUTHORIZED, message);
}

#[tokio::test]
async fn a_token_without_the_role_is_missing_it() {
    let app = sandbox();
    let token = token(&app, "CanCreateCustomer CanGetTaxResidence").await;
    let id = customer(&app, &token, "SE-6001").await;
    let add = format!("{}/{id}/tax-residence", customers());
    assert_obp(
        api(
            &app,
            "POST",
            &token,
            &add,
            Some(json!({"domain": "SE", "tax_number": "1"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "OBP-20006: User is missing one or more roles: CanCreateTaxResidence",
    );
    let (status, _) = api(
        &app,
        "GET",
        &token,
        &format!("{}/{id}/tax-residences", customers()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn bad_json_is_incorrect_json_format() {
    let app = sandbox();
    let token = token(&app, "").await;
    let id = customer(&app, &token, "SE-7001").await;
    let add = format!("{}/{id}/tax-residence", customers());
    let reply = send(
        &app,
        call("POST", Some(&token), &add, Some("{not json".into())),
    )
    .await;
    assert_obp(
        reply,
        StatusCode::BAD_REQUEST,
        "OBP-10001: Incorrect json format.",
    );

    let (status, body) = api(&app, "POST", &token, &add, Some(json!({"domain": "SE"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"].as_str().unwrap().contains("tax_number"),
        "{body}"
    );

    let mut blank = new_customer("SE-7002");
    blank["legal_name"] = json!(" ");
    let (status, body) = api(&app, "POST", &token, &customers(), Some(blank)).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::BAD_REQUEST,
            "OBP-10001: Incorrect json format. legal_name is required."
        )
    );

    let document = json!({
        "customer_number": "SE-7001", "type": "passport", "number": "AA1",
        "issue_date": "2020-03-01", "issue_place": "", "expiry_date": "2030-03-01T00:00:00Z"
    });
    let (status, body) = api(
        &app,
        "PUT",
        &token,
        &format!("{}/kyc_documents/d", kyc(&id)),
        Some(document),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"].as_str().unwrap().contains("issue_date"),
        "{body}"
    );
}

#[tokio::test]
async fn unknown_customers_and_banks_are_not_found() {
    let app = sandbox();
    let token = token(&app, "").await;
    let message = "OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.";
    assert_obp(
        api(
            &app,
            "GET",
            &token,
            "v2.0.0/customers/nobody/kyc_documents",
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        message,
    );
    assert_obp(
        api(
            &app,
            "GET",
            &token,
            &format!("{}/nobody/addresses", customers()),
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        message,
    );
    let status = json!({"customer_number": "N", "ok": true, "date": "2024-05-03T00:00:00Z"});
    assert_obp(
        api(
            &app,
            "PUT",
            &token,
            &format!("{}/kyc_statuses", kyc("nobody")),
            Some(status),
        )
        .await,
        StatusCode::NOT_FOUND,
        message,
    );

    assert_obp(
        api(
            &app,
            "POST",
            &token,
            "v3.1.0/banks/other.bank/customers",
            Some(new_customer("N")),
        )
        .await,
        StatusCode::NOT_FOUND,
        "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.",
    );
    let (status, body) = api(
        &app,
        "POST",
        &token,
        "v3.1.0/banks/bad%20bank/customers",
        Some(new_customer("N")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("OBP-30111: Invalid Bank Id."),
        "{body}"
    );
}
