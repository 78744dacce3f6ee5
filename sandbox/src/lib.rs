//! Faithful local stand-ins for the providers Onboard talks to, so that the demo and the tests
//! run on one machine with no network. Each provider is an axum router under its own prefix and
//! speaks the paths, fields and status values of its document; the server reaches them over real
//! HTTP, exactly as it would reach the real providers.

pub mod aml;
mod clock;
mod error;
pub mod faults;
pub mod issuer;
pub mod kyc;
pub mod oauth;
pub mod onboarding;
pub mod openbanking;
#[cfg(feature = "remote")]
pub mod remote;

use std::sync::Arc;

use axum::Router;

pub use aml::AmlTiming;
pub use error::SandboxError;
pub use faults::{Fault, FaultRule, FaultRules};
pub use oauth::ClientCredentials;

/// Who may call the sandbox's providers.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub clients: Vec<ClientCredentials>,
    /// Where the AML provider posts its session webhooks; None: it sends none.
    pub aml_webhook_url: Option<url::Url>,
    /// The Standard Webhooks secret (`whsec_<base64>`) webhooks are signed with; None: unsigned.
    pub webhook_secret: Option<String>,
    /// How long the AML provider takes, and how long its results live.
    pub aml_timing: AmlTiming,
    /// Faults the providers start with (see `faults`); tests change them at `/sandbox/faults`.
    pub faults: Vec<FaultRule>,
}

/// The demo's client at the sandbox, also the server's default credentials. Public (they are in
/// this repository): the server refuses to use the secret against anything but a sandbox.
pub const DEMO_CLIENT_ID: &str = "onboard-demo";
pub const DEMO_CLIENT_SECRET: &str = "sandbox-secret";

impl Default for SandboxConfig {
    /// The demo's credentials, also the server's defaults.
    fn default() -> Self {
        Self {
            clients: vec![ClientCredentials {
                client_id: DEMO_CLIENT_ID.into(),
                client_secret: DEMO_CLIENT_SECRET.into(),
            }],
            aml_webhook_url: None,
            webhook_secret: None,
            aml_timing: AmlTiming::default(),
            faults: Vec::new(),
        }
    }
}

/// Every provider, one prefix each; the server mounts this under `/sandbox`.
pub fn router(config: SandboxConfig) -> Router {
    let faults = faults::Faults::new(config.faults.clone());
    let config = Arc::new(config);
    Router::new()
        .nest("/onboarding", onboarding::router(config.clone()))
        .nest("/openbanking", openbanking::router(config.clone()))
        .nest("/aml", aml::router(config.clone()))
        .nest("/kyc", kyc::router(config.clone()))
        .nest("/issuer", issuer::router(config.clone()))
        .layer(axum::middleware::from_fn_with_state(
            faults.clone(),
            faults::inject,
        ))
        .merge(faults::router(faults))
}
