//! The flows against failing providers (the sandbox's fault injection), through every kind of
//! fault. What the server cannot ride out, the user sees as a translated message with a way to
//! try again, nothing typed or chosen is lost, and the flow completes once the fault lifts; what
//! it can (a passing fault on a call it retries, an expired access token) the user never
//! notices; a slow provider shows progress, then the answer.
//!
//! One browser per flow, looping over the faults at each point of failure.

use fantoccini::Locator;
use onboard_e2e::harness::Stack;
use onboard_widget::i18n::{Locale, Text};
use protocol::ErrorCode;
use serde_json::{json, Value};

use crate::bank_flow::{open_bank_picker, pick_bank};
use crate::languages::with_texts;
use crate::onboarding_flow::{open, walk_kyc_to_review};

const READ_WORKFLOW: &str = "/onboarding/v1/workflows.get";
const SUBMIT_APPLICATION: &str = "/onboarding/v1/applications.submit";
const CREATE_CONSENT: &str = "/openbanking/consents";
/// A consent's status (and its revocation): `consents/{id}/...`, never the create.
const CONSENT_STATUS: &str = "/openbanking/consents/";
/// The account list, and below it each account's balances and transactions.
const ACCOUNTS: &str = "/openbanking/accounts";

/// How the browser logs the server's answer to a provider that is down, which these tests
/// provoke on purpose.
const PROVIDER_DOWN: &str = "the server responded with a status of 503 (Service Unavailable)";

/// What the user meets when a provider call fails in a given way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meets {
    /// A fault that lasts, on a call the server does not retry: a translated message and a
    /// way to try again, with nothing typed or chosen lost.
    Failure,
    /// A fault that passes, on a call the server retries or renews the token for: nothing.
    Nothing,
    /// A slow answer: progress, then the answer.
    Progress,
}

/// Every kind of fault the sandbox injects, as a rule without its path, with what the user
/// meets: each failing kind once lasting and once passing, then a slow provider.
fn every_fault() -> Vec<(Value, Meets)> {
    let failing = [
        json!({"kind": "status", "status": 500}),
        json!({"kind": "status", "status": 502}),
        json!({"kind": "status", "status": 503}),
        json!({"kind": "status", "status": 504}),
        json!({"kind": "rate_limited", "retryAfterSecs": 1}),
        json!({"kind": "drop"}),
        json!({"kind": "malformed"}),
        json!({"kind": "truncated"}),
        // Lasting, it is refused again after the one renewal.
        json!({"kind": "expired_token"}),
    ];
    let mut faults = Vec::new();
    for fault in failing {
        faults.push((json!({"fault": fault.clone()}), Meets::Failure));
        faults.push((json!({"fault": fault, "times": 1}), Meets::Nothing));
    }
    faults.push((
        json!({"fault": {"kind": "slow", "delayMs": 1500}}),
        Meets::Progress,
    ));
    faults
}

fn faults_meeting(meets: Meets) -> impl Iterator<Item = Value> {
    every_fault()
        .into_iter()
        .filter(move |(_, m)| *m == meets)
        .map(|(rule, _)| rule)
}

/// Puts `rule` on the provider route `path`, in place of any other fault.
async fn inject(stack: &Stack, path: &str, rule: &Value) {
    let mut rule = rule.clone();
    rule["path"] = json!(path);
    stack.set_faults(json!([rule])).await;
}

/// Waits for the message of a provider that is down, in the user's language, where `css` shows it.
async fn assert_unavailable_shown(stack: &Stack, css: &str, rule: &Value) {
    let message = with_texts(Locale::En)
        .by_key(ErrorCode::UpstreamUnavailable.message_key())
        .expect("translated");
    stack
        .wait_for_text(css, &format!("the message for {rule}"), |text| {
            text == message
        })
        .await;
}

/// A passing fault was met (the sandbox used it up) and no failure matching `css` shows.
async fn assert_ridden_out(stack: &Stack, rule: &Value, css: &str) {
    assert!(stack.faults_left().await.is_empty(), "{rule} was never met");
    let shown = stack.browser.find_all(Locator::Css(css)).await.unwrap();
    assert!(shown.is_empty(), "{rule} showed the user a failure");
}

