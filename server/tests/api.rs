//! The server's HTTP surface through `oneshot`: sessions, the hosted link, the widget's session
//! API, errors and security headers.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use onboard_server::{app, AppState};
use protocol::ApplicationStatus;
use serde_json::{json, Value};
use support::{harness, kyc_session};
use tower::ServiceExt;

#[tokio::test]
async fn a_partner_mints_a_session_and_the_widget_follows_its_status() {
    let h = harness().await;
    let (status, created) = h.create_session(kyc_session()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let code = created["sessionToken"].as_str().unwrap();
    let id = created["applicationId"].as_str().unwrap();
    assert!(id.starts_with("bits:application::"));
    assert_eq!(
        created["hostedUrl"],
        format!("https://onboard.example/#token={code}")
    );
    assert!(created["expiresAt"].as_str().unwrap().ends_with('Z'));

    let token = &h.claim(code).await;
    let (status, _, session) = h.widget_get("/api/v1/session", token).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["applicationId"], id);
    assert_eq!(session["countryCode"], "SE");
    assert_eq!(session["locale"], "sv-SE");
    assert_eq!(session["redirectUrl"], "https://partner.example/done?ref=7");

    let (_, _, status_view) = h.widget_get("/api/v1/session/status", token).await;
    assert_eq!(status_view["status"], "NOT_STARTED");

    h.set_provider_status(id, ApplicationStatus::Approved).await;
    let (status, _, status_view) = h.widget_get("/api/v1/session/status", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(status_view["status"], "APPROVED");

    let audit: Vec<(String,)> =
        sqlx::query_as("SELECT status FROM status_changes WHERE application_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&h.state.db)
            .await
            .unwrap();
    assert_eq!(
        audit,
        [("NOT_STARTED".to_owned(),), ("APPROVED".to_owned(),)]
    );
}

#[tokio::test]
async fn only_the_hashes_of_a_claim_code_and_a_credential_are_stored() {
    use onboard_server::auth::token_hash;
    let h = harness().await;
    let (created, credential) = h.new_session(kyc_session()).await;
    let code = created["sessionToken"].as_str().unwrap();
    let stored = |sql: &'static str| {
        let db = h.state.db.clone();
        async move {
            sqlx::query_scalar::<_, String>(sql)
                .fetch_all(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        stored("SELECT code_hash FROM session_claims").await,
        [token_hash(code)]
    );
    assert_eq!(
        stored("SELECT token_hash FROM sessions").await,
        [token_hash(&credential)]
    );
    let dump =
        stored("SELECT group_concat(id || partner_id || redirect_url) FROM applications").await;
    assert!(!dump[0].contains(code) && !dump[0].contains(&credential));
}

#[tokio::test]
async fn partner_calls_need_a_known_api_key() {
    let h = harness().await;
    for authorization in [None, Some("Bearer wrong-key"), Some("Basic ZGVtbw==")] {
        let mut request =
            Request::post("/api/v1/sessions").header(header::CONTENT_TYPE, "application/json");
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        let (status, headers, body) = h
            .send(request.body(Body::from(kyc_session().to_string())).unwrap())
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "unauthorized");
        assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
    }
}

/// `externalRef` is up to 128 characters, as the document says, whatever their UTF-8 length.
#[tokio::test]
async fn an_external_ref_is_measured_in_characters() {
    let h = harness().await;
    let mut longest = kyc_session();
    longest["externalRef"] = json!("å".repeat(128));
    let (status, created) = h.create_session(longest).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mut too_long = kyc_session();
    too_long["externalRef"] = json!("a".repeat(129));
    let (status, error) = h.create_session(too_long).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("externalRef"))
    );
}

