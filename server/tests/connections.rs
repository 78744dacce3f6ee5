//! Connections that hold the server without finishing a request are closed: headers sent a byte
//! at a time or never finished, a kept-alive connection left idle, a body cut short. An event
//! stream, which is a response in progress, stays open past those bounds, and on stopping a
//! request in flight is still answered.

mod support;

use std::time::Duration;

use onboard_sandbox::{Fault, FaultRule, SandboxConfig};
use protocol::api::paths::SESSION_EVENTS;
use protocol::ApplicationStatus;
use support::{
    harness_with_sandbox, harness_with_settings, kyc_session, start_sandbox, start_sandbox_with,
    Harness, Served,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: it bounds a hang, it does not measure speed. The server's bounds are 1 s.
const WAIT: Duration = Duration::from_secs(30);

/// The server with 1 s bounds on a loopback port, serving until the test ends.
async fn serve() -> (Harness, Served) {
    let h = harness_with_settings(
        start_sandbox().await,
        &["--header-timeout-secs=1", "--body-timeout-secs=1"],
    )
    .await;
    let served = h.serve().await;
    (h, served)
}

/// What the server sends until it closes the connection; panics if it is still open after
/// `WAIT`.
async fn read_until_closed(stream: &mut (impl AsyncReadExt + Unpin)) -> String {
    let mut received = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        match tokio::time::timeout(WAIT, stream.read(&mut buffer)).await {
            Err(_) => panic!(
                "still open after {WAIT:?}; received {:?}",
                String::from_utf8_lossy(&received)
            ),
            Ok(Ok(0) | Err(_)) => return String::from_utf8_lossy(&received).into_owned(),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_are_cut_off() {
    let (_h, served) = serve().await;
    let (mut reading, mut writing) = TcpStream::connect(served.address)
        .await
        .unwrap()
        .into_split();
    let dribble = tokio::spawn(async move {
        let head = "GET /healthz HTTP/1.1\r\nHost: onboard\r\nX-Padding: ";
        for byte in head.bytes().chain(std::iter::repeat(b'a')) {
            if writing.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    read_until_closed(&mut reading).await;
    dribble.abort();
}

#[tokio::test]
async fn headers_never_finished_or_never_sent_are_cut_off() {
    let (_h, served) = serve().await;
    let mut unfinished = TcpStream::connect(served.address).await.unwrap();
    unfinished
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: onboard\r\n")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(served.address).await.unwrap();
    read_until_closed(&mut unfinished).await;
    read_until_closed(&mut silent).await;
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed() {
    let (_h, served) = serve().await;
    let mut stream = TcpStream::connect(served.address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: onboard\r\n\r\n")
        .await
        .unwrap();
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        !received.to_ascii_lowercase().contains("connection: close"),
        "the answer keeps the connection alive: {received}"
    );
}

#[tokio::test]
async fn a_body_cut_short_is_refused_and_its_connection_closed() {
    let (_h, served) = serve().await;
    let mut stream = TcpStream::connect(served.address).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/sessions HTTP/1.1\r\nHost: onboard\r\n\
              Authorization: Bearer demo-partner-key\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"workflowId\": ",
        )
        .await
        .unwrap();
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 400"), "{received}");
    assert!(received.contains("invalid_request"), "{received}");
}

#[tokio::test]
async fn an_event_stream_stays_open_past_the_bounds() {
    let (h, served) = serve().await;
    let (created, token) = h.new_session(kyc_session()).await;
    let token = token.as_str();
    let application = created["applicationId"].as_str().unwrap();
    let mut stream = reqwest::Client::new()
        .get(format!("http://{}{SESSION_EVENTS}", served.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut received = String::new();
    let mut next_chunk = async || {
        let chunk = tokio::time::timeout(WAIT, stream.chunk()).await;
        let chunk = chunk
            .expect("a chunk in time")
            .unwrap()
            .expect("the stream is open");
        String::from_utf8_lossy(&chunk).into_owned()
    };
    while !received.contains("applicationStatus") {
        received += &next_chunk().await;
    }
    // Three times the bounds with nothing sent either way; then a change still arrives.
    tokio::time::sleep(Duration::from_secs(3)).await;
    h.set_provider_status(application, ApplicationStatus::Approved)
        .await;
    let (status, _) = h
        .partner_get(
            &format!("/api/v1/applications/{application}"),
            "demo-partner-key",
        )
        .await;
    assert_eq!(status, 200);
    while !received.contains("APPROVED") {
        received += &next_chunk().await;
    }
}

#[tokio::test]
async fn on_stopping_a_request_in_flight_is_answered_and_no_new_connection_taken() {
    // The provider takes its time to create the application: the request is in flight meanwhile.
    let slow_create = FaultRule {
        path: "/onboarding/v1/applications.create".into(),
        fault: Fault::Slow { delay_ms: 3000 },
        times: Some(1),
    };
    let sandbox = start_sandbox_with(SandboxConfig {
        faults: vec![slow_create],
        ..Default::default()
    })
    .await;
    let h = harness_with_sandbox(sandbox).await;
    let Served {
        address,
        stop,
        server,
    } = h.serve().await;
    let minting = tokio::spawn(
        reqwest::Client::new()
            .post(format!("http://{address}/api/v1/sessions"))
            .bearer_auth("demo-partner-key")
            .json(&kyc_session())
            .send(),
    );
    // The fault is used up once the provider has the call.
    tokio::time::timeout(WAIT, async {
        while !h.faults_left().await.is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the provider is asked");
    stop.send(()).unwrap();
    tokio::time::timeout(WAIT, async {
        while TcpStream::connect(address).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("new connections are refused");
    let minted = tokio::time::timeout(WAIT, minting)
        .await
        .expect("the request in flight is answered")
        .unwrap()
        .unwrap();
    assert_eq!(minted.status(), 201);
    tokio::time::timeout(WAIT, server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}
