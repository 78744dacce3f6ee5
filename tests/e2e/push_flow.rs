//! The session's event stream: once it is open, polling slows to a safety net (10 s and more
//! between polls), and a decision a webhook brings reaches the screen through the stream.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::harness::Stack;

/// Below the slowed polling's 10 s floor, so only the stream can have brought the decision in
/// time; not a speed target (the bench measures that), and far above it.
const BEFORE_NEXT_POLL: Duration = Duration::from_secs(8);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_pushed_by_a_webhook_shows_while_polling_is_slowed() {
    let stack = Stack::start().await;
    let session = stack.mint_session("kyc-demo").await;
    let application = session["applicationId"].as_str().unwrap().to_owned();
    stack.goto(&format!("/#token={}", session["sessionToken"].as_str().unwrap())).await;
    stack.wait_for("[data-testid=step][data-step=personalDetails]").await;
    stack.wait_for("#onboard[data-live=stream]").await;
    // The stream's first read replays what was stored (the minting's status), which polls
    // once; from then on the polls are slow.
    tokio::time::sleep(Duration::from_secs(1)).await;

    stack.set_provider_status(&application, "APPROVED").await;
    let delivered = Instant::now();
    stack.deliver_aml_result(&application).await;
    let outcome = "[data-testid=outcome][data-outcome=approved]";
    loop {
        if stack.browser.find(Locator::Css(outcome)).await.is_ok() {
            break;
        }
        assert!(delivered.elapsed() < BEFORE_NEXT_POLL, "the pushed decision never showed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A decided application has nothing left to hear of: the stream stays, polling stopped.
    stack.assert_accessible("the approved outcome from a push").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}
