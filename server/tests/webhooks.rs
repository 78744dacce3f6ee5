//! `POST /webhooks/{provider}`: Standard Webhooks signatures, the body limit, deduplication, and
//! what each provider's events change; last, the sandbox's own signed AML webhooks over real
//! HTTP finishing a screening that nobody polls.

mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onboard_sandbox::SandboxConfig;
use serde_json::json;
use support::webhooks::{aml_event, fast_sandbox, screening, screening_state, stored};
use support::{
    delivery, harness_with_sandbox, kyc_session, now, signed, start_sandbox_with, Harness,
    WEBHOOK_SECRET,
};

async fn harness() -> Harness {
    harness_with_sandbox(start_sandbox_with(fast_sandbox()).await).await
}

#[tokio::test]
async fn a_signed_aml_event_finishes_the_screening_and_a_replay_is_applied_once() {
    let h = harness().await;
    let (session, application) = screening(&h).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let (status, _, ack) = h
        .send(signed(
            "aml",
            "msg_1",
            &aml_event(&session, "JsonDataReady"),
        ))
        .await;
    assert_eq!(
        (status, &ack),
        (StatusCode::OK, &json!({"status": "accepted"}))
    );
    assert_eq!(screening_state(&h, &application).await, "READY");
    assert_eq!(
        stored(&h, "aml").await,
        [("JsonDataReady".to_owned(), true, Some(application.clone()))]
    );

    // Were the replay applied again, it would finish the screening again.
    sqlx::query("UPDATE screenings SET state = 'PENDING'")
        .execute(&h.state.db)
        .await
        .unwrap();
    let (status, _, ack) = h
        .send(signed(
            "aml",
            "msg_1",
            &aml_event(&session, "JsonDataReady"),
        ))
        .await;
    assert_eq!(
        (status, &ack),
        (StatusCode::OK, &json!({"status": "duplicate"}))
    );
    assert_eq!(screening_state(&h, &application).await, "PENDING");
    assert_eq!(stored(&h, "aml").await.len(), 1);
}

#[tokio::test]
async fn a_wrong_missing_or_stale_signature_is_refused_and_nothing_is_stored() {
    let h = harness().await;
    let (session, application) = screening(&h).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = aml_event(&session, "JsonDataReady").to_string();
    let old = now() - 6 * 60;
    let refused = [
        delivery(
            "aml",
            "msg_2",
            now(),
            &protocol::webhooks::sign("whsec_b3RoZXI=", "msg_2", now(), body.as_bytes()),
            &body,
        ),
        delivery("aml", "msg_2", now(), "v1,AAAA", &body),
        delivery(
            "aml",
            "msg_2",
            old,
            &protocol::webhooks::sign(WEBHOOK_SECRET, "msg_2", old, body.as_bytes()),
            &body,
        ),
        Request::post("/webhooks/aml")
            .body(Body::from(body.clone()))
            .unwrap(),
    ];
    for request in refused {
        let (status, headers, error) = h.send(request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
        assert_eq!(error["error"]["code"], "unauthorized", "{error}");
        assert!(headers.get(header::WWW_AUTHENTICATE).is_none());
    }
    assert!(stored(&h, "aml").await.is_empty());
    assert_eq!(screening_state(&h, &application).await, "PENDING");
}

#[tokio::test]
async fn unknown_types_are_kept_and_acknowledged() {
    let h = harness().await;
    let (status, _, ack) = h
        .send(signed(
            "aml",
            "msg_3",
            &aml_event("no-such-session", "SomethingNew"),
        ))
        .await;
    assert_eq!(
        (status, &ack),
        (StatusCode::OK, &json!({"status": "accepted"}))
    );
    assert_eq!(
        stored(&h, "aml").await,
        [("SomethingNew".to_owned(), true, None)]
    );

    let body =
        json!({"notificationId": "N-1", "notificationTypeCode": "AML_SOMETHING_NEW", "data": {}});
    let (status, _, ack) = h.send(signed("core-banking", "msg_4", &body)).await;
    assert_eq!(
        (status, &ack),
        (StatusCode::OK, &json!({"status": "accepted"}))
    );
    assert_eq!(
        stored(&h, "core-banking").await,
        [("AML_SOMETHING_NEW".to_owned(), true, None)]
    );
}

#[tokio::test]
async fn core_banking_events_are_deduplicated_by_notification_id_and_linked_to_our_applications() {
    let h = harness().await;
    let (status, created) = h.create_session(kyc_session()).await;
    assert_eq!(status, StatusCode::CREATED);
    let application = created["applicationId"].as_str().unwrap();
    let event = |id: &str, person: &str| {
        json!({
            "notificationId": id,
            "notificationTypeCode": "AML_PERSON_SUBPROCESS_CREATED",
            "destination": "https://onboard.example/webhooks/core-banking",
            "originalMessageDateTime": "2024-12-16T11:18:19.955Z",
            "data": {
                "messageDTime": "2022-07-08T09:04:37.108561Z",
                "amlProcessId": "ID-1000",
                "amlSubprocessId": "A000000001000",
                "personId": person
            }
        })
    };
    let (status, _, ack) = h
        .send(signed("core-banking", "msg_5", &event("ID-1", application)))
        .await;
    assert_eq!(
        (status, ack["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    // A redelivery under a new webhook-id is still the same notification.
    let (_, _, ack) = h
        .send(signed("core-banking", "msg_6", &event("ID-1", application)))
        .await;
    assert_eq!(ack["status"], "duplicate");
    let (_, _, ack) = h
        .send(signed("core-banking", "msg_7", &event("ID-2", "ID-1000")))
        .await;
    assert_eq!(ack["status"], "accepted");
    let mut events = stored(&h, "core-banking").await;
    events.sort();
    let kind = "AML_PERSON_SUBPROCESS_CREATED".to_owned();
    assert_eq!(
        events,
        [
            (kind.clone(), true, None),
            (kind, true, Some(application.to_owned()))
        ]
    );
}

#[tokio::test]
async fn malformed_oversized_and_unknown_deliveries_are_refused() {
    let h = harness().await;
    let not_json = json!("just a string");
    let (status, _, error) = h.send(signed("aml", "msg_8", &not_json)).await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request"))
    );
    let (status, _, _) = h
        .send(signed("core-banking", "msg_9", &json!({"data": {}})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let huge = json!({"sessionId": "s", "event": "AllDone", "padding": "x".repeat(256 * 1024)});
    let (status, _, error) = h.send(signed("aml", "msg_10", &huge)).await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (StatusCode::PAYLOAD_TOO_LARGE, &json!("payload_too_large"))
    );

    let (status, _, error) = h.send(signed("acme", "msg_11", &json!({}))).await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("not_found"))
    );
    assert!(stored(&h, "aml").await.is_empty() && stored(&h, "core-banking").await.is_empty());
}

#[tokio::test]
async fn the_sandboxs_signed_webhook_finishes_the_screening_without_polling() {
    // The server on a real port first: the sandbox must know where to post.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/aml", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    let sandbox = SandboxConfig {
        aml_webhook_url: Some(url),
        webhook_secret: Some(WEBHOOK_SECRET.to_owned()),
        ..fast_sandbox()
    };
    let h = harness_with_sandbox(start_sandbox_with(sandbox).await).await;
    let app = h.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let (_, application) = screening(&h).await;
    for _ in 0..100 {
        if screening_state(&h, &application).await == "READY" {
            let events = stored(&h, "aml").await;
            assert!(
                events.contains(&("JsonDataReady".to_owned(), true, Some(application))),
                "{events:?}"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no webhook finished the screening within 5 s");
}
