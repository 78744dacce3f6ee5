//! The Standard Webhooks headers checked against the raw body (`protocol::webhooks`), before
//! anything is read or stored.

use axum::http::HeaderMap;

use crate::{db, AppError};

/// The delivery's `webhook-id` once its signature holds. A provider without a configured secret
/// cannot be verified, so its deliveries are refused like forged ones.
pub(super) fn verify(
    headers: &HeaderMap,
    body: &[u8],
    provider: &str,
    secret: Option<&str>,
) -> Result<String, AppError> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (Some(id), Some(timestamp), Some(signatures)) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    ) else {
        tracing::warn!(provider, "webhook refused: a signature header is missing");
        return Err(AppError::BadSignature);
    };
    let Some(secret) = secret else {
        tracing::warn!(
            provider,
            "webhook refused: no secret is configured for this provider"
        );
        return Err(AppError::BadSignature);
    };
    protocol::webhooks::verify(secret, id, timestamp, signatures, body, db::now()).map_err(
        |err| {
            tracing::warn!(provider, webhook = id, error = %err, "webhook refused");
            AppError::BadSignature
        },
    )?;
    Ok(id.to_owned())
}
