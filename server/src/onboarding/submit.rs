//! The submit: checks that every step of the workflow is answered and still valid, writes a
//! person's data to the bank's KYC records, and submits the application to the provider, which
//! moves it to IN_PROGRESS. A retried submit does nothing twice. The application's drafts go
//! with it.

use protocol::api::onboarding::ScanView;
use protocol::api::StatusView;
use protocol::onboarding::{Answers, Context, IdentityDocument, Subject, Workflow};
use protocol::provider::onboarding::{
    Address, ApplicationSubmission, BankAccount, BankAccountType, Document, Identifier,
    OrganizationContactDetails, Person,
};
use sqlx::AnyPool;

use super::answers::{first_problem, load, scan};
use super::profile::{board_members_of, organization_of, signing_combinations_of};
use super::records::{self, PersonRecord, ScanLink, Side};
use super::{drafts, screening, today};
use crate::applications::{self, Change};
use crate::auth::Session;
use crate::{db, AppError, AppState};

/// Submits the session's application (see the module).
pub async fn submit(state: &AppState, session: &Session) -> Result<StatusView, AppError> {
    let id = &session.application_id;
    let workflow = super::workflow(state, &session.workflow_id).await?;
    let answers = load(&state.db, session.application_id.as_str()).await?;
    check_complete(&workflow, &answers, session)?;

    let mut submission = ApplicationSubmission {
        application_id: id.clone(),
        person: person_of(&answers, session.country_code.as_str()),
        organization: None,
        organization_contact_details: None,
        signing_combinations: vec![],
        board_members: vec![],
        documents: vec![],
        bank_accounts: vec![],
    };
    let now = db::rfc3339(db::now());
    match workflow.subject {
        Subject::Person => {
            if let Some(document) = &answers.identity_document {
                let scans = document_scans(&state.db, id.as_str(), document).await?;
                let urls: Vec<String> = scans
                    .iter()
                    .map(|(_, scan)| {
                        state
                            .config
                            .public_url()
                            .join(&format!("api/v1/documents/{}", scan.id))
                            .expect("joins")
                            .into()
                    })
                    .collect();
                // The bank gets the records with the document's scan, never without.
                let person = PersonRecord::of(&answers).filter(|_| !scans.is_empty());
                if let Some(person) = person {
                    let links: Vec<ScanLink> = scans
                        .iter()
                        .zip(&urls)
                        .map(|((side, scan), url)| ScanLink {
                            side: *side,
                            id: &scan.id,
                            url,
                        })
                        .collect();
                    let customer =
                        records::write(&state.kyc, id.as_str(), &person, &links, &now).await?;
                    tracing::info!(application = %id, customer = %customer, "KYC records written");
                }
                for ((side, scan), download_url) in scans.into_iter().zip(urls) {
                    submission.documents.push(Document {
                        id: scan.id,
                        name: scan.file_name,
                        document_type: document.document_type.as_str().to_owned(),
                        context: side.context().into(),
                        content_type: scan.content_type,
                        size: scan.size,
                        created_at: now.clone(),
                        download_url,
                        uploaded_by: "APPLICANT".into(),
                    });
                }
            }
        }
        Subject::Organization => {
            let result =
                screening::ready_result(&state.db, session.application_id.as_str()).await?;
            let chosen = answers
                .signing
                .as_ref()
                .and_then(|s| s.combination)
                .unwrap_or(0) as usize;
            submission.organization = Some(organization_of(&result));
            submission.signing_combinations = signing_combinations_of(&result, chosen);
            submission.board_members = board_members_of(&result);
            submission.organization_contact_details =
                answers
                    .organization_contact
                    .as_ref()
                    .map(|c| OrganizationContactDetails {
                        first_name: c.first_name.trim().to_owned(),
                        last_name: c.last_name.trim().to_owned(),
                        email: c.email.trim().to_owned(),
                        phone_number: c.phone_number.clone(),
                    });
        }
    }

    submission.bank_accounts = connected_accounts(state, session.application_id.as_str()).await?;

    let application = state.onboarding.submit(&submission).await?;
    if applications::record_change(state, id, application.status, Change::Submit).await? {
        tracing::info!(application = %id, status = %application.status, "application submitted");
    }
    // Submitted, however many submits raced here: no draft will become an answer now.
    drafts::delete_all(&state.db, id.as_str()).await?;
    let view = StatusView {
        application_id: id.clone(),
        status: application.status,
        updated_at: application.updated_at,
    };
    state
        .statuses
        .insert(view.application_id.clone(), view.clone())
        .await;
    Ok(view)
}

