//! Short-lived in-memory copies of what a request would otherwise read from the database or a
//! provider, so that a burst of requests for one thing costs one read.
//!
//! The copies are this process's own: with several instances on one PostgreSQL database, a
//! change made through another instance is seen here at most the max age later. What each
//! cache may hold, and what keeps it right, is said where `AppState` declares it.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use crate::AppError;

/// Copies kept at most: with a max age of seconds, only what was asked for in that time is
/// held, so the bound matters only under a flood of distinct keys.
const MAX_COPIES: u64 = 100_000;

pub struct ShortLived<K, V> {
    /// `None` when the max age is zero: every request reads.
    copies: Option<Cache<K, V>>,
}

impl<K, V> ShortLived<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    pub fn new(max_age: Duration) -> Self {
        let copies = (!max_age.is_zero()).then(|| {
            Cache::builder()
                .max_capacity(MAX_COPIES)
                .time_to_live(max_age)
                .build()
        });
        Self { copies }
    }

    /// The copy no older than the max age, or else what `load` reads (then kept). Concurrent
    /// callers for one key wait for the one read under way instead of each starting their own.
    /// A failed read is not kept.
    pub async fn get_or_load<Q>(
        &self,
        key: &Q,
        load: impl Future<Output = Result<V, AppError>>,
    ) -> Result<V, AppError>
    where
        K: std::borrow::Borrow<Q>,
        Q: ToOwned<Owned = K> + Hash + Eq + ?Sized,
    {
        let Some(copies) = &self.copies else {
            return load.await;
        };
        copies
            .try_get_with_by_ref(key, load)
            .await
            .map_err(unshared)
    }

    /// Replaces the copy with a value just read, so that readers see it at once.
    pub async fn insert(&self, key: K, value: V) {
        if let Some(copies) = &self.copies {
            copies.insert(key, value).await;
        }
    }

    /// Drops the copy of what just ended.
    pub async fn invalidate<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(copies) = &self.copies {
            copies.invalidate(key).await;
        }
    }
}

/// A failed read is handed to every request that waited for it, shared.
fn unshared(err: Arc<AppError>) -> AppError {
    Arc::try_unwrap(err).unwrap_or_else(|shared| shared.duplicate())
}
