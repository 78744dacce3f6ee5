//! The flows against failing providers (the sandbox's fault injection): the user sees a clear
//! message and a way to try again, nothing typed is lost, and the flow completes once the fault
//! lifts.

use serde_json::json;

use crate::bank_flow::{open_bank_picker, pick_bank};
use crate::harness::Stack;
use crate::onboarding_flow::{open, walk_kyc};

async fn review_text(stack: &Stack) -> String {
    stack.wait_for("[data-testid=step][data-step=review]").await.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submit_the_provider_refuses_keeps_the_answers_and_goes_through_once_it_is_back() {
    let stack = Stack::start().await;
    // Down for good, and slow, while the applicant types: the answers are saved by Onboard.
    stack
        .set_faults(json!([
            {"path": "/onboarding/v1/applications.submit", "fault": {"kind": "status", "status": 503}},
            {"path": "/onboarding/v1/workflows.get", "fault": {"kind": "slow", "delayMs": 400}}
        ]))
        .await;
    open(&stack, "kyc-demo").await;
    walk_kyc(&stack, "19900101-1239", "1990-01-01", false).await;
    stack.wait_for_text("[data-testid=step-failure]", "the provider's failure", |t| !t.is_empty()).await;
    stack.assert_accessible("the review with a provider failure").await;
    let typed = review_text(&stack).await;
    assert!(typed.contains("Tolvansson") && typed.contains("Drottninggatan 32"), "{typed}");

    // A reload in between loses nothing either.
    stack.browser.refresh().await.unwrap();
    let after = review_text(&stack).await;
    assert!(after.contains("Tolvansson") && after.contains("Drottninggatan 32"), "{after}");
    stack.set_faults(json!([])).await;
    stack.wait_for("#step-continue").await.click().await.unwrap();
    stack.wait_for("[data-testid=outcome][data-outcome=approved]").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_the_bank_api_cannot_create_is_offered_again_and_made_once_it_is_back() {
    let stack = Stack::start().await;
    open_bank_picker(&stack).await;
    pick_bank(&stack, "transaction date filter", "20101").await;
    stack.set_faults(json!([{"path": "/openbanking/consents", "fault": {"kind": "drop"}}])).await;
    stack.wait_for("#consent-continue").await.click().await.unwrap();
    stack.wait_for_text("[data-testid=consent-failure]", "the bank API's failure", |t| !t.is_empty()).await;
    stack.assert_accessible("the permissions with a failure").await;
    // The chosen bank is still the one to continue with.
    stack.set_faults(json!([])).await;
    stack.wait_for("#consent-continue").await.click().await.unwrap();
    stack.wait_for("#username").await;
    stack.shutdown().await;
}
