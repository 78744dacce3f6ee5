//! Per-key rate limits: session minting per partner, the public links' minting per client
//! address and for all clients together, handoffs per application, and the widget's API per
//! session, so one busy partner, one client or one runaway page cannot starve the others or the
//! providers behind us. The answer over the limit is `429` with `Retry-After`.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::client_addr::ClientAddr;
use crate::{AppError, Config};

/// Past this many keys, those that have been quiet for a full period are dropped.
const KEYS_BEFORE_CLEANUP: usize = 10_000;

pub struct RateLimits {
    minting: DefaultKeyedRateLimiter<String>,
    public_minting: DefaultKeyedRateLimiter<String>,
    /// One key: every client's public minting together.
    all_public_minting: DefaultKeyedRateLimiter<String>,
    handoffs: DefaultKeyedRateLimiter<String>,
    widget: DefaultKeyedRateLimiter<String>,
}

impl RateLimits {
    pub fn new(config: &Config) -> Self {
        let per_minute =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        Self {
            minting: RateLimiter::keyed(per_minute(config.mint_rate_per_minute)),
            public_minting: RateLimiter::keyed(per_minute(
                config.public_mint_rate_per_address_per_minute,
            )),
            all_public_minting: RateLimiter::keyed(per_minute(config.public_mint_rate_per_minute)),
            handoffs: RateLimiter::keyed(per_minute(config.mint_rate_per_minute)),
            widget: RateLimiter::keyed(per_minute(config.widget_rate_per_minute)),
        }
    }

    pub fn mint(&self, partner_id: &str) -> Result<(), AppError> {
        check(&self.minting, partner_id)
    }

    /// The client's own limit first: a client over it must not spend what all share.
    pub fn public_mint(&self, client: &ClientAddr) -> Result<(), AppError> {
        check(&self.public_minting, &client.key())?;
        check(&self.all_public_minting, "")
    }

    /// A handoff mints a claim code as a partner does, at minting's rate, but keyed by the
    /// application: an applicant's page must not spend what its partner's backend mints with.
    pub fn handoff(&self, application_id: &str) -> Result<(), AppError> {
        check(&self.handoffs, application_id)
    }

    /// Keyed by the session token's hash, never the token.
    pub fn widget(&self, token_hash: &str) -> Result<(), AppError> {
        check(&self.widget, token_hash)
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<String>, key: &str) -> Result<(), AppError> {
    if limiter.len() > KEYS_BEFORE_CLEANUP {
        limiter.retain_recent();
    }
    limiter.check_key(&key.to_owned()).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        }
    })
}
