//! `GET /aspsp`, logos, and `POST /consents`, `GET /consents/{id}/status`, `DELETE /consents/{id}`.

use axum::extract::{rejection::JsonRejection, OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::Json;
use protocol::provider::openbanking::{
    AspspList, ConsentCreated, ConsentLinks, ConsentRequest, ConsentStatus, ConsentStatusResponse,
    Link, Permission, SCOPE_AIS,
};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{banks, base_url, AisState, Consent};
use crate::SandboxError;

#[derive(Deserialize)]
pub struct BankQuery {
    country: Option<String>,
}

pub async fn list_banks(
    State(state): State<AisState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(query): Query<BankQuery>,
) -> Result<Json<AspspList>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AIS)?;
    let logos = format!("{}/logos/", base_url(&headers, uri.path(), "/aspsp"));
    let aspsps = banks::all(&logos)
        .into_iter()
        .filter(|bank| {
            query
                .country
                .as_ref()
                .is_none_or(|c| &bank.country_code == c)
        })
        .collect();
    Ok(Json(AspspList { aspsps }))
}

pub async fn logo(Path(file): Path<String>) -> Result<impl IntoResponse, SandboxError> {
    let id = file
        .strip_suffix(".svg")
        .ok_or(SandboxError::NotFound("logo"))?;
    let bank = banks::all("")
        .into_iter()
        .find(|b| b.aspsp_id == id)
        .ok_or(SandboxError::NotFound("logo"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        banks::logo_svg(&bank),
    ))
}

pub async fn create(
    State(state): State<AisState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    input: Result<Json<ConsentRequest>, JsonRejection>,
) -> Result<Json<ConsentCreated>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AIS)?;
    let Json(mut request) = input.map_err(|r| SandboxError::Invalid {
        field: None,
        message: r.body_text(),
    })?;
    if !banks::all("")
        .iter()
        .any(|b| b.aspsp_id == request.aspsp_id)
    {
        return Err(SandboxError::invalid(
            "AspspId",
            format!("unknown ASPSP {}", request.aspsp_id),
        ));
    }
    match url::Url::parse(&request.redirect_uri) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {}
        _ => {
            return Err(SandboxError::invalid(
                "RedirectUri",
                "RedirectUri must be an absolute http(s) URL",
            ))
        }
    }
    if request.state.trim().is_empty() {
        return Err(SandboxError::invalid("State", "State is required"));
    }
    if request.permissions.is_empty() {
        request.permissions = Permission::ALL.to_vec();
    }
    if !request.permissions.contains(&Permission::Accounts) {
        return Err(SandboxError::invalid(
            "Permissions",
            "Balances and Transactions need Accounts",
        ));
    }
    let from = window_bound(
        "TransactionFromDateTime",
        request.transaction_from_date_time.as_deref(),
    )?;
    let to = window_bound(
        "TransactionToDateTime",
        request.transaction_to_date_time.as_deref(),
    )?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(SandboxError::invalid(
                "TransactionFromDateTime",
                "TransactionFromDateTime is after TransactionToDateTime",
            ));
        }
    }
    let id = Uuid::new_v4().to_string();
    let base = base_url(&headers, uri.path(), "/consents");
    state.consents.lock().expect("consents lock").insert(
        id.clone(),
        Consent {
            request,
            status: ConsentStatus::Open,
            logged_in: false,
        },
    );
    Ok(Json(ConsentCreated {
        links: ConsentLinks {
            redirect: Link {
                href: format!("{base}/bank/{id}/login"),
            },
            status: Link {
                href: format!("{base}/consents/{id}/status"),
            },
        },
        consent_id: id,
        consent_status: ConsentStatus::Open,
    }))
}

pub(super) fn window_bound(
    field: &'static str,
    value: Option<&str>,
) -> Result<Option<OffsetDateTime>, SandboxError> {
    value
        .map(|v| {
            OffsetDateTime::parse(v, &Rfc3339)
                .map_err(|_| SandboxError::invalid(field, format!("{field} must be RFC 3339")))
        })
        .transpose()
}

pub async fn status(
    State(state): State<AisState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ConsentStatusResponse>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AIS)?;
    let consents = state.consents.lock().expect("consents lock");
    let consent = consents.get(&id).ok_or(SandboxError::NotFound("consent"))?;
    Ok(Json(ConsentStatusResponse {
        consent_id: id,
        consent_status: consent.status,
    }))
}

/// Only an authorised consent can be revoked; a bank that cannot revoke leaves it
/// `RevokedAtTpp` (unusable by us, perhaps still alive at the bank).
pub async fn revoke(
    State(state): State<AisState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ConsentStatusResponse>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AIS)?;
    let mut consents = state.consents.lock().expect("consents lock");
    let consent = consents
        .get_mut(&id)
        .ok_or(SandboxError::NotFound("consent"))?;
    if consent.status != ConsentStatus::Authorised {
        return Err(SandboxError::Conflict(format!(
            "consent is {:?}, not Authorised",
            consent.status
        )));
    }
    let revocable = banks::all("")
        .into_iter()
        .find(|b| b.aspsp_id == consent.request.aspsp_id)
        .is_some_and(|b| b.details_and_options.supports_revoke);
    consent.status = if revocable {
        ConsentStatus::Revoked
    } else {
        ConsentStatus::RevokedAtTpp
    };
    Ok(Json(ConsentStatusResponse {
        consent_id: id,
        consent_status: consent.status,
    }))
}