/// The scans the document answer names, front first: not the application's latest upload,
/// which may be either side.
async fn document_scans(
    db: &AnyPool,
    application_id: &str,
    document: &IdentityDocument,
) -> Result<Vec<(Side, ScanView)>, AppError> {
    let mut scans = vec![];
    for (side, scan_id) in [
        (Side::Front, &document.scan_id),
        (Side::Back, &document.back_scan_id),
    ] {
        // A passport has no back.
        if scan_id.is_empty() {
            continue;
        }
        if let Some(found) = scan(db, application_id, scan_id).await? {
            scans.push((side, found));
        }
    }
    Ok(scans)
}

/// The accounts of the bank the applicant connected in the bank step, if they did and came
/// back from the bank to this session (an unconfirmed consent may be someone else's): the
/// provider lists them with the application.
async fn connected_accounts(
    state: &AppState,
    application_id: &str,
) -> Result<Vec<BankAccount>, AppError> {
    let consent: Option<String> = sqlx::query_scalar(
        "SELECT id FROM consents WHERE application_id = $1 AND status = 'Authorised' AND confirmed_at IS NOT NULL
         ORDER BY updated_at DESC LIMIT 1",
    )
    .bind(application_id)
    .fetch_optional(&state.db)
    .await?;
    let Some(consent) = consent else {
        return Ok(vec![]);
    };
    let accounts = state.openbanking.accounts(&consent).await?;
    Ok(accounts
        .accounts
        .into_iter()
        .map(|account| BankAccount {
            kind: BankAccountType::Iban,
            clearing_number: None,
            account_number: None,
            bic: None,
            iban: Some(account.iban),
        })
        .collect())
}

/// Every step answered and still valid (a document may have expired since it was saved).
fn check_complete(
    workflow: &Workflow,
    answers: &Answers,
    session: &Session,
) -> Result<(), AppError> {
    for step in workflow.steps.iter().copied().filter(|s| s.has_answer()) {
        if !answers.has(step) {
            return Err(AppError::invalid(
                step.as_str(),
                format!("the step {} is not answered", step.as_str()),
            ));
        }
    }
    let ctx = Context {
        market: session.country_code.as_str(),
        today: today(),
    };
    let checks = [
        answers.personal_details.as_ref().map(|a| a.validate(&ctx)),
        answers
            .contact_details
            .as_ref()
            .map(|a| a.validate(ctx.market)),
        answers.address.as_ref().map(|a| a.validate()),
        answers.tax_residence.as_ref().map(|a| a.validate(&ctx)),
        answers.identity_document.as_ref().map(|a| a.validate(&ctx)),
        answers
            .organization_contact
            .as_ref()
            .map(|a| a.validate(ctx.market)),
    ];
    checks
        .into_iter()
        .flatten()
        .try_for_each(|check| check.map_err(first_problem))
}

/// The person as the provider reads it back: the applicant (KYC) or the contact who onboards
/// the organization (KYB).
fn person_of(answers: &Answers, market: &str) -> Person {
    let identifier = |id: String| Identifier {
        id,
        issuing_country: market.to_owned(),
    };
    match (&answers.personal_details, &answers.organization_contact) {
        (Some(details), _) => {
            let contact = answers.contact_details.clone().unwrap_or_default();
            let number: String = details
                .identity_number
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let (number, coordination) = match protocol::identity::swedish_personnummer(
                &details.identity_number,
                today().year,
            ) {
                Ok(pnr) if pnr.coordination => (None, Some(identifier(pnr.digits))),
                Ok(pnr) => (Some(identifier(pnr.digits)), None),
                Err(_) => (Some(identifier(number)), None),
            };
            Person {
                first_name: details.first_name.trim().to_owned(),
                last_name: details.last_name.trim().to_owned(),
                email: contact.email.trim().to_owned(),
                phone_number: contact.phone_number,
                personal_identity_number: number,
                date_of_birth: Some(details.date_of_birth.clone()),
                coordination_number: coordination,
                address: answers.address.as_ref().map(|a| Address {
                    kind: None,
                    address_line1: a.address_line1.trim().to_owned(),
                    address_line2: Some(a.address_line2.trim().to_owned())
                        .filter(|l| !l.is_empty()),
                    postal_code: a.postal_code.trim().to_owned(),
                    city: a.city.trim().to_owned(),
                    country: a.country.clone(),
                    region: None,
                }),
                pep_hits: vec![],
                sanction_hits: vec![],
            }
        }
        (None, contact) => {
            let contact = contact.clone().unwrap_or_default();
            Person {
                first_name: contact.first_name.trim().to_owned(),
                last_name: contact.last_name.trim().to_owned(),
                email: contact.email.trim().to_owned(),
                phone_number: contact.phone_number,
                personal_identity_number: None,
                date_of_birth: None,
                coordination_number: None,
                address: None,
                pep_hits: vec![],
                sanction_hits: vec![],
            }
        }
    }
}
