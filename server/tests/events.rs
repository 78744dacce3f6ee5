//! `GET /api/v1/session/events`: a webhook's change reaches the open stream, a device that
//! handed off follows the other's claim and answers, a reconnect with `Last-Event-ID` gets only
//! what it missed, a stopping server ends streams with a retry hint instead of waiting on them,
//! a revoked session's stream ends, and on PostgreSQL a change applied on one instance reaches a
//! stream held by another.

mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use protocol::api::events::{HandoffState, SessionEvent};
use protocol::api::paths::{SESSION_EVENTS, SESSION_HANDOFF};
use protocol::onboarding::Step;
use protocol::sse::{SseMessage, SseParser};
use protocol::ApplicationStatus;
use serde_json::json;
use support::steps::{answer_ok, personal_details, CLEAN_PNR};
use support::{harness, harness_on, kyc_session, postgres, signed, start_sandbox, widget, Harness};
use tower::ServiceExt;

/// Generous: it bounds a hang, it does not measure speed.
const WAIT: Duration = Duration::from_secs(10);

/// An open stream, read as the widget reads it.
struct Stream {
    body: Body,
    parser: SseParser,
}

impl Stream {
    async fn open(h: &Harness, token: &str, last_event_id: Option<&str>) -> Stream {
        let mut request =
            Request::get(SESSION_EVENTS).header(header::AUTHORIZATION, format!("Bearer {token}"));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = h
            .app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        Stream {
            body: response.into_body(),
            parser: SseParser::new(),
        }
    }

