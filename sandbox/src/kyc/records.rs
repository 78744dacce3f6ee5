//! OBP v2.0.0: KYC documents, media, checks and the status timeline. The PUTs carry the id the
//! client chose, so sending one twice replaces it (201 when new, 200 when replaced); a status
//! is a point on the timeline, and the same `date` and `ok` again adds nothing.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use protocol::provider::kyc_records::{
    KycCheck, KycChecks, KycDocument, KycDocuments, KycMedia, KycMediaList, KycStatus, KycStatuses,
    PostKycCheck, PostKycDocument, PostKycMedia, PostKycStatus, ROLE_ADD_KYC_CHECK,
    ROLE_ADD_KYC_DOCUMENT, ROLE_ADD_KYC_MEDIA, ROLE_ADD_KYC_STATUS, ROLE_GET_KYC_CHECKS,
    ROLE_GET_KYC_DOCUMENTS, ROLE_GET_KYC_MEDIA, ROLE_GET_KYC_STATUSES,
};
use time::OffsetDateTime;

use super::store::upsert;
use super::{check_bank, parse, required, rfc3339, same_customer_number, KycError, KycState};

fn created_or_replaced(new: bool) -> StatusCode {
    if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// The customer's number, after the checks every PUT shares.
fn customer_number(
    state: &KycState,
    headers: &HeaderMap,
    role: &'static str,
    bank_id: &str,
    customer_id: &str,
) -> Result<String, KycError> {
    state.authorize(headers, role)?;
    check_bank(bank_id)?;
    Ok(state
        .store()
        .record(Some(bank_id), customer_id)?
        .customer
        .customer_number
        .clone())
}

pub async fn put_document(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<KycDocument>), KycError> {
    let number = customer_number(
        &state,
        &headers,
        ROLE_ADD_KYC_DOCUMENT,
        &bank_id,
        &customer_id,
    )?;
    let request: PostKycDocument = parse(&body)?;
    same_customer_number(&request.customer_number, &number)?;
    required("type", &request.kind)?;
    required("number", &request.number)?;
    let issued = rfc3339("issue_date", &request.issue_date)?;
    let expires = rfc3339("expiry_date", &request.expiry_date)?;
    if expires <= issued {
        return Err(KycError::field("expiry_date", "must be after issue_date."));
    }
    let document = KycDocument {
        bank_id: bank_id.clone(),
        customer_id: customer_id.clone(),
        id,
        customer_number: number,
        kind: request.kind,
        number: request.number,
        issue_date: request.issue_date,
        issue_place: request.issue_place,
        expiry_date: request.expiry_date,
    };
    let mut store = state.store();
    let list = &mut store.record_mut(&bank_id, &customer_id)?.documents;
    let new = upsert(list, document.clone(), |d| d.id == document.id);
    Ok((created_or_replaced(new), Json(document)))
}

pub async fn put_media(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<KycMedia>), KycError> {
    let number = customer_number(&state, &headers, ROLE_ADD_KYC_MEDIA, &bank_id, &customer_id)?;
    let request: PostKycMedia = parse(&body)?;
    same_customer_number(&request.customer_number, &number)?;
    required("type", &request.kind)?;
    required("url", &request.url)?;
    match url::Url::parse(&request.url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {}
        _ => return Err(KycError::field("url", "must be an absolute http(s) URL.")),
    }
    rfc3339("date", &request.date)?;
    let media = KycMedia {
        bank_id: bank_id.clone(),
        customer_id: customer_id.clone(),
        id,
        customer_number: number,
        kind: request.kind,
        url: request.url,
        date: request.date,
        relates_to_kyc_document_id: request.relates_to_kyc_document_id,
        relates_to_kyc_check_id: request.relates_to_kyc_check_id,
    };
    let mut store = state.store();
    let list = &mut store.record_mut(&bank_id, &customer_id)?.media;
    let new = upsert(list, media.clone(), |m| m.id == media.id);
    Ok((created_or_replaced(new), Json(media)))
}

pub async fn put_check(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<KycCheck>), KycError> {
    let number = customer_number(&state, &headers, ROLE_ADD_KYC_CHECK, &bank_id, &customer_id)?;
    let request: PostKycCheck = parse(&body)?;
    same_customer_number(&request.customer_number, &number)?;
    rfc3339("date", &request.date)?;
    required("how", &request.how)?;
    let check = KycCheck {
        bank_id: bank_id.clone(),
        customer_id: customer_id.clone(),
        id,
        customer_number: number,
        date: request.date,
        how: request.how,
        staff_user_id: request.staff_user_id,
        staff_name: request.staff_name,
        satisfied: request.satisfied,
        comments: request.comments,
    };
    let mut store = state.store();
    let list = &mut store.record_mut(&bank_id, &customer_id)?.checks;
    let new = upsert(list, check.clone(), |c| c.id == check.id);
    Ok((created_or_replaced(new), Json(check)))
}

/// Appends to the timeline (kept in date order) and sets the customer's `kyc_status` and
/// `last_ok_date` from it.
pub async fn put_status(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<KycStatus>), KycError> {
    let number = customer_number(
        &state,
        &headers,
        ROLE_ADD_KYC_STATUS,
        &bank_id,
        &customer_id,
    )?;
    let request: PostKycStatus = parse(&body)?;
    same_customer_number(&request.customer_number, &number)?;
    let at = rfc3339("date", &request.date)?;
    let status = KycStatus {
        customer_id: customer_id.clone(),
        customer_number: number,
        ok: request.ok,
        date: request.date,
    };
    let mut store = state.store();
    let record = store.record_mut(&bank_id, &customer_id)?;
    let when = |s: &KycStatus| {
        OffsetDateTime::parse(&s.date, &time::format_description::well_known::Rfc3339).ok()
    };
    if record
        .statuses
        .iter()
        .any(|s| s.ok == status.ok && when(s) == Some(at))
    {
        return Ok((StatusCode::OK, Json(status)));
    }
    record.statuses.push(status.clone());
    // Stable: points at the same instant keep the order they came in.
    record.statuses.sort_by_key(|s| when(s));
    if let Some(latest) = record.statuses.last() {
        record.customer.kyc_status = latest.ok;
    }
    if let Some(last_ok) = record.statuses.iter().rev().find(|s| s.ok) {
        record.customer.last_ok_date = Some(last_ok.date.clone());
    }
    Ok((StatusCode::CREATED, Json(status)))
}

pub async fn documents(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
) -> Result<Json<KycDocuments>, KycError> {
    state.authorize(&headers, ROLE_GET_KYC_DOCUMENTS)?;
    let documents = state.store().record(None, &customer_id)?.documents.clone();
    Ok(Json(KycDocuments { documents }))
}

pub async fn media(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
) -> Result<Json<KycMediaList>, KycError> {
    state.authorize(&headers, ROLE_GET_KYC_MEDIA)?;
    let medias = state.store().record(None, &customer_id)?.media.clone();
    Ok(Json(KycMediaList { medias }))
}

pub async fn checks(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
) -> Result<Json<KycChecks>, KycError> {
    state.authorize(&headers, ROLE_GET_KYC_CHECKS)?;
    let checks = state.store().record(None, &customer_id)?.checks.clone();
    Ok(Json(KycChecks { checks }))
}

pub async fn statuses(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
) -> Result<Json<KycStatuses>, KycError> {
    state.authorize(&headers, ROLE_GET_KYC_STATUSES)?;
    let statuses = state.store().record(None, &customer_id)?.statuses.clone();
    Ok(Json(KycStatuses { statuses }))
}
