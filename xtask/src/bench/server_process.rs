//! The Onboard server as its own process for the benches: built with the bench profile, on a
//! free loopback port, with the sandbox in-process and a throwaway SQLite file.

use std::{
    env, fs,
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use tempfile::TempDir;

use crate::{cmd, Workspace};

/// The partner key the benches mint sessions with.
pub const PARTNER_KEY: &str = "bench-partner-key";

pub struct ServerProcess {
    child: Child,
    port: u16,
    _data: TempDir,
}

impl ServerProcess {
    /// Builds the server (bench profile) and starts it with `settings` on top of the bench's
    /// own: its dist/, a fresh database, warnings-only logs, and rate limits far above any load
    /// the benches make, so they measure the server and not its limiter.
    pub fn start(ws: &Workspace, settings: &[(&str, &str)]) -> Result<Self> {
        cmd::run(
            Command::new("cargo")
                .args(["build", "--profile", "bench", "-p", "onboard-server"])
                .current_dir(&ws.root),
        )?;
        let data = tempfile::tempdir().context("cannot create the bench's data directory")?;
        let port = free_port()?;
        let mut server = Command::new(target_dir(ws).join("release/onboard-server"));
        server
            .current_dir(&ws.root)
            .env("ONBOARD_BIND", format!("127.0.0.1:{port}"))
            .env("ONBOARD_DIST_DIR", ws.dist())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", data.path().join("onboard.db").display()),
            )
            .env("ONBOARD_PARTNER_KEYS", PARTNER_KEY)
            .env("ONBOARD_MINT_RATE_PER_MINUTE", "100000000")
            .env("ONBOARD_WIDGET_RATE_PER_MINUTE", "100000000")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().copied())
            .stdout(Stdio::null());
        let child = server.spawn().context("cannot start the server")?;
        let process = Self {
            child,
            port,
            _data: data,
        };
        process.wait_until_healthy()?;
        Ok(process)
    }

    /// `http://127.0.0.1:PORT` with no trailing slash.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process's resident memory now, in KiB (`VmRSS` of /proc/PID/status).
    pub fn rss_kib(&self) -> Result<u64> {
        rss_kib(self.pid())
    }

    fn wait_until_healthy(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("{}/healthz", self.url());
        while Instant::now() < deadline {
            if ureq::get(&url).call().is_ok() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(100));
        }
        bail!("the server did not answer {url} within 30 s")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> Result<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("cannot read /proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in /proc/PID/status")
}

/// Where cargo puts its builds: CARGO_TARGET_DIR when set, else the workspace's target/.
pub fn target_dir(ws: &Workspace) -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| ws.root.join("target"), PathBuf::from)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
