//! The widget's consents: create one at the provider (with our callback and a fresh `state`),
//! follow its status, revoke it. What a consent is, and what a session may see of it, is
//! `crate::consents`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::banking::{
    ConsentCreated, ConsentStatus, ConsentView, CreateConsent, Permission,
};
use protocol::api::paths;
use protocol::provider::openbanking::ConsentRequest;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{random_token, Session};
use crate::consents::withdrawal::withdraw_if_abandoned;
use crate::consents::{find, find_by_key, insert, set_status, ConsentRow, NewConsent, Permissions};
use crate::dates::parse_date;
use crate::extract::{AppJson, AppPath};
use crate::{AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(read, revoke))
}

#[utoipa::path(
    post,
    path = paths::CONSENTS,
    operation_id = "createConsent",
    tag = "bank",
    security(("session_token" = [])),
    request_body = CreateConsent,
    responses((status = 201, description = "Created; go to the bank", body = ConsentCreated), (status = 200, description = "Created before with this idempotencyKey", body = ConsentCreated)),
)]
async fn create(
    State(state): State<AppState>,
    session: Session,
    AppJson(input): AppJson<CreateConsent>,
) -> Result<(StatusCode, Json<ConsentCreated>), AppError> {
    let key = &input.idempotency_key;
    if !(8..=64).contains(&key.len())
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            "idempotencyKey",
            "idempotencyKey must be 8 to 64 letters, digits, '-' or '_'",
        ));
    }
    // Checked before the key is looked up: a request that does not fit is refused, whatever
    // an earlier one with the same key made.
    let from = input
        .transactions_from
        .as_deref()
        .map(|d| parse_date("transactionsFrom", d))
        .transpose()?;
    let to = input
        .transactions_to
        .as_deref()
        .map(|d| parse_date("transactionsTo", d))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(AppError::invalid(
                "transactionsFrom",
                "transactionsFrom is after transactionsTo",
            ));
        }
    }
    if let Some(existing) = find_by_key(&state, &session, key).await? {
        return Ok((StatusCode::OK, Json(created_view(&existing))));
    }
    let bank = state
        .openbanking
        .banks()
        .await?
        .aspsps
        .into_iter()
        .find(|bank| bank.aspsp_id == input.bank_id)
        .ok_or_else(|| AppError::invalid("bankId", "bankId is not a bank we can connect"))?;
    let permissions = normalized_permissions(&input.permissions);

    // The `state` tying the bank's redirect back to this session.
    let state_token = random_token();
    let redirect_uri = state
        .config
        .public_url()
        .join("callback/consent")
        .expect("relative path joins");
    let created = state
        .openbanking
        .create_consent(&ConsentRequest {
            aspsp_id: bank.aspsp_id.clone(),
            permissions: permissions.clone(),
            owner_name: input.owner_name && bank.details_and_options.supports_owner_name,
            transaction_from_date_time: from.map(|d| format!("{d}T00:00:00Z")),
            transaction_to_date_time: to.map(|d| format!("{d}T23:59:59Z")),
            redirect_uri: redirect_uri.into(),
            state: state_token.clone(),
        })
        .await?;
    let bank_redirect = created.links.redirect.href;
    if !bank_redirect.starts_with("https://") && !bank_redirect.starts_with("http://") {
        return Err(AppError::Upstream(
            crate::providers::ProviderError::Rejected {
                status: reqwest::StatusCode::BAD_GATEWAY,
                body: "the bank's redirect link is not http(s)".into(),
            },
        ));
    }
    let inserted = insert(
        &state,
        &session,
        NewConsent {
            consent_id: &created.consent_id,
            idempotency_key: key,
            bank_id: &bank.aspsp_id,
            bank_name: &bank.name,
            permissions: Permissions(permissions),
            owner_name: input.owner_name,
            transactions_from: from.map(|d| d.to_string()),
            transactions_to: to.map(|d| d.to_string()),
            status: created.consent_status,
            bank_redirect_url: &bank_redirect,
            state_token: &state_token,
            display: input.display,
        },
    )
    .await;
    if let Err(err) = inserted {
        // Two requests with one key raced: the first one's consent is the answer.
        if let Some(existing) = find_by_key(&state, &session, key).await? {
            return Ok((StatusCode::OK, Json(created_view(&existing))));
        }
        return Err(err.into());
    }
    tracing::info!(application = %session.application_id, consent = %created.consent_id, bank = %bank.aspsp_id, "consent created");
    Ok((
        StatusCode::CREATED,
        Json(ConsentCreated {
            consent_id: created.consent_id,
            status: created.consent_status,
            redirect_url: bank_redirect,
        }),
    ))
}

fn created_view(row: &ConsentRow) -> ConsentCreated {
    ConsentCreated {
        consent_id: row.id.clone(),
        status: row.status,
        redirect_url: row.bank_redirect_url.clone(),
    }
}

/// No permission asked means all three; data needs the account list, so Accounts is implied.
fn normalized_permissions(asked: &[Permission]) -> Vec<Permission> {
    if asked.is_empty() {
        return Permission::ALL.to_vec();
    }
    Permission::ALL
        .into_iter()
        .filter(|p| *p == Permission::Accounts || asked.contains(p))
        .collect()
}

/// The status now: asked of the provider until the account holder has decided; shown as the
/// session may see it. A consent abandoned (see `consent_withdrawal`) is withdrawn first.
#[utoipa::path(
    get,
    path = paths::CONSENT,
    operation_id = "getConsent",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path)),
    responses((status = 200, body = ConsentView)),
)]
async fn read(
    State(state): State<AppState>,
    session: Session,
    AppPath(consent_id): AppPath<String>,
) -> Result<Json<ConsentView>, AppError> {
    let mut row = find(&state, &session, &consent_id).await?;
    let withdrawable = matches!(row.status, ConsentStatus::Open | ConsentStatus::Authorised);
    if row.confirmed_at.is_none() && withdrawable {
        if let Some(status) = withdraw_if_abandoned(&state, &row.id).await? {
            row.status = status;
        }
    }
    if !row.status.is_decided() {
        let status = state
            .openbanking
            .consent_status(&row.id)
            .await?
            .consent_status;
        if status != row.status {
            set_status(&state, &row.id, status).await?;
            row.status = status;
        }
    }
    Ok(Json(row.view()))
}

#[utoipa::path(
    delete,
    path = paths::CONSENT,
    operation_id = "revokeConsent",
    tag = "bank",
    security(("session_token" = [])),
    params(("consent_id" = String, Path)),
    responses((status = 200, description = "Revoked (or RevokedAtTpp)", body = ConsentView)),
)]
async fn revoke(
    State(state): State<AppState>,
    session: Session,
    AppPath(consent_id): AppPath<String>,
) -> Result<Json<ConsentView>, AppError> {
    let mut row = find(&state, &session, &consent_id).await?;
    if row.status != ConsentStatus::Authorised {
        // Named as the session sees it: an unconfirmed refusal is not the session's to know.
        return Err(AppError::Conflict(format!(
            "a consent that is {} cannot be revoked",
            row.shown_status()
        )));
    }
    let status = state
        .openbanking
        .revoke_consent(&row.id)
        .await?
        .consent_status;
    set_status(&state, &row.id, status).await?;
    row.status = status;
    tracing::info!(consent = %row.id, status = %row.status, "consent revoked");
    Ok(Json(row.view()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_default_to_all_and_imply_accounts() {
        assert_eq!(normalized_permissions(&[]), Permission::ALL);
        assert_eq!(
            normalized_permissions(&[Permission::Transactions]),
            [Permission::Accounts, Permission::Transactions]
        );
    }
}
