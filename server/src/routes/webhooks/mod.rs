//! `POST /webhooks/{provider}`: the providers' notifications, signed the Standard Webhooks way.
//! Each is verified, read, stored once under the provider's id for it, then applied; a
//! redelivery of one already applied is acknowledged and not applied again. An apply that fails
//! answers 5xx, so the provider's own retry applies it later.

mod aml;
mod core_banking;
mod signature;

use std::future::Future;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::Json;
use protocol::api::paths;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::{AppBytes, AppPath};
use crate::{db, AppError, AppState};

/// Providers' notifications are small; the limit leaves room for the largest documented one.
const BODY_LIMIT: usize = 256 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(receive))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// What the provider is told.
#[derive(Debug, Serialize)]
struct Ack {
    status: &'static str,
}

/// One notification as read from its body.
struct Event {
    /// What redeliveries are recognised by.
    id: String,
    kind: String,
}

#[utoipa::path(
    post,
    path = paths::WEBHOOK,
    operation_id = "receiveWebhook",
    tag = "webhooks",
    security(()),
    params(("provider" = String, Path, description = "`aml` or `core-banking`", pattern = "^(aml|core-banking)$"), ("webhook-id" = String, Header), ("webhook-timestamp" = String, Header), ("webhook-signature" = String, Header)),
    request_body(content = Object, description = "The provider's notification, signed the Standard Webhooks way"),
    responses((status = 200, description = "Applied, or a redelivery of one applied", body = Object)),
)]
async fn receive(
    State(state): State<AppState>,
    AppPath(provider): AppPath<String>,
    headers: HeaderMap,
    // Read once the provider is known: an unknown one is 404 whatever it sent.
    body: Result<AppBytes, AppError>,
) -> Result<Json<Ack>, AppError> {
    match provider.as_str() {
        aml::PROVIDER => {
            let AppBytes(body) = body?;
            let delivery = signature::verify(
                &headers,
                &body,
                aml::PROVIDER,
                state.config.aml_webhook_secret.as_deref(),
            )?;
            let notification = aml::read(delivery, &body)?;
            record(
                &state,
                aml::PROVIDER,
                &notification.event,
                &body,
                aml::apply(&state, &notification),
            )
            .await
        }
        core_banking::PROVIDER => {
            let AppBytes(body) = body?;
            let secret = state.config.core_banking_webhook_secret.as_deref();
            signature::verify(&headers, &body, core_banking::PROVIDER, secret)?;
            let notification = core_banking::read(&body)?;
            let apply = core_banking::apply(&state, &notification);
            record(
                &state,
                core_banking::PROVIDER,
                &notification.event,
                &body,
                apply,
            )
            .await
        }
        _ => Err(AppError::NotFound("webhook provider")),
    }
}

/// Stores the event unless it is there, then applies it unless that was done; `apply` answers
/// the application the event concerns, if any.
async fn record(
    state: &AppState,
    provider: &str,
    event: &Event,
    body: &[u8],
    apply: impl Future<Output = Result<Option<String>, AppError>>,
) -> Result<Json<Ack>, AppError> {
    sqlx::query(
        "INSERT INTO webhook_events (provider, event_id, event_type, body, received_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider)
    .bind(&event.id)
    .bind(&event.kind)
    .bind(String::from_utf8_lossy(body).into_owned())
    .bind(db::now())
    .execute(&state.db)
    .await?;
    let applied: Option<i64> = sqlx::query_scalar(
        "SELECT applied_at FROM webhook_events WHERE provider = $1 AND event_id = $2",
    )
    .bind(provider)
    .bind(&event.id)
    .fetch_one(&state.db)
    .await?;
    if applied.is_some() {
        tracing::info!(provider, event = %event.id, "webhook redelivered; already applied");
        return Ok(Json(Ack {
            status: "duplicate",
        }));
    }
    let application = apply.await?;
    sqlx::query("UPDATE webhook_events SET applied_at = $1, application_id = $2 WHERE provider = $3 AND event_id = $4")
        .bind(db::now())
        .bind(&application)
        .bind(provider)
        .bind(&event.id)
        .execute(&state.db)
        .await?;
    tracing::info!(provider, event = %event.id, kind = %event.kind, application = ?application, "webhook applied");
    Ok(Json(Ack { status: "accepted" }))
}
