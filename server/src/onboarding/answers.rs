//! A session's answers, one per step, checked with the same rules as the widget before they
//! are kept, each save told to the application's event streams (another device may be
//! following); the scans the document step refers to; whether the application is submitted; the
//! drafts of steps not saved yet.

use protocol::api::events::SessionEvent;
use protocol::api::onboarding::{OnboardingView, ScanView, MAX_LISTED_SCANS};
use protocol::onboarding::{self as rules, Answers, Context, FieldError, Step};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::AnyPool;

use super::{drafts, screening, today};
use crate::applications::is_submitted;
use crate::auth::Session;
use crate::{db, events, AppError, AppState};

/// What the widget needs to show the steps: the workflow, the answers so far, the scan, the
/// drafts.
pub async fn view(state: &AppState, session: &Session) -> Result<OnboardingView, AppError> {
    let workflow = super::workflow(state, &session.workflow_id).await?;
    let answers = load(&state.db, session.application_id.as_str()).await?;
    let scans = latest_scans(&state.db, session.application_id.as_str()).await?;
    let submitted = is_submitted(&state.db, session.application_id.as_str()).await?;
    let drafts = drafts::load(
        &state.db,
        &state.draft_cipher,
        session.application_id.as_str(),
    )
    .await?;
    Ok(OnboardingView {
        workflow,
        answers,
        scans,
        submitted,
        drafts,
    })
}

/// Checks the answer with the same rules as the widget, then stores it in place of the last;
/// the step's draft is spent with it.
pub async fn save(
    state: &AppState,
    session: &Session,
    step: &str,
    body: &[u8],
) -> Result<(), AppError> {
    let step = answer_step(state, session, step).await?;
    if is_submitted(&state.db, session.application_id.as_str()).await? {
        return Err(AppError::Conflict(
            "the application is submitted; answers can no longer change".into(),
        ));
    }
    let ctx = Context {
        market: session.country_code.as_str(),
        today: today(),
    };
    let answer = match step {
        Step::PersonalDetails => checked(body, |a: &rules::PersonalDetails| a.validate(&ctx))?,
        Step::ContactDetails => contact(
            body,
            |c: &rules::ContactDetails| c.validate(ctx.market),
            |c| c.normalized(ctx.market),
        )?,
        Step::Address => checked(body, rules::PostalAddress::validate)?,
        Step::TaxResidence => checked(body, |a: &rules::TaxResidences| a.validate(&ctx))?,
        Step::IdentityDocument => {
            let document =
                identity_document(&state.db, session.application_id.as_str(), body, &ctx).await?;
            to_json(&document)
        }
        Step::Organization => {
            let organization: rules::OrganizationConfirmation = parse(body)?;
            organization.validate(ctx.market).map_err(first_problem)?;
            let identifier = rules::organization::organization_identifier(
                organization.identifier_type,
                &organization.organization_number,
                ctx.market,
            )
            .map_err(|p| AppError::invalid("organizationNumber", p.english()))?;
            screening::require_ready(&state.db, session.application_id.as_str(), &identifier)
                .await?;
            to_json(&organization)
        }
        Step::Signing => {
            let choice: rules::SigningChoice = parse(body)?;
            let profile =
                screening::ready_profile(&state.db, session.application_id.as_str()).await?;
            choice
                .validate(profile.signing_combinations.len())
                .map_err(first_problem)?;
            to_json(&choice)
        }
        Step::OrganizationContact => contact(
            body,
            |c: &rules::OrganizationContact| c.validate(ctx.market),
            |c| c.normalized(ctx.market),
        )?,
        Step::BankConnection | Step::Review => unreachable!("filtered by has_answer"),
    };
    let application_id = session.application_id.as_str();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO answers (application_id, step, answer, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id, step) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
    )
    .bind(application_id)
    .bind(step.as_str())
    .bind(answer)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    drafts::delete(&mut tx, application_id, step).await?;
    events::record(
        &mut tx,
        application_id,
        &SessionEvent::AnswersChanged { step },
    )
    .await?;
    tx.commit().await?;
    state.events.wake(application_id);
    Ok(())
}

