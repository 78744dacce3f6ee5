//! The background reconciliation: a decision nobody reads is recorded and notified once, on
//! the schedule; a throttling or failing provider pauses the checks and loses nothing; an
//! application never submitted is abandoned once its sessions are over. Each round is run with
//! the time it is at, so that no test waits for the clock.

mod support;

use axum::http::StatusCode;
use onboard_server::applications::reconciliation::{abandon_expired, check_due, Round};
use onboard_server::notifications::deliver_due;
use protocol::ApplicationStatus;
use serde_json::json;
use support::receiver::{harness_notifying_with, Receiver};
use support::steps::submitted;
use support::{kyc_session, start_recording_sandbox, start_sandbox, Harness, ProviderPaths};

const GET_APPLICATION: &str = "/onboarding/v1/applications.get";

/// `(next_check_at, checks, submitted_at)` of the application.
async fn schedule(h: &Harness, application: &str) -> (Option<i64>, i64, Option<i64>) {
    sqlx::query_as("SELECT next_check_at, checks, submitted_at FROM applications WHERE id = $1")
        .bind(application)
        .fetch_one(&h.state.db)
        .await
        .unwrap()
}

async fn next_check(h: &Harness, application: &str) -> i64 {
    schedule(h, application)
        .await
        .0
        .expect("a check is scheduled")
}

