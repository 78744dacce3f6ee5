//! What `cargo xtask` and the benchmarks (the `onboard-bench` crate, which `cargo xtask bench`
//! runs) share: the workspace's layout, running commands, the toolchain's setup, the widget's
//! build and the server as a process of its own. A library, so that the bench crate uses it
//! without xtask's binary depending on the bench crate or the other way round.

pub mod cmd;
pub mod nightly;
pub mod server_process;
pub mod setup;
pub mod split;
pub mod widget;

use std::{
    env,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

/// The workspace checkout all tasks run in.
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn locate() -> Result<Self> {
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

/// What every task does first: puts the pinned tools on PATH and installs what is missing.
pub fn prepare(ws: &Workspace) -> Result<()> {
    put_tools_on_path(ws)?;
    setup::run(ws)
}

/// Every tool this program starts (Trunk included) finds the npm tools and the
/// `cargo install`ed binaries first, whatever the caller's PATH holds.
fn put_tools_on_path(ws: &Workspace) -> Result<()> {
    let mut dirs = vec![ws.tools_bin(), setup::cargo_home()?.join("bin")];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let path = env::join_paths(dirs).context("cannot build PATH")?;
    // Edition 2021: safe, and nothing else runs yet (the program is single-threaded here).
    env::set_var("PATH", path);
    Ok(())
}
