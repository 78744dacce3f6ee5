//! The Onboard server as its own process for the benches (built with the bench profile) and for
//! schemathesis (the debug build): on a free loopback port, with the sandbox in-process and a
//! throwaway SQLite file.

use std::{
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use protocol::api::{ClaimSession, CreateSessionRequest, CreateSessionResponse, SessionClaimed};
use protocol::ApplicationId;
use tempfile::TempDir;

use crate::{cmd, Workspace};

/// The partner key the benches mint sessions with.
pub const PARTNER_KEY: &str = "bench-partner-key";

pub struct ServerProcess {
    child: KilledOnDrop,
    port: u16,
    partner_key: &'static str,
    _data: TempDir,
}

impl ServerProcess {
    /// Builds the server (bench profile) and starts it with `settings` on top of the bench's
    /// own: its dist/, a fresh database, warnings-only logs, and rate limits far above any load
    /// the benches make, so they measure the server and not its limiter.
    pub fn start(ws: &Workspace, settings: &[(&str, &str)]) -> Result<Self> {
        Self::start_under(ws, &[], settings)
    }

    /// As `start`, run by `launcher` (a program and its arguments, such as valgrind's) when it
    /// is not empty.
    pub fn start_under(
        ws: &Workspace,
        launcher: &[String],
        settings: &[(&str, &str)],
    ) -> Result<Self> {
        let binary = build_for_bench(ws, "onboard-server")?;
        Self::spawn(ws, &binary, launcher, PARTNER_KEY, settings)
    }

    /// As `start`, but the debug build (no optimised build to wait for: what is measured here
    /// is answers, not speed), with `partner_key` as its one partner's key.
    pub fn start_debug(
        ws: &Workspace,
        partner_key: &'static str,
        settings: &[(&str, &str)],
    ) -> Result<Self> {
        cmd::run(
            Command::new("cargo")
                .args(["build", "-p", "onboard-server"])
                .current_dir(&ws.root),
        )?;
        let binary = ws.target_dir().join("debug/onboard-server");
        Self::spawn(ws, &binary, &[], partner_key, settings)
    }

    fn spawn(
        ws: &Workspace,
        binary: &Path,
        launcher: &[String],
        partner_key: &'static str,
        settings: &[(&str, &str)],
    ) -> Result<Self> {
        let data = tempfile::tempdir().context("cannot create the server's data directory")?;
        let port = free_port()?;
        let mut server = launched(binary, launcher);
        server
            .current_dir(&ws.root)
            .env("ONBOARD_BIND", format!("127.0.0.1:{port}"))
            .env("ONBOARD_DIST_DIR", ws.dist())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", data.path().join("onboard.db").display()),
            )
            .env("ONBOARD_PARTNER_KEYS", partner_key)
            .env("ONBOARD_MINT_RATE_PER_MINUTE", "100000000")
            .env("ONBOARD_WIDGET_RATE_PER_MINUTE", "100000000")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().copied())
            .stdout(Stdio::null());
        let child = KilledOnDrop(server.spawn().context("cannot start the server")?);
        let process = Self {
            child,
            port,
            partner_key,
            _data: data,
        };
        wait_until_answers(&format!("{}/healthz", process.url()))?;
        Ok(process)
    }

    /// `http://127.0.0.1:PORT` with no trailing slash.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// The process's resident memory now, in KiB (`VmRSS` of /proc/PID/status).
    pub fn rss_kib(&self) -> Result<u64> {
        rss_kib(self.pid())
    }

    /// The partner's request for one session, as JSON: what the benches mint with.
    pub fn mint_body(&self) -> String {
        let request = CreateSessionRequest {
            workflow_id: "kyc-demo".into(),
            country_code: "SE".into(),
            redirect_url: format!("{}/done", self.url()),
            locale: None,
            external_ref: None,
        };
        serde_json::to_string(&request).expect("a request serialises")
    }

    /// Mints one session as the server's partner.
    pub fn mint_session(&self) -> Result<CreateSessionResponse> {
        let minted = ureq::post(format!("{}/api/v1/sessions", self.url()))
            .header("authorization", format!("Bearer {}", self.partner_key))
            .header("content-type", "application/json")
            .send(self.mint_body())
            .context("cannot mint a session")?
            .body_mut()
            .read_json()?;
        Ok(minted)
    }

    /// The session's credential, for its one-time code, as the widget claims it.
    pub fn claim(&self, code: &str) -> Result<String> {
        let claimed: SessionClaimed = ureq::post(format!("{}/api/v1/session/claim", self.url()))
            .send_json(ClaimSession {
                session_token: code.to_owned(),
                embed_origin: None,
                theme: None,
            })
            .context("cannot claim a session")?
            .body_mut()
            .read_json()?;
        Ok(claimed.credential)
    }

    /// Mints one session and claims it: the mint's answer, and the session's credential.
    pub fn claimed_session(&self) -> Result<(CreateSessionResponse, String)> {
        let minted = self.mint_session()?;
        let credential = self.claim(&minted.session_token)?;
        Ok((minted, credential))
    }

    /// Another one-time code for an application minted before, as for a customer carrying on
    /// on another device.
    pub fn mint_again(&self, application_id: &ApplicationId) -> Result<CreateSessionResponse> {
        let minted = ureq::post(format!(
            "{}/api/v1/applications/{application_id}/sessions",
            self.url()
        ))
        .header("authorization", format!("Bearer {}", self.partner_key))
        .send_empty()
        .context("cannot mint another session")?
        .body_mut()
        .read_json()?;
        Ok(minted)
    }

    /// Samples the process's resident memory every 100 ms until the sampler is stopped.
    pub fn sample_peak_rss(&self) -> PeakRss {
        let pid = self.pid();
        let stop = Arc::new(AtomicBool::new(false));
        let sampling = stop.clone();
        let sampler = thread::spawn(move || {
            let mut peak = 0;
            while !sampling.load(Ordering::Relaxed) {
                peak = peak.max(rss_kib(pid).unwrap_or(0));
                thread::sleep(Duration::from_millis(100));
            }
            peak
        });
        PeakRss { stop, sampler }
    }
}

/// The highest resident memory a sampler saw.
pub struct PeakRss {
    stop: Arc<AtomicBool>,
    sampler: JoinHandle<u64>,
}

impl PeakRss {
    /// The peak so far, in KiB.
    pub fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.sampler.join().unwrap_or(0)
    }
}

/// A process the bench started, ended with the bench's value that holds it.
pub struct KilledOnDrop(pub Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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

/// Builds the workspace's binary `package` with the bench profile; its path.
pub fn build_for_bench(ws: &Workspace, package: &str) -> Result<PathBuf> {
    cmd::run(
        Command::new("cargo")
            .args(["build", "--profile", "bench", "-p", package])
            .current_dir(&ws.root),
    )?;
    Ok(ws.target_dir().join("release").join(package))
}

/// `binary` as a command, or `launcher` running it.
pub fn launched(binary: &Path, launcher: &[String]) -> Command {
    match launcher.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(binary);
            command
        }
        None => Command::new(binary),
    }
}

/// Waits until `url` answers, for a server just started.
pub fn wait_until_answers(url: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ureq::get(url).call().is_ok() {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(100));
    }
    bail!("nothing answered {url} within 30 s")
}

pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
