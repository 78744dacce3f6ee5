//! A 60 s fixed-rate mix of minting, session status reads and signed webhooks: no errors, the
//! health probe answering within 50 ms throughout, and no memory growth over a warm-up run of
//! the same mix.

use std::{thread, time::Duration};

use anyhow::Result;
use protocol::api::CreateSessionResponse;
use serde_json::json;
use time::OffsetDateTime;
use xtask::server_process::{ServerProcess, PARTNER_KEY};
use xtask::Workspace;

use crate::{
    load::{self, Load, Measured, Request, CONNECTIONS},
    paced::{self, Pacer},
    report,
    sandbox_process::SandboxProcess,
    Section,
};

const SOAK: Duration = Duration::from_secs(60);
/// The same mix first, so that the soak is compared with a server whose pools, caches and
/// allocator have seen this load already.
const WARM_UP: Duration = Duration::from_secs(20);
/// Idle time before each resident-memory reading after a run.
const SETTLE: Duration = Duration::from_secs(5);
/// The mix, in requests per second: together about a third of what the server answers at
/// most on two cores shared with the load generators (see the server part), so that the soak
/// measures steady service and not a queue.
const MINT_RATE: u32 = 100;
const STATUS_RATE: u32 = 400;
const WEBHOOK_RATE: u32 = 50;
const HEALTH_EVERY: Duration = Duration::from_millis(100);
const HEALTH_LIMIT_MS: f64 = 50.0;
/// Resident memory after the soak may exceed that after the warm-up by this share at most.
const GROWTH_LIMIT: f64 = 0.10;
/// The core-banking platform's webhook secret for this throwaway server only.
const CORE_BANKING_SECRET: &str = "whsec_dGhlIGJlbmNoJ3Mgb3duIGtleQ";

/// One run of the mix, and the highest resident memory during it.
struct Mix {
    mint: Measured,
    status: Measured,
    webhooks: Measured,
    health: Measured,
    peak_kib: u64,
}

impl Mix {
    fn traffic(&self) -> [(&'static str, u32, &Measured); 4] {
        [
            (
                "Minting `POST /api/v1/sessions` (oha)",
                MINT_RATE,
                &self.mint,
            ),
            (
                "Session status `GET /api/v1/session/status` (oha)",
                STATUS_RATE,
                &self.status,
            ),
            (
                "Core-banking webhook `POST /webhooks/core-banking` (bench thread)",
                WEBHOOK_RATE,
                &self.webhooks,
            ),
            (
                "Health probe `GET /healthz` (bench thread)",
                (Duration::from_secs(1).as_millis() / HEALTH_EVERY.as_millis()) as u32,
                &self.health,
            ),
        ]
    }
}

pub fn run(ws: &Workspace) -> Result<Section> {
    load::ensure_oha()?;
    let sandbox = SandboxProcess::start(ws)?;
    let sandbox_settings = sandbox.server_settings();
    let settings: Vec<(&str, &str)> = sandbox_settings
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .chain([("ONBOARD_CORE_BANKING_WEBHOOK_SECRET", CORE_BANKING_SECRET)])
        .collect();
    let server = ServerProcess::start(ws, &settings)?;
    let load_average = report::load_average();
    let (session, credential) = server.claimed_session()?;
    thread::sleep(SETTLE);
    let rest_kib = server.rss_kib()?;
    let sandbox_rest_kib = sandbox.rss_kib()?;

    let warm_up = run_mix(&server, &session, &credential, "warm-up", WARM_UP)?;
    thread::sleep(SETTLE);
    let warm_kib = server.rss_kib()?;
    let sandbox_warm_kib = sandbox.rss_kib()?;
    let soak = run_mix(&server, &session, &credential, "soak", SOAK)?;
    thread::sleep(SETTLE);
    let soaked_kib = server.rss_kib()?;
    let sandbox_soaked_kib = sandbox.rss_kib()?;
    let growth = soaked_kib as f64 / warm_kib as f64 - 1.0;

    let mut missed = Vec::new();
    for (phase, mix) in [("warm-up", &warm_up), ("soak", &soak)] {
        for (name, _, measured) in mix.traffic() {
            if let Some(failures) = measured.failures() {
                missed.push(format!("{phase}: {name} failed: {failures}"));
            }
        }
        if mix.health.max_ms > HEALTH_LIMIT_MS {
            missed.push(format!(
                "{phase}: /healthz took up to {:.1} ms (limit {HEALTH_LIMIT_MS} ms)",
                mix.health.max_ms
            ));
        }
    }
    if growth > GROWTH_LIMIT {
        missed.push(format!(
            "resident memory grew {:.1} % over the soak ({} after the warm-up, {} after the soak; limit {:.0} %)",
            growth * 100.0,
            report::mib(warm_kib),
            report::mib(soaked_kib),
            GROWTH_LIMIT * 100.0
        ));
    }

    let table = traffic_table(&warm_up, &soak);
    print!("\n{table}");
    let markdown = format!(
        "## Load and soak\n\n\
         The server as in the section above (bench profile, SQLite on disk), but with the \
         sandbox as its own process (bench profile, on loopback), so that the server's memory is \
         its own: the sandbox keeps every application it is asked to create, as a provider \
         stores them, and in-process it would grow with every session minted. The server runs \
         under a fixed-rate mix, for {} s as a warm-up, then, after {} s idle, for {} s as the \
         soak. oha sends the minting and the status reads ({CONNECTIONS} connections each, kept \
         alive; latency counted from when each request was due). The bench's own threads send \
         what oha cannot: core-banking webhooks, each signed anew with a notification id of its \
         own, so every one is stored and applied (Onboard finds the application it names and asks \
         the provider for its status), and the health probe, every {} ms on one kept-alive \
         connection. Latencies are from when each request was due.\n\n\
         {table}\n\
         Criteria: no answer but 2xx and no connection error in either run; `/healthz` always \
         within {HEALTH_LIMIT_MS:.0} ms; resident memory after the soak at most {:.0} % above that \
         after the warm-up (each read after {} s idle).\n\n\
         | Resident memory | Server | Sandbox (no criterion) |\n|---|---:|---:|\n\
         | At rest, after start | {} | {} |\n\
         | Peak during the warm-up (sampled every 100 ms) | {} | |\n\
         | After the warm-up | {} | {} |\n\
         | Peak during the soak | {} | |\n\
         | After the soak | {} | {} |\n\
         | Growth over the soak | {:+.1} % | {:+.1} % |\n\n\
         - Load average when the run began: {load_average}\n\
         {}",
        WARM_UP.as_secs(),
        SETTLE.as_secs(),
        SOAK.as_secs(),
        HEALTH_EVERY.as_millis(),
        GROWTH_LIMIT * 100.0,
        SETTLE.as_secs(),
        report::mib(rest_kib),
        report::mib(sandbox_rest_kib),
        report::mib(warm_up.peak_kib),
        report::mib(warm_kib),
        report::mib(sandbox_warm_kib),
        report::mib(soak.peak_kib),
        report::mib(soaked_kib),
        report::mib(sandbox_soaked_kib),
        growth * 100.0,
        (sandbox_soaked_kib as f64 / sandbox_warm_kib as f64 - 1.0) * 100.0,
        report::provenance("cargo xtask bench --part soak")?,
    );
    Ok(Section { markdown, missed })
}

/// Every kind of traffic at once for `duration`, while the server's memory is sampled; the
/// session's status is read with its `credential`.
fn run_mix(
    server: &ServerProcess,
    session: &CreateSessionResponse,
    credential: &str,
    phase: &'static str,
    duration: Duration,
) -> Result<Mix> {
    println!("soak: {phase}, {} s", duration.as_secs());
    let peak = server.sample_peak_rss();
    let health = Pacer::start(HEALTH_EVERY, duration, probe(server));
    let webhooks = Pacer::start(
        Duration::from_secs(1) / WEBHOOK_RATE,
        duration,
        deliver_webhook(server, session, phase),
    );
    let mint = load::start(&Load {
        request: Request::json_post(
            format!("{}/api/v1/sessions", server.url()),
            server.mint_body(),
        )
        .header(format!("authorization: Bearer {PARTNER_KEY}")),
        duration,
        rate: Some(MINT_RATE),
    })?;
    let status = load::start(&Load {
        request: Request::get(format!("{}/api/v1/session/status", server.url()))
            .header(format!("authorization: Bearer {credential}")),
        duration,
        rate: Some(STATUS_RATE),
    })?;
    Ok(Mix {
        mint: mint.finish()?,
        status: status.finish()?,
        webhooks: webhooks.finish()?,
        health: health.finish()?,
        peak_kib: peak.stop(),
    })
}

fn probe(server: &ServerProcess) -> impl FnMut(u64) -> paced::Sent + Send + 'static {
    let agent = paced::agent();
    let url = format!("{}/healthz", server.url());
    move |_| paced::status_of(agent.get(&url).call())
}

