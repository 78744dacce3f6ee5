//! Continue later, elsewhere: the partner mints a new session for the application, and the
//! widget opened with it in another browser resumes at the first unanswered step, with every
//! saved answer and what was typed there but not saved.

use std::time::{Duration, Instant};

use onboard_e2e::harness::{wait_in, Stack, UI_TIMEOUT};
use protocol::api::paths;
use serde_json::Value;

use crate::hosted_flow::credential_key;
use crate::onboarding_flow::{continue_to, type_into};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_session_carries_on_in_another_browser_with_the_answers_and_the_draft() {
    let stack = Stack::start().await;
    let session = stack.open_hosted_link("kyc-demo").await;
    let application_id = session["applicationId"].as_str().unwrap().to_owned();
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    type_into(&stack, "#first-name", "Tolvan").await;
    type_into(&stack, "#last-name", "Tolvansson").await;
    type_into(&stack, "#identity-number", "19900101-1239").await;
    continue_to(&stack, "contactDetails").await;
    // Typed, never saved: after a pause in typing the draft is on the server.
    type_into(&stack, "#email", "tolvan@example.com").await;
    let credential = stack.session_storage(&credential_key()).await.unwrap();
    let deadline = Instant::now() + UI_TIMEOUT;
    while drafted_email(&stack, &credential).await.as_deref() != Some("tolvan@example.com") {
        assert!(
            Instant::now() < deadline,
            "the draft never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The customer's tab is gone; the partner's backend mints a new session for them.
    let again = stack.mint_session_again(&application_id).await;
    let elsewhere = stack.other_browser("elsewhere").await;
    let token = again["sessionToken"].as_str().unwrap();
    elsewhere
        .goto(&format!("{}/#token={token}", stack.base))
        .await
        .unwrap();
    wait_in(&elsewhere, "[data-testid=step][data-step=contactDetails]").await;
    assert_eq!(value_in(&elsewhere, "#email").await, "tolvan@example.com");
    wait_in(&elsewhere, "#step-back")
        .await
        .click()
        .await
        .unwrap();
    wait_in(&elsewhere, "[data-testid=step][data-step=personalDetails]").await;
    assert_eq!(value_in(&elsewhere, "#first-name").await, "Tolvan");
    assert_eq!(
        value_in(&elsewhere, "#identity-number").await,
        "19900101-1239"
    );
    elsewhere.close().await.unwrap();
    stack.shutdown().await;
}

/// The contact step's draft as the server keeps it for the session's application.
async fn drafted_email(stack: &Stack, credential: &str) -> Option<String> {
    let view: Value = reqwest::Client::new()
        .get(format!("{}{}", stack.base, paths::ONBOARDING))
        .bearer_auth(credential)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    view["drafts"]["contactDetails"]["email"]
        .as_str()
        .map(str::to_owned)
}

async fn value_in(browser: &fantoccini::Client, css: &str) -> String {
    wait_in(browser, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}
