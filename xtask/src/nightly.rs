//! The pinned nightly toolchain, for two builds only: the fuzz targets (libFuzzer's sanitizer
//! flags) and the widget's release wasm, which it builds with a std of its own whose panics
//! abort at once (README, "The split build"). Every other build is stable.

use std::{path::PathBuf, process::Command};

use anyhow::{bail, ensure, Context, Result};

use crate::cmd;

/// rustup's name of the toolchain, as in `cargo +nightly`.
pub const TOOLCHAIN: &str = "nightly";

/// The pin: the date `rustc +nightly -V` must print. The machines' image carries this one, and
/// a toolchain is never downloaded (only package registries may be reached).
const DATE: &str = "2026-05-19";

/// What the release wasm is built with, on top of `.cargo/config.toml`'s flags for the target
/// (cargo appends these to them): panics trap without a message, so neither their formatting
/// code nor their source locations are in the wasm, and `{:?}` prints nothing (the widget
/// shows no Debug output). -23 kB gzip of the main module (BENCHMARKS.md).
const RELEASE_WASM_RUSTFLAGS: &str =
    "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none";

/// Makes `cmd` (Trunk, or cargo itself) build the wasm with the pinned nightly and its own std.
/// A `cargo` that `cmd` starts for the host must say `+stable`: this environment is inherited.
pub fn build_release_wasm(cmd: &mut Command) -> &mut Command {
    cmd.env("RUSTUP_TOOLCHAIN", TOOLCHAIN)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            RELEASE_WASM_RUSTFLAGS,
        )
}

/// `cargo xtask setup`'s part: the pinned nightly is there, with std's sources and the crates
/// std's own build needs (crates.io), so that the offline release build finds everything.
pub fn setup() -> Result<()> {
    let version = cmd::probe("rustc", &[&format!("+{TOOLCHAIN}"), "-V"]);
    match version {
        Some(v) if v.contains(DATE) => println!("  ok  rust toolchain: {v}"),
        Some(v) => bail!(
            "the nightly toolchain is {v}, where the build is pinned to the one of {DATE} \
             (xtask/src/nightly.rs)"
        ),
        None => bail!(
            "the fuzz targets and the release wasm need the nightly toolchain of {DATE}, which \
             this machine lacks (rustup toolchain list)"
        ),
    }
    let library = sysroot()?.join("lib/rustlib/src/rust/library");
    if !library.join("Cargo.toml").is_file() {
        println!("  ->  rust-src ({TOOLCHAIN}): found nothing, installing");
        cmd::run(Command::new("rustup").args([
            "component",
            "add",
            "rust-src",
            "--toolchain",
            TOOLCHAIN,
        ]))?;
    }
    cmd::run(
        Command::new("cargo")
            .arg(format!("+{TOOLCHAIN}"))
            .args(["fetch", "--quiet", "--manifest-path"])
            .arg(library.join("Cargo.toml")),
    )
}

fn sysroot() -> Result<PathBuf> {
    let out = cmd::probe("rustc", &[&format!("+{TOOLCHAIN}"), "--print", "sysroot"])
        .context("`rustc +nightly --print sysroot` failed")?;
    ensure!(
        !out.is_empty(),
        "`rustc +nightly --print sysroot` printed nothing"
    );
    Ok(PathBuf::from(out))
}
