//! The server's busiest routes under load from oha, against axum's hello world measured in the
//! same run as the ceiling; and the server's memory at rest and under load.

use std::{thread, time::Duration};

use anyhow::Result;

use super::{
    hello_world::HelloWorld,
    load::{self, Load, Measured, Request, CONNECTIONS},
    report,
    server_process::{ServerProcess, PARTNER_KEY},
    Section,
};
use crate::Workspace;

/// How long each route is loaded, at its fastest and then at a fixed rate.
const RUN: Duration = Duration::from_secs(10);
/// The session status route's throughput, as a share of the hello world's at least.
const STATUS_SHARE_TARGET: f64 = 0.5;
/// Sessions minted per second at least, with the sandbox in-process and SQLite.
const MINT_TARGET: f64 = 10_000.0;

/// One route's two runs: as fast as it answers, then at half that rate.
struct Route {
    name: &'static str,
    what: &'static str,
    fastest: Measured,
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
    let session = server.mint_session()?;

    let peak = server.sample_peak_rss();
    let ceiling = measure("hello world", "`GET /`", Request::get(hello.url()))?;
    let status = measure(
        "session status",
        "`GET /api/v1/session/status`",
        Request::get(format!("{}/api/v1/session/status", server.url()))
            .header(format!("authorization: Bearer {}", session.session_token)),
    )?;
    let mint = measure(
        "minting",
        "`POST /api/v1/sessions`",
        Request::json_post(
            format!("{}/api/v1/sessions", server.url()),
            server.mint_body(),
        )
        .header(format!("authorization: Bearer {PARTNER_KEY}")),
    )?;
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
    let routes = [ceiling, status, mint];
    for route in &routes {
        for (run, measured) in [("fastest", &route.fastest), ("paced", &route.paced)] {
            if let Some(failures) = measured.failures() {
                missed.push(format!("{} ({run} run) failed: {failures}", route.name));
            }
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
         answers per second; latencies there are mostly the queue), then for {run} s at a fixed \
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
         over HTTP, then one SQLite transaction (application, session, status change, session \
         event) committed.\n\n\
         {table}\n\
         Targets: session status at least {:.0} % of the hello world's throughput: {:.0} %, \
         {}; minting at least {MINT_TARGET:.0} sessions/s: {mint_rate:.0}/s, {}.\n\n\
         Server memory (resident set): {} at rest after start, {} at the peak under load \
         (sampled every 100 ms), {} 3 s after the load ended.\n\n\
         - Load average when the run began: {load_average}\n\
         {}",
        STATUS_SHARE_TARGET * 100.0,
        status_share * 100.0,
        verdict(status_share >= STATUS_SHARE_TARGET),
        verdict(mint_rate >= MINT_TARGET),
        report::mib(rest_kib),
        report::mib(peak_kib),
        report::mib(after_kib),
        report::provenance("cargo xtask bench --part server")?,
        run = RUN.as_secs(),
    );
    Ok(Section { markdown, missed })
}

/// Loads `request` as fast as it is answered, then at half that rate.
fn measure(name: &'static str, what: &'static str, request: Request) -> Result<Route> {
    let fastest = load::run(&Load {
        request: request.clone(),
        duration: RUN,
        rate: None,
    })?;
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
        rate,
        paced,
    })
}

fn route_table(routes: &[Route]) -> String {
    let ceiling = routes[0].fastest.ok_per_sec();
    let mut table = String::from(
        "| Route | Throughput (2xx/s) | Share of hello world | p50 / p99 at throughput | \
         Fixed rate (/s): asked / sent | p50 / p99 at fixed rate | Not 2xx |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for route in routes {
        let failed =
            route.fastest.total() - route.fastest.ok() + route.paced.total() - route.paced.ok();
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
