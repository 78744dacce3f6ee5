//! `GET /api/v1/openapi.json`: the document parses, names every operation of the router under
//! `/api/v1` (and no other), and every reference in it resolves; the error shape and both
//! credentials are in it.

mod support;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use support::{harness, Harness};

/// Every operation the router answers under `/api/v1`, and the providers' webhook.
const OPERATIONS: &[(&str, &str)] = &[
    ("post", "/api/v1/sessions"),
    ("get", "/api/v1/applications/{id}"),
    ("post", "/api/v1/applications/{id}/sessions"),
    ("delete", "/api/v1/applications/{id}/sessions"),
    ("get", "/api/v1/documents/{id}"),
    ("post", "/api/v1/session/claim"),
    ("get", "/api/v1/session"),
    ("get", "/api/v1/session/status"),
    ("get", "/api/v1/session/events"),
    ("post", "/api/v1/session/handoff"),
    ("get", "/api/v1/banks"),
    ("post", "/api/v1/consents"),
    ("get", "/api/v1/consents/{consent_id}"),
    ("delete", "/api/v1/consents/{consent_id}"),
    ("post", "/api/v1/consents/{consent_id}/confirm"),
    ("get", "/api/v1/consents/{consent_id}/accounts"),
    (
        "get",
        "/api/v1/consents/{consent_id}/accounts/{account_id}/balances",
    ),
    (
        "get",
        "/api/v1/consents/{consent_id}/accounts/{account_id}/transactions",
    ),
    (
        "get",
        "/api/v1/consents/{consent_id}/accounts/{account_id}/transactions/download",
    ),
    ("get", "/api/v1/account"),
    ("get", "/api/v1/account/operations"),
    ("get", "/api/v1/account/operations/{operation_id}"),
    ("get", "/api/v1/onboarding"),
    ("put", "/api/v1/onboarding/answers/{step}"),
    ("put", "/api/v1/onboarding/drafts/{step}"),
    ("post", "/api/v1/onboarding/documents"),
    ("post", "/api/v1/onboarding/screening"),
    ("get", "/api/v1/onboarding/screening"),
    ("post", "/api/v1/onboarding/submit"),
    ("get", "/api/v1/onboarding/results"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/webhooks/{provider}"),
];

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

async fn document(h: &Harness) -> Value {
    let (status, _, document) = h
        .send(
            Request::get("/api/v1/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    document
}

fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(|method| ((*method).to_owned(), path.clone()))
        })
        .collect()
}

fn operation_ids(document: &Value) -> Vec<&str> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .values()
        .flat_map(|item| {
            METHODS
                .iter()
                .filter_map(|m| item.get(*m)?["operationId"].as_str())
        })
        .collect()
}

/// The path with every `{parameter}` filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "x"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What the router answers `method path` with, credentials left out.
async fn answer(h: &Harness, method: &str, path: &str) -> (StatusCode, Value) {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let request = Request::builder()
        .method(method)
        .uri(concrete(path))
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = h.send(request).await;
    (status, body)
}

