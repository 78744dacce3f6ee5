//! The widget's status route read with many sessions' tokens, as many widgets polling read it.
//! oha sends one set of headers, so every read it makes is one session's, served from the
//! server's short-lived copies; here the bench's own threads, each with a keep-alive
//! connection, take the tokens in turn as fast as they are answered.

use std::{
    thread,
    time::{Duration, Instant},
};

use anyhow::{anyhow, Result};

use crate::{load::CONNECTIONS, paced};

/// Answers counted over one run of `status_reads`.
pub struct Reads {
    pub ok_per_sec: f64,
    pub not_ok: u64,
}

/// Reads `url` for `duration` from `CONNECTIONS` threads; thread `i` takes the tokens `i`,
/// `i + CONNECTIONS`, ... in turn, over and over.
pub fn status_reads(url: &str, tokens: &[String], duration: Duration) -> Result<Reads> {
    let connections = CONNECTIONS as usize;
    if tokens.len() < connections {
        return Err(anyhow!("{CONNECTIONS} tokens at least, one per connection"));
    }
    let started = Instant::now();
    let deadline = started + duration;
    let threads: Vec<_> = (0..connections)
        .map(|first| {
            let url = url.to_owned();
            let mine: Vec<String> = tokens
                .iter()
                .skip(first)
                .step_by(connections)
                .cloned()
                .collect();
            thread::spawn(move || {
                let agent = paced::agent();
                let (mut ok, mut not_ok) = (0u64, 0u64);
                for token in mine.iter().cycle() {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let read = agent
                        .get(&url)
                        .header("authorization", format!("Bearer {token}"))
                        .call();
                    match paced::status_of(read) {
                        Ok(status) if (200..300).contains(&status) => ok += 1,
                        _ => not_ok += 1,
                    }
                }
                (ok, not_ok)
            })
        })
        .collect();
    let (mut ok, mut not_ok) = (0, 0);
    for thread in threads {
        let (thread_ok, thread_not_ok) = thread
            .join()
            .map_err(|_| anyhow!("a reading thread panicked"))?;
        ok += thread_ok;
        not_ok += thread_not_ok;
    }
    Ok(Reads {
        ok_per_sec: ok as f64 / started.elapsed().as_secs_f64(),
        not_ok,
    })
}
