//! The hosted link: from the partner's demo page into the widget, to the outcome; the session
//! error screens, also for a session that ends in the middle of a step; a second link in the
//! same tab shows nothing of the first. Every screen passes axe-core's WCAG 2.2 AA rules.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use onboard_e2e::harness::{Stack, UI_TIMEOUT};
use onboard_widget::storage::Key;
use protocol::ApplicationStatus;
use serde_json::{json, Value};

use crate::onboarding_flow::{type_into, value_of};

/// Where the widget keeps the credential its claim gave.
pub fn credential_key() -> String {
    Key::Credential
        .name()
        .expect("the credential's key is the tab's, not an application's")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_page_to_approved_outcome() {
    let stack = Stack::start().await;
    stack.goto("/demo").await;
    stack
        .browser
        .find(Locator::Css("#start-kyc"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    let url = stack.browser.current_url().await.unwrap();
    assert!(
        !url.as_str().contains("token"),
        "the token must leave the address bar: {url}"
    );
    stack.assert_accessible("the first step").await;

    // The provider decides (as its staff would): the widget follows, wherever it is.
    let credential = stack
        .session_storage(&credential_key())
        .await
        .expect("the credential is kept for reloads");
    let application = stack.application_of(&credential).await;
    stack
        .set_provider_status(&application, ApplicationStatus::InProgress)
        .await;
    stack
        .set_provider_status(&application, ApplicationStatus::Approved)
        .await;
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
    sqlx::query(
        "UPDATE session_claims SET expires_at = expires_at - 3601, session_expires_at = session_expires_at - 3601",
    )
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

/// Opens a partner's session of `kyc-demo` at its first step, with every field filled in: the
/// next press of Continue saves it. Returns the session as minted.
pub(crate) async fn open_filled_personal_details(stack: &Stack) -> Value {
    let session = stack.mint_session("kyc-demo").await;
    let token = session["sessionToken"].as_str().unwrap();
    // From another page: on the widget's own, a new fragment alone would not load it anew.
    stack.browser.goto("about:blank").await.unwrap();
    stack.goto(&format!("/#token={token}")).await;
    stack.wait_for(PERSONAL_DETAILS).await;
    type_into(stack, "#first-name", "Tolvan").await;
    type_into(stack, "#last-name", "Tolvansson").await;
    type_into(stack, "#identity-number", "19900101-1239").await;
    session
}

/// The session's end replaced the whole widget: its screen (`testid`), with the way back to the
/// partner's page the session named, and nothing of the step left to press.
async fn assert_ended_on(stack: &Stack, testid: &str) {
    let screen = stack.wait_for(&format!("[data-testid={testid}]")).await;
    assert!(!screen.text().await.unwrap().is_empty());
    let link = stack
        .wait_for(&format!(
            "[data-testid={testid}] a[data-testid=partner-link]"
        ))
        .await;
    assert_eq!(
        link.attr("href").await.unwrap(),
        Some(format!("{}/demo", stack.base))
    );
    for gone in [
        "[data-testid=step]",
        "#step-continue",
        "[data-testid=step-failure]",
    ] {
        assert!(
            stack.browser.find(Locator::Css(gone)).await.is_err(),
            "{gone} is still on screen"
        );
    }
    stack.wait_for_focus("[data-screen-heading]").await;
    stack.assert_accessible(testid).await;
}

/// A session that ends while a step is open, revoked by the partner or past its lifetime, takes
/// the customer to the ended session's screen at the next call, with the way back to the
/// partner's page, instead of a Continue that can only fail again; the widget lets go of its
/// event stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_ends_mid_step_has_its_own_screen_with_the_way_back() {
    let stack = Stack::start().await;
    // Every call after the end is refused, as it should be.
    stack.expect_console_errors(&["status of 401"]);

    let session = open_filled_personal_details(&stack).await;
    stack
        .revoke_sessions(session["applicationId"].as_str().unwrap())
        .await;
    // The event stream, which the revocation closed, may tell of the end first when it tries
    // to reconnect (a second later): then there is no Continue left to press.
    let _ = stack
        .browser
        .find(Locator::Css("#step-continue"))
        .await
        .unwrap()
        .click()
        .await;
    assert_ended_on(&stack, "session-closed").await;

    let session = open_filled_personal_details(&stack).await;
    stack.wait_for("#onboard[data-live=stream]").await;
    let credential = stack.session_storage(&credential_key()).await.unwrap();
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 3601 WHERE application_id = $1")
        .bind(session["applicationId"].as_str().unwrap())
        .execute(&stack.state.db)
        .await
        .unwrap();
    stack
        .state
        .widget_sessions
        .invalidate(&onboard_server::auth::token_hash(&credential))
        .await;
    // The stream stays open (the server ends it at the expiry it knew): the press meets the end.
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    assert_ended_on(&stack, "session-expired").await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while stack.state.events.open_streams() > 0 {
        assert!(
            Instant::now() < deadline,
            "the ended session's event stream stayed open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partners_public_link_shows_the_theme_of_its_settings() {
    let partners = tempfile::NamedTempFile::new().unwrap();
    let file = r##"
[partners.acme]
keys = ["acme-e2e-key"]
redirect_allowlist = ["http://127.0.0.1/acme/"]
hosted_workflows = ["kyc-demo"]
hosted_return_url = "http://127.0.0.1/acme/done"
theme = { colorScheme = "dark", colors = { primary = "#0a7f5a" }, radius = "2px" }
"##;
    std::fs::write(partners.path(), file).unwrap();
    let setting = format!("--partners-file={}", partners.path().display());
    let stack = Stack::start_with(&[&setting]).await;
    stack.goto("/start/acme/kyc-demo?country=SE").await;
    // The first step shows in the partner's theme, never in the defaults first.
    stack
        .wait_for("html[data-theme=dark] [data-testid=step][data-step=personalDetails]")
        .await;
    let primary = "return getComputedStyle(document.documentElement).getPropertyValue('--onboard-color-primary').trim();";
    let color = stack.browser.execute(primary, vec![]).await.unwrap();
    assert_eq!(color, "#0a7f5a", "the partner's primary colour");
    stack.shutdown().await;
}
