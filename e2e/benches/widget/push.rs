//! Push against poll: how soon a decision a webhook brings shows, and how many requests the
//! widget makes, with its event stream open and with the stream blocked (polling only).

use std::collections::BTreeMap;
use std::time::{Duration, Instant, UNIX_EPOCH};

use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::{Stack, UI_TIMEOUT};
use protocol::api::paths::SESSION_EVENTS;
use protocol::ApplicationStatus;
use serde_json::{json, Value};

/// Timed decisions per way of hearing of them.
const RUNS: usize = 10;
/// How long the widget is left alone on a pending application.
const IDLE: Duration = Duration::from_secs(60);

/// Stores in the page when the outcome first shows (`Date.now()`, the host's clock).
const WATCH_OUTCOME: &str = "window.benchOutcomeAt = null;
    new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid=outcome]')) {
            window.benchOutcomeAt = Date.now();
            observer.disconnect();
        }
    }).observe(document.body, { childList: true, subtree: true });";

/// Requests answered, by `METHOD /route` (the server's route templates).
type Requests = BTreeMap<String, u64>;

/// `{"latencyMs": {"stream": [...], "polling": [...]}, "consentFlow": {...}, "idle": {...}}`:
/// every run kept; request counts by route for each way.
pub async fn measure(stack: &Stack) -> Value {
    let mut latency = serde_json::Map::new();
    let mut consent_flow = serde_json::Map::new();
    let mut idle = serde_json::Map::new();
    for live in ["stream", "polling"] {
        let mut runs = Vec::new();
        for run in 1..=RUNS {
            let ms = decision_shown_after(stack, live).await;
            eprintln!("push: {live}, run {run}/{RUNS}: {ms} ms");
            runs.push(ms);
        }
        latency.insert(live.into(), json!(runs));
        let flow = consent_flow_requests(stack, live).await;
        eprintln!("push: {live}, one consent flow: {flow:?}");
        consent_flow.insert(live.into(), json!(flow));
        let waiting = idle_requests(stack, live).await;
        eprintln!("push: {live}, {IDLE:?} idle: {waiting:?}");
        idle.insert(live.into(), json!(waiting));
        if live == "polling" {
            let events = format!("GET {SESSION_EVENTS}");
            assert!(
                !flow.contains_key(&events) && !waiting.contains_key(&events),
                "the blocked stream reached the server"
            );
        }
    }
    json!({
        "browser": crate::browser_version(stack).await,
        "latencyMs": latency,
        "consentFlow": consent_flow,
        "idle": idle,
        "idleSeconds": IDLE.as_secs(),
    })
}

/// A new tab (see `crate::fresh_tab`), the event stream blocked in it when `live` is
/// `polling`: its requests fail in the browser, as behind a proxy that refuses them.
async fn fresh_tab(stack: &Stack, live: &str) {
    crate::fresh_tab(stack).await;
    if live == "polling" {
        let blocked = json!({"urls": [format!("*{SESSION_EVENTS}*")]});
        cdp(&stack.browser, "Network.enable", json!({})).await;
        cdp(&stack.browser, "Network.setBlockedURLs", blocked).await;
    }
}

/// A new `workflow` session opened in a fresh tab, once `shown` shows and the widget keeps up
/// by `live` (`stream`, `polling`): its application's id.
async fn open_session(stack: &Stack, workflow: &str, live: &str, shown: &str) -> String {
    fresh_tab(stack, live).await;
    let session = stack.mint_session(workflow).await;
    let token = session["sessionToken"].as_str().unwrap();
    stack.goto(&format!("/#token={token}")).await;
    stack.wait_for(shown).await;
    stack.wait_for(&format!("#onboard[data-live={live}]")).await;
    session["applicationId"].as_str().unwrap().to_owned()
}

