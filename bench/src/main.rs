//! `cargo xtask bench`: measures the widget and the server and writes BENCHMARKS.md. xtask runs
//! this binary with the arguments it was given (`cargo run -p onboard-bench -- ARGS`).
//!
//! Each part writes its own section of BENCHMARKS.md, so measuring one part keeps the figures
//! of the others. A part whose figures miss a budget or target makes the whole run fail, after
//! the report is written, so a regression is seen at once.

mod browser;
mod bundle;
mod hello_world;
mod instructions;
mod lighthouse;
mod load;
mod many_tokens;
mod paced;
mod push;
mod report;
mod sandbox_process;
mod server;
mod sessions;
mod soak;
mod startup;
mod stats;

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Parser, ValueEnum};
use xtask::Workspace;

/// Measure the widget and the server and write BENCHMARKS.md (fails when a target is missed).
#[derive(Parser)]
#[command(bin_name = "cargo xtask bench")]
struct Cli {
    /// Only these parts (repeatable); all of them when none is given.
    #[arg(long = "part", value_enum)]
    parts: Vec<Part>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let measured = Workspace::locate().and_then(|ws| {
        xtask::prepare(&ws)?;
        run(&ws, &cli.parts)
    });
    match measured {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cargo xtask bench: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// What `cargo xtask bench` can measure, in the order BENCHMARKS.md shows it.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// The widget's first-load transfer and the loader script, against their size budgets.
    Bundle,
    /// The widget's first visits in headless Chromium: time to its first actionable screen.
    Startup,
    /// A webhook's decision reaching the screen, and the widget's requests, with its event
    /// stream and with polling alone.
    Push,
    /// Lighthouse's scores of the hosted widget's first step and results screen, against 100.
    Lighthouse,
    /// The session status and minting routes' throughput and latency under oha's load,
    /// against axum's hello world, and the server's memory at rest and under load.
    Server,
    /// The user-space instructions each request costs the server and the hello world
    /// (valgrind's callgrind): a figure that, unlike throughput, the machine's load does not move.
    Instructions,
    /// A 60 s fixed-rate mix of minting, status reads and webhooks: no errors, `/healthz`
    /// answering within 50 ms throughout, and no memory growth.
    Soak,
}

impl Part {
    /// The section's name in BENCHMARKS.md's markers.
    fn key(self) -> &'static str {
        match self {
            Part::Bundle => "bundle",
            Part::Lighthouse => "lighthouse",
            Part::Server => "server",
            Part::Instructions => "instructions",
            Part::Soak => "soak",
            Part::Startup => "startup",
            Part::Push => "push",
        }
    }
}

/// One part's findings: its BENCHMARKS.md section, and each budget or target it missed.
pub struct Section {
    pub markdown: String,
    pub missed: Vec<String>,
}

/// Measures `parts` (all of them when empty), writes their sections, then fails on any miss.
fn run(ws: &Workspace, parts: &[Part]) -> Result<()> {
    let parts = match parts.is_empty() {
        true => Part::value_variants(),
        false => parts,
    };
    let mut missed = Vec::new();
    for &part in parts {
        let section = match part {
            Part::Bundle => bundle::run(ws)?,
            Part::Lighthouse => lighthouse::run(ws)?,
            Part::Server => server::run(ws)?,
            Part::Instructions => instructions::run(ws)?,
            Part::Soak => soak::run(ws)?,
            Part::Startup => startup::run(ws)?,
            Part::Push => push::run(ws)?,
        };
        report::write_section(ws, part, &section.markdown)?;
        missed.extend(section.missed);
    }
    if !missed.is_empty() {
        bail!("{}", missed.join("; "));
    }
    Ok(())
}
