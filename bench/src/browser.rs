//! The browser benches: `cargo bench -p onboard-e2e --bench widget -- WHICH`
//! (e2e/benches/widget/) drives the release widget in headless Chromium and prints its figures
//! as one JSON object.

use std::process::Command;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use xtask::{cmd, widget, Workspace};

/// Builds the release widget into dist/, runs the `which` measurement and reads its figures.
pub fn measure<T: DeserializeOwned>(ws: &Workspace, which: &str) -> Result<T> {
    widget::build(ws)?;
    let stdout = cmd::stdout(
        Command::new("cargo")
            .args(["bench", "-p", "onboard-e2e", "--bench", "widget"])
            .args(["--", which])
            .env("ONBOARD_DIST_DIR", ws.dist())
            .current_dir(&ws.root),
    )?;
    let figures = stdout
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .context("the widget bench printed no figures")?;
    serde_json::from_str(figures).context("the widget bench's figures are not what was expected")
}
