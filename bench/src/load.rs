//! The load generator: `oha` (crates.io), a second process on loopback that keeps its
//! connections alive, as a partner's HTTP client pool would. Installed here, when missing, and
//! never by `cargo xtask setup`, so that only a run of these benches pays for its build.

use std::{
    collections::BTreeMap,
    process::{Child, Command, Stdio},
    time::Duration,
};

use anyhow::{ensure, Context, Result};
use serde::Deserialize;
use xtask::cmd;

const OHA_VERSION: &str = "1.16.0";

/// Connections every load keeps open: enough to keep both cores busy, few enough that the
/// latencies are the server's and not a queue in front of it.
pub const CONNECTIONS: u32 = 50;

/// Installs the pinned oha unless it is on PATH already.
pub fn ensure_oha() -> Result<()> {
    let wanted = format!("oha {OHA_VERSION}");
    if cmd::probe("oha", &["--version"]).as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    cmd::run(Command::new("cargo").args([
        "install",
        "--locked",
        "--force",
        &format!("oha@{OHA_VERSION}"),
    ]))?;
    ensure!(
        cmd::probe("oha", &["--version"]).as_deref() == Some(wanted.as_str()),
        "{wanted} still not on PATH after install"
    );
    Ok(())
}

/// One request, sent over and over.
#[derive(Clone)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    /// Header lines such as `authorization: Bearer ...`; never printed.
    pub headers: Vec<String>,
    pub body: Option<String>,
}

impl Request {
    pub fn get(url: String) -> Self {
        Self {
            method: "GET",
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, line: String) -> Self {
        self.headers.push(line);
        self
    }

    pub fn json_post(url: String, body: String) -> Self {
        Self {
            method: "POST",
            url,
            headers: vec!["content-type: application/json".into()],
            body: Some(body),
        }
    }
}

/// How hard and how long: `rate` requests per second in all, or as fast as the server answers.
pub struct Load {
    pub request: Request,
    pub duration: Duration,
    pub rate: Option<u32>,
}

/// What a load saw. oha's requests in flight at the end are included (`-w`: waited for).
pub struct Measured {
    pub seconds: f64,
    pub statuses: BTreeMap<u16, u64>,
    /// Connection and protocol errors, by oha's wording.
    pub errors: BTreeMap<String, u64>,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Measured {
    /// Successful (2xx) answers per second: an error is not throughput.
    pub fn ok_per_sec(&self) -> f64 {
        self.ok() as f64 / self.seconds
    }

    pub fn ok(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| (200..300).contains(*status))
            .map(|(_, count)| count)
            .sum()
    }

    pub fn total(&self) -> u64 {
        self.statuses.values().sum::<u64>() + self.errors.values().sum::<u64>()
    }

    /// Every answer that was not a 2xx and every error, by kind, or None when all succeeded.
    pub fn failures(&self) -> Option<String> {
        let failed: Vec<String> = self
            .statuses
            .iter()
            .filter(|(status, _)| !(200..300).contains(*status))
            .map(|(status, count)| format!("{count} × {status}"))
            .chain(
                self.errors
                    .iter()
                    .map(|(error, count)| format!("{count} × {error}")),
            )
            .collect();
        (!failed.is_empty()).then(|| failed.join(", "))
    }
}

/// An oha run under way; several may run at once.
pub struct Running {
    child: Child,
    label: String,
}

pub fn run(load: &Load) -> Result<Measured> {
    start(load)?.finish()
}

pub fn start(load: &Load) -> Result<Running> {
    let Load {
        request,
        duration,
        rate,
    } = load;
    let mut oha = Command::new("oha");
    oha.args(["--no-tui", "--output-format", "json", "-w"])
        .args(["-c", &CONNECTIONS.to_string()])
        .args(["-z", &format!("{}s", duration.as_secs())])
        .args(["-m", request.method]);
    if let Some(rate) = rate {
        // Latency from when each request was due, not when it was sent: a server that falls
        // behind the rate shows it in the percentiles.
        oha.args(["-q", &rate.to_string(), "--latency-correction"]);
    }
    for header in &request.headers {
        oha.args(["-H", header]);
    }
    if let Some(body) = &request.body {
        oha.args(["-d", body]);
    }
    oha.arg(&request.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    // Described, not echoed: the headers hold tokens.
    let label = format!(
        "oha: {} {} for {} s, {CONNECTIONS} connections, {}",
        request.method,
        path_of(&request.url),
        duration.as_secs(),
        rate.map_or("as fast as answered".into(), |r| format!("{r} requests/s")),
    );
    println!("{label}");
    let child = oha.spawn().context("cannot start oha")?;
    Ok(Running { child, label })
}

impl Running {
    pub fn finish(self) -> Result<Measured> {
        let output = self.child.wait_with_output()?;
        ensure!(
            output.status.success(),
            "{} failed ({})",
            self.label,
            output.status
        );
        let report: OhaReport = serde_json::from_slice(&output.stdout)
            .with_context(|| format!("{}: unreadable JSON report", self.label))?;
        let statuses = report
            .status_code_distribution
            .into_iter()
            .map(|(status, count)| Ok((status.parse()?, count)))
            .collect::<Result<_>>()?;
        Ok(Measured {
            seconds: report.summary.total,
            statuses,
            errors: report.error_distribution,
            p50_ms: report.metrics.latency_ms.p50.unwrap_or(f64::NAN),
            p99_ms: report.metrics.latency_ms.p99.unwrap_or(f64::NAN),
            max_ms: report.metrics.latency_ms.max.unwrap_or(f64::NAN),
        })
    }
}

fn path_of(url: &str) -> &str {
    url.find("://")
        .and_then(|scheme| {
            url[scheme + 3..]
                .find('/')
                .map(|at| &url[scheme + 3 + at..])
        })
        .unwrap_or("/")
}

/// The parts of `oha --output-format json` read here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OhaReport {
    summary: Summary,
    metrics: Metrics,
    status_code_distribution: BTreeMap<String, u64>,
    error_distribution: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
struct Summary {
    total: f64,
}

#[derive(Deserialize)]
struct Metrics {
    latency_ms: LatencyMs,
}

/// oha writes null when no request succeeded.
#[derive(Deserialize)]
struct LatencyMs {
    p50: Option<f64>,
    p99: Option<f64>,
    max: Option<f64>,
}
