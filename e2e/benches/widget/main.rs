//! Browser benchmarks of the release widget in dist/, for `cargo xtask bench --part startup`
//! and `--part push`: `cargo bench -p onboard-e2e --bench widget -- startup|push`. Headless
//! Chromium drives the widget served by the real server (in-process, built with the bench
//! profile) through the e2e harness. The figures go to stdout as one JSON object, progress to
//! stderr.

mod push;
mod split_click;
mod startup;

use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::Stack;
use serde_json::{json, Value};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` adds `--bench`; the one other argument names the measurement.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let which: Vec<&str> = args.iter().map(String::as_str).collect();
    if !matches!(which.as_slice(), ["startup"] | ["push"]) {
        eprintln!("usage: cargo bench -p onboard-e2e --bench widget -- startup|push");
        std::process::exit(2);
    }
    let stack = Stack::start().await;
    let figures = match which[0] {
        "startup" => startup::measure(&stack).await,
        _ => push::measure(&stack).await,
    };
    stack.shutdown().await;
    println!("{figures}");
}

/// Chromium's product and version (`HeadlessChrome/…`), for the report.
async fn browser_version(stack: &Stack) -> Value {
    cdp(&stack.browser, "Browser.getVersion", json!({})).await["product"].take()
}

/// A fresh tab for a first visit: nothing cached (no HTTP cache, so no cached wasm code either),
/// and `script` run in every document before its own.
async fn first_visit_tab(stack: &Stack, script: &str) {
    fresh_tab(stack).await;
    let browser = &stack.browser;
    cdp(browser, "Network.enable", json!({})).await;
    cdp(
        browser,
        "Network.setCacheDisabled",
        json!({"cacheDisabled": true}),
    )
    .await;
    cdp(
        browser,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": script}),
    )
    .await;
}

/// Replaces the browser's tab with a new, empty one. A page left for another in the same tab
/// stays alive in the back/forward cache, its event stream open: after five, the sixth page
/// finds Chromium's six connections to the server taken and stalls. A closed tab keeps nothing.
async fn fresh_tab(stack: &Stack) {
    let new = stack.browser.new_window(true).await.unwrap().handle;
    // Closes the current tab, the old one.
    stack.browser.close_window().await.unwrap();
    stack.browser.switch_to_window(new).await.unwrap();
}