/// As e2e/tests/flows/push_flow.rs: from the AML webhook's POST to the approved outcome in the
/// DOM, in ms.
async fn decision_shown_after(stack: &Stack, live: &str) -> i64 {
    let first_step = "[data-testid=step][data-step=personalDetails]";
    let application = open_session(stack, "kyc-demo", live, first_step).await;
    // The stream's first read replays the minting's status, which polls once; settle first.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stack.browser.execute(WATCH_OUTCOME, vec![]).await.unwrap();
    stack
        .set_provider_status(&application, ApplicationStatus::Approved)
        .await;
    let sent = stack.deliver_aml_result(&application).await;
    let sent_ms = sent.duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let shown = stack
            .browser
            .execute("return window.benchOutcomeAt;", vec![])
            .await
            .unwrap();
        if let Some(shown_ms) = shown.as_i64() {
            return shown_ms - sent_ms;
        }
        assert!(
            Instant::now() < deadline,
            "the decision never showed ({live})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The widget's requests for one bank consent: from a bank-only session's bank intro to the
/// connected accounts, through the bank picker, the permissions, the mock bank's login and
/// approval, and the way back (e2e/tests/flows/bank_flow.rs walks the same way, with the
/// keyboard and accessibility checks).
async fn consent_flow_requests(stack: &Stack, live: &str) -> Requests {
    open_session(stack, "bank-demo", live, "#connect-bank").await;
    let before = widget_requests(stack).await;
    stack.wait_for("#connect-bank").await.click().await.unwrap();
    let search = stack.wait_for("#bank-search").await;
    search.send_keys("transaction date filter").await.unwrap();
    let bank = stack
        .wait_for("[data-testid=bank][data-bank-id='20101']")
        .await;
    bank.click().await.unwrap();
    stack
        .wait_for("#consent-continue")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("#username").await;
    stack.log_in_at_the_bank_and_press("#approve").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    stack.wait_for("[data-testid=account]").await;
    stack.wait_for("[data-testid=transaction]").await;
    since(&before, widget_requests(stack).await)
}

/// The widget's requests while it waits, left alone, for the decision on a bank-only
/// application in manual review (its status screen).
async fn idle_requests(stack: &Stack, live: &str) -> Requests {
    let application = open_session(stack, "bank-demo", live, "#connect-bank").await;
    stack
        .set_provider_status(&application, ApplicationStatus::ManualReview)
        .await;
    stack.deliver_aml_result(&application).await;
    stack
        .wait_for("[data-testid=status][data-status=MANUAL_REVIEW]")
        .await;
    let before = widget_requests(stack).await;
    tokio::time::sleep(IDLE).await;
    since(&before, widget_requests(stack).await)
}

/// The server's request counters (`/metrics`) for its API routes: the widget's, as the bench
/// itself calls none of them between two readings.
async fn widget_requests(stack: &Stack) -> Requests {
    let metrics = reqwest::get(format!("{}/metrics", stack.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut requests = Requests::new();
    for line in metrics.lines() {
        let Some((labels, count)) = line
            .strip_prefix("onboard_http_requests_total{")
            .and_then(|rest| rest.rsplit_once("} "))
        else {
            continue;
        };
        let label = |name: &str| {
            labels
                .split(',')
                .find_map(|pair| pair.strip_prefix(&format!("{name}=\""))?.strip_suffix('"'))
        };
        let (Some(method), Some(route)) = (label("method"), label("route")) else {
            continue;
        };
        if route.starts_with("/api/") {
            *requests.entry(format!("{method} {route}")).or_default() +=
                count.parse::<f64>().unwrap() as u64;
        }
    }
    requests
}

/// The requests counted after `before`, routes with none left out.
fn since(before: &Requests, after: Requests) -> Requests {
    after
        .into_iter()
        .map(|(route, count)| {
            let new = count - before.get(&route).copied().unwrap_or(0);
            (route, new)
        })
        .filter(|&(_, count)| count > 0)
        .collect()
}