async fn assert_answers_kept(stack: &Stack) {
    let review = stack
        .wait_for("[data-testid=step][data-step=review]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        review.contains("Tolvansson") && review.contains("Drottninggatan 32"),
        "{review}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kyc_submit_through_every_fault_keeps_the_answers_and_goes_through() {
    // Every reload reads the workflow from the provider, where the faults are.
    let stack = Stack::start_with(&["--workflow-cache-secs=0"]).await;
    stack.expect_console_errors(&[PROVIDER_DOWN]);
    // The submit writes the bank's KYC records first; creating the customer there is not retried.
    let create_customer = format!(
        "/kyc/obp/v3.1.0/banks/{}/customers",
        stack.state.config.kyc_bank_id
    );
    open(&stack, "kyc-demo").await;
    walk_kyc_to_review(&stack, "19900101-1239", "1990-01-01", false).await;
    for (rule, meets) in every_fault() {
        match meets {
            Meets::Failure => {
                inject(&stack, &create_customer, &rule).await;
                stack
                    .wait_for("#step-continue")
                    .await
                    .click()
                    .await
                    .unwrap();
                assert_unavailable_shown(&stack, "[data-testid=step-failure]", &rule).await;
                // The submit is the retry: enabled again, no longer busy.
                stack
                    .wait_for("#step-continue:enabled[aria-busy=false]")
                    .await;
                assert_answers_kept(&stack).await;
                stack
                    .assert_accessible(&format!("the review after {rule}"))
                    .await;
            }
            Meets::Nothing => {
                // A reload reads the workflow again, which the server retries; the answers
                // survive the reload after the last failure.
                inject(&stack, READ_WORKFLOW, &rule).await;
                stack.browser.refresh().await.unwrap();
                assert_answers_kept(&stack).await;
                assert_ridden_out(
                    &stack,
                    &rule,
                    "[data-testid=step-failure], [data-testid=error]",
                )
                .await;
            }
            Meets::Progress => {
                // The other faults lifted, the submit goes through, busy meanwhile.
                inject(&stack, SUBMIT_APPLICATION, &rule).await;
                stack
                    .wait_for("#step-continue")
                    .await
                    .click()
                    .await
                    .unwrap();
                stack.wait_for("#step-continue[aria-busy=true]").await;
                stack
                    .wait_for("[data-testid=outcome][data-outcome=approved]")
                    .await;
            }
        }
    }
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

async fn assert_balances_still_unchosen(stack: &Stack) {
    let balances = stack.wait_for("#permission-balances").await;
    assert!(
        !balances.is_selected().await.unwrap(),
        "the balances the user left out are chosen again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_through_every_fault_keeps_the_choices_and_goes_through() {
    let stack = Stack::start().await;
    stack.expect_console_errors(&[PROVIDER_DOWN]);
    open_bank_picker(&stack).await;
    pick_bank(&stack, "transaction date filter", "20101").await;
    // A choice of the user's, to find again after every failure.
    stack
        .wait_for("#permission-balances")
        .await
        .click()
        .await
        .unwrap();
    for rule in faults_meeting(Meets::Failure) {
        inject(&stack, CREATE_CONSENT, &rule).await;
        stack
            .wait_for("#consent-continue")
            .await
            .click()
            .await
            .unwrap();
        assert_unavailable_shown(&stack, "[data-testid=consent-failure]", &rule).await;
        let retry = stack.wait_for("#consent-continue:enabled").await;
        assert_eq!(
            retry.text().await.unwrap(),
            with_texts(Locale::En).text(Text::Retry)
        );
        assert_balances_still_unchosen(&stack).await;
        stack
            .assert_accessible(&format!("the permissions after {rule}"))
            .await;
        // A fresh page for the next fault, which must find the choices where they were.
        stack.browser.refresh().await.unwrap();
        assert_balances_still_unchosen(&stack).await;
    }
    for rule in faults_meeting(Meets::Progress) {
        inject(&stack, CREATE_CONSENT, &rule).await;
        stack
            .wait_for("#consent-continue")
            .await
            .click()
            .await
            .unwrap();
        stack.wait_for("#consent-continue:disabled").await;
        stack.wait_for("#username").await;
    }

    // Down while the user is at the bank: the status read after the redirect back fails.
    let lasting = faults_meeting(Meets::Failure).next().unwrap();
    inject(&stack, CONSENT_STATUS, &lasting).await;
    stack.log_in_at_the_bank_and_press("#approve").await;
    assert_unavailable_shown(&stack, "[data-testid=consent-status-failure]", &lasting).await;
    let retry = stack.wait_for("[data-testid=consent-status-retry]").await;
    stack
        .assert_accessible("the consent whose status cannot be read")
        .await;
    stack.set_faults(json!([])).await;
    retry.click().await.unwrap();
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    stack.wait_for("[data-testid=account]").await;

    // A reload reads the accounts again, which the server retries.
    let failures = "[data-testid=accounts-failure], [data-testid=consent-status-failure]";
    for rule in faults_meeting(Meets::Nothing) {
        inject(&stack, ACCOUNTS, &rule).await;
        stack.browser.refresh().await.unwrap();
        stack.wait_for("[data-testid=account]").await;
        assert_ridden_out(&stack, &rule, failures).await;
    }
    inject(&stack, ACCOUNTS, &lasting).await;
    stack.browser.refresh().await.unwrap();
    assert_unavailable_shown(&stack, "[data-testid=accounts-failure]", &lasting).await;
    let retry = stack.wait_for("[data-testid=accounts-retry]").await;
    stack
        .assert_accessible("the consent whose accounts cannot be read")
        .await;
    stack.set_faults(json!([])).await;
    retry.click().await.unwrap();
    stack.wait_for("[data-testid=account]").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}
