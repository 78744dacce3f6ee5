//! The hosted link: from the partner's demo page into the widget, to the outcome; the session
//! error screens. Every screen passes axe-core's WCAG 2.2 AA rules.

use fantoccini::Locator;

use crate::harness::Stack;

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
