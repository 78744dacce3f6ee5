//! The public links that mint sessions without a credential, `/start/{workflowId}` and the
//! demo's `/demo/sessions`: limited per client address and for all clients together, the client
//! taken from a proxy's header only when one is configured; the demo only where it is enabled.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use serde_json::{json, Value};
use support::{harness, harness_with_settings, start_sandbox, Harness};

/// A request from `peer`, as the server's listener hands it over.
fn from(peer: &str, mut request: Request<Body>) -> Request<Body> {
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

fn start(forwarded_for: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/start/kyc-demo?country=SE");
    if let Some(addresses) = forwarded_for {
        request = request.header("x-forwarded-for", addresses);
    }
    request.body(Body::empty()).unwrap()
}

fn demo_session() -> Request<Body> {
    Request::post("/demo/sessions")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"workflowId": "kyc-demo", "countryCode": "SE"}).to_string(),
        ))
        .unwrap()
}

async fn limits(settings: &[&str]) -> Harness {
    harness_with_settings(start_sandbox().await, settings).await
}

/// The answer is `429 rate_limited` with a `Retry-After` of at least a second.
fn assert_limited(status: StatusCode, headers: &HeaderMap, body: &Value) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited")),
        "{body}"
    );
    let retry_after: u64 = headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
}

#[tokio::test]
async fn a_burst_from_one_address_is_limited_while_another_still_mints() {
    let h = limits(&[
        "--demo=true",
        "--public-mint-rate-per-address-per-minute=3",
        "--public-mint-rate-per-minute=100",
    ])
    .await;
    for _ in 0..2 {
        let (status, _, _) = h.send(from("203.0.113.7", start(None))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (status, _, body) = h.send(from("203.0.113.7", demo_session())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Both links draw on one allowance.
    let (status, headers, body) = h.send(from("203.0.113.7", start(None))).await;
    assert_limited(status, &headers, &body);
    let (status, headers, body) = h.send(from("203.0.113.7", demo_session())).await;
    assert_limited(status, &headers, &body);

    let (status, _, _) = h.send(from("198.51.100.1", start(None))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // An IPv6 subscriber holds a whole /64: a new address in it is the same client.
    for peer in [
        "[2001:db8:1:2::1]",
        "[2001:db8:1:2::2]",
        "[2001:db8:1:2::3]",
    ] {
        let (status, _, _) = h.send(from(peer, start(None))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (status, headers, body) = h.send(from("[2001:db8:1:2:ff::9]", start(None))).await;
    assert_limited(status, &headers, &body);
}

#[tokio::test]
async fn the_overall_limit_holds_across_addresses() {
    let h = limits(&[
        "--public-mint-rate-per-address-per-minute=5",
        "--public-mint-rate-per-minute=4",
    ])
    .await;
    for client in 1..=4 {
        let (status, _, _) = h
            .send(from(&format!("192.0.2.{client}"), start(None)))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (status, headers, body) = h.send(from("192.0.2.5", start(None))).await;
    assert_limited(status, &headers, &body);
}

#[tokio::test]
async fn a_client_over_its_own_limit_spends_nothing_of_the_overall_one() {
    let h = limits(&[
        "--public-mint-rate-per-address-per-minute=1",
        "--public-mint-rate-per-minute=2",
    ])
    .await;
    for _ in 0..10 {
        h.send(from("192.0.2.1", start(None))).await;
    }
    let (status, _, _) = h.send(from("192.0.2.2", start(None))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_forwarded_address_counts_only_from_a_configured_header_and_only_its_last() {
    let peer = "10.0.0.2";
    let untrusted = limits(&["--public-mint-rate-per-address-per-minute=1"]).await;
    let (status, _, _) = untrusted.send(from(peer, start(Some("192.0.2.1")))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Without the setting the header is anyone's to write: the peer is the client.
    let (status, headers, body) = untrusted.send(from(peer, start(Some("192.0.2.2")))).await;
    assert_limited(status, &headers, &body);

    let behind_a_proxy = limits(&[
        "--public-mint-rate-per-address-per-minute=1",
        "--client-ip-header=x-forwarded-for",
    ])
    .await;
    let (status, _, _) = behind_a_proxy
        .send(from(peer, start(Some("1.1.1.1, 192.0.2.1"))))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // What the client wrote left of the proxy's entry changes nothing.
    let (status, headers, body) = behind_a_proxy
        .send(from(peer, start(Some("8.8.8.8, 192.0.2.1"))))
        .await;
    assert_limited(status, &headers, &body);
    let (status, _, _) = behind_a_proxy
        .send(from(peer, start(Some("192.0.2.1, 192.0.2.3"))))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn without_the_sandbox_or_the_demo_setting_there_is_no_demo() {
    // The harness runs the sandbox on a port of its own: `--sandbox=false`.
    let h = harness().await;
    for request in [
        Request::get("/demo").body(Body::empty()).unwrap(),
        Request::get("/demo.js").body(Body::empty()).unwrap(),
        demo_session(),
    ] {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, _, body) = h.send(request).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{what}: {body}"
        );
    }
    let demo = limits(&["--demo=true"]).await;
    let (status, _, body) = demo.send(demo_session()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _, _) = demo
        .send(Request::get("/demo").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
}
