//! The server's busiest routes under load from oha, against axum's hello world measured in the
//! same run as the ceiling; and the server's memory at rest and under load.

use std::{thread, time::Duration};

use anyhow::Result;
use xtask::server_process::{ServerProcess, PARTNER_KEY};
use xtask::Workspace;

use crate::{
    hello_world::HelloWorld,
    load::{self, Load, Measured, Request, CONNECTIONS},
    many_tokens, report, Section,
};

/// How long each route is loaded, at its fastest and then at a fixed rate.
const RUN: Duration = Duration::from_secs(10);
/// The hello world and the status route are loaded at their fastest in turns, this many times
/// each, and each is reported by its median turn: on two cores shared with other work, one
/// window of a few seconds can be a tenth slower or faster than the next, and the share of the
/// two is only fair when both saw the same machine.
const TURNS: usize = 3;
/// The session status route's throughput, as a share of the hello world's at least.
const STATUS_SHARE_TARGET: f64 = 0.5;
/// Sessions minted per second at least, with the sandbox in-process and SQLite.
const MINT_TARGET: f64 = 10_000.0;
/// Sessions whose tokens the status route is read with, in turn, for the many-widgets figure:
/// enough that each is read about once a second or less, as a polling widget reads it.
const MANY_WIDGETS: usize = 5_000;

/// One route's runs: as fast as it answers (its median turn, and every turn's throughput),
/// then at half that rate.
struct Route {
    name: &'static str,
    what: &'static str,
    fastest: Measured,
    turns: Vec<f64>,
    /// What went wrong in any turn, and how many requests were not answered 2xx in them.
    turn_failures: Vec<String>,
    turns_not_ok: u64,
    rate: u32,
    paced: Measured,
}