    /// The next event, or `None` when the stream ends or `within` passes without one.
    async fn next_within(&mut self, within: Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            // Frames without an event: the retry hint, keep-alive comments.
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .unwrap();
            if let Some(message) = frame
                .data_ref()
                .and_then(|bytes| self.parser.feed(bytes).pop())
            {
                return Some(message);
            }
        }
    }

    /// Whether the stream ends, with no further event, within `WAIT`.
    async fn ends(&mut self) -> bool {
        loop {
            match tokio::time::timeout(WAIT, self.body.frame()).await {
                Ok(None) => return true,
                Ok(Some(frame)) => {
                    if frame
                        .unwrap()
                        .data_ref()
                        .is_some_and(|bytes| !self.parser.feed(bytes).is_empty())
                    {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
    }

    async fn next(&mut self) -> SseMessage {
        self.next_within(WAIT).await.expect("an event")
    }
}

fn event_of(message: &SseMessage) -> SessionEvent {
    let event: SessionEvent = serde_json::from_str(&message.data).unwrap();
    assert_eq!(message.event, event.name());
    event
}

fn status_event(status: ApplicationStatus) -> SessionEvent {
    SessionEvent::ApplicationStatus { status }
}

async fn session(h: &Harness) -> (String, String) {
    let (created, credential) = h.new_session(kyc_session()).await;
    (
        created["applicationId"].as_str().unwrap().to_owned(),
        credential,
    )
}

/// What the bank's platform sends when its AML process for the applicant has a result.
fn aml_results(notification_id: &str, application_id: &str) -> serde_json::Value {
    json!({
        "notificationId": notification_id,
        "notificationTypeCode": "AML_PAYMENT_RESULTS_PUBLISHED",
        "destination": "https://onboard.example/webhooks/core-banking",
        "originalMessageDateTime": "2026-11-23T11:18:19.955Z",
        "data": {"amlProcessId": "ID-1000", "amlProcessResultCode": "APPROVED", "personId": application_id}
    })
}

/// The partner ends the application's sessions.
async fn revoke_sessions(h: &Harness, application_id: &str) {
    let request = Request::delete(format!("/api/v1/applications/{application_id}/sessions"))
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = h.send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_stream_needs_a_session_and_takes_only_its_own_event_ids() {
    let h = harness().await;
    let (_, token) = session(&h).await;
    let (status, _, error) = h
        .send(Request::get(SESSION_EVENTS).body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    for bad in ["abc", "-1", "1.5"] {
        let request = Request::get(SESSION_EVENTS)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("last-event-id", bad)
            .body(Body::empty())
            .unwrap();
        let (status, _, error) = h.send(request).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_request")),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_device_that_handed_off_hears_the_claim_and_the_other_devices_answers() {
    let h = harness().await;
    let (application, desktop) = session(&h).await;
    let mut stream = Stream::open(&h, &desktop, None).await;
    assert_eq!(
        event_of(&stream.next().await),
        status_event(ApplicationStatus::NotStarted)
    );

    // A partner's code for another device is no handoff: its claim tells no stream.
    let request = Request::post(format!("/api/v1/applications/{application}/sessions"))
        .header(header::AUTHORIZATION, "Bearer demo-partner-key")
        .body(Body::empty())
        .unwrap();
    let (_, _, again) = h.send(request).await;
    h.claim(again["sessionToken"].as_str().unwrap()).await;

    let (status, handoff) = widget(&h, "POST", SESSION_HANDOFF, &desktop, None).await;
    assert_eq!(status, StatusCode::CREATED, "{handoff}");
    let (_, code) = handoff["url"]
        .as_str()
        .unwrap()
        .split_once("#token=")
        .unwrap();
    let phone = h.claim(code).await;
    let claimed = stream.next().await;
    assert_eq!(claimed.event, "handoff");
    assert_eq!(
        event_of(&claimed),
        SessionEvent::Handoff {
            state: HandoffState::Claimed
        }
    );

    answer_ok(
        &h,
        &phone,
        "personalDetails",
        personal_details(CLEAN_PNR, "1990-01-01"),
    )
    .await;
    let saved = stream.next().await;
    assert_eq!(saved.event, "answersChanged");
    assert_eq!(
        event_of(&saved),
        SessionEvent::AnswersChanged {
            step: Step::PersonalDetails
        }
    );
}

#[tokio::test]
async fn a_webhooks_change_reaches_the_open_stream_and_a_reconnect_resumes_after_its_last_event() {
    let h = harness().await;
    let (application, token) = session(&h).await;
    let (other_application, _) = session(&h).await;
    let mut stream = Stream::open(&h, &token, None).await;
    // A first connect gets what was stored before it: the screen may have loaded before it.
    let minted = stream.next().await;
    assert_eq!(
        event_of(&minted),
        status_event(ApplicationStatus::NotStarted)
    );

    // Another application's change is not this stream's.
    h.set_provider_status(&other_application, ApplicationStatus::Approved)
        .await;
    let (status, _, _) = h
        .send(signed(
            "core-banking",
            "msg_1",
            &aml_results("N-1", &other_application),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    h.set_provider_status(&application, ApplicationStatus::Approved)
        .await;
    let (status, _, ack) = h
        .send(signed(
            "core-banking",
            "msg_2",
            &aml_results("N-2", &application),
        ))
        .await;
    assert_eq!(
        (status, ack["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    let approved = stream.next().await;
    assert_eq!(
        event_of(&approved),
        status_event(ApplicationStatus::Approved)
    );
    assert!(approved.id.parse::<i64>().unwrap() > minted.id.parse::<i64>().unwrap());
    // The widget's poll finds the status recorded, and tells no one twice.
    let (status, _, view) = h.widget_get("/api/v1/session/status", &token).await;
    assert_eq!(
        (status, view["status"].as_str()),
        (StatusCode::OK, Some("APPROVED"))
    );
    assert_eq!(stream.next_within(Duration::from_millis(300)).await, None);

    let mut resumed = Stream::open(&h, &token, Some(&minted.id)).await;
    assert_eq!(resumed.next().await, approved);
    let mut caught_up = Stream::open(&h, &token, Some(&approved.id)).await;
    assert_eq!(
        caught_up.next_within(Duration::from_millis(300)).await,
        None
    );
}

#[tokio::test]
async fn stopping_the_server_ends_open_streams_with_a_retry_hint() {
    let h = harness().await;
    let (_, token) = session(&h).await;
    let support::Served {
        address,
        stop,
        server,
    } = h.serve().await;
    let mut response = reqwest::Client::new()
        .get(format!("http://{address}{SESSION_EVENTS}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut received = Vec::new();
    // The stream's start: its retry hint, then the event stored at minting.
    while !String::from_utf8_lossy(&received).contains("applicationStatus") {
        received.extend(
            tokio::time::timeout(WAIT, response.chunk())
                .await
                .unwrap()
                .unwrap()
                .unwrap(),
        );
    }
    stop.send(()).unwrap();
    received.clear();
    while let Some(chunk) = tokio::time::timeout(WAIT, response.chunk())
        .await
        .expect("the stream ends")
        .unwrap()
    {
        received.extend(chunk);
    }
    let mut parser = SseParser::new();
    parser.feed(&received);
    assert_eq!(
        parser.retry(),
        Some(Duration::from_secs(1)),
        "{}",
        String::from_utf8_lossy(&received)
    );
    tokio::time::timeout(WAIT, server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn revoking_the_session_ends_its_open_stream() {
    let h = harness().await;
    let (application, token) = session(&h).await;
    let mut stream = Stream::open(&h, &token, None).await;
    stream.next().await;
    revoke_sessions(&h, &application).await;
    assert!(stream.ends().await, "a revoked session's stream ends");
}

/// Two instances on one fresh PostgreSQL database; `None` when PostgreSQL tests are skipped.
async fn two_instances() -> Option<(Harness, Harness)> {
    let database = postgres::database().await?;
    let sandbox = start_sandbox().await;
    Some((
        harness_on(&database, sandbox.clone()).await,
        harness_on(&database, sandbox).await,
    ))
}

#[tokio::test]
async fn on_postgres_a_change_applied_on_one_instance_reaches_a_stream_held_by_another() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let (application, token) = session(&a).await;
    let mut on_b = Stream::open(&b, &token, None).await;
    assert_eq!(
        event_of(&on_b.next().await),
        status_event(ApplicationStatus::NotStarted)
    );

    a.set_provider_status(&application, ApplicationStatus::Approved)
        .await;
    let (status, _, ack) = a
        .send(signed(
            "core-banking",
            "msg_3",
            &aml_results("N-3", &application),
        ))
        .await;
    assert_eq!(
        (status, ack["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    // B stored nothing and polled nothing: only A's notification can wake its stream.
    assert_eq!(
        event_of(&on_b.next().await),
        status_event(ApplicationStatus::Approved)
    );
}

#[tokio::test]
async fn on_postgres_revoking_on_one_instance_ends_a_stream_held_by_another() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let (application, token) = session(&a).await;
    let mut on_b = Stream::open(&b, &token, None).await;
    on_b.next().await;
    revoke_sessions(&a, &application).await;
    assert!(
        on_b.ends().await,
        "a session revoked on A ends its stream on B"
    );
}

#[tokio::test]
async fn a_session_holds_only_so_many_streams_at_once() {
    let h =
        support::harness_with_settings(start_sandbox().await, &["--session-event-streams=2"]).await;
    let (_, token) = session(&h).await;
    let first = Stream::open(&h, &token, None).await;
    let _second = Stream::open(&h, &token, None).await;
    let third = Request::get(SESSION_EVENTS)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = h.send(third).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited")),
        "{body}"
    );
    assert!(
        headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );

    // Another session's streams are its own.
    let (_, other) = session(&h).await;
    let _others = Stream::open(&h, &other, None).await;
    // A stream closed gives its place back.
    drop(first);
    let _again = Stream::open(&h, &token, None).await;
}
