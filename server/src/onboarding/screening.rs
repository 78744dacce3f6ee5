//! The organization's AML screening, started with the expands the KYB steps need and followed
//! until its JSON result is ready, by the widget's polling or the provider's webhooks,
//! whichever comes first.

use protocol::api::events::SessionEvent;
use protocol::api::onboarding::{
    CurrentScreening, OrganizationProfile, ScreeningState, ScreeningView, StartScreening,
};
use protocol::onboarding::organization::organization_identifier;
use protocol::provider::aml::{EntityState, Expand, OrganizationResult, SessionState};
use sqlx::AnyPool;

use super::profile::profile_of;
use crate::applications::is_submitted;
use crate::auth::Session;
use crate::{db, AppError, AppState};

/// What the KYB steps show and the submission carries: register data, owners, roles, who may
/// sign, sanctions.
const EXPANDS: [Expand; 6] = [
    Expand::Address,
    Expand::OwnershipBeneficials,
    Expand::OwnershipShareholders,
    Expand::Authorities,
    Expand::OfficialRoles,
    Expand::Sanction,
];

#[derive(sqlx::FromRow)]
struct Row {
    application_id: String,
    identifier: String,
    session_id: String,
    #[sqlx(try_from = "String")]
    state: ScreeningState,
    result: Option<String>,
}

async fn row(db: &AnyPool, application_id: &str) -> Result<Option<Row>, AppError> {
    Ok(sqlx::query_as(
        "SELECT application_id, identifier, session_id, state, result FROM screenings WHERE application_id = $1",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?)
}

fn result_of(row: &Row) -> Result<Option<OrganizationResult>, AppError> {
    row.result
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| AppError::stored("screening result"))
}

fn view_of(row: &Row) -> Result<ScreeningView, AppError> {
    Ok(ScreeningView {
        state: row.state,
        organization_number: row.identifier.clone(),
        profile: result_of(row)?.as_ref().map(profile_of),
    })
}

/// A screening asked for: started now, or the one started before for this organization.
pub enum Started {
    Now(ScreeningView),
    Before(ScreeningView),
}

/// Starts the screening of the organization the applicant names, unless it was started before
/// for that organization and has not failed.
pub async fn start(
    state: &AppState,
    session: &Session,
    input: StartScreening,
) -> Result<Started, AppError> {
    let identifier = organization_identifier(
        input.identifier_type,
        &input.organization_number,
        session.country_code.as_str(),
    )
    .map_err(|problem| {
        AppError::invalid(
            "organizationNumber",
            format!("organizationNumber {}", problem.english()),
        )
    })?;
    if is_submitted(&state.db, session.application_id.as_str()).await? {
        return Err(AppError::Conflict("the application is submitted".into()));
    }
    if let Some(existing) = row(&state.db, session.application_id.as_str()).await? {
        if existing.identifier == identifier && existing.state != ScreeningState::Failed {
            return Ok(Started::Before(view_of(&existing)?));
        }
    }
    let created = state.aml.start_session(&identifier, &EXPANDS).await?;
    let now = db::now();
    sqlx::query(
        "INSERT INTO screenings (application_id, identifier, session_id, state, result, created_at, updated_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6)
         ON CONFLICT (application_id) DO UPDATE SET identifier = excluded.identifier,
             session_id = excluded.session_id, state = excluded.state, result = NULL, updated_at = excluded.updated_at",
    )
    .bind(session.application_id.as_str())
    .bind(&identifier)
    .bind(&created.session_id)
    .bind(ScreeningState::Pending.as_str())
    .bind(now)
    .bind(now)
    .execute(&state.db)
    .await?;
    tracing::info!(application = %session.application_id, aml_session = %created.session_id, "screening started");
    let view = ScreeningView {
        state: ScreeningState::Pending,
        organization_number: identifier,
        profile: None,
    };
    Ok(Started::Now(view))
}

/// The screening as it stands, asking the provider while it runs; none before it is started.
pub async fn current(state: &AppState, session: &Session) -> Result<CurrentScreening, AppError> {
    let Some(mut current) = row(&state.db, session.application_id.as_str()).await? else {
        return Ok(CurrentScreening { screening: None });
    };
    refresh(state, &mut current).await?;
    Ok(CurrentScreening {
        screening: Some(view_of(&current)?),
    })
}

/// Follows the screening an AML session belongs to, as its webhook asks; returns the
/// application, or None when no screening of ours has that session.
pub async fn refresh_session(
    state: &AppState,
    session_id: &str,
) -> Result<Option<String>, AppError> {
    let found: Option<Row> = sqlx::query_as(
        "SELECT application_id, identifier, session_id, state, result FROM screenings WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(&state.db)
    .await?;
    let Some(mut current) = found else {
        return Ok(None);
    };
    refresh(state, &mut current).await?;
    Ok(Some(current.application_id))
}

/// Asks the provider how a pending screening stands and keeps a final answer. The update names
/// the session too: a late answer about a screening since restarted changes nothing.
async fn refresh(state: &AppState, current: &mut Row) -> Result<(), AppError> {
    if current.state != ScreeningState::Pending {
        return Ok(());
    }
    let status = state.aml.session(&current.session_id).await?;
    let json_data = status.entities.json_data.status;
    let (next_state, result) =
        if status.status == SessionState::Failed || json_data == EntityState::Failed {
            (ScreeningState::Failed, None)
        } else if json_data == EntityState::Ready {
            let result = state.aml.result(&current.session_id).await?;
            (
                ScreeningState::Ready,
                Some(serde_json::to_string(&result).expect("results serialize")),
            )
        } else {
            return Ok(());
        };
    // Only the first to see the final answer records it: the webhook and a poll may race.
    let first = sqlx::query(
        "UPDATE screenings SET state = $1, result = $2, updated_at = $3
         WHERE application_id = $4 AND session_id = $5 AND state = $6",
    )
    .bind(next_state.as_str())
    .bind(&result)
    .bind(db::now())
    .bind(&current.application_id)
    .bind(&current.session_id)
    .bind(ScreeningState::Pending.as_str())
    .execute(&state.db)
    .await?
    .rows_affected()
        == 1;
    current.state = next_state;
    current.result = result;
    if first {
        let event = SessionEvent::Screening {
            state: current.state,
        };
        state
            .events
            .publish(&state.db, &current.application_id, &event)
            .await?;
    }
    Ok(())
}

/// The ready result of this application's screening, for the steps after it and the submit.
pub async fn ready_result(
    db: &AnyPool,
    application_id: &str,
) -> Result<OrganizationResult, AppError> {
    let current = row(db, application_id).await?;
    current
        .as_ref()
        .map(result_of)
        .transpose()?
        .flatten()
        .ok_or_else(|| AppError::Conflict("the organization's screening is not ready".into()))
}

pub async fn ready_profile(
    db: &AnyPool,
    application_id: &str,
) -> Result<OrganizationProfile, AppError> {
    Ok(profile_of(&ready_result(db, application_id).await?))
}

/// The organization step may only confirm the organization that was screened.
pub async fn require_ready(
    db: &AnyPool,
    application_id: &str,
    identifier: &str,
) -> Result<(), AppError> {
    let current = row(db, application_id).await?;
    match current {
        Some(row) if row.identifier == identifier && row.state == ScreeningState::Ready => Ok(()),
        _ => Err(AppError::invalid(
            "organizationNumber",
            "organizationNumber has no finished screening",
        )),
    }
}
