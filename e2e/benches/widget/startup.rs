//! Startup: from navigation to the widget's `onboard:interactive` mark, on first visits only,
//! with the CPU as it is and slowed down fourfold.

use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::Stack;
use serde_json::{json, Value};

/// Timed loads per CPU setting.
const LOADS: usize = 20;
/// CPU slowdowns (`Emulation.setCPUThrottlingRate`): none, and DevTools' "4x" for a
/// mid-range phone.
const RATES: [u32; 2] = [1, 4];

/// Runs in every document before its own scripts: marks when boot.js has the wasm compiled,
/// instantiated and its `main` run (boot.js signals it with Trunk's event).
const MARK_WASM_READY: &str =
    "addEventListener('TrunkApplicationStarted', () => performance.mark('bench:wasm-ready'));";

/// Waits for the interactive mark, then reads it and the wasm's timings, all in ms since
/// navigation.
const READ_TIMINGS: &str = "const done = arguments[arguments.length - 1];
    const report = () => {
        const interactive = performance.getEntriesByName('onboard:interactive')[0];
        if (!interactive) return false;
        const wasm = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('.wasm'));
        const ready = performance.getEntriesByName('bench:wasm-ready')[0];
        done({
            interactive: interactive.startTime,
            wasmRequested: wasm?.startTime ?? null,
            wasmDownloaded: wasm?.responseEnd ?? null,
            wasmTransferBytes: wasm?.encodedBodySize ?? null,
            wasmReady: ready?.startTime ?? null,
        });
        return true;
    };
    if (!report()) {
        new PerformanceObserver((_, observer) => report() && observer.disconnect()).observe({ type: 'mark' });
    }";

/// What a load that never became interactive shows, for the panic message.
const DESCRIBE_PAGE: &str = "return {
    url: location.pathname,
    text: document.body.innerText.slice(0, 300),
    // Without the fragment, which holds the session token.
    entries: performance.getEntries().map((entry) => `${entry.entryType} ${entry.name.split('#')[0]}`),
};";

/// `{"browser": ..., "loads": {"1": [timings...], "4": [...]}, "splitClicks": ...}`, every
/// timed load kept.
pub async fn measure(stack: &Stack) -> Value {
    eprintln!("startup: one untimed load to warm the server up");
    first_visit(stack, 1).await;
    let mut loads = serde_json::Map::new();
    for rate in RATES {
        let mut timings = Vec::new();
        for load in 1..=LOADS {
            let timing = first_visit(stack, rate).await;
            eprintln!(
                "startup: CPU slowed {rate}x, load {load}/{LOADS}: {:.0} ms",
                timing["interactive"].as_f64().unwrap_or(f64::NAN)
            );
            timings.push(timing);
        }
        loads.insert(rate.to_string(), Value::Array(timings));
    }
    json!({
        "browser": crate::browser_version(stack).await,
        "loads": loads,
        "splitClicks": crate::split_click::measure(stack).await,
    })
}

/// A new session's hosted link opened in a new tab, its CPU slowed `rate` times.
async fn first_visit(stack: &Stack, rate: u32) -> Value {
    crate::first_visit_tab(stack, MARK_WASM_READY).await;
    let browser = &stack.browser;
    cdp(
        browser,
        "Emulation.setCPUThrottlingRate",
        json!({"rate": rate}),
    )
    .await;
    stack.open_hosted_link("kyc-demo").await;
    match browser.execute_async(READ_TIMINGS, vec![]).await {
        Ok(timings) => timings,
        Err(err) => {
            let page = browser.execute(DESCRIBE_PAGE, vec![]).await;
            panic!("the widget never marked onboard:interactive ({err}); the page: {page:?}")
        }
    }
}
