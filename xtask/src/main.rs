//! `cargo xtask <task>`: the workspace's developer tasks (alias in .cargo/config.toml).

mod demo;
mod fuzz;
mod lint;
mod schemathesis;
mod test;

use std::process::{self, Command, ExitCode};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use xtask::{cmd, prepare, split, widget, Workspace};

#[derive(Parser)]
#[command(about = "Onboard developer tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install what is missing: wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt, axe-core, Chromium,
    /// the nightly toolchain, cargo-fuzz and schemathesis.
    Setup,
    /// Build the widget into dist/ (trunk build --release).
    Build,
    /// Trunk's post_build hook (Trunk.toml): split the staged widget's wasm at its `split_point!`
    /// split points.
    #[command(hide = true)]
    SplitWasm,
    /// Build everything and serve the demo on ONBOARD_BIND (default 127.0.0.1:8080).
    Demo,
    /// Run every check: lints, the native test suites (unit and end-to-end), schemathesis against
    /// the server's OpenAPI document, the widget's wasm tests and the fuzz targets' fixed-seed runs.
    Test,
    /// Run schemathesis against a server of its own: every operation of its OpenAPI document,
    /// with the partner key and a session token, from a fixed seed.
    Schemathesis,
    /// Check formatting (rustfmt) and lints (clippy, warnings as errors, native and wasm).
    Lint,
    /// Measure the widget and the server and write BENCHMARKS.md (fails when a target is missed).
    ///
    /// Runs the bench crate (bench/) with these arguments: `cargo xtask bench --help` is its help.
    #[command(disable_help_flag = true)]
    Bench {
        /// `--part NAME`, repeatable: only these parts; all of them when none is given.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run the fuzz targets in fuzz/ (all, or one), each for a while (needs nightly and cargo-fuzz).
    Fuzz {
        /// One target, as `cargo +nightly fuzz list` names it.
        target: Option<String>,
        /// How long each target searches.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// Instead of searching, run as `cargo xtask test` does: the committed corpus, then this
        /// many executions from a fixed seed.
        #[arg(long, conflicts_with = "seconds")]
        runs: Option<u64>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    let ws = Workspace::locate()?;
    // The bench crate prepares once it has read its arguments: its --help needs nothing installed.
    if !matches!(task, Task::Bench { .. }) {
        prepare(&ws)?;
    }
    match task {
        Task::Setup => Ok(()),
        Task::Build => widget::build(&ws),
        Task::SplitWasm => split::run(&ws),
        Task::Demo => demo::run(&ws),
        Task::Test => test::run(&ws),
        Task::Lint => lint::run(&ws),
        Task::Schemathesis => schemathesis::run(&ws),
        Task::Bench { args } => bench(&ws, &args),
        Task::Fuzz {
            target,
            seconds,
            runs,
        } => {
            let budget = runs.map_or(fuzz::Budget::Seconds(seconds), fuzz::Budget::Runs);
            fuzz::run(&ws, target.as_deref(), budget)
        }
    }
}

/// The bench crate with `args` as given, in the dev profile the benches ran in as part of xtask:
/// the server and the browser benches they time are built with the bench profile by the parts
/// themselves; the rest is other programs (oha, valgrind, Lighthouse) and paced requests.
fn bench(ws: &Workspace, args: &[String]) -> Result<()> {
    let mut bench = Command::new("cargo");
    bench
        .args(["run", "--quiet", "-p", "onboard-bench", "--"])
        .args(args)
        .current_dir(&ws.root);
    let line = cmd::show(&bench);
    println!("$ {line}");
    let status = bench
        .status()
        .with_context(|| format!("cannot start `{line}`"))?;
    if !status.success() {
        // The bench said what failed; its exit code (2 for a wrong argument) is this one's.
        process::exit(status.code().unwrap_or(1));
    }
    Ok(())
}
