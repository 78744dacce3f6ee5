//! A partner's webhook receiver on a real loopback port, and a server that notifies it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use onboard_server::auth::token_hash;
use serde_json::Value;

use super::{harness_with_settings, Harness};

/// The partner's secret for our notifications.
pub const PARTNER_SECRET: &str = "whsec_cGFydG5lcidzIG5vdGlmaWNhdGlvbiBrZXk=";

/// One delivery as the partner received it.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: Bytes,
}

impl Delivery {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn verifies_with(&self, secret: &str) -> bool {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        protocol::webhooks::verify(
            secret,
            &self.id,
            &self.timestamp,
            &self.signature,
            &self.body,
            now,
        )
        .is_ok()
    }
}

/// A partner's webhook that answers 500 to its first `failures` deliveries, then 204.
#[derive(Clone, Default)]
pub struct Receiver {
    failures: usize,
    seen: Arc<Mutex<Vec<Delivery>>>,
    calls: Arc<AtomicUsize>,
}

impl Receiver {
    pub fn failing(failures: usize) -> Self {
        Self {
            failures,
            ..Self::default()
        }
    }

    /// Serves on a loopback port; answers the webhook's URL.
    pub async fn start(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new()
            .route("/hooks/onboard", post(receive))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        format!("http://{addr}/hooks/onboard")
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.seen.lock().unwrap().clone()
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    receiver.seen.lock().unwrap().push(Delivery {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body,
    });
    let call = receiver.calls.fetch_add(1, Ordering::SeqCst);
    if call < receiver.failures {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}

/// The demo key names no partner, so the partner is known by its key's hash prefix.
pub fn demo_partner() -> String {
    token_hash("demo-partner-key")[..12].to_owned()
}

/// A server notifying the demo partner at `url`, retrying at once, `attempts` tries in all.
pub async fn harness_notifying(url: &str, attempts: u32) -> Harness {
    harness_notifying_with(super::start_sandbox().await, url, attempts).await
}

/// `harness_notifying` with a sandbox of the caller's.
pub async fn harness_notifying_with(sandbox_url: String, url: &str, attempts: u32) -> Harness {
    let partner = demo_partner();
    let settings = [
        format!("--partner-webhooks={partner}={url}"),
        format!("--partner-webhook-secrets={partner}={PARTNER_SECRET}"),
        format!("--partner-webhook-attempts={attempts}"),
        "--partner-webhook-backoff-secs=0".to_owned(),
    ];
    let settings: Vec<&str> = settings.iter().map(String::as_str).collect();
    harness_with_settings(sandbox_url, &settings).await
}