/// `step`, if it is a step of the session's workflow that takes an answer (and so a draft).
pub async fn answer_step(
    state: &AppState,
    session: &Session,
    step: &str,
) -> Result<Step, AppError> {
    let step = Step::parse(step)
        .filter(|s| s.has_answer())
        .ok_or(AppError::NotFound("step"))?;
    let workflow = super::workflow(state, &session.workflow_id).await?;
    if !workflow.steps.contains(&step) {
        return Err(AppError::NotFound("step"));
    }
    Ok(step)
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|err| AppError::Invalid {
        field: None,
        message: format!("invalid answer: {err}"),
    })
}

fn to_json<T: Serialize>(answer: &T) -> String {
    serde_json::to_string(answer).expect("answers serialize")
}

fn checked<T: DeserializeOwned + Serialize>(
    body: &[u8],
    validate: impl FnOnce(&T) -> Result<(), Vec<FieldError>>,
) -> Result<String, AppError> {
    let answer: T = parse(body)?;
    validate(&answer).map_err(first_problem)?;
    Ok(to_json(&answer))
}

/// A contact answer, checked, its phone number stored in E.164 however it was written.
fn contact<T: DeserializeOwned + Serialize>(
    body: &[u8],
    validate: impl FnOnce(&T) -> Result<(), Vec<FieldError>>,
    normalized: impl FnOnce(T) -> Option<T>,
) -> Result<String, AppError> {
    let answer: T = parse(body)?;
    validate(&answer).map_err(first_problem)?;
    let stored = normalized(answer)
        .ok_or_else(|| AppError::invalid("phoneNumber", "phoneNumber is not a phone number"))?;
    Ok(to_json(&stored))
}

/// The first problem names its field; the widget, which checks the same rules, shows them all.
pub fn first_problem(problems: Vec<FieldError>) -> AppError {
    let first = &problems[0];
    AppError::invalid(
        &first.field,
        format!("{} {}", first.field, first.problem.english()),
    )
}

pub async fn load(db: &AnyPool, application_id: &str) -> Result<Answers, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT step, answer FROM answers WHERE application_id = $1")
            .bind(application_id)
            .fetch_all(db)
            .await?;
    let mut answers = serde_json::Map::new();
    for (step, answer) in rows {
        let answer = serde_json::from_str(&answer).map_err(|_| AppError::stored("answer"))?;
        answers.insert(step, answer);
    }
    serde_json::from_value(serde_json::Value::Object(answers))
        .map_err(|_| AppError::stored("answers"))
}

/// The document answer, checked: each side it names is a scan of this application, and a
/// two-sided document's back is another picture than its front. A passport keeps no back, so
/// what is stored says what the bank will get.
async fn identity_document(
    db: &AnyPool,
    application_id: &str,
    body: &[u8],
    ctx: &Context<'_>,
) -> Result<rules::IdentityDocument, AppError> {
    let mut document: rules::IdentityDocument = parse(body)?;
    document.validate(ctx).map_err(first_problem)?;
    if !document.document_type.has_back() {
        document.back_scan_id.clear();
    }
    for (field, scan_id) in [
        ("scanId", &document.scan_id),
        ("backScanId", &document.back_scan_id),
    ] {
        if !scan_id.is_empty() && scan(db, application_id, scan_id).await?.is_none() {
            return Err(AppError::invalid(
                field,
                format!("{field} names no scan uploaded in this session"),
            ));
        }
    }
    if document.document_type.has_back() && document.back_scan_id == document.scan_id {
        return Err(AppError::invalid(
            "backScanId",
            "backScanId names the same scan as scanId; the back is a scan of its own",
        ));
    }
    Ok(document)
}

/// The application's scan named `scan_id`, if it has one by that name.
pub async fn scan(
    db: &AnyPool,
    application_id: &str,
    scan_id: &str,
) -> Result<Option<ScanView>, AppError> {
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT id, content_type, size, file_name FROM scans WHERE id = $1 AND application_id = $2",
    )
    .bind(scan_id)
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(scan_view))
}

fn scan_view((id, content_type, size, file_name): (String, String, i64, String)) -> ScanView {
    ScanView {
        id,
        content_type,
        size: size as u64,
        file_name,
    }
}

/// The latest scans of the application, newest first, for the document step to show those its
/// answer names.
async fn latest_scans(db: &AnyPool, application_id: &str) -> Result<Vec<ScanView>, AppError> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT id, content_type, size, file_name FROM scans WHERE application_id = $1
         ORDER BY created_at DESC, rowid DESC LIMIT $2",
    )
    .bind(application_id)
    .bind(MAX_LISTED_SCANS as i64)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(scan_view).collect())
}