pub fn run(ws: &Workspace) -> Result<Section> {
    load::ensure_oha()?;
    let server = ServerProcess::start(ws, &[])?;
    let hello = HelloWorld::start(ws)?;
    let load_average = report::load_average();
    thread::sleep(Duration::from_secs(1));
    let rest_kib = server.rss_kib()?;
    let (_, credential) = server.claimed_session()?;

    let peak = server.sample_peak_rss();
    let hello_world = Request::get(hello.url());
    let status = Request::get(format!("{}/api/v1/session/status", server.url()))
        .header(format!("authorization: Bearer {credential}"));
    let mint = Request::json_post(
        format!("{}/api/v1/sessions", server.url()),
        server.mint_body(),
    )
    .header(format!("authorization: Bearer {PARTNER_KEY}"));
    let [hello_world_turns, status_turns] = in_turns([&hello_world, &status])?;
    let ceiling = pace("hello world", "`GET /`", hello_world_turns, hello_world)?;
    let status = pace(
        "session status",
        "`GET /api/v1/session/status`",
        status_turns,
        status,
    )?;
    let mint_turns = vec![fastest(&mint)?];
    let mint = pace("minting", "`POST /api/v1/sessions`", mint_turns, mint)?;
    let tokens = (0..MANY_WIDGETS)
        .map(|_| server.claimed_session().map(|(_, credential)| credential))
        .collect::<Result<Vec<_>>>()?;
    let status_url = format!("{}/api/v1/session/status", server.url());
    let many = many_tokens::status_reads(&status_url, &tokens, RUN)?;
    let one = many_tokens::status_reads(&status_url, &vec![credential; CONNECTIONS as usize], RUN)?;
    let peak_kib = peak.stop();
    thread::sleep(Duration::from_secs(3));
    let after_kib = server.rss_kib()?;

    let status_share = status.fastest.ok_per_sec() / ceiling.fastest.ok_per_sec();
    let mint_rate = mint.fastest.ok_per_sec();
    let mut missed = Vec::new();
    if status_share < STATUS_SHARE_TARGET {
        missed.push(format!(
            "session status: {:.0} requests/s, {:.0} % of the hello world's {:.0} (target: {:.0} %)",
            status.fastest.ok_per_sec(),
            status_share * 100.0,
            ceiling.fastest.ok_per_sec(),
            STATUS_SHARE_TARGET * 100.0
        ));
    }
    if mint_rate < MINT_TARGET {
        missed.push(format!(
            "minting: {mint_rate:.0} sessions/s (target: {MINT_TARGET:.0})"
        ));
    }
    if many.not_ok + one.not_ok > 0 {
        missed.push(format!(
            "session status with many tokens: {} reads not 2xx",
            many.not_ok + one.not_ok
        ));
    }
    let routes = [ceiling, status, mint];
    for route in &routes {
        for failures in &route.turn_failures {
            missed.push(format!(
                "{} (at its fastest) failed: {failures}",
                route.name
            ));
        }
        if let Some(failures) = route.paced.failures() {
            missed.push(format!("{} (paced) failed: {failures}", route.name));
        }
    }

    let table = route_table(&routes);
    print!("\n{table}");
    let verdict = |met| match met {
        true => "met",
        false => "**missed**",
    };
    let markdown = format!(
        "## Server under load\n\n\
         The server (bench profile, sandbox in-process, SQLite in a temporary file on disk, \
         rate limits raised out of the way) and axum's hello world \
         (`server/examples/hello_world.rs`: the same axum, tokio and profile, one route that \
         answers a short text) as the ceiling, each its own process, loaded by \
         [oha](https://crates.io/crates/oha) from a third process on loopback, all on the same \
         two cores. oha keeps {CONNECTIONS} connections alive, as a partner's HTTP client pool \
         would. Each route is loaded for {run} s as fast as it answers (its throughput: 2xx \
         answers per second; latencies there are mostly the queue): the hello world and the \
         session status {TURNS} times each, in turns, each reported by its median turn (every \
         turn is listed below the table), so that the share compares the two on the same \
         machine; minting once. Then each route is loaded for {run} s at a fixed \
         rate of half that, with latency counted from when each request was due \
         (`--latency-correction`), so the percentiles are the route's own below saturation \
         (unless oha itself could not send that fast: compare the rate asked with the rate \
         sent).\n\n\
         - Session status: the widget's `GET /api/v1/session/status` with one session's token, \
         at the server's defaults: the session is read from SQLite by its token's hash at most \
         every 5 s (`ONBOARD_SESSION_CACHE_SECS`), and the onboarding provider (the in-process \
         sandbox, over HTTP on loopback, as a real provider would be asked) is asked for the \
         status at most every 1 s (`ONBOARD_STATUS_MAX_AGE_MS`); the calls between are served \
         from those copies.\n\
         - Minting: a partner's `POST /api/v1/sessions`: the provider's `applications.create` \
         over HTTP, then the session's rows (application, session, status change, session \
         event) committed, in one transaction with the other sessions waiting to be written \
         (`server/src/minting/writer.rs`).\n\n\
         {table}\n\
         Throughput of every turn at the fastest (2xx/s, in the order run): {}.\n\n\
         Many widgets (no target): oha sends one session's token, so after the first read the \
         status route serves it from its copies. The bench's own {CONNECTIONS} threads (ureq, \
         keep-alive) read it for {run} s with {MANY_WIDGETS} sessions' tokens in turn: \
         {many_reads:.0} reads/s, each session read about every {many_interval:.1} s, so that \
         most reads find no status copy younger than 1 s and ask the provider. The same \
         threads with one session's token: {one_reads:.0} reads/s, so many tokens do \
         {many_share:.0} % of what one does. Not 2xx: {many_not_ok}. Blocking threads on two \
         cores send far less than oha: these two figures compare many tokens with one, not the \
         route's ceiling.\n\n\
         Targets: session status at least {:.0} % of the hello world's throughput: {:.0} %, \
         {}; minting at least {MINT_TARGET:.0} sessions/s: {mint_rate:.0}/s, {}.\n\n\
         Server memory (resident set): {} at rest after start, {} at the peak under load \
         (sampled every 100 ms), {} 3 s after the load ended.\n\n\
         - Load average when the run began: {load_average}\n\
         {}",
        turn_list(&routes),
        STATUS_SHARE_TARGET * 100.0,
        status_share * 100.0,
        verdict(status_share >= STATUS_SHARE_TARGET),
        verdict(mint_rate >= MINT_TARGET),
        report::mib(rest_kib),
        report::mib(peak_kib),
        report::mib(after_kib),
        report::provenance("cargo xtask bench --part server")?,
        run = RUN.as_secs(),
        many_reads = many.ok_per_sec,
        many_interval = MANY_WIDGETS as f64 / many.ok_per_sec,
        one_reads = one.ok_per_sec,
        many_share = many.ok_per_sec / one.ok_per_sec * 100.0,
        many_not_ok = many.not_ok + one.not_ok,
    );
    Ok(Section { markdown, missed })
}

