//! Links are one-time claims, and the bank's return belongs to the browser that holds the
//! session, tried with separate browsers as two people would: a hosted link taken without being
//! followed and opened by someone else gives its maker nothing; a bank link approved in another
//! browser shares nothing with the session that made it.

use fantoccini::{Client, Locator};
use onboard_e2e::harness::{log_in_at_the_bank_and_press, wait_in, Stack};
use serde_json::{json, Value};

use crate::bank_flow::{choose_bank, open_bank_picker};
use crate::hosted_flow::credential_key;

const PERSONAL_DETAILS: &str = "[data-testid=step][data-step=personalDetails]";

/// A widget call made with `bearer`, as anyone holding it could: its status and body.
async fn read_with(stack: &Stack, path: &str, bearer: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", stack.base))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn value_in(browser: &Client, css: &str) -> String {
    wait_in(browser, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// (1) The hosted link's maker takes the address without following it and sends it on. The
/// person who opens it types; the maker's copy reads nothing and cannot be claimed again; a
/// third browser opening it is told it was used; the person's own reload carries on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hosted_link_opens_one_session_in_the_first_browser_only() {
    let stack = Stack::start().await;
    let maker = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let taken = maker
        .get(format!("{}/start/kyc-demo?country=SE", stack.base))
        .send()
        .await
        .unwrap();
    let link = taken.headers()["location"].to_str().unwrap().to_owned();
    let code = link
        .strip_prefix("/#token=")
        .expect("the code in the fragment");

    let person = stack.other_browser("person").await;
    person.goto(&format!("{}{link}", stack.base)).await.unwrap();
    wait_in(&person, PERSONAL_DETAILS).await;
    let last_name = wait_in(&person, "#last-name").await;
    last_name.send_keys("Tolvansson").await.unwrap();

    // The maker's copy: no bearer, and no second claim.
    let (status, _) = read_with(&stack, "/api/v1/onboarding", code).await;
    assert_eq!(status, 401, "the claim code is not a bearer");
    let claim = maker
        .post(format!("{}/api/v1/session/claim", stack.base))
        .json(&json!({ "sessionToken": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(claim.status(), 410);
    let refused: Value = claim.json().await.unwrap();
    assert_eq!(refused["error"]["code"], "link_used", "{refused}");

    // A third browser opening the same address.
    stack.expect_console_errors(&["status of 410"]);
    stack.goto(&link).await;
    stack.wait_for("[data-testid=link-used]").await;
    stack.assert_accessible("the used link").await;
    assert!(
        stack.session_storage(&credential_key()).await.is_none(),
        "the third browser holds no session"
    );

    // The person's own reload carries on with what they typed.
    person.refresh().await.unwrap();
    wait_in(&person, PERSONAL_DETAILS).await;
    assert_eq!(value_in(&person, "#last-name").await, "Tolvansson");
    person.close().await.unwrap();
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

/// (2) Session A makes the bank link; B opens it in another browser, logs in and approves.
/// B's browser is told that nothing was shared; A never shows the bank as connected and reads
/// no account data; then A connects its own bank and reads its data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_link_approved_in_another_browser_shares_nothing() {
    let stack = Stack::start().await;
    open_bank_picker(&stack).await;
    choose_bank(&stack, "transaction date filter", "20101").await;
    // A is at the bank's login page: its address is the bank link.
    let bank_link = stack.browser.current_url().await.unwrap();
    let credential = stack.session_storage(&credential_key()).await.unwrap();
    let consent_id: String = sqlx::query_scalar("SELECT id FROM consents")
        .fetch_one(&stack.state.db)
        .await
        .unwrap();

    let other = stack.other_browser("other").await;
    other.goto(bank_link.as_str()).await.unwrap();
    log_in_at_the_bank_and_press(&other, "#approve").await;
    wait_in(&other, "[data-testid=bank-elsewhere]").await;
    let url = other.current_url().await.unwrap();
    assert!(
        url.fragment().is_none_or(|f| !f.contains("return")),
        "the return code leaves the address bar: {url}"
    );
    other.close().await.unwrap();

    // The code came back to B's browser, which spent it: the consent is withdrawn.
    let consent_path = format!("/api/v1/consents/{consent_id}");
    let deadline = std::time::Instant::now() + onboard_e2e::harness::UI_TIMEOUT;
    loop {
        let (status, view) = read_with(&stack, &consent_path, &credential).await;
        assert_eq!(status, 200, "{view}");
        assert_ne!(view["status"], "Authorised", "{view}");
        if view["status"]
            .as_str()
            .is_some_and(|s| s.starts_with("Revoked"))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never withdrawn: {view}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (status, refused) =
        read_with(&stack, &format!("{consent_path}/accounts"), &credential).await;
    assert_eq!(status, 403, "A reads no account data: {refused}");

    // A, back from the bank's page without having approved there, sees no connected bank.
    stack.browser.back().await.unwrap();
    stack
        .wait_for("[data-testid=consent-status][data-consent-status^=Revoked]")
        .await;
    assert!(stack
        .browser
        .find(Locator::Css("[data-testid=account]"))
        .await
        .is_err());
    stack.assert_accessible("the withdrawn consent").await;

    // A connects its own bank, in its own browser.
    stack
        .wait_for("[data-testid=bank-consent] .onboard-button")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("#bank-search").await;
    choose_bank(&stack, "transaction date filter", "20101").await;
    stack.log_in_at_the_bank_and_press("#approve").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    stack.wait_for("[data-testid=account]").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}
