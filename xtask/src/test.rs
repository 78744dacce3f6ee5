//! `cargo xtask test`: every test suite, run in order; a failure does not stop the others.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use xtask::{cmd, setup, widget, Workspace};

use crate::{fuzz, lint, schemathesis};

/// One suite; its failure is reported, and the next suite runs all the same.
type Step<'a> = Box<dyn FnOnce() -> Result<()> + 'a>;

pub fn run(ws: &Workspace) -> Result<()> {
    widget::build(ws)?;

    let mut native = Command::new("cargo");
    native
        .args(["test", "--workspace"])
        .env("ONBOARD_DIST_DIR", ws.dist());
    // The runner (.cargo/config.toml) drives Chromium as webdriver.json says, with a profile
    // of our own: the one ChromeDriver would make in /tmp outlives the runner, about 90 MB a run.
    let browser = tempfile::tempdir().context("cannot create the wasm tests' browser profile")?;
    let webdriver_json = browser.path().join("webdriver.json");
    fs::write(&webdriver_json, webdriver_options(ws, browser.path())?)?;
    let mut wasm = Command::new("cargo");
    wasm.args([
        "test",
        "-p",
        "onboard-widget",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("CHROMEDRIVER", setup::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json);
    let steps: [(&str, Step); 5] = [
        (
            "lint: rustfmt and clippy, warnings as errors",
            Box::new(|| lint::run(ws)),
        ),
        (
            "native: unit and end-to-end tests",
            Box::new(|| cmd::run(native.current_dir(&ws.root))),
        ),
        (
            "schemathesis: the server's answers against its OpenAPI document",
            Box::new(|| schemathesis::run(ws)),
        ),
        (
            "wasm: widget tests in headless Chromium",
            Box::new(|| cmd::run(wasm.current_dir(&ws.root))),
        ),
        (
            "fuzz: every target's committed corpus and a fixed-seed run",
            Box::new(|| fuzz::run(ws, None, fuzz::Budget::Runs(fuzz::GATE_RUNS))),
        ),
    ];

    let mut results = Vec::new();
    for (name, step) in steps {
        println!("\n==> {name}");
        let result = step();
        if let Err(err) = &result {
            eprintln!("{err:#}");
        }
        results.push((name, result.is_ok()));
    }

    println!("\ntest summary:");
    for (name, passed) in &results {
        println!("  {}  {name}", if *passed { "PASS" } else { "FAIL" });
    }
    let failed = results.iter().filter(|(_, passed)| !passed).count();
    if failed > 0 {
        bail!("{failed} of {} test steps failed", results.len());
    }
    Ok(())
}

/// webdriver.json's browser options, with Chromium's profile in `dir`.
fn webdriver_options(ws: &Workspace, dir: &Path) -> Result<String> {
    let path = ws.root.join("webdriver.json");
    let mut options: Value = serde_json::from_str(&fs::read_to_string(&path)?)
        .with_context(|| format!("{} is not JSON", path.display()))?;
    let args = options
        .pointer_mut("/goog:chromeOptions/args")
        .and_then(Value::as_array_mut)
        .context("webdriver.json has no goog:chromeOptions.args")?;
    args.push(format!("--user-data-dir={}", dir.join("profile").display()).into());
    Ok(options.to_string())
}
