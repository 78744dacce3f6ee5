//! An application's onboarding: the answers to its workflow's steps and the drafts of those not
//! saved yet, the organization's screening, the submit and the results. The routes
//! (`routes::onboarding`) only extract, call this and answer; the webhook receiver and the
//! partner's reads call it too.

pub mod answers;
pub mod drafts;
mod profile;
mod records;
pub mod results;
pub mod screening;
pub mod submit;

use protocol::date::Day;
use protocol::onboarding::Workflow;

use crate::{AppError, AppState};

/// The workflow, as the provider last gave it within `ONBOARD_WORKFLOW_CACHE_SECS`: every
/// answer saved needs it, and one read serves them all.
async fn workflow(state: &AppState, workflow_id: &str) -> Result<Workflow, AppError> {
    let read = async { Ok(state.onboarding.workflow(workflow_id).await?) };
    state.workflows.get_or_load(workflow_id, read).await
}

/// Today in UTC: what dates of birth and document expiries are checked against.
fn today() -> Day {
    let now = time::OffsetDateTime::now_utc().date();
    Day::new(
        now.year() as u32,
        u32::from(u8::from(now.month())),
        u32::from(now.day()),
    )
    .expect("the clock gives a real day")
}