/// The statuses the partner was told, after every due notification was delivered, sorted:
/// notifications are not ordered (README), the partner goes by `updatedAt`.
async fn notified(h: &Harness, receiver: &Receiver) -> Vec<String> {
    while deliver_due(&h.state).await.unwrap() > 0 {}
    let mut statuses: Vec<String> = receiver
        .deliveries()
        .iter()
        .map(|delivery| {
            delivery.json()["data"]["status"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    statuses.sort();
    statuses
}

/// How often the provider was asked for an application since the last call.
fn provider_reads(paths: &ProviderPaths) -> usize {
    paths
        .take()
        .iter()
        .filter(|path| path.ends_with(GET_APPLICATION))
        .count()
}

fn round(asked: usize, changed: usize, paused: bool) -> Round {
    Round {
        asked,
        changed,
        paused,
    }
}

#[tokio::test]
async fn a_decision_nobody_reads_is_notified_once_on_the_schedule() {
    let receiver = Receiver::default();
    let (sandbox, paths) = start_recording_sandbox().await;
    let h = harness_notifying_with(sandbox, &receiver.start().await, 8).await;
    let application = submitted(&h).await;
    // A case handler takes the case: no automatic decision comes.
    h.set_provider_status(&application, ApplicationStatus::ManualReview)
        .await;
    let (first, checks, submitted_at) = schedule(&h, &application).await;
    let first = first.unwrap();
    assert_eq!((first - submitted_at.unwrap(), checks), (5, 0));
    paths.take();

    assert_eq!(
        check_due(&h.state, first - 1).await.unwrap(),
        round(0, 0, false)
    );
    assert_eq!(
        check_due(&h.state, first).await.unwrap(),
        round(1, 1, false)
    );
    let second = next_check(&h, &application).await;
    assert!(
        (first + 5..=first + 10).contains(&second),
        "the second check waits 5 to 10 s: {}",
        second - first
    );
    assert_eq!(
        check_due(&h.state, second - 1).await.unwrap(),
        round(0, 0, false)
    );
    assert_eq!(
        check_due(&h.state, second).await.unwrap(),
        round(1, 0, false)
    );
    let third = next_check(&h, &application).await;
    assert!(
        (second + 10..=second + 20).contains(&third),
        "{}",
        third - second
    );

    // Decided the next day; the widget is long gone.
    h.set_provider_status(&application, ApplicationStatus::ManuallyApproved)
        .await;
    assert_eq!(
        check_due(&h.state, third).await.unwrap(),
        round(1, 1, false)
    );
    assert_eq!(
        schedule(&h, &application).await.0,
        None,
        "decided: no more checks"
    );
    assert_eq!(
        check_due(&h.state, third + 86_400).await.unwrap(),
        round(0, 0, false)
    );
    assert_eq!(provider_reads(&paths), 3, "the checks are the only reads");

    assert_eq!(
        notified(&h, &receiver).await,
        [
            "IN_PROGRESS",
            "MANUALLY_APPROVED",
            "MANUAL_REVIEW",
            "NOT_STARTED"
        ],
        "each change once"
    );
}

#[tokio::test]
async fn a_provider_down_for_a_minute_pauses_the_checks_and_loses_nothing() {
    let receiver = Receiver::default();
    let h = harness_notifying_with(start_sandbox().await, &receiver.start().await, 8).await;
    let application = submitted(&h).await;
    h.set_provider_status(&application, ApplicationStatus::ManuallyApproved)
        .await;
    let due = next_check(&h, &application).await;
    h.fault(
        GET_APPLICATION,
        json!({"kind": "status", "status": 503}),
        None,
    )
    .await;

    let mut now = due;
    let mut pauses = Vec::new();
    while now < due + 60 {
        assert_eq!(check_due(&h.state, now).await.unwrap(), round(0, 0, true));
        let resume_at = next_check(&h, &application).await;
        assert!(resume_at > now);
        assert_eq!(
            check_due(&h.state, resume_at - 1).await.unwrap(),
            round(0, 0, true),
            "paused until then"
        );
        pauses.push(resume_at - now);
        now = resume_at;
    }
    assert!(pauses.len() >= 2, "{pauses:?}");
    assert!(
        pauses.windows(2).all(|w| w[1] >= w[0] / 2) && pauses.iter().all(|p| *p <= 300),
        "backs off, at most 5 minutes: {pauses:?}"
    );
    assert_eq!(
        schedule(&h, &application).await.1,
        0,
        "failed checks do not count"
    );

    h.set_faults(json!([])).await;
    assert_eq!(check_due(&h.state, now).await.unwrap(), round(1, 1, false));
    assert_eq!(
        notified(&h, &receiver).await,
        ["IN_PROGRESS", "MANUALLY_APPROVED", "NOT_STARTED"],
        "each change once"
    );
}

#[tokio::test]
async fn a_throttling_provider_is_waited_out_as_it_asks() {
    let receiver = Receiver::default();
    let h = harness_notifying_with(start_sandbox().await, &receiver.start().await, 8).await;
    let application = submitted(&h).await;
    let due = next_check(&h, &application).await;
    let throttled = json!({"kind": "rate_limited", "retryAfterSecs": 30});
    h.fault(GET_APPLICATION, throttled, Some(1)).await;

    assert_eq!(check_due(&h.state, due).await.unwrap(), round(0, 0, true));
    assert_eq!(next_check(&h, &application).await, due + 30);
    assert_eq!(
        check_due(&h.state, due + 29).await.unwrap(),
        round(0, 0, true)
    );
    assert_eq!(check_due(&h.state, due + 30).await.unwrap().asked, 1);
}

#[tokio::test]
async fn an_application_never_submitted_is_abandoned_when_its_sessions_are_over() {
    let receiver = Receiver::default();
    let (sandbox, paths) = start_recording_sandbox().await;
    let h = harness_notifying_with(sandbox, &receiver.start().await, 8).await;
    let (created, _) = h.new_session(kyc_session()).await;
    let application = created["applicationId"].as_str().unwrap();
    let now = onboard_server::db::now();

    assert_eq!(
        abandon_expired(&h.state, now).await.unwrap(),
        0,
        "its session lives"
    );
    assert_eq!(
        schedule(&h, application).await.0,
        None,
        "not submitted: no checks"
    );
    let a_day_later = now + 86_400;
    assert_eq!(abandon_expired(&h.state, a_day_later).await.unwrap(), 1);
    assert_eq!(
        abandon_expired(&h.state, a_day_later).await.unwrap(),
        0,
        "once"
    );

    paths.take();
    let path = format!("/api/v1/applications/{application}");
    let (status, view) = h.partner_get(&path, "demo-partner-key").await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "CANCELLED");
    assert_eq!(
        provider_reads(&paths),
        0,
        "abandoned: Onboard's status is read"
    );
    assert_eq!(notified(&h, &receiver).await, ["CANCELLED", "NOT_STARTED"]);

    // A new session takes it up again: the provider's status is the application's again.
    let request = axum::http::Request::post(format!("{path}/sessions"))
        .header("authorization", "Bearer demo-partner-key")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, minted) = h.send(request).await;
    assert_eq!(status, StatusCode::CREATED, "{minted}");
    let (_, view) = h.partner_get(&path, "demo-partner-key").await;
    assert_eq!(view["status"], "NOT_STARTED");
    assert_eq!(
        notified(&h, &receiver).await,
        ["CANCELLED", "NOT_STARTED", "NOT_STARTED"]
    );
}

#[tokio::test]
async fn the_metrics_count_the_applications_awaiting_a_decision() {
    let h = harness_notifying_with(start_sandbox().await, "http://127.0.0.1:9/", 1).await;
    submitted(&h).await;
    let text = h.metrics().await;
    assert!(
        text.contains("onboard_applications_awaiting_decision 1"),
        "{text}"
    );
    assert!(
        text.contains("onboard_oldest_awaiting_decision_age_seconds"),
        "{text}"
    );
}
