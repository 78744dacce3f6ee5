//! `cargo xtask lint` (and the first step of `cargo xtask test`): rustfmt's check and clippy with
//! warnings as errors, natively for the whole workspace and for the widget's wasm target (whose
//! code behind `cfg(target_arch = "wasm32")` the native run never sees).

use std::process::Command;

use anyhow::{bail, Result};
use xtask::{cmd, Workspace};

pub fn run(ws: &Workspace) -> Result<()> {
    let fuzz = ws.root.join("fuzz");
    let checks: [(&std::path::Path, &[&str]); 4] = [
        (&ws.root, &["fmt", "--all", "--check"]),
        // The fuzz crate is a workspace of its own, which `--all` does not reach.
        (&fuzz, &["fmt", "--check"]),
        (
            &ws.root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            &ws.root,
            &[
                "clippy",
                "-p",
                "onboard-widget",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                // The split build's side of `split_point!`; the native run checks the other.
                "--features",
                "split",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    let mut failed = 0;
    for (dir, args) in checks {
        if let Err(err) = cmd::run(Command::new("cargo").args(args).current_dir(dir)) {
            eprintln!("{err:#}");
            failed += 1;
        }
    }
    if failed > 0 {
        bail!("{failed} of {} lint checks failed", checks.len());
    }
    Ok(())
}
