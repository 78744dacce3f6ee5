//! `cargo xtask build`: the widget, built by Trunk into dist/.

use std::process::Command;

use anyhow::Result;

use crate::{cmd, Workspace};

/// `trunk build --release` from the workspace root (Trunk.toml holds the settings).
pub fn build(ws: &Workspace) -> Result<()> {
    cmd::run(Command::new("trunk").args(["build", "--release"]).current_dir(&ws.root))
}
