//! `cargo xtask build`: the widget, built by Trunk into dist/.

use std::{fs, process::Command};

use anyhow::{ensure, Context, Result};

use crate::{cmd, Workspace};

/// `trunk build --release` from the workspace root (Trunk.toml holds the settings).
pub fn build(ws: &Workspace) -> Result<()> {
    cmd::run(
        Command::new("trunk")
            .args(["build", "--release"])
            .current_dir(&ws.root),
    )?;
    check_no_inline_script(ws)
}

/// The server's Content-Security-Policy blocks inline scripts, so the page must have none.
fn check_no_inline_script(ws: &Workspace) -> Result<()> {
    let page = ws.dist().join("index.html");
    let html =
        fs::read_to_string(&page).with_context(|| format!("cannot read {}", page.display()))?;
    let lower = html.to_ascii_lowercase();
    let inline: Vec<&str> = lower
        .match_indices("<script")
        .map(|(at, _)| {
            &lower[at..lower[at..]
                .find('>')
                .map_or(lower.len(), |end| at + end + 1)]
        })
        .filter(|tag| {
            !tag.split_ascii_whitespace()
                .any(|attr| attr.starts_with("src="))
        })
        .collect();
    ensure!(
        inline.is_empty(),
        "{} has inline scripts, which the CSP blocks: {inline:?}",
        page.display()
    );
    println!("build: {} has no inline script", page.display());
    Ok(())
}
