//! `cargo xtask fuzz [target] [--seconds N]`: runs the libFuzzer targets in `fuzz/` (see
//! FUZZING.md) one after another, each on one core for N seconds. A crash fails the task and
//! leaves its input in `fuzz/artifacts/<target>/`.

use std::process::Command;

use anyhow::{bail, ensure, Context, Result};

use crate::{cmd, Workspace};

/// What `cargo xtask test` gives each target: enough to load the seeds and mutate a while.
pub const SMOKE_SECONDS: u64 = 5;

pub fn run(ws: &Workspace, target: Option<&str>, seconds: u64) -> Result<()> {
    let all = targets(ws)?;
    let chosen = match target {
        Some(target) if all.iter().any(|t| t == target) => vec![target.to_owned()],
        Some(target) => bail!("no fuzz target {target:?}; there are {}", all.join(", ")),
        None => all,
    };
    for target in &chosen {
        println!("\n--> fuzz {target} for {seconds} s");
        cmd::run(
            cargo_fuzz(ws)
                .args(["run", target, "--", &format!("-max_total_time={seconds}")])
                .arg("-print_final_stats=1"),
        )?;
    }
    Ok(())
}

/// The targets `fuzz/Cargo.toml` declares.
fn targets(ws: &Workspace) -> Result<Vec<String>> {
    let out = cargo_fuzz(ws)
        .arg("list")
        .output()
        .context("cannot run `cargo +nightly fuzz list`")?;
    ensure!(
        out.status.success(),
        "`cargo +nightly fuzz list` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect())
}

/// libFuzzer's instrumentation needs nightly; the fuzz crate is its own workspace.
fn cargo_fuzz(ws: &Workspace) -> Command {
    let mut cargo = Command::new("cargo");
    cargo
        .args(["+nightly", "fuzz"])
        .current_dir(ws.root.join("fuzz"));
    cargo
}
