//! The CPU work each request costs, counted rather than timed: the server and the hello world
//! run under valgrind's callgrind, which counts every instruction they execute in user space.
//! On two cores shared with other work, throughput moves by a quarter from one run to the next;
//! these counts move by a percent or two, so they show what a change to the code did. The
//! kernel's share (the network path, most of the hello world's time) is not in them.

use std::{
    fs,
    path::Path,
    process::Command,
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, ensure, Context, Result};
use xtask::server_process::{ServerProcess, PARTNER_KEY};
use xtask::{cmd, setup, Workspace};

use crate::{
    hello_world::HelloWorld,
    load::{self, Load, Request},
    report, Section,
};

/// Each route is loaded this long before counting, so that connections, caches and lazy
/// statics are in place.
const WARM_UP: Duration = Duration::from_secs(2);
/// How long each route is loaded while counted; under valgrind, some thousands of requests.
const COUNTED: Duration = Duration::from_secs(3);

/// One route's count.
struct Counted {
    name: &'static str,
    what: &'static str,
    requests: u64,
    instructions: u64,
}

impl Counted {
    fn per_request(&self) -> f64 {
        self.instructions as f64 / self.requests as f64
    }
}

pub fn run(ws: &Workspace) -> Result<Section> {
    load::ensure_oha()?;
    ensure_valgrind()?;
    let dumps = tempfile::tempdir().context("cannot create a directory for callgrind's dumps")?;
    let launcher: Vec<String> = [
        "valgrind",
        "--tool=callgrind",
        "--quiet",
        &format!(
            "--callgrind-out-file={}/callgrind.%p",
            dumps.path().display()
        ),
    ]
    .map(String::from)
    .into();

    let hello = HelloWorld::start_under(ws, &launcher)?;
    let hello_world = count(
        hello.pid(),
        dumps.path(),
        "hello world",
        "`GET /`",
        Request::get(hello.url()),
    )?;
    drop(hello);

    let server = ServerProcess::start_under(ws, &launcher, &[])?;
    let (_, credential) = server.claimed_session()?;
    let health = Request::get(format!("{}/healthz", server.url()));
    let status = Request::get(format!("{}/api/v1/session/status", server.url()))
        .header(format!("authorization: Bearer {credential}"));
    let mint = Request::json_post(
        format!("{}/api/v1/sessions", server.url()),
        server.mint_body(),
    )
    .header(format!("authorization: Bearer {PARTNER_KEY}"));
    let pid = server.pid();
    let routes = [
        hello_world,
        count(pid, dumps.path(), "health", "`GET /healthz`", health)?,
        count(
            pid,
            dumps.path(),
            "session status",
            "`GET /api/v1/session/status`",
            status,
        )?,
        count(
            pid,
            dumps.path(),
            "minting",
            "`POST /api/v1/sessions`",
            mint,
        )?,
    ];

    let table = table(&routes);
    print!("\n{table}");
    let markdown = format!(
        "## Server: instructions per request\n\n\
         The user-space instructions the server executes per request, counted by valgrind's \
         callgrind (the whole process: every thread, the in-process sandbox and SQLite \
         included), against axum's hello world counted the same way. Each route is loaded by \
         oha for {warm} s, then the counts are zeroed and it is loaded for {counted} s more; \
         the figure is that window's instructions over the requests answered in it. These \
         counts hardly move with the machine's load, where throughput does (see the section \
         above): they show what a change to the code did. The kernel's work (the network path, \
         about two thirds of the hello world's CPU time under `perf`) is not in them, so a \
         route's share of the hello world's throughput is higher than its share of these \
         counts. Health is every middleware with no work of its own; the session status is \
         served from its copies, as in the section above, with one session's token. Valgrind's \
         CPU has no SHA extensions, so the token's SHA-256 runs sha2's portable code here and \
         counts a few thousand instructions more than on this machine's CPU.\n\n\
         {table}\n\
         - Load average when the run began: {}\n\
         {}",
        report::load_average(),
        report::provenance("cargo xtask bench --part instructions")?,
        warm = WARM_UP.as_secs(),
        counted = COUNTED.as_secs(),
    );
    Ok(Section {
        markdown,
        missed: Vec::new(),
    })
}

/// Valgrind from Debian, unless it is installed.
fn ensure_valgrind() -> Result<()> {
    if cmd::probe("valgrind", &["--version"]).is_some() {
        return Ok(());
    }
    setup::apt_install("valgrind", &["valgrind"])
}

/// Warms `request` up on process `pid`, then counts its instructions over `COUNTED`.
fn count(
    pid: u32,
    dumps: &Path,
    name: &'static str,
    what: &'static str,
    request: Request,
) -> Result<Counted> {
    let load = |duration| Load {
        request: request.clone(),
        duration,
        rate: None,
    };
    load::run(&load(WARM_UP))?;
    callgrind_control("-z", pid)?;
    let counted = load::run(&load(COUNTED))?;
    if let Some(failures) = counted.failures() {
        bail!("{name} failed under callgrind: {failures}");
    }
    ensure!(
        counted.total() > 0,
        "{name} answered no request under callgrind"
    );
    callgrind_control("-d", pid)?;
    Ok(Counted {
        name,
        what,
        requests: counted.total(),
        instructions: newest_dump_total(dumps, pid)?,
    })
}

fn callgrind_control(option: &str, pid: u32) -> Result<()> {
    cmd::run(Command::new("callgrind_control").args([option, &pid.to_string()]))
}

/// The instruction total of process `pid`'s latest dump (`callgrind.PID.N`, N counting up),
/// once callgrind has finished writing it.
fn newest_dump_total(dumps: &Path, pid: u32) -> Result<u64> {
    let prefix = format!("callgrind.{pid}.");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let newest = fs::read_dir(dumps)?
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let part: u32 = name.strip_prefix(&prefix)?.parse().ok()?;
                Some((part, entry.path()))
            })
            .max();
        let total = newest.and_then(|(_, path)| {
            let text = fs::read_to_string(path).ok()?;
            text.lines()
                .find_map(|line| line.strip_prefix("totals: "))
                .and_then(|value| value.trim().parse().ok())
        });
        if let Some(total) = total {
            return Ok(total);
        }
        thread::sleep(Duration::from_millis(100));
    }
    bail!(
        "callgrind wrote no dump of process {pid} in {}",
        dumps.display()
    )
}

fn table(routes: &[Counted]) -> String {
    let ceiling = routes[0].per_request();
    let mut table = String::from(
        "| Route | Requests counted | Instructions per request | Hello world's count as a share of it |\n\
         |---|---:|---:|---:|\n",
    );
    for route in routes {
        table += &format!(
            "| {} {} | {} | {:.1}k | {:.0} % |\n",
            route.name,
            route.what,
            route.requests,
            route.per_request() / 1000.0,
            ceiling / route.per_request() * 100.0,
        );
    }
    table
}
