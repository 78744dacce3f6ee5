//! The AML screening provider's asynchronous sessions, through the router; its webhooks to a
//! small receiver on a loopback port.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine;
use hmac::{Hmac, Mac};
use http_body_util::BodyExt;
use onboard_sandbox::aml::REPORT_SIGNING_KEY;
use onboard_sandbox::{router, AmlTiming, SandboxConfig};
use protocol::identity;
use serde_json::{json, Value};
use sha2::Sha256;
use tower::ServiceExt;

const BASIC_DEMO: &str = "Basic b25ib2FyZC1kZW1vOnNhbmRib3gtc2VjcmV0"; // onboard-demo:sandbox-secret
const HOST: &str = "aml.test";

const CLEAN_SE: &str = "5560360793";
const SANCTIONED: &str = "5566778899";
const FAILING: &str = "5590123450";
const CLEAN_NO: &str = "923609016";
const DUNS: &str = "150483782";

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
    body: Value,
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bytes,
    }
}

fn timing(json_ms: u64, report_ms: u64, lifetime: Duration) -> SandboxConfig {
    SandboxConfig {
        aml_timing: AmlTiming {
            json_delay: Duration::from_millis(json_ms),
            report_delay: Duration::from_millis(report_ms),
            lifetime,
        },
        ..Default::default()
    }
}

fn fast() -> SandboxConfig {
    timing(20, 10, Duration::from_secs(60))
}

