//! Scans of identity documents: the widget's upload and the partner's download.

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::Harness;

/// The start of a PNG: the magic number, then something.
pub fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\rIHDR not really an image");
    bytes
}

pub async fn upload(h: &Harness, token: &str, content: Vec<u8>, name: &str) -> (StatusCode, Value) {
    let request = Request::post("/api/v1/onboarding/documents")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header("x-file-name", name)
        .body(Body::from(content))
        .unwrap();
    let (status, _, body) = h.send(request).await;
    (status, body)
}

/// The partner's download of a scan: status and raw bytes.
pub async fn download(h: &Harness, id: &str, key: Option<&str>) -> (StatusCode, Bytes) {
    let mut request = Request::get(format!("/api/v1/documents/{id}"));
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    let response = h
        .app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    (
        status,
        response.into_body().collect().await.unwrap().to_bytes(),
    )
}
