//! The ceiling the server's routes are measured against: axum's hello world
//! (server/examples/hello_world.rs), with the server's axum and tokio and the same bench
//! profile, as its own process on loopback.

use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use super::server_process::{free_port, target_dir, wait_until_answers, KilledOnDrop};
use crate::{cmd, Workspace};

pub struct HelloWorld {
    _child: KilledOnDrop,
    port: u16,
}

impl HelloWorld {
    pub fn start(ws: &Workspace) -> Result<Self> {
        cmd::run(
            Command::new("cargo")
                .args(["build", "--profile", "bench", "-p", "onboard-server"])
                .args(["--example", "hello_world"])
                .current_dir(&ws.root),
        )?;
        let port = free_port()?;
        let child = Command::new(target_dir(ws).join("release/examples/hello_world"))
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .spawn()
            .context("cannot start the hello world")?;
        let hello = Self {
            _child: KilledOnDrop(child),
            port,
        };
        wait_until_answers(&hello.url())?;
        Ok(hello)
    }

    /// Its one route.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}
