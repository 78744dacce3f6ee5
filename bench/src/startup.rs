//! The widget's startup in headless Chromium: navigation to the first screen the user can act
//! on, on first visits, with the CPU as it is and slowed down fourfold.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Deserialize;
use xtask::Workspace;

use crate::stats::{ms, Spread};
use crate::{browser, report, Section};

/// Target for the median first visit without CPU slowdown.
const TARGET_MS: f64 = 300.0;

/// What `cargo bench -p onboard-e2e --bench widget -- startup` prints.
#[derive(Deserialize)]
struct Figures {
    browser: String,
    /// Every timed load, by CPU slowdown factor.
    loads: BTreeMap<u32, Vec<Load>>,
    #[serde(rename = "splitClicks")]
    split_clicks: SplitClicks,
}

/// Click to split screen shown, in ms, by where its module was
/// (e2e/benches/widget/split_click.rs).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SplitClicks {
    prefetched: Vec<f64>,
    fetched_on_click: Vec<f64>,
}

/// One load's timings, in ms since navigation.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Load {
    interactive: f64,
    wasm_requested: f64,
    wasm_downloaded: f64,
    wasm_transfer_bytes: f64,
    /// Compiled, instantiated and `main` run.
    wasm_ready: f64,
}

pub fn run(ws: &Workspace) -> Result<Section> {
    let figures: Figures = browser::measure(ws, "startup")?;
    let mut spread_rows = String::new();
    let mut wasm_rows = String::new();
    let mut samples = Vec::new();
    for (&rate, loads) in &figures.loads {
        let rows = Rows::of(rate, loads);
        spread_rows += &rows.spread;
        wasm_rows += &rows.wasm;
        samples.push(rows.samples);
    }
    let unthrottled_median = figures
        .loads
        .get(&1)
        .map_or(f64::INFINITY, |loads| Rows::interactive(loads).median);
    let met = unthrottled_median <= TARGET_MS;
    let clicks = &figures.split_clicks;
    let click_rows = [
        (
            "fetched ahead, when the browser was idle",
            &clicks.prefetched,
        ),
        ("fetched on the click", &clicks.fetched_on_click),
    ]
    .map(|(case, times)| {
        let spread = Spread::of(times);
        format!(
            "| {case} | {} | **{}** | {} | {} | {} |\n",
            times.len(),
            ms(spread.median),
            ms(spread.min),
            ms(spread.p90),
            ms(spread.max)
        )
    })
    .concat();
    print!("\n{spread_rows}\n{wasm_rows}\n{click_rows}");

    let markdown = format!(
        "## Widget startup\n\n\
         From navigation to the first screen the user can act on (the widget's \
         `onboard:interactive` performance mark, `src/perf.rs`), in headless Chromium \
         (`{browser}`) on loopback. Every load is a first visit: a newly minted session's hosted \
         link (`/#token=…`) opened in a new tab, with the browser's HTTP cache disabled (CDP \
         `Network.setCacheDisabled`, so no cached wasm code either). A new tab each time, so no \
         page left in the back/forward cache shares the load's tab. One untimed load \
         before them warms the server up; no timed load is left out. CPU slowdown by CDP \
         `Emulation.setCPUThrottlingRate` (4× as DevTools' \"4x slowdown\"). The server runs \
         in-process with the embedded sandbox (bench profile), as in the e2e tests.\n\n\
         | CPU | Loads | Median | Min | p90 | Max |\n|---|---:|---:|---:|---:|---:|\n\
         {spread_rows}\n\
         Where the wasm's time goes, medians in ms since navigation: the `.wasm` requested \
         and downloaded (resource timing), and ready (boot.js's `TrunkApplicationStarted`: \
         compiled, instantiated and `main` run; compiling streams during the download). \
         Download + compile is ready − requested, with its share of the time to interactive.\n\n\
         | CPU | wasm requested | wasm downloaded | wasm ready | Interactive | Download + compile | wasm transferred |\n\
         |---|---:|---:|---:|---:|---:|---:|\n\
         {wasm_rows}\n\
         Every timed load, in ms:\n\n{}\n\n\
         From a click that reaches a split screen to that screen shown, CPU as is: Continue on \
         the first KYC step, which saves its answers, to the next step, whose code is the \
         `later_steps` split module (e2e/benches/widget/split_click.rs). Fetched ahead is the \
         widget as it runs; fetched on the click has the browser refuse the fetch ahead \
         (CDP `Network.setBlockedURLs`) and allow it again before the click.\n\n\
         | Module | Clicks | Median | Min | p90 | Max |\n|---|---:|---:|---:|---:|---:|\n\
         {click_rows}\n\
         Target: median ≤ {} with the CPU as is; this run is {}.\n\n\
         Load average (1, 5, 15 min) when the run ended: {}.\n\n\
         {}",
        samples.join("\n"),
        ms(TARGET_MS),
        match met {
            true => "within it",
            false => "OVER it",
        },
        report::load_average(),
        report::provenance("cargo xtask bench --part startup")?,
        browser = figures.browser,
    );
    let missed = match met {
        true => vec![],
        false => vec![format!(
            "startup median is {}, over the {} target",
            ms(unthrottled_median),
            ms(TARGET_MS)
        )],
    };
    Ok(Section { markdown, missed })
}

/// One CPU setting's lines in the section's two tables and its list of loads.
struct Rows {
    spread: String,
    wasm: String,
    samples: String,
}

impl Rows {
    fn of(rate: u32, loads: &[Load]) -> Rows {
        let cpu = match rate {
            1 => "as is".to_owned(),
            _ => format!("{rate}× slower"),
        };
        let median = |field: &dyn Fn(&Load) -> f64| {
            Spread::of(&loads.iter().map(field).collect::<Vec<_>>()).median
        };
        let interactive = Rows::interactive(loads);
        let spread = format!(
            "| {cpu} | {} | **{}** | {} | {} | {} |\n",
            loads.len(),
            ms(interactive.median),
            ms(interactive.min),
            ms(interactive.p90),
            ms(interactive.max),
        );
        let wasm = format!(
            "| {cpu} | {} | {} | {} | {} | {} ({:.0} %) | {:.1} kB |\n",
            ms(median(&|l| l.wasm_requested)),
            ms(median(&|l| l.wasm_downloaded)),
            ms(median(&|l| l.wasm_ready)),
            ms(interactive.median),
            ms(median(&|l| l.wasm_ready - l.wasm_requested)),
            median(&|l| (l.wasm_ready - l.wasm_requested) / l.interactive) * 100.0,
            median(&|l| l.wasm_transfer_bytes) / 1000.0,
        );
        let each: Vec<String> = loads
            .iter()
            .map(|l| format!("{:.0}", l.interactive))
            .collect();
        let samples = format!("- CPU {cpu}: {}", each.join(", "));
        Rows {
            spread,
            wasm,
            samples,
        }
    }

    fn interactive(loads: &[Load]) -> Spread {
        Spread::of(&loads.iter().map(|l| l.interactive).collect::<Vec<_>>())
    }
}
