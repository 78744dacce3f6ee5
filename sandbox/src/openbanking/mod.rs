//! The open-banking account-information provider (docs/providers.md): banks,
//! consents authorised at a mock bank's own pages, and the data read under them.

mod accounts;
mod bank_pages;
pub mod banks;
mod consents;
mod data;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use protocol::provider::openbanking::{ConsentRequest, ConsentStatus, SCOPE_AIS};

use crate::oauth::{token_endpoint, TokenIssuer};
use crate::SandboxConfig;

const SCOPES: &[&str] = &[SCOPE_AIS];

#[derive(Clone)]
struct AisState {
    tokens: Arc<TokenIssuer>,
    consents: Arc<Mutex<HashMap<String, Consent>>>,
    /// Download ids handed out by download banks: consent, account and filters they stand for.
    downloads: Arc<Mutex<HashMap<String, Download>>>,
}

impl FromRef<AisState> for Arc<TokenIssuer> {
    fn from_ref(state: &AisState) -> Self {
        state.tokens.clone()
    }
}

#[derive(Debug, Clone)]
struct Consent {
    request: ConsentRequest,
    status: ConsentStatus,
    logged_in: bool,
}

#[derive(Debug, Clone)]
struct Download {
    consent_id: String,
    account_id: String,
    date_from: Option<String>,
    date_to: Option<String>,
}

pub fn router(config: Arc<SandboxConfig>) -> Router {
    let state = AisState {
        tokens: Arc::new(TokenIssuer::new(config.clients.clone(), SCOPES)),
        consents: Arc::default(),
        downloads: Arc::default(),
    };
    // A bank's pages, which a partner's widget may show in a popup: no opener policy on any of
    // them (as on most banks' pages), or the browser would cut the popup from the widget that
    // opened it, and the widget could never take the bank's return. The server around the
    // sandbox says `same-origin` on everything else.
    let bank_pages = Router::new()
        .route(
            "/bank/{id}/login",
            get(bank_pages::login_page).post(bank_pages::log_in),
        )
        .route("/bank/{id}/authorise", get(bank_pages::authorise_page))
        .route("/bank/{id}/decision", post(bank_pages::decide))
        .layer(map_response(|mut response: Response| async move {
            response.headers_mut().insert(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("unsafe-none"),
            );
            response
        }));
    Router::new()
        .merge(bank_pages)
        .route("/oauth2/token", post(token_endpoint))
        .route("/aspsp", get(consents::list_banks))
        .route("/logos/{file}", get(consents::logo))
        .route("/consents", post(consents::create))
        .route("/consents/{id}/status", get(consents::status))
        .route("/consents/{id}", delete(consents::revoke))
        .route("/bank.css", get(bank_pages::stylesheet))
        .route("/accounts", get(accounts::list))
        .route("/accounts/{id}/balances", get(accounts::balances))
        .route("/accounts/{id}/transactions", get(accounts::transactions))
        .route("/download/transactions/{id}", get(accounts::download))
        .with_state(state)
}

/// This provider's absolute base URL as the caller sees it (`http://host/sandbox/openbanking`),
/// from the Host header and the part of the original path before `route_tail`.
fn base_url(headers: &HeaderMap, original_path: &str, route_tail: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    let prefix = original_path.strip_suffix(route_tail).unwrap_or("");
    format!("{scheme}://{host}{prefix}")
}
