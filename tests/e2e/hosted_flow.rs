//! The hosted link: from the partner's demo page into the widget, to the outcome; the session
//! error screens; a second link in the same tab shows nothing of the first. Every screen passes axe-core's WCAG 2.2 AA rules.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{Stack, UI_TIMEOUT};
use crate::onboarding_flow::{type_into, value_of};

const TOKEN_KEY: &str = "onboard.sessionToken";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_page_to_approved_outcome() {
    let stack = Stack::start().await;
    stack.goto("/demo").await;
    stack
        .browser
        .find(Locator::Css("#start-bank"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let status = stack.wait_for("[data-testid=status]").await;
    let url = stack.browser.current_url().await.unwrap();
    assert!(
        !url.as_str().contains("token"),
        "the token must leave the address bar: {url}"
    );
    assert_eq!(
        status.attr("data-status").await.unwrap().as_deref(),
        Some("NOT_STARTED")
    );
    stack.assert_accessible("the session status").await;

    let token = stack
        .session_storage(TOKEN_KEY)
        .await
        .expect("the token is kept for reloads");
    let application = stack.application_of(&token).await;
    stack.set_provider_status(&application, "IN_PROGRESS").await;
    stack
        .wait_for("[data-testid=status][data-status=IN_PROGRESS]")
        .await;
    stack.assert_accessible("the session in progress").await;

    stack.set_provider_status(&application, "APPROVED").await;
    let outcome = stack.wait_for("[data-testid=outcome]").await;
    assert_eq!(
        outcome.attr("data-outcome").await.unwrap().as_deref(),
        Some("approved")
    );
    stack.assert_accessible("the approved outcome").await;

    // A reload continues from sessionStorage, with no token in the URL.
    stack.browser.refresh().await.unwrap();
    stack
        .wait_for("[data-testid=outcome][data-outcome=approved]")
        .await;
    let marks = stack
        .browser
        .execute(
            "return performance.getEntriesByName('onboard:interactive').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        marks.as_u64(),
        Some(1),
        "the widget marks its first interactive screen once"
    );
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_has_its_own_screen() {
    let stack = Stack::start().await;
    stack.expect_console_errors(&["status of 401"]);
    let session = stack.mint_session("kyc-demo").await;
    let token = session["sessionToken"].as_str().unwrap();
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 3601")
        .execute(&stack.state.db)
        .await
        .unwrap();

    stack.goto(&format!("/#token={token}")).await;
    let screen = stack.wait_for("[data-testid=session-expired]").await;
    assert!(!screen.text().await.unwrap().is_empty());
    stack.assert_accessible("the expired session").await;
    let url = stack.browser.current_url().await.unwrap();
    assert!(!url.as_str().contains(token));
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_token_is_refused_with_its_own_screen() {
    let stack = Stack::start().await;
    stack.expect_console_errors(&["status of 401"]);
    stack.goto("/#token=forged-token").await;
    stack.wait_for("[data-testid=session-invalid]").await;
    stack.assert_accessible("the invalid session").await;
    stack.shutdown().await;
}

const PERSONAL_DETAILS: &str = "[data-testid=step][data-step=personalDetails]";

/// Whether any value the widget keeps in the tab's sessionStorage contains `text`.
async fn kept_in_the_tab(stack: &Stack, text: &str) -> bool {
    let found = stack
        .browser
        .execute(
            "return Object.keys(sessionStorage).some((key) => sessionStorage.getItem(key).includes(arguments[0]));",
            vec![json!(text)],
        )
        .await
        .unwrap();
    found == Value::Bool(true)
}

/// The personal details step shows empty, and the tab keeps nothing of what was typed before.
async fn assert_nothing_of_the_first_person(stack: &Stack, typed: &[&str]) {
    stack.wait_for(PERSONAL_DETAILS).await;
    for field in ["#first-name", "#last-name", "#identity-number"] {
        assert_eq!(
            value_of(stack, field).await,
            "",
            "{field} of the first session"
        );
    }
    for text in typed {
        assert!(
            !kept_in_the_tab(stack, text).await,
            "{text} stayed in the tab"
        );
    }
}

/// A shared computer, a branch's tablet: the second person's hosted link, opened in the tab
/// where the first typed their name and identity number, starts empty, and so does the page
/// the browser's Back button returns to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_link_in_the_same_tab_shows_nothing_of_the_first() {
    let stack = Stack::start().await;
    let typed = ["Tolvansson", "19900101-1239"];
    stack.goto("/start/kyc-demo?country=SE").await;
    stack.wait_for(PERSONAL_DETAILS).await;
    type_into(&stack, "#last-name", typed[0]).await;
    type_into(&stack, "#identity-number", typed[1]).await;
    // Typed, never saved: the tab's drafts are all that holds it.
    let deadline = Instant::now() + UI_TIMEOUT;
    while !kept_in_the_tab(&stack, typed[1]).await {
        assert!(Instant::now() < deadline, "the first session kept no draft");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    stack.goto("/start/kyc-demo?country=SE").await;
    assert_nothing_of_the_first_person(&stack, &typed).await;
    stack.browser.back().await.unwrap();
    assert_nothing_of_the_first_person(&stack, &typed).await;
    stack.shutdown().await;
}
