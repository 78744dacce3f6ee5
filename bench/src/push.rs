//! Push against poll in headless Chromium: how soon a decision a webhook brings reaches the
//! screen, and how many requests the widget makes, with its event stream and without.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use serde::Deserialize;
use xtask::Workspace;

use crate::stats::{ms, Spread};
use crate::{browser, report, Section};

/// Target for the median time from the webhook to the screen, with the stream.
const TARGET_MS: f64 = 200.0;

/// What `cargo bench -p onboard-e2e --bench widget -- push` prints.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Figures {
    browser: String,
    /// Every run, in ms.
    latency_ms: Ways<Vec<f64>>,
    /// Requests by `METHOD /route`.
    consent_flow: Ways<BTreeMap<String, u64>>,
    idle: Ways<BTreeMap<String, u64>>,
    idle_seconds: u64,
}

/// With the event stream, and with it blocked (polling only).
#[derive(Deserialize)]
struct Ways<T> {
    stream: T,
    polling: T,
}

pub fn run(ws: &Workspace) -> Result<Section> {
    let figures: Figures = browser::measure(ws, "push")?;
    let stream = Spread::of(&figures.latency_ms.stream);
    let polling = Spread::of(&figures.latency_ms.polling);
    let latency_rows = format!(
        "| event stream | {} | **{}** | {} |\n| polling (stream blocked) | {} | **{}** | {} |\n",
        figures.latency_ms.stream.len(),
        ms(stream.median),
        ms(stream.max),
        figures.latency_ms.polling.len(),
        ms(polling.median),
        ms(polling.max),
    );
    let each = |runs: &[f64]| {
        runs.iter()
            .map(|v| format!("{v:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let requests = request_table(&figures);
    let met = stream.median <= TARGET_MS;
    print!("\n{latency_rows}\n{requests}");

    let idle = figures.idle_seconds;
    let markdown = format!(
        "## Push against poll\n\n\
         The widget with its event stream (`GET /api/v1/session/events`) open, and with the \
         stream blocked in the browser (CDP `Network.setBlockedURLs`), so that it keeps up by \
         polling alone (`data-live=polling`). Headless Chromium (`{browser}`) on loopback, each \
         session in a new tab; the server runs \
         in-process with the embedded sandbox (bench profile), as in the e2e tests.\n\n\
         ### From webhook to screen\n\n\
         Each run, as `e2e/tests/flows/push_flow.rs`: a new KYC session on its first step, \
         left 1 s after the stream opened (or the step showed); a MutationObserver stores \
         `Date.now()` when `[data-testid=outcome]` appears; the sandbox's provider decides \
         APPROVED and the core-banking AML webhook is POSTed. The figure is the page's time \
         minus the host's clock just before the POST (one machine, one clock): the webhook's \
         handling, the status read from the provider, the push, the widget's status request and \
         its render.\n\n\
         | The widget keeps up by | Runs | Median | Max |\n|---|---:|---:|---:|\n\
         {latency_rows}\n\
         Polling's figures are its best case: 1 s after a page load its backoff waits are \
         still short (full jitter under 0.5 s, 1 s, 2 s, …); later they reach 15 s.\n\n\
         Every run, in ms:\n\n- event stream: {}\n- polling: {}\n\n\
         Target: median ≤ {} with the stream; this run is {}.\n\n\
         ### Requests\n\n\
         The widget's requests to the API (routes under `/api/`), counted by the server \
         (`onboard_http_requests_total` at `/metrics`, read before and after; the bench calls \
         none of these routes in between). **Consent flow**: from a bank-only session's bank \
         intro (loaded, its stream open or blocked) through the bank picker, a bank picked, the \
         permissions, the mock bank's login and Approve, and back to the widget (a new page \
         load) until its accounts and transactions show. **{idle} s idle**: a bank-only \
         application gone to manual review (the sandbox's provider set to MANUAL_REVIEW, the \
         AML webhook bringing it), left alone for {idle} s once its status screen shows it. \
         The blocked stream's tries never reach the server and are not counted. No target.\n\n\
         {requests}\n\
         Load average (1, 5, 15 min) when the run ended: {}.\n\n\
         {}",
        each(&figures.latency_ms.stream),
        each(&figures.latency_ms.polling),
        ms(TARGET_MS),
        match met {
            true => "within it",
            false => "OVER it",
        },
        report::load_average(),
        report::provenance("cargo xtask bench --part push")?,
        browser = figures.browser,
    );
    let missed = match met {
        true => vec![],
        false => vec![format!(
            "push median is {}, over the {} target",
            ms(stream.median),
            ms(TARGET_MS)
        )],
    };
    Ok(Section { markdown, missed })
}

/// One row per route any column counted, then the totals.
fn request_table(figures: &Figures) -> String {
    let idle = figures.idle_seconds;
    let columns = [
        &figures.consent_flow.stream,
        &figures.consent_flow.polling,
        &figures.idle.stream,
        &figures.idle.polling,
    ];
    let routes: BTreeSet<&String> = columns.iter().flat_map(|counts| counts.keys()).collect();
    let mut table = format!(
        "| Route | Consent flow, stream | Consent flow, polling | {idle} s idle, stream | {idle} s idle, polling |\n\
         |---|---:|---:|---:|---:|\n"
    );
    for route in routes {
        let counts = columns.map(|counts| counts.get(route).copied().unwrap_or(0).to_string());
        table += &format!("| `{route}` | {} |\n", counts.join(" | "));
    }
    let totals = columns.map(|counts| format!("**{}**", counts.values().sum::<u64>()));
    table += &format!("| **Total** | {} |\n", totals.join(" | "));
    table
}
