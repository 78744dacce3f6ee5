//! The libFuzzer targets in `fuzz/` (see FUZZING.md), one after another, each on one core.
//!
//! Two ways to run them: `cargo xtask fuzz` searches open-endedly for N seconds a target, and
//! `cargo xtask test` replays the committed corpus and mutates from it for a fixed number of
//! executions from a fixed seed, so the gate does the same work on every machine, however fast,
//! and fails only when a change breaks an invariant. A crash fails either and leaves its input in
//! `fuzz/artifacts/<target>/`.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use xtask::{cmd, Workspace};

/// How much each target runs.
#[derive(Clone, Copy)]
pub enum Budget {
    /// Open-ended search from the whole local corpus, adding to it.
    Seconds(u64),
    /// The gate: the committed corpus, then this many executions from `GATE_SEED`.
    Runs(u64),
}

/// Executions per target in `cargo xtask test`: 30,000 take each target 1 to 3 s on these
/// machines, so this is about half a minute a target, near the 5 s a target searched before.
pub const GATE_RUNS: u64 = 200_000;
const GATE_SEED: u64 = 1;

/// Committed corpus files: the seeds, and the inputs of earlier findings (FUZZING.md).
const COMMITTED_PREFIXES: [&str; 2] = ["seed-", "regression-"];

pub fn run(ws: &Workspace, target: Option<&str>, budget: Budget) -> Result<()> {
    let all = targets(ws)?;
    let chosen = match target {
        Some(target) if all.iter().any(|t| t == target) => vec![target.to_owned()],
        Some(target) => bail!("no fuzz target {target:?}; there are {}", all.join(", ")),
        None => all,
    };
    for target in &chosen {
        match budget {
            Budget::Seconds(seconds) => {
                println!("\n--> fuzz {target} for {seconds} s");
                cmd::run(
                    cargo_fuzz(ws)
                        .args(["run", target, "--", &format!("-max_total_time={seconds}")])
                        .arg("-print_final_stats=1"),
                )?;
            }
            Budget::Runs(runs) => {
                println!("\n--> fuzz {target}: the committed corpus, then {runs} runs from seed {GATE_SEED}");
                // A copy, so neither the local corpus nor what this run adds changes the next.
                let corpus = tempfile::tempdir().context("cannot create a corpus directory")?;
                copy_committed(&ws.root.join("fuzz/corpus").join(target), corpus.path())?;
                cmd::run(
                    cargo_fuzz(ws)
                        .args(["run", target])
                        .arg(corpus.path())
                        .args([
                            "--",
                            &format!("-seed={GATE_SEED}"),
                            &format!("-runs={runs}"),
                        ])
                        // A fixed seed alone does not fix the search. Rereading the corpus
                        // directory is timed (every second by default), and comparison tracing
                        // feeds the values compared into the mutation dictionary, pointers among
                        // them, which address randomisation changes on every run (seen: one seed,
                        // different coverage after 19,000 runs). Without both, runs repeat.
                        .args(["-reload=0", "-use_cmp=0", "-print_final_stats=1"]),
                )?;
            }
        }
    }
    Ok(())
}

fn copy_committed(from: &Path, to: &Path) -> Result<()> {
    let entries = fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut copied = 0;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let committed = name.to_str().is_some_and(|name| {
            COMMITTED_PREFIXES
                .iter()
                .any(|prefix| name.starts_with(prefix))
        });
        if committed {
            fs::copy(entry.path(), to.join(&name))?;
            copied += 1;
        }
    }
    ensure!(copied > 0, "{} holds no committed corpus", from.display());
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
