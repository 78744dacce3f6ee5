//! The onboarding steps of the widget's API: the workflow and saved answers, each step's
//! answer, the scan upload, the organization screening, the submit and the results.

pub(crate) mod answers;
mod profile;
mod records;
pub(crate) mod results;
pub(crate) mod scans;
pub(crate) mod screening;
pub(crate) mod submit;

use axum::routing::{get, post, put};
use axum::Router;
use protocol::date::Day;

use crate::AppState;

pub(crate) use results::read as read_results;
pub(crate) use screening::refresh_session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/onboarding", get(answers::view))
        .route("/api/v1/onboarding/answers/{step}", put(answers::save))
        .route("/api/v1/onboarding/documents", post(scans::upload))
        .route("/api/v1/documents/{id}", get(scans::download))
        .route(
            "/api/v1/onboarding/screening",
            post(screening::start).get(screening::view),
        )
        .route("/api/v1/onboarding/submit", post(submit::submit))
        .route("/api/v1/onboarding/results", get(results::results))
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
