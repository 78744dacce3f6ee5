//! `cargo xtask schemathesis`: schemathesis (tools/schemathesis/, installed by setup) generates
//! requests from the server's own OpenAPI document and checks every answer against it, with
//! both credentials: the partner key and the credential of a session minted with it and claimed.
//!
//! What it runs and how often is in tools/schemathesis/schemathesis.toml: a fixed seed, the
//! deterministic generator and one worker, so two runs send the same requests in the same order.

use std::process::Command;

use anyhow::{Context, Result};
use xtask::server_process::ServerProcess;
use xtask::{cmd, setup, Workspace};

/// The demo's partner key, the server's one partner here.
const PARTNER_KEY: &str = "demo-partner-key";

pub fn run(ws: &Workspace) -> Result<()> {
    let server = ServerProcess::start_debug(ws, PARTNER_KEY, &[])?;
    let (_, credential) = server.claimed_session()?;
    // Its own reports and caches go to a directory that goes away with the run.
    let scratch = tempfile::tempdir().context("cannot create schemathesis's working directory")?;
    let mut schemathesis = Command::new(setup::schemathesis_venv(ws).join("bin/schemathesis"));
    schemathesis
        .current_dir(scratch.path())
        .arg("--config-file")
        .arg(ws.root.join("tools/schemathesis/schemathesis.toml"))
        .args(["run", "--no-color", "--checks", "all"])
        .arg(format!("{}/api/v1/openapi.json", server.url()))
        .env("ONBOARD_PARTNER_KEY", PARTNER_KEY)
        .env("ONBOARD_SESSION_TOKEN", &credential);
    cmd::run_hiding(&mut schemathesis, &credential, "<session credential>")
}