#[tokio::test]
async fn bad_session_requests_name_the_field() {
    let h = harness().await;
    let cases = [
        (
            json!({"countryCode": "SE", "redirectUrl": "https://partner.example/done"}),
            "workflowId",
        ),
        (
            json!({"workflowId": "kyc demo!", "countryCode": "SE", "redirectUrl": "https://partner.example/done"}),
            "workflowId",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "XX", "redirectUrl": "https://partner.example/done"}),
            "countryCode",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE"}),
            "redirectUrl",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "https://evil.example/done"}),
            "redirectUrl",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "https://partner.example/done", "locale": "Swedish"}),
            "locale",
        ),
        (
            json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": "https://partner.example/done", "externalRef": "x".repeat(200)}),
            "externalRef",
        ),
        // The provider refuses an unknown workflow; the partner hears which field was wrong.
        (
            json!({"workflowId": "no-such-flow", "countryCode": "SE", "redirectUrl": "https://partner.example/done"}),
            "workflowId",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = h.create_session(body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["error"]["code"], "invalid_request");
        assert_eq!(error["error"]["field"], field, "{error}");
    }

    let request = Request::post("/api/v1/sessions")
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"workflowId\": "))
        .unwrap();
    let (status, _, error) = h.send(request).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );

    let huge = json!({"workflowId": "kyc-demo", "padding": "x".repeat(100 * 1024)});
    let (status, error) = h.create_session(huge).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
}

#[tokio::test]
async fn unknown_and_expired_session_tokens_are_told_apart() {
    let h = harness().await;
    let (status, _, body) = h.widget_get("/api/v1/session", "not-a-token").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );

    let (_, token) = h.new_session(kyc_session()).await;
    let token = token.as_str();
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 3601")
        .execute(&h.state.db)
        .await
        .unwrap();
    for path in WIDGET_PATHS {
        let (status, _, body) = h.widget_get(path, token).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("session_expired")),
            "{path}"
        );
    }
}

/// Widget calls that read; each checks the session token first.
const WIDGET_PATHS: [&str; 5] = [
    "/api/v1/session",
    "/api/v1/session/status",
    "/api/v1/session/events",
    "/api/v1/banks?country=SE",
    "/api/v1/onboarding",
];

#[tokio::test]
async fn session_tokens_are_256_random_bits_that_live_an_hour() {
    use base64::Engine;
    let h = harness().await;
    let (_, first) = h.create_session(kyc_session()).await;
    let (_, second) = h.create_session(kyc_session()).await;
    let token = first["sessionToken"].as_str().unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .unwrap();
    assert_eq!(bytes.len(), 32);
    assert_ne!(Some(token), second["sessionToken"].as_str());
    let expires = time::OffsetDateTime::parse(
        first["expiresAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let lifetime = expires - time::OffsetDateTime::now_utc();
    assert!(
        (3590..=3600).contains(&lifetime.whole_seconds()),
        "{lifetime}"
    );
}

#[tokio::test]
async fn a_partner_revokes_an_applications_sessions_and_their_tokens_are_refused_everywhere() {
    let h = harness().await;
    let (created, token) = h.new_session(kyc_session()).await;
    let token = token.as_str();
    let application = created["applicationId"].as_str().unwrap();
    let revoke = |key: &str| {
        Request::delete(format!("/api/v1/applications/{application}/sessions"))
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .body(Body::empty())
            .unwrap()
    };
    // Another partner's application is as unknown to it as a missing one.
    let (status, _, body) = h.send(revoke("other-key")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, _, _) = h.widget_get("/api/v1/session", token).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, body) = h.send(revoke("demo-partner-key")).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"revoked": 1})));
    for path in WIDGET_PATHS {
        let (status, _, body) = h.widget_get(path, token).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthorized")),
            "{path}"
        );
    }
    let (_, _, body) = h.send(revoke("demo-partner-key")).await;
    assert_eq!(body, json!({"revoked": 0}));
}

#[tokio::test]
async fn a_provider_that_is_down_is_a_retryable_503() {
    let h = harness().await;
    let (_, token) = h.new_session(kyc_session()).await;

    // The same database, now with a provider nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let mut config = h.state.config.clone();
    config.provider_url = Some(dead_url.parse().unwrap());
    let down = app(AppState::new(config).await.unwrap());
    let request = Request::get("/api/v1/session/status")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = down.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    let body: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["error"]["code"], "upstream_unavailable");
    assert!(
        !body.to_string().contains("127.0.0.1"),
        "internals leaked: {body}"
    );
}

