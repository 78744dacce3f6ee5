//! `cargo xtask test`: every test suite, run in order; a failure does not stop the others.

use std::process::Command;

use anyhow::{bail, Result};

use crate::{cmd, fuzz, setup, widget, Workspace};

/// One suite; its failure is reported, and the next suite runs all the same.
type Step<'a> = Box<dyn FnOnce() -> Result<()> + 'a>;

pub fn run(ws: &Workspace) -> Result<()> {
    widget::build(ws)?;

    let mut native = Command::new("cargo");
    native
        .args(["test", "--workspace"])
        .env("ONBOARD_DIST_DIR", ws.dist());
    // The runner (.cargo/config.toml) drives Chromium as webdriver.json says.
    let mut wasm = Command::new("cargo");
    wasm.args([
        "test",
        "-p",
        "onboard-widget",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("CHROMEDRIVER", setup::CHROMEDRIVER)
    .env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        ws.root.join("webdriver.json"),
    );
    let steps: [(&str, Step); 3] = [
        (
            "native: unit and end-to-end tests",
            Box::new(|| cmd::run(native.current_dir(&ws.root))),
        ),
        (
            "wasm: widget tests in headless Chromium",
            Box::new(|| cmd::run(wasm.current_dir(&ws.root))),
        ),
        (
            "fuzz: a short run of every target",
            Box::new(|| fuzz::run(ws, None, fuzz::SMOKE_SECONDS)),
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
