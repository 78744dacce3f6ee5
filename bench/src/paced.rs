//! Requests the bench sends itself, one thread each, at a steady pace: what oha cannot send (a
//! webhook signed anew each time) and the health probe that watches the server under load.

use std::{
    collections::BTreeMap,
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use anyhow::{anyhow, Result};

use crate::load::Measured;

/// A blocking client for loopback that hands back every status instead of failing on 4xx/5xx.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// The HTTP status of one answer, or why there was none.
pub type Sent = Result<u16, ureq::Error>;

/// Reads the whole answer, so its keep-alive connection is used again, and gives its status.
pub fn status_of(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Sent {
    let mut response = response?;
    response.body_mut().read_to_vec()?;
    Ok(response.status().as_u16())
}

/// Calls `send(0)`, `send(1)`, ... once every `every` for `duration`. A call's latency counts
/// from when it was due, so a call that is late because the one before was slow shows it.
pub struct Pacer(JoinHandle<Measured>);

impl Pacer {
    pub fn start(
        every: Duration,
        duration: Duration,
        mut send: impl FnMut(u64) -> Sent + Send + 'static,
    ) -> Self {
        Self(thread::spawn(move || {
            let start = Instant::now();
            let mut latencies = Vec::new();
            let mut statuses = BTreeMap::new();
            let mut errors = BTreeMap::new();
            for call in 0.. {
                let due = start + every * call;
                if due >= start + duration {
                    break;
                }
                thread::sleep(due.saturating_duration_since(Instant::now()));
                match send(u64::from(call)) {
                    Ok(status) => *statuses.entry(status).or_insert(0) += 1,
                    Err(err) => *errors.entry(err.to_string()).or_insert(0) += 1,
                }
                latencies.push(due.elapsed().as_secs_f64() * 1000.0);
            }
            latencies.sort_by(f64::total_cmp);
            Measured {
                seconds: start.elapsed().as_secs_f64(),
                statuses,
                errors,
                p50_ms: percentile(&latencies, 0.50),
                p99_ms: percentile(&latencies, 0.99),
                max_ms: latencies.last().copied().unwrap_or(f64::NAN),
            }
        }))
    }

    pub fn finish(self) -> Result<Measured> {
        self.0
            .join()
            .map_err(|_| anyhow!("a paced sender panicked"))
    }
}

/// Nearest rank of `sorted`.
fn percentile(sorted: &[f64], share: f64) -> f64 {
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1))
        .copied()
        .unwrap_or(f64::NAN)
}
