//! Probes for the load balancer and the orchestrator: `/healthz` says the process answers,
//! `/readyz` whether it can do its work (the database, and the onboarding provider's token
//! endpoint), each check bounded so a hanging dependency makes the probe fail, not hang.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::AppState;

/// Below a typical probe timeout, so the answer arrives and says what failed.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/readyz", get(ready))
}

async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database =
        tokio::time::timeout(CHECK_TIMEOUT, sqlx::query("SELECT 1").execute(&state.db)).await;
    let database_ok = matches!(database, Ok(Ok(_)));
    let provider = tokio::time::timeout(CHECK_TIMEOUT, state.onboarding.check()).await;
    let provider_ok = matches!(provider, Ok(Ok(())));
    if !database_ok || !provider_ok {
        tracing::warn!(database_ok, provider_ok, "not ready");
    }
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let ready = database_ok && provider_ok;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if ready { "ready" } else { "unavailable" },
        "checks": {"database": word(database_ok), "provider": word(provider_ok)},
    });
    (status, Json(body))
}
