//! `POST /api/v1/onboarding/documents`: the scan of an identity document, as the raw request
//! body. Streamed with a size limit, and typed by its first bytes, never by its name.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use futures_util::StreamExt;
use protocol::api::onboarding::{ScanView, MAX_SCAN_BYTES};
use protocol::api::paths;
use protocol::onboarding::fields;
use sha2::{Digest, Sha256};

use crate::applications::is_submitted;
use crate::auth::{Partner, Session};
use crate::extract::AppPath;
use crate::{db, AppError, AppState};

/// The name the browser gave the file, percent-encoded (header values are ASCII).
const FILE_NAME_HEADER: &str = "x-file-name";
const MAX_FILE_NAME: usize = 120;

/// What the content is, by its magic number.
fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The browser's name for the file, kept only to show it back and to name the document at the
/// provider: without path separators, and without the characters no typed-in field may hold
/// (controls, zero-width and text-direction characters), which could make `gpj.exe` read as
/// `exe.jpg` wherever the name is shown. Dropped rather than refused: the name is no answer the
/// applicant typed, and the scan itself is what counts.
fn file_name(headers: &HeaderMap) -> String {
    let raw = headers
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    decoded
        .chars()
        .filter(|c| !fields::is_hidden(*c) && !"/\\".contains(*c))
        .take(MAX_FILE_NAME)
        .collect()
}

#[utoipa::path(
    post,
    path = paths::ONBOARDING_DOCUMENTS,
    operation_id = "uploadDocument",
    tag = "onboarding",
    security(("session_token" = [])),
    request_body(content = protocol::api::onboarding::ScanBytes, content_type = "application/octet-stream", description = "The scan: JPEG, PNG or PDF, at most 5 MB; its file name may come percent-encoded in `X-File-Name`"),
    responses((status = 201, body = ScanView)),
)]
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ScanView>), AppError> {
    if is_submitted(&state.db, session.application_id.as_str()).await? {
        return Err(AppError::Conflict(
            "the application is submitted; documents can no longer change".into(),
        ));
    }
    let mut content = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::invalid("file", "the upload was interrupted"))?;
        if (content.len() + chunk.len()) as u64 > MAX_SCAN_BYTES {
            return Err(AppError::PayloadTooLarge);
        }
        content.extend_from_slice(&chunk);
    }
    if content.is_empty() {
        return Err(AppError::invalid("file", "the file is empty"));
    }
    let content_type = sniff(&content)
        .ok_or_else(|| AppError::invalid("file", "the file must be a JPEG, PNG or PDF"))?;
    let digest = Sha256::new()
        .chain_update(session.application_id.as_str().as_bytes())
        .chain_update(&content)
        .finalize();
    let id = format!("scan_{}", &hex::encode(digest)[..24]);
    let scan = ScanView {
        id,
        content_type: content_type.to_owned(),
        size: content.len() as u64,
        file_name: file_name(&headers),
    };
    // The same bytes again are the same scan: only its name and time are refreshed.
    sqlx::query(
        "INSERT INTO scans (id, application_id, content_type, file_name, size, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, created_at = excluded.created_at",
    )
    .bind(&scan.id)
    .bind(session.application_id.as_str())
    .bind(&scan.content_type)
    .bind(&scan.file_name)
    .bind(scan.size as i64)
    .bind(content)
    .bind(db::now())
    .execute(&state.db)
    .await?;
    tracing::info!(application = %session.application_id, scan = %scan.id, size = scan.size, "scan stored");
    Ok((StatusCode::CREATED, Json(scan)))
}

/// `GET /api/v1/documents/{id}` for the partner's backend (the `downloadUrl` the provider and
/// the bank's KYC media point at): only scans of the partner's own applications.
#[utoipa::path(
    get,
    path = paths::DOCUMENT,
    operation_id = "downloadDocument",
    tag = "partner",
    security(("partner_key" = [])),
    params(("id" = String, Path, description = "The scan id (`scan_...`)")),
    responses((status = 200, description = "The scan as uploaded, typed by its first bytes", content(
        (protocol::api::onboarding::ScanBytes = "image/jpeg"),
        (protocol::api::onboarding::ScanBytes = "image/png"),
        (protocol::api::onboarding::ScanBytes = "application/pdf"),
    ))),
)]
pub async fn download(
    State(state): State<AppState>,
    partner: Partner,
    AppPath(id): AppPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let found: Option<(String, Vec<u8>)> = sqlx::query_as(
        "SELECT s.content_type, s.content FROM scans s JOIN applications a ON a.id = s.application_id
         WHERE s.id = $1 AND a.partner_id = $2",
    )
    .bind(&id)
    .bind(&partner.id)
    .fetch_optional(&state.db)
    .await?;
    let (content_type, content) = found.ok_or(AppError::NotFound("document"))?;
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, "attachment".to_owned()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    Ok((headers, content))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(raw: &str) -> String {
        let mut headers = HeaderMap::new();
        headers.insert(FILE_NAME_HEADER, raw.parse().unwrap());
        file_name(&headers)
    }

    #[test]
    fn file_names_lose_separators_and_hidden_characters() {
        assert_eq!(named("front%20again.png"), "front again.png");
        assert_eq!(named("%C3%85sa%20pass.pdf"), "Åsa pass.pdf");
        // Shown with its U+202E, this name reads `passportexe.png`.
        assert_eq!(named("passport%E2%80%AEgnp.exe"), "passportgnp.exe");
        assert_eq!(
            named("a%E2%80%8Bb%EF%BB%BFc%E2%81%A6d%E2%81%A9%00e%0Af%C2%85g.png"),
            "abcdefg.png"
        );
        assert_eq!(named("..%2F..%2Fetc%5Cpasswd"), "....etcpasswd");
        assert_eq!(named(&"x".repeat(200)).len(), MAX_FILE_NAME);
        assert_eq!(file_name(&HeaderMap::new()), "");
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<svg>"), None);
    }
}