async fn token(app: &Router, scope: Option<&str>) -> String {
    let body = match scope {
        Some(scope) => format!(
            "grant_type=client_credentials&scope={}",
            scope.replace('/', "%2F").replace(' ', "+")
        ),
        None => "grant_type=client_credentials".into(),
    };
    let request = Request::post("/aml/oauth2/token")
        .header(header::AUTHORIZATION, BASIC_DEMO)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let reply = send(app, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["access_token"].as_str().unwrap().to_owned()
}

fn api(method: &str, path: &str, token: &str, body: Option<Value>) -> Request<Body> {
    let request = Request::builder()
        .method(method)
        .uri(format!("/aml{path}"))
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

async fn start(app: &Router, token: &str, identifier: &str, expands: Value) -> String {
    let body = json!({"identifier": identifier, "expands": expands, "webhooks": ["JsonDataReady", "ReportReady", "AllDone", "Failed"]});
    let reply = send(app, api("POST", "/v1/sessions", token, Some(body))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["status"], "IN_PROGRESS");
    let id = reply.body["sessionId"].as_str().unwrap().to_owned();
    assert_eq!(
        reply.body["links"]["self"],
        format!("http://{HOST}/aml/v1/sessions/{id}")
    );
    assert_eq!(
        reply.body["links"]["result"],
        format!("http://{HOST}/aml/v1/sessions/{id}/result")
    );
    id
}

async fn status(app: &Router, token: &str, id: &str) -> Value {
    let reply = send(app, api("GET", &format!("/v1/sessions/{id}"), token, None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

/// Polls until the session leaves IN_PROGRESS.
async fn settle(app: &Router, token: &str, id: &str) -> Value {
    for _ in 0..200 {
        let body = status(app, token, id).await;
        if body["status"] != "IN_PROGRESS" {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("session {id} never settled");
}

async fn result(app: &Router, token: &str, identifier: &str, expands: Value) -> Value {
    let id = start(app, token, identifier, expands).await;
    assert_eq!(settle(app, token, &id).await["status"], "DONE");
    let reply = send(
        app,
        api("GET", &format!("/v1/sessions/{id}/result"), token, None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn the_sanction_expand_needs_the_ofac_scope() {
    let app = router(fast());
    let basic = token(&app, Some("aml_organization/basic")).await;
    let body = json!({"identifier": CLEAN_SE, "expands": ["address", "sanction"]});
    let refused = send(
        &app,
        api("POST", "/v1/sessions", &basic, Some(body.clone())),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["code"], "INSUFFICIENT_SCOPE");
    start(&app, &basic, CLEAN_SE, json!(["address"])).await;

    let both = token(&app, Some("aml_organization/basic aml_organization/OFAC")).await;
    let accepted = send(&app, api("POST", "/v1/sessions", &both, Some(body.clone()))).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);

    let ofac_only = token(&app, Some("aml_organization/OFAC")).await;
    let no_basic = send(
        &app,
        api("POST", "/v1/sessions", &ofac_only, Some(body.clone())),
    )
    .await;
    assert_eq!(no_basic.status, StatusCode::FORBIDDEN);
    let anonymous = send(&app, api("POST", "/v1/sessions", "nope", Some(body))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn identifiers_expands_and_webhooks_are_validated() {
    let app = router(fast());
    let token = token(&app, None).await;
    let cases = [
        ("identifier", json!({"identifier": "5560360794"})),
        ("identifier", json!({"identifier": "12345"})),
        ("identifier", json!({"identifier": "55603607AB"})),
        ("identifier", json!({"expands": []})),
        (
            "expands",
            json!({"identifier": CLEAN_SE, "expands": ["ownership"]}),
        ),
        (
            "webhooks",
            json!({"identifier": CLEAN_SE, "webhooks": ["Done"]}),
        ),
    ];
    for (field, body) in cases {
        let reply = send(
            &app,
            api("POST", "/v1/sessions", &token, Some(body.clone())),
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.body["field"], field, "{body}: {}", reply.body);
    }
    for written in ["556036-0793", "923 609 016", "15-048-3782", "5561234567"] {
        start(&app, &token, written, json!([])).await;
    }
    let unknown = send(
        &app,
        api("GET", "/v1/sessions/no-such-session", &token, None),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_session_goes_from_pending_to_ready_entity_by_entity() {
    let app = router(timing(150, 150, Duration::from_secs(60)));
    let token = token(&app, None).await;
    let started = Instant::now();
    let id = start(
        &app,
        &token,
        CLEAN_SE,
        json!([
            "links.reports.aml",
            "links.reports.certificate_of_incorporation"
        ]),
    )
    .await;
    let first = status(&app, &token, &id).await;
    assert_eq!(first["status"], "IN_PROGRESS");
    assert_eq!(first["entities"]["jsonData"]["status"], "PENDING");
    assert!(first["entities"]["jsonData"].get("readyAt").is_none());
    assert_eq!(first["entities"]["aml"]["status"], "PENDING");
    assert_eq!(
        first["entities"]["certificate_of_incorporation"]["status"],
        "PENDING"
    );
    let early = send(
        &app,
        api("GET", &format!("/v1/sessions/{id}/result"), &token, None),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);

    tokio::time::sleep(Duration::from_millis(200).saturating_sub(started.elapsed())).await;
    let middle = status(&app, &token, &id).await;
    if started.elapsed() < Duration::from_millis(290) {
        assert_eq!(
            middle["entities"]["jsonData"]["status"], "READY",
            "{middle}"
        );
        assert_eq!(middle["entities"]["aml"]["status"], "PENDING", "{middle}");
        assert_eq!(middle["status"], "IN_PROGRESS");
    }

    let done = settle(&app, &token, &id).await;
    assert_eq!(done["status"], "DONE");
    assert!(started.elapsed() >= Duration::from_millis(450));
    for entity in ["jsonData", "aml", "certificate_of_incorporation"] {
        let entity = &done["entities"][entity];
        assert_eq!(entity["status"], "READY");
        assert!(entity["readyAt"].as_str().unwrap() < entity["expiresAt"].as_str().unwrap());
        assert!(entity["href"]
            .as_str()
            .unwrap()
            .starts_with(&format!("http://{HOST}/aml/v1/sessions/{id}")));
    }
    assert_eq!(done["identifier"], CLEAN_SE);
}

#[tokio::test]
async fn the_result_has_exactly_the_requested_expands() {
    let app = router(fast());
    let token = token(&app, None).await;
    let minimal = result(&app, &token, CLEAN_SE, json!([])).await;
    assert_eq!(keys(&minimal), ["keyInformation"]);
    let key = &minimal["keyInformation"];
    assert_eq!(key["name"], "Nordvik Industri AB");
    assert_eq!(key["organizationNumber"], CLEAN_SE);
    assert_eq!(key["lei"].as_str().unwrap().len(), 20);
    assert_eq!(key["country"], "SE");

    let some = result(
        &app,
        &token,
        CLEAN_SE,
        json!(["address", "ownership.beneficials", "officialRoles"]),
    )
    .await;
    assert_eq!(
        keys(&some),
        ["address", "keyInformation", "officialRoles", "ownership"]
    );
    assert_eq!(keys(&some["ownership"]), ["beneficials"]);
    assert_eq!(keys(&some["address"]), ["postal", "registered", "visiting"]);
}

#[tokio::test]
async fn every_test_organization_is_complete_and_its_people_are_valid() {
    let app = router(fast());
    let token = token(&app, None).await;
    let all = json!([
        "address",
        "financials",
        "ownership.beneficials",
        "ownership.subsidiaries",
        "ownership.shareholders",
        "ownership.indicators",
        "authorities",
        "officialRoles",
        "sanction",
        "links.reports.aml",
        "links.reports.certificate_of_incorporation"
    ]);
    for identifier in [
        CLEAN_SE,
        SANCTIONED,
        CLEAN_NO,
        DUNS,
        "5561234567",
        "987654325",
        "123456789",
    ] {
        let data = result(&app, &token, identifier, all.clone()).await;
        assert_eq!(
            keys(&data),
            [
                "address",
                "authorities",
                "financials",
                "keyInformation",
                "links",
                "officialRoles",
                "ownership",
                "sanction"
            ]
        );
        let beneficials = data["ownership"]["beneficials"].as_array().unwrap();
        assert!((2..=3).contains(&beneficials.len()), "{identifier}");
        assert!(beneficials
            .iter()
            .all(|b| b["ownerShare"].as_f64().unwrap() > 0.0 && b["dateOfBirth"].is_string()));
        let shares: f64 = data["ownership"]["shareholders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["percentage"].as_f64().unwrap())
            .sum();
        assert!((shares - 100.0).abs() < 0.001, "{identifier}: {shares}");
        let roles = data["officialRoles"].as_array().unwrap();
        for wanted in ["CEO", "CHAIRMAN", "BOARD_MEMBER"] {
            assert!(
                roles.iter().any(|r| r["role"] == wanted),
                "{identifier}: {wanted}"
            );
        }
        for pin in roles
            .iter()
            .filter_map(|r| r["personalIdentityNumber"].as_str())
        {
            let valid = match pin.len() {
                12 => identity::swedish_personnummer(pin, 2026).is_ok(),
                11 => identity::norwegian_fodselsnummer(pin).is_ok(),
                _ => false,
            };
            assert!(valid, "{identifier}: {pin}");
        }
        let rights = data["authorities"]["signatureRights"].as_array().unwrap();
        assert!(rights.len() >= 2, "{identifier}");
        let combinations: usize = rights
            .iter()
            .map(|r| r["combinations"].as_array().unwrap().len())
            .sum();
        assert!(combinations >= 2, "{identifier}");
        let accounting = data["financials"]["accounting"].as_array().unwrap();
        assert_eq!(accounting.len(), 3);
        assert!(accounting
            .iter()
            .all(|a| a["turnover"].is_i64() && a["equity"].is_i64()));
        assert!(data["financials"]["keyFigures"]["shareCapital"].is_i64());
        assert!(data["links"]["reports"]["aml"]
            .as_str()
            .unwrap()
            .ends_with("/reports/aml"));
        assert!(data["address"]["visiting"]["city"].is_string());
    }
}

#[tokio::test]
async fn the_sanctioned_organization_hits_and_the_clean_ones_do_not() {
    let app = router(fast());
    let token = token(&app, None).await;
    let hit = result(&app, &token, SANCTIONED, json!(["sanction"])).await;
    let sanction = &hit["sanction"];
    assert_eq!(sanction["status"], "HIT");
    assert_eq!(sanction["source"], "OFAC SDN");
    assert!(sanction["aliasList"].as_array().unwrap().len() >= 2);
    assert!(sanction["matchIndicator"].as_u64().unwrap() > 50);
    for clean in [CLEAN_SE, CLEAN_NO, DUNS] {
        let data = result(&app, &token, clean, json!(["sanction"])).await;
        assert_eq!(data["sanction"]["status"], "NO_HIT", "{clean}");
        assert!(data["sanction"]["message"].is_string());
    }
}

#[tokio::test]
async fn the_failing_organization_ends_failed() {
    let app = router(fast());
    let token = token(&app, None).await;
    let id = start(&app, &token, FAILING, json!(["links.reports.aml"])).await;
    let failed = settle(&app, &token, &id).await;
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(failed["entities"]["jsonData"]["status"], "FAILED");
    assert_eq!(failed["entities"]["aml"]["status"], "FAILED");
    assert!(failed["failure"]["message"].is_string());
    let reply = send(
        &app,
        api("GET", &format!("/v1/sessions/{id}/result"), &token, None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn reports_are_signed_pdfs_and_only_when_requested() {
    let app = router(fast());
    let token = token(&app, None).await;
    let id = start(&app, &token, CLEAN_NO, json!(["links.reports.aml"])).await;
    settle(&app, &token, &id).await;
    let pdf = send(
        &app,
        api(
            "GET",
            &format!("/v1/sessions/{id}/reports/aml"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.bytes.ends_with(b"%%EOF\n"));
    assert!(pdf.bytes.windows(9).any(|w| w == b"Fjordlys "));
    let mut mac = Hmac::<Sha256>::new_from_slice(REPORT_SIGNING_KEY).unwrap();
    mac.update(&pdf.bytes);
    let signature = base64::engine::general_purpose::STANDARD
        .decode(pdf.headers["x-signature"].as_bytes())
        .unwrap();
    mac.verify_slice(&signature)
        .expect("the report's signature holds");

    let other = send(
        &app,
        api(
            "GET",
            &format!("/v1/sessions/{id}/reports/certificate_of_incorporation"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let unknown = send(
        &app,
        api(
            "GET",
            &format!("/v1/sessions/{id}/reports/annual"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn results_expire_after_their_lifetime() {
    let app = router(timing(20, 10, Duration::from_millis(150)));
    let token = token(&app, None).await;
    let id = start(&app, &token, CLEAN_SE, json!(["links.reports.aml"])).await;
    assert_eq!(settle(&app, &token, &id).await["status"], "DONE");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let expired = status(&app, &token, &id).await;
    assert_eq!(expired["status"], "EXPIRED");
    assert_eq!(expired["entities"]["jsonData"]["status"], "EXPIRED");
    assert!(expired["entities"]["jsonData"]["expiresAt"].is_string());
    let gone = send(
        &app,
        api("GET", &format!("/v1/sessions/{id}/result"), &token, None),
    )
    .await;
    assert_eq!(gone.status, StatusCode::GONE);
    let report = send(
        &app,
        api(
            "GET",
            &format!("/v1/sessions/{id}/reports/aml"),
            &token,
            None,
        ),
    )
    .await;
    assert_eq!(report.status, StatusCode::GONE);
}

#[derive(Default)]
struct Receiver {
    /// Every request: webhook-id, webhook-timestamp, webhook-signature, body.
    seen: Vec<(String, String, String, String)>,
    refuse_first: bool,
}

/// A webhook receiver on a loopback port; refuses the first delivery with 500 when asked.
async fn receiver(refuse_first: bool) -> (url::Url, Arc<Mutex<Receiver>>) {
    let state = Arc::new(Mutex::new(Receiver {
        refuse_first,
        ..Default::default()
    }));
    let shared = state.clone();
    let app = Router::new().route(
        "/hooks/aml",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let state = shared.clone();
            async move {
                let text = |name: &str| {
                    headers
                        .get(name)
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default()
                };
                let mut state = state.lock().unwrap();
                state.seen.push((
                    text("webhook-id"),
                    text("webhook-timestamp"),
                    text("webhook-signature"),
                    body,
                ));
                if state.refuse_first && state.seen.len() == 1 {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/aml", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, state)
}

const SECRET_KEY: &[u8] = b"a webhook secret for the tests";

fn webhook_config(url: url::Url) -> SandboxConfig {
    SandboxConfig {
        aml_webhook_url: Some(url),
        webhook_secret: Some(format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(SECRET_KEY)
        )),
        ..fast()
    }
}

/// Waits until the receiver holds `count` requests.
async fn wait_for(
    state: &Arc<Mutex<Receiver>>,
    count: usize,
) -> Vec<(String, String, String, String)> {
    for _ in 0..500 {
        let seen = state.lock().unwrap().seen.clone();
        if seen.len() >= count {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("only {:?}", state.lock().unwrap().seen);
}

fn verify((id, timestamp, signature, body): &(String, String, String, String)) -> Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - timestamp.parse::<i64>().unwrap()).abs() < 60);
    assert!(id.starts_with("msg_"));
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET_KEY).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    assert_eq!(signature, &expected, "signature of {body}");
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn webhooks_are_signed_and_retried_until_accepted() {
    let (url, state) = receiver(true).await;
    let app = router(webhook_config(url));
    let token = token(&app, None).await;
    let id = start(
        &app,
        &token,
        CLEAN_SE,
        json!([
            "links.reports.aml",
            "links.reports.certificate_of_incorporation"
        ]),
    )
    .await;
    // JsonDataReady (refused once, then again), two ReportReady, AllDone.
    let seen = wait_for(&state, 5).await;
    let bodies: Vec<Value> = seen.iter().map(verify).collect();
    assert!(bodies
        .iter()
        .all(|b| b["sessionId"] == id.as_str() && b["timestamp"].is_string()));
    let first = &seen[0];
    assert_eq!(bodies[0]["event"], "JsonDataReady");
    assert_eq!(bodies[0]["entity"], "jsonData");
    let retries: Vec<_> = seen.iter().filter(|s| s.0 == first.0).collect();
    assert_eq!(
        retries.len(),
        2,
        "the refused notification came again with the same id"
    );
    let mut events: Vec<String> = bodies
        .iter()
        .map(|b| {
            format!(
                "{}:{}",
                b["event"].as_str().unwrap(),
                b["entity"].as_str().unwrap_or("-")
            )
        })
        .collect();
    events.sort();
    events.dedup();
    assert_eq!(
        events,
        [
            "AllDone:-",
            "JsonDataReady:jsonData",
            "ReportReady:aml",
            "ReportReady:certificate_of_incorporation"
        ]
    );
    let ids: std::collections::HashSet<&str> = seen.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids.len(), 4, "one id per notification");
}

#[tokio::test]
async fn a_failing_session_sends_failed_and_only_the_asked_for_webhooks_are_sent() {
    let (url, state) = receiver(false).await;
    let app = router(webhook_config(url));
    let token = token(&app, None).await;
    let id = start(&app, &token, FAILING, json!([])).await;
    let seen = wait_for(&state, 1).await;
    let body = verify(&seen[0]);
    assert_eq!(
        (body["event"].as_str(), body["sessionId"].as_str()),
        (Some("Failed"), Some(id.as_str()))
    );

    let only_done =
        json!({"identifier": CLEAN_NO, "expands": ["links.reports.aml"], "webhooks": ["AllDone"]});
    let created = send(&app, api("POST", "/v1/sessions", &token, Some(only_done))).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let seen = wait_for(&state, 2).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(state.lock().unwrap().seen.len(), 2);
    assert_eq!(verify(&seen[1])["event"], "AllDone");
}
