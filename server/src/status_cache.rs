//! Short-lived copies of applications' statuses as the provider last gave them, so that widgets
//! polling their status do not each cost a provider call.
//!
//! The copies are this process's own: with several instances on one PostgreSQL database, a
//! change another instance records reaches this one's readers within the max age.

use std::future::Future;
use std::time::Duration;

use moka::future::Cache;
use protocol::api::StatusView;
use protocol::ApplicationId;

use crate::session_cache::unshared;
use crate::AppError;

/// Copies kept at most; with a max age of a second or two only the applications polled in that
/// time are held, so the bound matters only under a flood of distinct ones.
const MAX_COPIES: u64 = 100_000;

pub struct StatusCache {
    /// `None` when the max age is zero: every read asks the provider.
    copies: Option<Cache<ApplicationId, StatusView>>,
}

impl StatusCache {
    pub fn new(max_age: Duration) -> Self {
        let copies = (!max_age.is_zero())
            .then(|| Cache::builder().max_capacity(MAX_COPIES).time_to_live(max_age).build());
        Self { copies }
    }

    /// The application's status no older than the max age: the copy, or else what `refresh`
    /// gets from the provider. Concurrent callers for one application wait for the one refresh
    /// under way instead of each starting their own.
    pub async fn get_or_refresh(
        &self,
        id: &ApplicationId,
        refresh: impl Future<Output = Result<StatusView, AppError>>,
    ) -> Result<StatusView, AppError> {
        let Some(copies) = &self.copies else { return refresh.await };
        copies.try_get_with_by_ref(id, refresh).await.map_err(unshared)
    }

    /// Replaces the copy with a status just had from the provider, so that readers see at once
    /// what Onboard recorded.
    pub async fn record(&self, view: &StatusView) {
        if let Some(copies) = &self.copies {
            copies.insert(view.application_id.clone(), view.clone()).await;
        }
    }
}
