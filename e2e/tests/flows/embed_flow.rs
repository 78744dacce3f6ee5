//! The widget embedded in a partner's page on another origin: the loader hands over the token, a
//! company goes through every step,
//! the bank opens in a popup that closes itself, the page receives the events in order and
//! SUCCESS at the end; forged messages from a stranger's frame are ignored both ways; a page
//! not configured for embedding cannot frame the widget; the frame is as tall as the widget,
//! growing and shrinking with it.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;

use onboard_e2e::harness::{Stack, UI_TIMEOUT};
use onboard_widget::i18n::{Locale, Text};

use crate::languages::with_texts;
use crate::onboarding_flow::walk_kyb_to_the_bank;

/// Enters the widget's iframe from the top of the page.
async fn enter_widget(stack: &Stack, iframe: &str) {
    stack.wait_for(iframe).await.enter_frame().await.unwrap();
}

/// Polls a script on the partner's page until it returns something other than `null`.
async fn wait_for_value(stack: &Stack, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let value = stack.browser.execute(script, vec![]).await.unwrap();
        if !value.is_null() {
            return value;
        }
        assert!(Instant::now() < deadline, "never saw {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for a second window (the bank's popup) and switches to it.
async fn switch_to_popup(stack: &Stack) -> fantoccini::wd::WindowHandle {
    let main = stack.browser.window().await.unwrap();
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let windows = stack.browser.windows().await.unwrap();
        if let Some(popup) = windows.into_iter().find(|w| *w != main) {
            stack.browser.switch_to_window(popup).await.unwrap();
            return main;
        }
        assert!(Instant::now() < deadline, "the bank's popup never opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the bank's window has closed itself.
async fn wait_for_one_window(stack: &Stack) {
    let deadline = Instant::now() + UI_TIMEOUT;
    while stack.browser.windows().await.unwrap().len() > 1 {
        assert!(Instant::now() < deadline, "the bank's window stayed open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_company_onboarding_completes_with_the_bank_in_a_popup() {
    let stack = Stack::start().await;
    stack
        .browser
        .goto(&format!("{}/?workflow=kyb-demo", stack.partner))
        .await
        .unwrap();
    enter_widget(&stack, "#container iframe").await;
    // No token in the iframe's address: it came by postMessage.
    let frame_url: Value = stack
        .browser
        .execute("return location.href;", vec![])
        .await
        .unwrap();
    assert!(
        !frame_url.as_str().unwrap().contains("token"),
        "{frame_url}"
    );
    walk_kyb_to_the_bank(&stack).await;

    stack.wait_for("#connect-bank").await.click().await.unwrap();
    let search = stack.wait_for("#bank-search").await;
    search.send_keys("transaction date filter").await.unwrap();
    stack
        .wait_for("[data-testid=bank][data-bank-id='20101']")
        .await;
    search.send_keys(&Key::Down.to_string()).await.unwrap();
    stack
        .browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    stack
        .wait_for("#consent-continue")
        .await
        .click()
        .await
        .unwrap();

    // The bank in its own window, while the widget says where to look.
    let main = switch_to_popup(&stack).await;
    stack.log_in_at_the_bank_and_press("#approve").await;
    stack.browser.switch_to_window(main).await.unwrap();

    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    // Back from the bank, the popup has closed itself.
    wait_for_one_window(&stack).await;
    // Connected, in the onboarding: a compact card, each account's number masked as it is
    // printed, its transactions only on request.
    let number = stack
        .wait_for("[data-testid=account] [data-testid=iban]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        number.starts_with("•••• ") && !number.contains("•••••"),
        "masked in groups of four: {number}"
    );
    assert!(stack
        .browser
        .find(Locator::Css(".onboard-transactions"))
        .await
        .is_err());
    stack
        .wait_for("[data-testid=transactions-toggle]")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for(".onboard-transactions").await;
    stack
        .assert_accessible("the connected bank's card, its transactions shown")
        .await;
    stack
        .wait_for("#bank-step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("[data-testid=step][data-step=review]").await;
    // The review names the bank connected, and the review reads the organization back by name.
    let bank = stack
        .wait_for("[data-testid=review-item][data-step=bankConnection]")
        .await
        .text()
        .await
        .unwrap();
    assert!(!bank.is_empty(), "{bank}");
    let organization = stack
        .wait_for("[data-testid=review-item][data-step=organization]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        organization.contains("Nordvik Industri AB") && organization.contains("556036-0793"),
        "{organization}"
    );
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();

    stack.browser.enter_parent_frame().await.unwrap();
    let success = wait_for_value(&stack, "SUCCESS", "return onboard.success[0] ?? null;").await;
    assert_eq!(success["status"], "APPROVED", "{success}");
    let application_id = success["applicationId"]
        .as_str()
        .expect("SUCCESS names the application")
        .to_owned();

    let events = stack
        .browser
        .execute("return onboard.events;", vec![])
        .await
        .unwrap();
    let events = events.as_array().unwrap();
    let names: Vec<&str> = events.iter().map(|e| e["name"].as_str().unwrap()).collect();
    let expected = [
        "OPEN",
        "STEP_VIEWED",
        "STEP_VIEWED",
        "BANK_SELECTED",
        "HANDOFF_TO_BANK",
        "RETURNED_FROM_BANK",
        "CONSENT_AUTHORISED",
        "SUBMITTED",
        "STATUS_CHANGED",
        "SUCCESS",
    ];
    let mut rest = names.iter();
    for name in expected {
        assert!(
            rest.any(|seen| *seen == name),
            "{name} missing or out of order in {names:?}"
        );
    }
    assert_eq!(names.last(), Some(&"SUCCESS"), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| **n == "SUCCESS").count(),
        1,
        "the stranger's forged SUCCESS got through: {names:?}"
    );
    let first = |name: &str| events.iter().find(|e| e["name"] == name).unwrap();
    let steps: Vec<&Value> = events
        .iter()
        .filter(|e| e["name"] == "STEP_VIEWED")
        .map(|e| &e["step"])
        .collect();
    assert_eq!(
        steps,
        [
            "organization",
            "signing",
            "organizationContact",
            "bankConnection",
            "review"
        ]
    );
    assert_eq!(first("BANK_SELECTED")["bankId"], "20101");
    for event in events {
        assert_eq!(event["applicationId"], application_id.as_str(), "{event}");
        let keys: Vec<&String> = event.as_object().unwrap().keys().collect();
        assert!(
            keys.iter().all(|k| [
                "name",
                "applicationId",
                "step",
                "bankId",
                "status",
                "code",
                "reason"
            ]
            .contains(&k.as_str())),
            "only documented, non-personal fields: {event}"
        );
    }
    stack.shutdown().await;
}

/// The partner revokes the session while its widget is open: the widget's event stream, refused
/// when it reconnects, ends the flow on the ended session's screen, and the page hears ERROR.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_session_ends_the_embedded_widget_and_tells_the_page() {
    let stack = Stack::start().await;
    // Every call after the revocation is refused, as it should be.
    stack.expect_console_errors(&["status of 401"]);
    stack
        .browser
        .goto(&format!("{}/?workflow=kyc-demo", stack.partner))
        .await
        .unwrap();
    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    stack.browser.enter_parent_frame().await.unwrap();
    let event =
        |name: &str| format!("return onboard.events.find((e) => e.name === '{name}') ?? null;");
    let open = wait_for_value(&stack, "OPEN", &event("OPEN")).await;
    let application_id = open["applicationId"].as_str().unwrap();

    stack.revoke_sessions(application_id).await;
    let error = wait_for_value(&stack, "ERROR", &event("ERROR")).await;
    assert_eq!(error["code"], "session_expired", "{error}");
    assert_eq!(error["applicationId"], application_id, "{error}");
    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=session-closed] a[data-testid=partner-link]")
        .await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_init_from_another_origin_is_ignored() {
    let stack = Stack::start().await;
    // The stranger sends a KYB session's token first; the partner's KYC token comes after.
    stack
        .browser
        .goto(&format!("{}/manual?workflow=kyc-demo", stack.partner))
        .await
        .unwrap();
    enter_widget(&stack, "#widget").await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    assert!(stack
        .browser
        .find(Locator::Css("[data-step=organization]"))
        .await
        .is_err());
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_configured_origins_may_frame_the_widget() {
    let stack = Stack::start().await;
    let http = reqwest::Client::new();
    let csp = |response: &reqwest::Response| {
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let allowed = http
        .get(format!("{}/embed?origin={}", stack.base, stack.partner))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(
        csp(&allowed).contains(&format!("frame-ancestors {}", stack.partner)),
        "{}",
        csp(&allowed)
    );
    let refused = http
        .get(format!("{}/embed?origin={}", stack.base, stack.stranger))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(csp(&refused).contains("frame-ancestors 'none'"));
    // The hosted widget is never framed.
    let hosted = http.get(format!("{}/", stack.base)).send().await.unwrap();
    assert!(csp(&hosted).contains("frame-ancestors 'none'"));

    // In the browser: the stranger's page gets no widget in its frame, and the browser says why.
    stack.expect_console_errors(&[
        "violates the following Content Security Policy directive: \"frame-ancestors 'none'\"",
        "chrome-error://chromewebdata/ - Failed to load resource: the server responded with a status of 403",
    ]);
    stack
        .browser
        .goto(&format!("{}/?workflow=kyc-demo", stack.stranger))
        .await
        .unwrap();
    enter_widget(&stack, "#container iframe").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        stack.browser.find(Locator::Css("#onboard")).await.is_err(),
        "the refused frame shows nothing of the widget"
    );
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_page_embeds_the_widget_and_the_custom_element_with_the_chosen_theme_and_language()
{
    let stack = Stack::start().await;
    stack.goto("/demo").await;
    let choose = "document.getElementById('theme').value = 'forest';
        document.getElementById('locale').value = 'de';";
    stack.browser.execute(choose, vec![]).await.unwrap();
    stack.wait_for("#embed-open").await.click().await.unwrap();
    stack
        .wait_for("#event-log li[data-event=STEP_VIEWED]")
        .await;
    enter_widget(&stack, "#embed-container iframe").await;
    stack
        .wait_for("html[lang=de] [data-testid=step][data-step=personalDetails]")
        .await;
    let primary = "return getComputedStyle(document.documentElement).getPropertyValue('--onboard-color-primary').trim();";
    let color = stack.browser.execute(primary, vec![]).await.unwrap();
    assert_eq!(color, "#1f7a4d", "the partner's primary colour");
    // The Exit bar, which comes once the first step is interactive, speaks it too.
    let german = with_texts(Locale::De);
    let exit = german.text(Text::Exit);
    stack
        .wait_for_text("#widget-exit", "the Exit bar in German", |t| t == exit)
        .await;
    stack.wait_for("#widget-exit").await.click().await.unwrap();
    let question = stack.wait_for("#exit-question").await.text().await.unwrap();
    assert_eq!(question, german.text(Text::ExitConfirm));
    stack
        .assert_accessible("the question before leaving, in German")
        .await;
    stack.browser.enter_parent_frame().await.unwrap();
    // The partner panel reads the application the widget's events name, as the partner's
    // backend would.
    stack.wait_for("#partner-read").await.click().await.unwrap();
    stack
        .wait_for_text("#partner-status", "the partner's view", |t| {
            t.starts_with("Status: ")
        })
        .await;
    // And mints a new session of it: a one-time link to carry on elsewhere or later.
    stack
        .wait_for("#partner-resume")
        .await
        .click()
        .await
        .unwrap();
    let link = stack
        .wait_for("#partner-resume-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        link.starts_with(&stack.base) && link.contains("#token="),
        "a hosted link with its code in the fragment: {link}"
    );

    // The custom element: the same widget, its theme (dark, this time) from data-* attributes.
    stack
        .browser
        .execute(
            "document.getElementById('theme').value = 'midnight';",
            vec![],
        )
        .await
        .unwrap();
    stack.wait_for("#element-open").await.click().await.unwrap();
    enter_widget(&stack, "onboard-widget iframe").await;
    stack
        .wait_for("html[lang=de][data-theme=dark] [data-testid=step][data-step=personalDetails]")
        .await;
    let color = stack.browser.execute(primary, vec![]).await.unwrap();
    assert_eq!(color, "#8ab4ff", "the element's data-color-primary");
    stack
        .assert_accessible("the first step in the dark scheme with a partner's colour")
        .await;
    stack.shutdown().await;
}

/// A bank-only session embedded in the partner's page, up to the permissions of the scenario
/// bank.
async fn open_bank_permissions(stack: &Stack) {
    stack
        .browser
        .goto(&format!("{}/?workflow=bank-demo", stack.partner))
        .await
        .unwrap();
    enter_widget(stack, "#container iframe").await;
    stack.wait_for("#connect-bank").await.click().await.unwrap();
    let search = stack.wait_for("#bank-search").await;
    search.send_keys("transaction date filter").await.unwrap();
    stack
        .wait_for("[data-testid=bank][data-bank-id='20101']")
        .await
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_popup_offers_the_bank_in_a_new_tab() {
    let stack = Stack::start().await;
    open_bank_permissions(&stack).await;
    // What a popup blocker does: `window.open` gives no window.
    stack
        .browser
        .execute("window.open = () => null;", vec![])
        .await
        .unwrap();
    stack
        .wait_for("#consent-continue")
        .await
        .click()
        .await
        .unwrap();

    let link = "[data-testid=bank-popup][data-popup=blocked] a[target=_blank]";
    stack.wait_for(link).await;
    stack.assert_accessible("the bank's window blocked").await;
    stack.wait_for(link).await.click().await.unwrap();
    let main = switch_to_popup(&stack).await;
    stack.log_in_at_the_bank_and_press("#approve").await;
    // Back from the bank, the tab closes itself too.
    wait_for_one_window(&stack).await;
    stack.browser.switch_to_window(main).await.unwrap();

    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    assert!(
        stack
            .browser
            .find(Locator::Css("[data-testid=bank-popup]"))
            .await
            .is_err(),
        "the notice goes once decided"
    );
    // Connecting the bank was the whole flow: the page hears of its success, with the consent.
    stack.wait_for("[data-testid=bank-connected]").await;
    stack.browser.enter_parent_frame().await.unwrap();
    let success = wait_for_value(
        &stack,
        "SUCCESS",
        "return window.onboard.success.find((event) => event.consentId) ?? null;",
    )
    .await;
    assert_eq!(success["bankId"], "20101", "{success}");
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_banks_window_without_deciding_offers_another_try() {
    let stack = Stack::start().await;
    open_bank_permissions(&stack).await;
    stack
        .wait_for("#consent-continue")
        .await
        .click()
        .await
        .unwrap();
    let main = switch_to_popup(&stack).await;
    stack.wait_for("#username").await;
    stack.browser.close_window().await.unwrap();
    stack.browser.switch_to_window(main).await.unwrap();

    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=bank-popup][data-popup=closed]")
        .await;
    stack
        .assert_accessible("the bank's window closed without deciding")
        .await;
    stack
        .wait_for("#bank-popup-again")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("#consent-continue").await;
    stack.shutdown().await;
}

/// The loader's smallest frame (`MIN_HEIGHT` in `server/assets/onboard.js`).
const LOADER_MIN_HEIGHT: f64 = 480.0;

/// Waits until the partner's iframe is as tall as the widget in it (or the loader's smallest
/// frame), with nothing to scroll inside; that height. The frame is on another origin, so each
/// side is measured from inside.
async fn fitted_height(stack: &Stack) -> f64 {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        enter_widget(stack, "#container iframe").await;
        let inside = stack
            .browser
            .execute(
                "const main = document.querySelector('main');
                 return [Math.ceil(main.getBoundingClientRect().height),
                         document.documentElement.scrollHeight, innerHeight];",
                vec![],
            )
            .await
            .unwrap();
        stack.browser.enter_parent_frame().await.unwrap();
        let frame = stack
            .browser
            .execute(
                "return document.querySelector('#container iframe').getBoundingClientRect().height;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        let [content, scrolled, viewport] = [0, 1, 2].map(|i| inside[i].as_f64().unwrap());
        if frame == content.max(LOADER_MIN_HEIGHT) && scrolled <= viewport {
            return frame;
        }
        assert!(
            Instant::now() < deadline,
            "the frame is {frame} px for a widget of {content} px (scrolling {scrolled} in {viewport})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_frame_fits_the_widget_as_it_grows_and_shrinks_on_a_desktop_and_a_phone() {
    let stack = Stack::start().await;
    stack.browser.set_window_size(1280, 900).await.unwrap();
    stack
        .browser
        .goto(&format!("{}/?workflow=kyc-demo", stack.partner))
        .await
        .unwrap();
    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    stack.browser.enter_parent_frame().await.unwrap();
    let first = fitted_height(&stack).await;

    // An error under every field makes the step taller.
    enter_widget(&stack, "#container iframe").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for_text(
            "[data-testid=identity-number-error]",
            "the step's errors",
            |t| !t.is_empty(),
        )
        .await;
    stack.browser.enter_parent_frame().await.unwrap();
    let with_errors = fitted_height(&stack).await;
    assert!(with_errors > first, "{with_errors} after {first}");

    // On a phone the same step is taller still; back on the desktop it shrinks again.
    stack.browser.set_window_size(390, 844).await.unwrap();
    let phone = fitted_height(&stack).await;
    assert!(phone > with_errors, "{phone} after {with_errors}");
    stack.browser.set_window_size(1280, 900).await.unwrap();
    let desktop = fitted_height(&stack).await;
    assert!(desktop < phone, "{desktop} after {phone}");
    stack.shutdown().await;
}