#[tokio::test]
async fn the_document_names_every_operation_of_the_router() {
    let h = harness().await;
    let document = document(&h).await;
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        document["openapi"]
    );

    let ids: Vec<&str> = operation_ids(&document);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        OPERATIONS.len(),
        "operation ids are unique: {ids:?}"
    );

    let expected: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(operations(&document), expected);

    // The router agrees, both ways: each documented operation is routed, and each other method
    // on a documented path is refused as not allowed.
    let paths: BTreeSet<&str> = OPERATIONS.iter().map(|(_, path)| *path).collect();
    for path in paths {
        for method in METHODS {
            let (status, body) = answer(&h, method, path).await;
            if expected.contains(&(method.to_owned(), path.to_owned())) {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_ne!(
                    body["error"]["message"], "route not found",
                    "{method} {path}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is routed but not documented"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_error_shape_and_both_credentials_are_described_and_every_reference_resolves() {
    let h = harness().await;
    let document = document(&h).await;
    let components = &document["components"];
    let error = &components["schemas"]["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["error"]), "{error}");
    assert!(components["schemas"]["ApiError"]["properties"]["code"].is_object());
    assert!(components["schemas"]["PartnerNotification"].is_object());
    // The schemas follow serde's renames, down to the fields of an internally tagged enum.
    let events = components["schemas"]["SessionEvent"].to_string();
    assert!(
        events.contains("\"consentId\"") && !events.contains("consent_id"),
        "{events}"
    );
    for kind in ["handoff", "answersChanged"] {
        assert!(
            events.contains(&format!("\"{kind}\"")),
            "{kind} in {events}"
        );
    }
    let handoff = &components["schemas"]["HandoffCreated"];
    assert_eq!(
        handoff["required"],
        serde_json::json!(["url", "qrSvg", "expiresAt"]),
        "{handoff}"
    );
    for scheme in ["partner_key", "session_token"] {
        assert_eq!(
            components["securitySchemes"][scheme]["scheme"], "bearer",
            "{scheme}"
        );
    }
    let partner_read = &document["paths"]["/api/v1/applications/{id}"]["get"];
    assert_eq!(
        partner_read["security"][0]["partner_key"],
        serde_json::json!([])
    );
    assert_eq!(
        partner_read["responses"]["401"]["$ref"],
        "#/components/responses/Unauthorized"
    );

    let mut references = Vec::new();
    collect_references(&document, &mut references);
    assert!(references.len() > 50, "{}", references.len());
    for reference in references {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external reference {reference}"));
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
}

/// An enum's values in the document are its wire names, as the API writes them, for every
/// enum that declares its names once (`protocol::wire_enum!`).
#[tokio::test]
async fn enums_are_described_by_their_wire_names() {
    use protocol::api::banking::{BankDisplay, ConsentStatus, Permission};
    use protocol::api::events::HandoffState;
    use protocol::onboarding::{DocumentType, Step};
    use protocol::ApplicationStatus;

    let h = harness().await;
    let document = document(&h).await;
    let schemas = &document["components"]["schemas"];
    let described = |name: &str| -> Vec<String> {
        let values = schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has no enum in {}", schemas[name]));
        values
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let wire = |names: &[&str]| -> Vec<String> { names.iter().map(|n| n.to_string()).collect() };
    assert_eq!(
        described("ApplicationStatus"),
        wire(&ApplicationStatus::ALL.map(ApplicationStatus::as_str))
    );
    assert_eq!(described("Step"), wire(&Step::ALL.map(Step::as_str)));
    assert_eq!(
        described("ConsentStatus"),
        wire(&ConsentStatus::ALL.map(ConsentStatus::as_str))
    );
    assert_eq!(
        described("Permission"),
        wire(&Permission::ALL.map(Permission::as_str))
    );
    assert_eq!(
        described("BankDisplay"),
        wire(&BankDisplay::ALL.map(BankDisplay::as_str))
    );
    assert_eq!(
        described("DocumentType"),
        wire(&DocumentType::ALL.map(DocumentType::as_str))
    );
    assert_eq!(
        described("HandoffState"),
        wire(&HandoffState::ALL.map(HandoffState::as_str))
    );
    assert!(described("ApplicationStatus").contains(&"MANUAL_REVIEW".to_owned()));
}

/// Each operation states each error it can answer, by status, in the one error shape: no
/// `4XX` or `5XX` range stands in for them.
#[tokio::test]
async fn every_operation_states_its_error_answers() {
    let h = harness().await;
    let document = document(&h).await;
    let answers = |method: &str, path: &str| -> BTreeSet<String> {
        document["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path} has no responses"))
            .keys()
            .filter(|status| !status.starts_with('2'))
            .cloned()
            .collect()
    };
    let expected = |statuses: &[&str]| statuses.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        answers("post", "/api/v1/sessions"),
        expected(&["400", "401", "413", "415", "429", "500", "503"])
    );
    assert_eq!(
        answers("get", "/api/v1/consents/{consent_id}/accounts"),
        expected(&["400", "401", "403", "404", "429", "500", "503"])
    );
    assert_eq!(
        answers("get", "/api/v1/session"),
        expected(&["401", "429", "500"])
    );
    // The claim takes no credential but the code in its body.
    assert_eq!(
        answers("post", "/api/v1/session/claim"),
        expected(&["400", "401", "409", "410", "413", "415", "429", "500"])
    );
    assert_eq!(
        answers("post", "/api/v1/session/handoff"),
        expected(&["401", "409", "429", "500"])
    );
    assert!(document["paths"]["/api/v1/session/claim"]["post"]
        .get("security")
        .is_none());
    assert_eq!(
        answers("post", "/webhooks/{provider}"),
        expected(&["400", "401", "404", "413", "500", "503"])
    );
    assert_eq!(answers("get", "/api/v1/openapi.json"), BTreeSet::new());

    let responses = &document["components"]["responses"];
    for (name, header) in [
        ("Unauthorized", "WWW-Authenticate"),
        ("RateLimited", "Retry-After"),
        ("Unavailable", "Retry-After"),
    ] {
        assert!(responses[name]["headers"][header].is_object(), "{name}");
    }
    for (_, response) in responses.as_object().unwrap() {
        assert_eq!(
            response["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
    }
}

/// The checks the server makes are stated, so that a client (and schemathesis) can tell a
/// request that fits from one that does not.
#[tokio::test]
async fn the_document_states_the_servers_checks() {
    let h = harness().await;
    let document = document(&h).await;
    let schemas = &document["components"]["schemas"];
    let session = &schemas["CreateSessionRequest"]["properties"];
    assert_eq!(session["workflowId"]["maxLength"], 64);
    assert_eq!(session["externalRef"]["maxLength"], 128);
    assert!(session["locale"]["pattern"].is_string());
    assert_eq!(
        schemas["CountryCode"]["enum"],
        serde_json::json!(protocol::country::SUPPORTED_MARKETS)
    );
    assert!(schemas["ApplicationId"]["pattern"].is_string());
    assert_eq!(
        schemas["CreateConsent"]["properties"]["idempotencyKey"]["minLength"],
        8
    );
    assert_eq!(schemas["FilterDate"]["format"], "date");
    // The drafts are objects by step name, as the widget reads them back.
    let drafts = &schemas["OnboardingView"]["properties"]["drafts"];
    assert_eq!(drafts["additionalProperties"]["type"], "object", "{drafts}");
    assert_eq!(
        drafts["propertyNames"]["enum"][0], "personalDetails",
        "{drafts}"
    );
    let banks = &document["paths"]["/api/v1/banks"]["get"]["parameters"];
    assert!(banks
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "q" && p["schema"]["maxLength"] == 64));
}

fn collect_references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                into.push(reference.clone());
            }
            map.values().for_each(|v| collect_references(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_references(v, into)),
        _ => {}
    }
}
