//! Sessions as found by their token's hash, kept for a few seconds so that a widget's calls do
//! not each cost a database round trip.
//!
//! What is kept never changes while the session lives (its application's fixed facts and its
//! expiry), and a copy never outlives what it was read from:
//! - expiry is checked on every request (`auth::Session`), against the kept `expires_at`;
//! - a revocation in this process drops the application's sessions from here before it answers
//!   (`forget`);
//! - a revocation on another instance sharing the PostgreSQL database is seen here at most the
//!   max age (`ONBOARD_SESSION_CACHE_SECS`) later, when the copy expires and the row is read
//!   again.
//!
//! An unknown or revoked token is never kept: each such request reads the database.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use crate::auth::Session;
use crate::AppError;

/// Copies kept at most (a few hundred bytes each): only sessions used within the max age.
const MAX_COPIES: u64 = 100_000;

pub struct SessionCache {
    /// `None` when the max age is zero: every request reads the database.
    copies: Option<Cache<String, Session>>,
}

impl SessionCache {
    pub fn new(max_age: Duration) -> Self {
        let copies = (!max_age.is_zero())
            .then(|| Cache::builder().max_capacity(MAX_COPIES).time_to_live(max_age).build());
        Self { copies }
    }

    /// The live session with this token hash: the copy, or else what `load` reads (and then
    /// keeps). Concurrent requests with one token wait for one read.
    pub async fn get_or_load(
        &self,
        token_hash: &str,
        load: impl Future<Output = Result<Session, AppError>>,
    ) -> Result<Session, AppError> {
        let Some(copies) = &self.copies else { return load.await };
        copies.try_get_with_by_ref(token_hash, load).await.map_err(unshared)
    }

    /// Drops the copies of sessions that just ended.
    pub async fn forget(&self, token_hashes: &[String]) {
        let Some(copies) = &self.copies else { return };
        for hash in token_hashes {
            copies.invalidate(hash).await;
        }
    }
}

/// A failed read is handed to every request that waited for it, shared.
pub fn unshared(err: Arc<AppError>) -> AppError {
    Arc::try_unwrap(err).unwrap_or_else(|shared| shared.duplicate())
}
