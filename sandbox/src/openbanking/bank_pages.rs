//! The mock bank's own pages: a login that takes any credentials, then Approve or Deny, then
//! back to the consent's redirect URI with its id and state. Plain HTML: no scripts, no inline
//! styles, so the strictest Content-Security-Policy holds.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use protocol::provider::openbanking::{ConsentStatus, Permission};
use serde::Deserialize;

use super::banks::{self, escape};
use super::{AisState, Consent};

const STYLESHEET: &str = "body{font-family:system-ui,sans-serif;background:#eef1f5;color:#1b1f24;margin:0}\
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 8px #0002}\
h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .3rem}input{width:100%;box-sizing:border-box;padding:.6rem;font:inherit}\
button{font:inherit;padding:.7rem 1.2rem;border-radius:8px;border:0;margin:1rem .5rem 0 0;cursor:pointer}\
.primary{background:#14532d;color:#fff}.secondary{background:#e5e7eb}.note{color:#555;font-size:.9rem}";

pub async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET,
    )
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"../../bank.css\"></head><body><main>{body}</main></body></html>",
        title = escape(title)
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn bank_name(consent: &Consent) -> String {
    banks::all("")
        .into_iter()
        .find(|b| b.aspsp_id == consent.request.aspsp_id)
        .map(|b| b.name)
        .unwrap_or_default()
}

fn find(state: &AisState, id: &str) -> Option<Consent> {
    state
        .consents
        .lock()
        .expect("consents lock")
        .get(id)
        .cloned()
}

fn unknown_consent() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Unknown consent",
        "<h1>This consent does not exist</h1>",
    )
}

pub async fn login_page(State(state): State<AisState>, Path(id): Path<String>) -> Response {
    let Some(consent) = find(&state, &id) else {
        return unknown_consent();
    };
    let body = format!(
        "<h1>{bank}</h1><p class=\"note\">Mock bank: any user name and password work.</p>\
         <form method=\"post\" action=\"login\"><label for=\"username\">User name</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required>\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button id=\"login\" class=\"primary\" type=\"submit\">Log in</button></form>",
        bank = escape(&bank_name(&consent))
    );
    page(StatusCode::OK, "Log in to your bank", &body)
}

#[derive(Deserialize)]
pub struct Credentials {
    username: Option<String>,
    password: Option<String>,
}

pub async fn log_in(
    State(state): State<AisState>,
    Path(id): Path<String>,
    Form(credentials): Form<Credentials>,
) -> Response {
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if !filled(&credentials.username) || !filled(&credentials.password) {
        return page(
            StatusCode::BAD_REQUEST,
            "Log in to your bank",
            "<h1>Enter a user name and a password</h1><p><a href=\"login\">Back</a></p>",
        );
    }
    match state.consents.lock().expect("consents lock").get_mut(&id) {
        Some(consent) => consent.logged_in = true,
        None => return unknown_consent(),
    }
    Redirect::to("authorise").into_response()
}

pub async fn authorise_page(State(state): State<AisState>, Path(id): Path<String>) -> Response {
    let Some(consent) = find(&state, &id) else {
        return unknown_consent();
    };
    if !consent.logged_in {
        return Redirect::to("login").into_response();
    }
    let asked: String = consent
        .request
        .permissions
        .iter()
        .map(|p| match p {
            Permission::Accounts => "<li>Your accounts</li>",
            Permission::Balances => "<li>Their balances</li>",
            Permission::Transactions => "<li>Their transactions</li>",
        })
        .collect();
    let window = match (
        &consent.request.transaction_from_date_time,
        &consent.request.transaction_to_date_time,
    ) {
        (None, None) => String::new(),
        (from, to) => format!(
            "<p class=\"note\">Transactions from {} to {}.</p>",
            escape(from.as_deref().unwrap_or("the first")),
            escape(to.as_deref().unwrap_or("today"))
        ),
    };
    let owner = if consent.request.owner_name {
        "<li>The account holder's name</li>"
    } else {
        ""
    };
    let body = format!(
        "<h1>{bank}</h1><p>A service asks to see:</p><ul>{asked}{owner}</ul>{window}\
         <form method=\"post\" action=\"decision\">\
         <button id=\"approve\" class=\"primary\" name=\"decision\" value=\"approve\" type=\"submit\">Approve</button>\
         <button id=\"deny\" class=\"secondary\" name=\"decision\" value=\"deny\" type=\"submit\">Deny</button></form>",
        bank = escape(&bank_name(&consent))
    );
    page(StatusCode::OK, "Approve access", &body)
}

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
}

pub async fn decide(
    State(state): State<AisState>,
    Path(id): Path<String>,
    Form(decision): Form<Decision>,
) -> Response {
    let mut consents = state.consents.lock().expect("consents lock");
    let Some(consent) = consents.get_mut(&id) else {
        return unknown_consent();
    };
    if !consent.logged_in {
        return Redirect::to("login").into_response();
    }
    if consent.status != ConsentStatus::Open {
        return page(
            StatusCode::CONFLICT,
            "Already decided",
            "<h1>You already answered this request</h1>",
        );
    }
    consent.status = match decision.decision.as_str() {
        "approve" => ConsentStatus::Authorised,
        "deny" => ConsentStatus::Rejected,
        _ => {
            return page(
                StatusCode::BAD_REQUEST,
                "Approve access",
                "<h1>Choose Approve or Deny</h1>",
            )
        }
    };
    let Ok(mut back) = url::Url::parse(&consent.request.redirect_uri) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Approve access",
            "<h1>The service gave no way back</h1>",
        );
    };
    back.query_pairs_mut()
        .append_pair("consentId", &id)
        .append_pair("state", &consent.request.state);
    Redirect::to(back.as_str()).into_response()
}
