//! Partners' webhooks: status changes notified through the outbox, signed, retried after a
//! failure, dead-lettered after the last try, and claimed once by concurrent workers; against a
//! partner receiver on a real loopback port.

mod support;

use axum::http::StatusCode;
use onboard_server::notifications::deliver_due;
use protocol::ApplicationStatus;
use support::receiver::{harness_notifying, Receiver, PARTNER_SECRET};
use support::{harness_with_settings, kyc_session, start_sandbox, Harness};

/// `(attempts, delivered, dead, last_error)` of every notification, oldest first.
async fn outbox(h: &Harness) -> Vec<(i64, bool, bool, Option<String>)> {
    // Counts, not booleans: sqlx's Any driver reads no boolean from SQLite.
    let rows: Vec<(i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT attempts, count(delivered_at), count(dead_at), last_error FROM partner_notifications
         GROUP BY id ORDER BY min(created_at), id",
    )
    .fetch_all(&h.state.db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(attempts, delivered, dead, error)| (attempts, delivered == 1, dead == 1, error))
        .collect()
}

async fn minted(h: &Harness) -> (String, String) {
    let (created, credential) = h.new_session(kyc_session()).await;
    (
        created["applicationId"].as_str().unwrap().to_owned(),
        credential,
    )
}

#[tokio::test]
async fn a_status_change_is_notified_signed_and_retried_until_the_partner_takes_it() {
    let receiver = Receiver::failing(2);
    let h = harness_notifying(&receiver.start().await, 8).await;
    let mut session = kyc_session();
    session["externalRef"] = "customer-42".into();
    let (created, credential) = h.new_session(session).await;
    let application = created["applicationId"].as_str().unwrap();

    for round in 1..=3 {
        assert_eq!(
            deliver_due(&h.state).await.unwrap(),
            1,
            "round {round} tries the notification"
        );
    }
    assert_eq!(
        deliver_due(&h.state).await.unwrap(),
        0,
        "delivered: nothing is due"
    );
    assert_eq!(outbox(&h).await, [(3, true, false, None)]);

    let deliveries = receiver.deliveries();
    assert_eq!(deliveries.len(), 3);
    assert!(
        deliveries
            .iter()
            .all(|d| d.id == deliveries[0].id && d.body == deliveries[0].body),
        "one notification, retried"
    );
    assert!(
        deliveries.iter().all(|d| d.verifies_with(PARTNER_SECRET)),
        "{deliveries:?}"
    );
    assert!(!deliveries[0].verifies_with("whsec_b3RoZXIgcGFydG5lcidzIGtleQ=="));
    let body = deliveries[0].json();
    assert_eq!(body["type"], "application.status_changed");
    assert_eq!(body["data"]["applicationId"], application);
    assert_eq!(body["data"]["status"], "NOT_STARTED");
    assert_eq!(body["data"]["externalRef"], "customer-42");
    assert!(
        body["timestamp"].is_string() && body["data"]["updatedAt"].is_string(),
        "{body}"
    );
    let fields: Vec<&String> = body["data"].as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        ["applicationId", "externalRef", "status", "updatedAt"],
        "no personal data"
    );

    // A change seen by the widget's poll is the next notification.
    h.set_provider_status(application, ApplicationStatus::Approved)
        .await;
    let (status, _, _) = h.widget_get("/api/v1/session/status", &credential).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deliver_due(&h.state).await.unwrap(), 1);
    let last = receiver.deliveries().pop().unwrap();
    assert_ne!(last.id, deliveries[0].id);
    assert_eq!(last.json()["data"]["status"], "APPROVED");
}

#[tokio::test]
async fn a_notification_the_partner_never_takes_is_dead_lettered_after_the_last_try() {
    let receiver = Receiver::failing(usize::MAX);
    let h = harness_notifying(&receiver.start().await, 3).await;
    minted(&h).await;

    for _ in 0..3 {
        assert_eq!(deliver_due(&h.state).await.unwrap(), 1);
    }
    assert_eq!(
        outbox(&h).await,
        [(3, false, true, Some("http_500".to_owned()))]
    );
    assert_eq!(
        deliver_due(&h.state).await.unwrap(),
        0,
        "a dead letter is not tried again"
    );
    assert_eq!(receiver.deliveries().len(), 3);

    let metrics = h.metrics().await;
    assert!(
        metrics.contains("onboard_partner_notifications_total{outcome=\"dead\"}"),
        "{metrics}"
    );
}

#[tokio::test]
async fn an_unreachable_partner_is_retried_with_the_error_kind_kept() {
    // A port that was just free: nothing listens there.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let h = harness_notifying(&format!("http://{closed}/hooks"), 8).await;
    minted(&h).await;
    assert_eq!(deliver_due(&h.state).await.unwrap(), 1);
    assert_eq!(
        outbox(&h).await,
        [(1, false, false, Some("connect".to_owned()))]
    );
}

#[tokio::test]
async fn concurrent_workers_send_each_try_once() {
    let receiver = Receiver::default();
    let h = harness_notifying(&receiver.start().await, 8).await;
    for _ in 0..5 {
        minted(&h).await;
    }
    let (first, second) = tokio::join!(deliver_due(&h.state), deliver_due(&h.state));
    assert_eq!(first.unwrap() + second.unwrap(), 5);
    assert_eq!(receiver.deliveries().len(), 5);
    assert!(outbox(&h)
        .await
        .iter()
        .all(|row| *row == (1, true, false, None)));
}

#[tokio::test]
async fn partners_without_a_webhook_get_no_notifications() {
    let h = harness_with_settings(start_sandbox().await, &[]).await;
    minted(&h).await;
    assert!(outbox(&h).await.is_empty());
    assert_eq!(deliver_due(&h.state).await.unwrap(), 0);
}
