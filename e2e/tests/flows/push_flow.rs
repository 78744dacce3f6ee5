//! The session's event stream: once it is open, polling slows to a safety net (10 s and more
//! between polls), and a decision a webhook brings reaches the screen through the stream.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use onboard_e2e::harness::Stack;
use protocol::ApplicationStatus;

/// Below the slowed polling's 10 s floor, so only the stream can have brought the decision in
/// time; not a speed target (the bench measures that), and far above it.
const BEFORE_NEXT_POLL: Duration = Duration::from_secs(8);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_pushed_by_a_webhook_shows_while_polling_is_slowed() {
    let stack = Stack::start().await;
    let session = stack.mint_session("kyc-demo").await;
    let application = session["applicationId"].as_str().unwrap().to_owned();
    stack
        .goto(&format!(
            "/#token={}",
            session["sessionToken"].as_str().unwrap()
        ))
        .await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    stack.wait_for("#onboard[data-live=stream]").await;
    // The stream's first read replays what was stored (the minting's status), which polls
    // once; from then on the polls are slow.
    tokio::time::sleep(Duration::from_secs(1)).await;

    stack
        .set_provider_status(&application, ApplicationStatus::Approved)
        .await;
    let delivered = Instant::now();
    stack.deliver_aml_result(&application).await;
    let outcome = "[data-testid=outcome][data-outcome=approved]";
    loop {
        if stack.browser.find(Locator::Css(outcome)).await.is_ok() {
            // For the record, not a target: the bench measures push against poll.
            eprintln!(
                "the pushed decision showed {:?} after the webhook was sent",
                delivered.elapsed()
            );
            break;
        }
        assert!(
            delivered.elapsed() < BEFORE_NEXT_POLL,
            "the pushed decision never showed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A decided application has nothing left to hear of: the stream stays, polling stopped.
    stack
        .assert_accessible("the approved outcome from a push")
        .await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

/// More than the six connections Chromium opens to one origin over HTTP/1.1.
const WIDGET_LOADS_IN_ONE_TAB: usize = 7;
/// For the server to see a stream the browser aborted end: far more than it takes.
const STREAM_CLOSE: Duration = Duration::from_secs(5);

/// A widget left for another page may wait in the back/forward cache. Its event stream must not
/// wait with it: each would hold one of the origin's connections, and a later widget would stall
/// on "Loading…".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_widget_left_for_another_page_closes_its_stream() {
    let stack = Stack::start().await;
    for _ in 0..WIDGET_LOADS_IN_ONE_TAB {
        stack.open_hosted_link("kyc-demo").await;
        stack
            .wait_for("[data-testid=step][data-step=personalDetails]")
            .await;
        stack.wait_for("#onboard[data-live=stream]").await;
        assert_eq!(
            stack.state.events.open_streams(),
            1,
            "the widget on screen has its stream open"
        );
        stack.goto("/demo").await;
        stack.wait_for("#start-bank").await;
        let left = Instant::now();
        while stack.state.events.open_streams() > 0 {
            assert!(
                left.elapsed() < STREAM_CLOSE,
                "{} event streams stayed open after their widgets were left",
                stack.state.events.open_streams()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    stack.shutdown().await;
}
