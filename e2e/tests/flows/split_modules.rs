//! The split build in the browser (README, "The split build"): a screen whose module cannot be
//! fetched offers a retry instead of stopping the widget, and nothing typed is lost.

use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::Stack;
use serde_json::json;

use crate::hosted_flow::open_filled_personal_details;
use crate::onboarding_flow::value_of;

const CONTACT_DETAILS: &str = "[data-testid=step][data-step=contactDetails]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_whose_module_cannot_be_fetched_offers_a_retry_and_keeps_the_answers() {
    let stack = Stack::start().await;
    // The browser refuses the module of the KYC steps after the first, as a dropped connection
    // would: its fetch ahead and the step's own fail.
    stack.expect_console_errors(&["split_later_steps", "Failed to fetch"]);
    cdp(&stack.browser, "Network.enable", json!({})).await;
    let blocked = json!({"urls": ["*split_later_steps*"]});
    cdp(&stack.browser, "Network.setBlockedURLs", blocked).await;

    open_filled_personal_details(&stack).await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    let error = stack.wait_for("[data-testid=error]").await;
    assert!(
        stack
            .browser
            .find_all(fantoccini::Locator::Css(CONTACT_DETAILS))
            .await
            .unwrap()
            .is_empty(),
        "the step cannot show without its module"
    );
    stack
        .assert_accessible("the step whose module failed")
        .await;

    cdp(
        &stack.browser,
        "Network.setBlockedURLs",
        json!({"urls": []}),
    )
    .await;
    error
        .find(fantoccini::Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    stack.wait_for(CONTACT_DETAILS).await;
    stack
        .wait_for_focus(&format!("{CONTACT_DETAILS} [data-step-heading]"))
        .await;

    stack.wait_for("#step-back").await.click().await.unwrap();
    assert_eq!(value_of(&stack, "#first-name").await, "Tolvan");
    assert_eq!(value_of(&stack, "#identity-number").await, "19900101-1239");
    stack.shutdown().await;
}