/// The core-banking platform's AML result for the session's application, as
/// e2e/src/harness.rs delivers it, with a notification id per delivery.
fn deliver_webhook(
    server: &ServerProcess,
    session: &CreateSessionResponse,
    phase: &'static str,
) -> impl FnMut(u64) -> paced::Sent + Send + 'static {
    let agent = paced::agent();
    let url = format!("{}/webhooks/core-banking", server.url());
    let application_id = session.application_id.as_str().to_owned();
    move |delivery| {
        let id = format!("bench-{phase}-{delivery}");
        let body = json!({
            "notificationId": id,
            "notificationTypeCode": "AML_PAYMENT_RESULTS_PUBLISHED",
            "destination": url,
            "originalMessageDateTime": "2026-11-23T11:18:19.955Z",
            "data": {"amlProcessId": "ID-1000", "amlProcessResultCode": "APPROVED", "personId": application_id}
        })
        .to_string();
        let timestamp = OffsetDateTime::now_utc().unix_timestamp();
        let signature =
            protocol::webhooks::sign(CORE_BANKING_SECRET, &id, timestamp, body.as_bytes());
        paced::status_of(
            agent
                .post(&url)
                .header("content-type", "application/json")
                .header("webhook-id", &id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", signature)
                .send(&body),
        )
    }
}

fn traffic_table(warm_up: &Mix, soak: &Mix) -> String {
    let mut table = String::from(
        "| Traffic | Rate (/s) | Run | Requests | Not 2xx or error | p50 | p99 | Max |\n\
         |---|---:|---|---:|---:|---:|---:|---:|\n",
    );
    for (phase, mix) in [("warm-up", warm_up), ("soak", soak)] {
        for (name, rate, measured) in mix.traffic() {
            table += &format!(
                "| {name} | {rate} | {phase} | {} | {} | {:.2} ms | {:.2} ms | {:.2} ms |\n",
                measured.total(),
                measured.total() - measured.ok(),
                measured.p50_ms,
                measured.p99_ms,
                measured.max_ms,
            );
        }
    }
    table
}
