//! From a click that reaches a split screen to that screen shown: Continue on the first KYC
//! step, to the next step, whose code is the `later_steps` split module. Once with the module
//! fetched ahead (the idle prefetch done), once with it fetched on the click (the prefetch
//! refused by the browser, as a dropped connection would). Both include saving the step's
//! answers, which Continue does first.

use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::Stack;
use serde_json::{json, Value};

/// Timed clicks per case.
const CLICKS: usize = 10;
/// The split module behind the click.
const MODULE: &str = "split_later_steps";

/// Runs in every document before its own scripts: notes each split module's fetch and how it
/// ended, so that a click waits for the prefetch to have succeeded, or to have failed.
const NOTE_SPLIT_FETCHES: &str = "window.benchSplitFetches = [];
    const fetchAsIs = window.fetch;
    window.fetch = function (input, init) {
        const fetched = fetchAsIs.call(this, input, init);
        const url = String(input?.url ?? input);
        if (url.includes('split_')) {
            const noted = { url, ended: null };
            window.benchSplitFetches.push(noted);
            fetched.then(() => { noted.ended = 'ok'; }, () => { noted.ended = 'failed'; });
        }
        return fetched;
    };";

/// Waits for the module's fetch to have ended as `arguments[0]` says, then for the browser to
/// be idle.
const WAIT_FOR_PREFETCH: &str = "const [module, wanted, done] = arguments;
    const ended = () => window.benchSplitFetches.some((f) => f.url.includes(module) && f.ended === wanted);
    (function poll() {
        if (ended()) requestIdleCallback(() => done(true));
        else setTimeout(poll, 10);
    })();";

/// Fills the first step as typing would, clicks Continue and reports the ms until the next
/// step is on screen.
const CLICK_TO_NEXT_STEP: &str = "const done = arguments[arguments.length - 1];
    const fill = (id, value) => {
        const field = document.getElementById(id);
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
    };
    fill('first-name', 'Tolvan');
    fill('last-name', 'Tolvansson');
    fill('identity-number', '19900101-1239');
    const next = '[data-testid=step][data-step=contactDetails]';
    requestAnimationFrame(() => {
        const start = performance.now();
        document.getElementById('step-continue').click();
        const shown = () => document.querySelector(next) && (done(performance.now() - start), true);
        new MutationObserver((_, observer) => shown() && observer.disconnect())
            .observe(document.body, { childList: true, subtree: true });
    });";

/// `{"prefetched": [ms...], "fetchedOnClick": [ms...]}`.
pub async fn measure(stack: &Stack) -> Value {
    // The refused fetch ahead, as the browser and the split modules' loader report it.
    stack.expect_console_errors(&[MODULE, "Failed to fetch"]);
    let mut prefetched = Vec::new();
    let mut on_click = Vec::new();
    for click in 1..=CLICKS {
        prefetched.push(click_to_split_screen(stack, true).await);
        on_click.push(click_to_split_screen(stack, false).await);
        eprintln!(
            "split click {click}/{CLICKS}: {:.0} ms prefetched, {:.0} ms fetched on the click",
            prefetched.last().unwrap(),
            on_click.last().unwrap()
        );
    }
    json!({"prefetched": prefetched, "fetchedOnClick": on_click})
}

async fn click_to_split_screen(stack: &Stack, prefetch: bool) -> f64 {
    crate::first_visit_tab(stack, NOTE_SPLIT_FETCHES).await;
    let browser = &stack.browser;
    let blocked = match prefetch {
        true => json!([]),
        false => json!([format!("*{MODULE}*")]),
    };
    cdp(browser, "Network.setBlockedURLs", json!({"urls": blocked})).await;
    stack.open_hosted_link("kyc-demo").await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    let ended = match prefetch {
        true => "ok",
        false => "failed",
    };
    browser
        .execute_async(WAIT_FOR_PREFETCH, vec![json!(MODULE), json!(ended)])
        .await
        .unwrap();
    cdp(browser, "Network.setBlockedURLs", json!({"urls": []})).await;
    let ms = browser
        .execute_async(CLICK_TO_NEXT_STEP, vec![])
        .await
        .unwrap();
    ms.as_f64().expect("milliseconds")
}
