//! The application as its partner reads it: its status, refreshed from the provider while
//! undecided, and the provider's results, screening included, once decided or in manual
//! review.

use protocol::api::partner::ApplicationView;
use protocol::api::StatusView;
use protocol::{ApplicationId, ApplicationStatus, CountryCode};

use super::refresh_status;
use crate::onboarding::results::read as read_results;
use crate::{db, AppError, AppState};

#[derive(sqlx::FromRow)]
struct Row {
    workflow_id: String,
    country_code: String,
    status: String,
    external_ref: Option<String>,
    created_at: i64,
    updated_at: i64,
    submitted_at: Option<i64>,
    abandoned_at: Option<i64>,
}

/// The application `id` of `partner_id`; another partner's is not found, as if it did not
/// exist.
pub async fn partner_view(
    state: &AppState,
    partner_id: &str,
    id: &str,
) -> Result<ApplicationView, AppError> {
    let id =
        ApplicationId::parse(id).map_err(|err| AppError::invalid("id", format!("id {err}")))?;
    let row: Option<Row> = sqlx::query_as(
        "SELECT workflow_id, country_code, status, external_ref, created_at, updated_at,
                submitted_at, abandoned_at
         FROM applications WHERE id = $1 AND partner_id = $2",
    )
    .bind(id.as_str())
    .bind(partner_id)
    .fetch_optional(&state.db)
    .await?;
    let row = row.ok_or(AppError::NotFound("application"))?;
    // Abandoned, the application is Onboard's `CANCELLED`, whatever the provider still says.
    let application = match row.abandoned_at {
        Some(_) => StatusView {
            application_id: id.clone(),
            status: ApplicationStatus::parse(&row.status)
                .ok_or(AppError::stored("application status"))?,
            updated_at: db::rfc3339(row.updated_at),
        },
        None => refresh_status(state, &id, &row.status).await?,
    };
    // Stopped before the submit, there is nothing to read. A manual review is the partner's
    // to do, with what the screening found.
    let reviewable =
        application.status.is_terminal() || application.status == ApplicationStatus::ManualReview;
    let results = if reviewable && row.submitted_at.is_some() {
        read_results(state, &id, &row.workflow_id).await?
    } else {
        None
    };
    let country_code = CountryCode::parse(&row.country_code)
        .map_err(|_| AppError::Database(sqlx::Error::Protocol("stored country code".into())))?;
    Ok(ApplicationView {
        application_id: id,
        workflow_id: row.workflow_id,
        country_code,
        status: application.status,
        external_ref: row.external_ref,
        created_at: db::rfc3339(row.created_at),
        updated_at: application.updated_at,
        submitted_at: row.submitted_at.map(db::rfc3339),
        results,
    })
}
