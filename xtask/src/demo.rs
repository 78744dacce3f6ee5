//! `cargo xtask demo`: builds the widget and the server, then serves the demo until Ctrl-C.

use std::{
    env,
    process::Command,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};

use anyhow::{ensure, Context, Result};
use xtask::{cmd, widget, Workspace};

pub fn run(ws: &Workspace) -> Result<()> {
    widget::build(ws)?;
    cmd::run(
        Command::new("cargo")
            .args(["build", "-p", "onboard-server"])
            .current_dir(&ws.root),
    )?;

    let mut server = Command::new(ws.root.join("target/debug/onboard-server"));
    server.current_dir(&ws.root);
    if env::var_os("ONBOARD_DIST_DIR").is_none() {
        server.env("ONBOARD_DIST_DIR", ws.dist());
    }
    // Ctrl-C reaches the server too (same process group): let it shut down, and wait for it.
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .context("cannot handle Ctrl-C")?;

    let line = cmd::show(&server);
    println!("$ {line}");
    let mut child = server
        .spawn()
        .with_context(|| format!("cannot start `{line}`"))?;
    let bind = env::var("ONBOARD_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into());
    println!(
        "Onboard demo: http://{}/demo  (Ctrl-C stops it)",
        bind.replace("0.0.0.0", "127.0.0.1")
    );
    let status = child.wait().context("cannot wait for the server")?;
    ensure!(
        status.success() || interrupted.load(Ordering::SeqCst),
        "the server stopped: {status}"
    );
    Ok(())
}