#[tokio::test]
async fn the_hosted_link_puts_the_claim_code_in_the_fragment_only() {
    let h = harness().await;
    let (headers, code) = h.open_hosted_link("/start/kyc-demo?country=NO").await;
    assert!(code.len() >= 40);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let token = &h.claim(&code).await;
    let (status, _, session) = h.widget_get("/api/v1/session", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(session["countryCode"], "NO");
    assert_eq!(session["redirectUrl"], "https://onboard.example/demo");

    let (status, _, body) = h
        .send(
            Request::get("/start/secret-flow?country=SE")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, _, body) = h
        .send(Request::get("/start/kyc-demo").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("country"))
    );
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let h = support::harness_with_settings(support::start_sandbox().await, &["--demo=true"]).await;
    for path in [
        "/",
        "/demo",
        "/some/spa/route",
        "/api/v1/nope",
        "/api/v1/session",
    ] {
        let (_, headers, _) = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
    }
    let (status, _, body) = h
        .send(Request::get("/api/v1/nope").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let response = h
        .app
        .clone()
        .oneshot(Request::get("/bank-return").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the bank popup's return");
}

/// Every page isolates itself from windows of other origins, but the bank popup's way back
/// (the bank's pages, the callback's redirect, `/bank-return`): there the popup must stay the
/// widget's, which takes the bank's return code from it.
#[tokio::test]
async fn only_the_bank_popups_way_back_keeps_its_opener() {
    let h = support::harness_with_settings(support::start_sandbox().await, &["--demo=true"]).await;
    let opener_policy = |headers: &axum::http::HeaderMap| {
        headers["cross-origin-opener-policy"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    for path in ["/", "/demo", "/api/v1/session"] {
        let (_, headers, _) = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(opener_policy(&headers), "same-origin", "{path}");
    }
    for path in ["/bank-return", "/callback/consent?consentId=c&state=s"] {
        let (_, headers, _) = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(opener_policy(&headers), "unsafe-none", "{path}");
    }
    let bank_page = reqwest::get(format!("{}openbanking/bank/unknown/login", h.sandbox_url))
        .await
        .unwrap();
    assert_eq!(
        bank_page.headers()["cross-origin-opener-policy"],
        "unsafe-none",
        "the mock bank's pages"
    );
}

#[tokio::test]
async fn a_path_that_is_no_page_of_the_widget_is_a_404_not_its_page() {
    let h = harness().await;
    for path in [
        "/some/spa/route",
        "/admin",
        "/.env",
        "/favicon.ico",
        "/wp-login.php",
    ] {
        let (status, headers, body) = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{path}: {body}"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{path}");
    }
    // The widget's own pages stay: its page, by name too, and the bank popup's return.
    for path in ["/", "/index.html", "/bank-return", "/?workflow=kyc-demo"] {
        let response = h
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = response.into_body().collect().await.unwrap().to_bytes();
        assert!(page.starts_with(b"<!doctype html>"), "{path}");
    }
}

#[tokio::test]
async fn strict_transport_security_is_sent_exactly_when_the_public_url_is_https() {
    let h = harness().await;
    for path in ["/", "/api/v1/session", "/healthz", "/nope", "/robots.txt"] {
        let (_, headers, _) = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(
            headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    let plain = support::harness_with_settings(
        support::start_sandbox().await,
        &["--public-url=http://127.0.0.1:8080/"],
    )
    .await;
    for path in ["/", "/api/v1/session", "/healthz"] {
        let (_, headers, _) = plain
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert!(
            !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{path} over http"
        );
    }
}

#[tokio::test]
async fn every_api_answer_is_no_store_errors_included() {
    let h = harness().await;
    let (created, token) = h.new_session(kyc_session()).await;
    let token = token.as_str();
    let get = |path: &str, bearer: Option<&str>| {
        let mut request = Request::get(path);
        if let Some(bearer) = bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {bearer}"));
        }
        request.body(Body::empty()).unwrap()
    };
    for (request, status) in [
        (get("/api/v1/session", Some(token)), StatusCode::OK),
        (get("/api/v1/session/status", Some(token)), StatusCode::OK),
        (
            get(
                &format!(
                    "/api/v1/applications/{}",
                    created["applicationId"].as_str().unwrap()
                ),
                Some("demo-partner-key"),
            ),
            StatusCode::OK,
        ),
        (get("/api/v1/openapi.json", None), StatusCode::OK),
        (get("/api/v1/session", None), StatusCode::UNAUTHORIZED),
        (
            get("/api/v1/session", Some("forged")),
            StatusCode::UNAUTHORIZED,
        ),
        (get("/api/v1/nope", None), StatusCode::NOT_FOUND),
        (
            Request::delete("/api/v1/session")
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let what = format!("{} {}", request.method(), request.uri());
        let (answered, headers, body) = h.send(request).await;
        assert_eq!(answered, status, "{what}: {body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{what}");
    }
    // Pages keep their own policy.
    let (_, headers, _) = h.send(get("/", None)).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn search_engines_are_asked_to_keep_out_rather_than_served_the_widget() {
    let h = harness().await;
    let response = h
        .app
        .clone()
        .oneshot(Request::get("/robots.txt").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"User-agent: *\nDisallow: /\n");
}

#[tokio::test]
async fn health_says_the_process_answers_and_readiness_checks_database_and_provider() {
    let h = harness().await;
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let (status, _, body) = h.send(get("/healthz")).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
    let (status, _, body) = h.send(get("/readyz")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["checks"], json!({"database": "ok", "provider": "ok"}));

    // A provider nobody listens at: not ready, and the answer says which check failed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let down = support::harness_with_sandbox(format!("http://{closed}/sandbox/")).await;
    let (status, _, body) = down.send(get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(
        body["checks"],
        json!({"database": "ok", "provider": "unavailable"})
    );
    let (status, _, _) = down.send(get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_a_given_one_is_kept() {
    let h = harness().await;
    let (_, headers, _) = h
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    let id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let given = Request::get("/healthz")
        .header("x-request-id", "lb-1234")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = h.send(given).await;
    assert_eq!(headers["x-request-id"], "lb-1234");
    let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let given = Request::get("/healthz")
        .header("x-request-id", traceparent)
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = h.send(given).await;
    assert_eq!(headers["x-request-id"], traceparent);

    // Echoed and logged, so not whatever a client sends: too long, spaces, control or 8-bit
    // bytes are replaced by an id of ours.
    let long = "a".repeat(129);
    for odd in [
        long.as_bytes(),
        b"two words".as_slice(),
        b"tab\there".as_slice(),
        b"caf\xc3\xa9".as_slice(),
        b"".as_slice(),
    ] {
        let given = Request::get("/healthz")
            .header(
                "x-request-id",
                axum::http::HeaderValue::from_bytes(odd).unwrap(),
            )
            .body(Body::empty())
            .unwrap();
        let (_, headers, _) = h.send(given).await;
        let id = headers["x-request-id"].to_str().unwrap();
        assert_eq!(id.len(), 36, "{odd:?} replaced by a UUID: {id}");
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_provider_calls_by_outcome() {
    let h = harness().await;
    let (created, token) = h.new_session(kyc_session()).await;
    let code = created["sessionToken"].as_str().unwrap();
    h.widget_get("/api/v1/session/status", &token).await;
    let text = h.metrics().await;
    assert!(
        text.contains(
            r#"onboard_http_requests_total{method="POST",route="/api/v1/sessions",status="201"}"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"onboard_http_request_duration_seconds_bucket{le="#),
        "{text}"
    );
    assert!(
        text.contains(r#"onboard_upstream_calls_total{provider="onboarding",outcome="ok"}"#),
        "{text}"
    );
    assert!(
        !text.contains(code) && !text.contains(&token),
        "no code or credential in the metrics"
    );
}

#[tokio::test]
async fn minting_and_the_widget_api_are_rate_limited_with_retry_after() {
    let sandbox = support::start_sandbox().await;
    let h = support::harness_with_settings(
        sandbox,
        &["--mint-rate-per-minute=2", "--widget-rate-per-minute=3"],
    )
    .await;
    let (first, created) = h.create_session(kyc_session()).await;
    let (second, _) = h.create_session(kyc_session()).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED));
    let (third, body) = h.create_session(kyc_session()).await;
    assert_eq!(third, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");

    // Per session, keyed by the credential's hash: three calls, then a wait.
    let token = &h.claim(created["sessionToken"].as_str().unwrap()).await;
    for _ in 0..3 {
        let (status, _, _) = h.widget_get("/api/v1/session", token).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, headers, body) = h.widget_get("/api/v1/session", token).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test]
async fn a_partner_with_two_live_keys_keeps_one_id_and_a_hashed_key_works() {
    let sandbox = support::start_sandbox().await;
    let beta_hash = onboard_server::auth::token_hash("beta-key");
    let keys = format!("--partner-keys=acme:old-key,acme:new-key,beta:sha256:{beta_hash}");
    let h = support::harness_with_settings(sandbox, &[&keys]).await;
    let mint = |key: &'static str| {
        Request::post("/api/v1/sessions")
            .header(header::AUTHORIZATION, format!("Bearer {key}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(kyc_session().to_string()))
            .unwrap()
    };
    let mut partners = Vec::new();
    for key in ["old-key", "new-key", "beta-key"] {
        let (status, _, created) = h.send(mint(key)).await;
        assert_eq!(status, StatusCode::CREATED, "{key}: {created}");
        let (partner,): (String,) =
            sqlx::query_as("SELECT partner_id FROM applications WHERE id = $1")
                .bind(created["applicationId"].as_str().unwrap())
                .fetch_one(&h.state.db)
                .await
                .unwrap();
        partners.push(partner);
    }
    assert_eq!(partners, ["acme", "acme", "beta"]);
    let (status, _, _) = h.send(mint("acme:old-key")).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the partner's name is not part of its key"
    );
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    let sandbox = support::start_sandbox().await;
    let h =
        support::harness_with_settings(sandbox, &["--cors-origins=https://partner.example"]).await;
    let preflight = |origin: &str| {
        Request::options("/api/v1/sessions")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization,content-type",
            )
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = h.send(preflight("https://partner.example")).await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://partner.example"
    );
    let (_, headers, _) = h.send(preflight("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    // None configured: no origin gets a CORS answer.
    let (_, headers, _) = harness()
        .await
        .send(preflight("https://partner.example"))
        .await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn the_widget_is_served_precompressed_and_its_hashed_assets_are_cached_for_good() {
    let h = support::harness_with_settings(support::start_sandbox().await, &["--demo=true"]).await;
    let dist = &h.state.config.dist_dir;
    let wasm = "onboard-widget-98410f245e042342_bg.wasm";
    std::fs::write(dist.join(wasm), b"\0asm plain").unwrap();
    std::fs::write(dist.join(format!("{wasm}.br")), b"brotli bytes").unwrap();
    std::fs::write(dist.join(format!("{wasm}.gz")), b"gzip bytes").unwrap();
    let get = |path: &str, encodings: &str| {
        let request = Request::get(path)
            .header(header::ACCEPT_ENCODING, encodings)
            .body(Body::empty())
            .unwrap();
        h.app.clone().oneshot(request)
    };

    let response = get(&format!("/{wasm}"), "gzip, deflate, br").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()[header::VARY], "accept-encoding");
    assert_eq!(
        &response.into_body().collect().await.unwrap().to_bytes()[..],
        b"brotli bytes"
    );

    let response = get(&format!("/{wasm}"), "gzip").await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let response = get(&format!("/{wasm}"), "identity").await.unwrap();
    assert!(!response.headers().contains_key(header::CONTENT_ENCODING));
    assert_eq!(
        &response.into_body().collect().await.unwrap().to_bytes()[..],
        b"\0asm plain"
    );

    // Pages and unhashed files are revalidated; a missing hashed file is the page, not cached.
    for path in [
        "/",
        "/index.html",
        "/some/spa/route",
        "/onboard-widget-0123456789abcdef.js",
        "/demo",
    ] {
        let response = get(path, "br").await.unwrap();
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-cache",
            "{path}"
        );
    }
    // The loader partners include is compressed on the fly and cached briefly: its URL is fixed.
    let response = get("/onboard.js", "br").await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=300"
    );
}
