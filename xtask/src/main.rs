//! `cargo xtask <task>`: the workspace's developer tasks (alias in .cargo/config.toml).

mod bench;
mod cmd;
mod demo;
mod fuzz;
mod lint;
mod nightly;
mod schemathesis;
mod setup;
mod split;
mod test;
mod widget;

use std::{
    env,
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

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
    Bench {
        /// Only these parts (repeatable); all of them when none is given.
        #[arg(long = "part", value_enum)]
        parts: Vec<bench::Part>,
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

/// The workspace checkout all tasks run in.
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    fn locate() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask is not inside a workspace")?
            .to_path_buf();
        Ok(Self { root })
    }

    /// Where cargo puts its builds: CARGO_TARGET_DIR when set, else the workspace's target/.
    pub fn target_dir(&self) -> PathBuf {
        env::var_os("CARGO_TARGET_DIR").map_or_else(|| self.root.join("target"), PathBuf::from)
    }

    /// Where Trunk writes the built widget (Trunk.toml `dist`).
    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// The npm-installed tools (wasm-opt; axe-core beside it), see tools/package.json.
    pub fn tools_bin(&self) -> PathBuf {
        self.root.join("tools/node_modules/.bin")
    }
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
    put_tools_on_path(&ws)?;
    setup::run(&ws)?;
    match task {
        Task::Setup => Ok(()),
        Task::Build => widget::build(&ws),
        Task::SplitWasm => split::run(&ws),
        Task::Demo => demo::run(&ws),
        Task::Test => test::run(&ws),
        Task::Lint => lint::run(&ws),
        Task::Schemathesis => schemathesis::run(&ws),
        Task::Bench { parts } => bench::run(&ws, &parts),
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

/// Every tool this program starts (Trunk included) finds the npm tools and the
/// `cargo install`ed binaries first, whatever the caller's PATH holds.
fn put_tools_on_path(ws: &Workspace) -> Result<()> {
    let mut dirs = vec![ws.tools_bin(), setup::cargo_home()?.join("bin")];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let path = env::join_paths(dirs).context("cannot build PATH")?;
    // Edition 2021: safe, and nothing else runs yet (xtask is single-threaded here).
    env::set_var("PATH", path);
    Ok(())
}