/// Loads each of `requests` as fast as it is answered, in turns, `TURNS` times.
fn in_turns<const N: usize>(requests: [&Request; N]) -> Result<[Vec<Measured>; N]> {
    let mut turns: [Vec<Measured>; N] = std::array::from_fn(|_| Vec::new());
    for _ in 0..TURNS {
        for (request, measured) in requests.iter().zip(&mut turns) {
            measured.push(fastest(request)?);
        }
    }
    Ok(turns)
}

fn fastest(request: &Request) -> Result<Measured> {
    load::run(&Load {
        request: request.clone(),
        duration: RUN,
        rate: None,
    })
}

/// The route at its median turn, then loaded at half that rate.
fn pace(
    name: &'static str,
    what: &'static str,
    mut turns: Vec<Measured>,
    request: Request,
) -> Result<Route> {
    let throughputs: Vec<f64> = turns.iter().map(Measured::ok_per_sec).collect();
    let turn_failures = turns.iter().filter_map(Measured::failures).collect();
    let turns_not_ok = turns.iter().map(|turn| turn.total() - turn.ok()).sum();
    turns.sort_by(|a, b| a.ok_per_sec().total_cmp(&b.ok_per_sec()));
    let fastest = turns.swap_remove(turns.len() / 2);
    let rate = ((fastest.ok_per_sec() / 2.0).round() as u32).max(1);
    let paced = load::run(&Load {
        request,
        duration: RUN,
        rate: Some(rate),
    })?;
    Ok(Route {
        name,
        what,
        fastest,
        turns: throughputs,
        turn_failures,
        turns_not_ok,
        rate,
        paced,
    })
}

fn turn_list(routes: &[Route]) -> String {
    let turns = |route: &Route| {
        let each: Vec<String> = route.turns.iter().map(|t| format!("{t:.0}")).collect();
        format!("{} {}", route.name, each.join(", "))
    };
    routes.iter().map(turns).collect::<Vec<_>>().join("; ")
}

fn route_table(routes: &[Route]) -> String {
    let ceiling = routes[0].fastest.ok_per_sec();
    let mut table = String::from(
        "| Route | Throughput (2xx/s) | Share of hello world | p50 / p99 at throughput | \
         Fixed rate (/s): asked / sent | p50 / p99 at fixed rate | Not 2xx |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for route in routes {
        let failed = route.turns_not_ok + route.paced.total() - route.paced.ok();
        table += &format!(
            "| {} {} | {:.0} | {:.0} % | {:.2} / {:.2} ms | {} / {:.0} | {:.2} / {:.2} ms | {failed} |\n",
            route.name,
            route.what,
            route.fastest.ok_per_sec(),
            route.fastest.ok_per_sec() / ceiling * 100.0,
            route.fastest.p50_ms,
            route.fastest.p99_ms,
            route.rate,
            route.paced.total() as f64 / route.paced.seconds,
            route.paced.p50_ms,
            route.paced.p99_ms,
        );
    }
    table
}
