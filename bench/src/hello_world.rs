//! The ceiling the server's routes are measured against: axum's hello world
//! (server/examples/hello_world.rs), with the server's axum and tokio and the same bench
//! profile, as its own process on loopback.

use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use xtask::server_process::{free_port, launched, wait_until_answers, KilledOnDrop};
use xtask::{cmd, Workspace};

pub struct HelloWorld {
    child: KilledOnDrop,
    port: u16,
}

impl HelloWorld {
    pub fn start(ws: &Workspace) -> Result<Self> {
        Self::start_under(ws, &[])
    }

    /// As `start`, run by `launcher` (a program and its arguments) when it is not empty.
    pub fn start_under(ws: &Workspace, launcher: &[String]) -> Result<Self> {
        cmd::run(
            Command::new("cargo")
                .args(["build", "--profile", "bench", "-p", "onboard-server"])
                .args(["--example", "hello_world"])
                .current_dir(&ws.root),
        )?;
        let port = free_port()?;
        let child = launched(
            &ws.target_dir().join("release/examples/hello_world"),
            launcher,
        )
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start the hello world")?;
        let hello = Self {
            child: KilledOnDrop(child),
            port,
        };
        wait_until_answers(&hello.url())?;
        Ok(hello)
    }

    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// Its one route.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}
