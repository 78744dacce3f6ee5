//! The one typed client of Onboard's backend-for-frontend API.
//!
//! Every request the widget makes goes through here, with the session's credential as a Bearer
//! header (never in a URL, where it would end up in logs). The credential comes from the claim
//! of a one-time code, which every request waits for. Responses become `Result<T, ApiFailure>`,
//! and the failure says what the user can do about it, not which HTTP code it was.

use std::time::Duration;

use futures::future::{self, FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{
    GetUntracked, GetValue, LocalStorage, RwSignal, Set, SetValue, Signal, StoredValue,
};
use protocol::api::account::{AccountView, OperationDetailView, OperationsPage};
use protocol::api::banking::{
    AccountsView, BalancesView, BankList, ConfirmConsent, ConsentCreated, ConsentView,
    CreateConsent, TransactionsView,
};
use protocol::api::onboarding::{
    OnboardingView, ResultsView, ScanView, ScreeningView, StartScreening,
};
use protocol::api::paths::{self, fill};
use protocol::api::{ClaimSession, HandoffCreated, ObjectJson, SessionView, StatusView};
use protocol::onboarding::Step;
use protocol::{ApiError, ErrorCode};
use serde::Serialize;

use crate::json::{account, banking, onboarding, results, session, Object, Read};

/// No server should make us wait longer than this, whatever its `Retry-After` says.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(600);

/// Why a call failed, sorted by what the widget does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The token was ours but is past its lifetime: the user must start again.
    Expired,
    /// The token is unknown or malformed.
    Invalid,
    /// The backend or a provider behind it did not answer: retry later, no sooner than
    /// `retry_after` if the server said so.
    Unavailable { retry_after: Option<Duration> },
    /// Anything else the server reported.
    Other(ApiError),
}

/// The session's credential once known: shared by every request, which waits for the claim.
type Credential = Shared<LocalBoxFuture<'static, Result<String, ApiFailure>>>;

impl ApiFailure {
    /// Turns a non-2xx answer into a failure. `body` is the parsed error body, if there was one.
    pub fn from_response(status: u16, body: Option<ApiError>, retry_after: Option<&str>) -> Self {
        let code = body.as_ref().map(|error| error.code);
        match (status, code) {
            (_, Some(ErrorCode::SessionExpired)) => Self::Expired,
            (_, Some(ErrorCode::Unauthorized)) | (401, None) => Self::Invalid,
            (429 | 502..=504, _)
            | (_, Some(ErrorCode::UpstreamUnavailable | ErrorCode::RateLimited)) => {
                Self::Unavailable {
                    retry_after: retry_after.and_then(parse_retry_after),
                }
            }
            _ => Self::Other(body.unwrap_or_else(|| ApiError {
                code: code_for_status(status),
                message: format!("HTTP {status}"),
                field: None,
            })),
        }
    }

    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Expired | Self::Invalid => false,
            Self::Unavailable { .. } => true,
            Self::Other(error) => error.code.is_retryable(),
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Unavailable { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// The end of the session this failure tells of, if it does.
    pub fn session_end(&self) -> Option<SessionEnd> {
        match self {
            Self::Expired => Some(SessionEnd::Expired),
            Self::Invalid => Some(SessionEnd::Refused),
            Self::Other(error) if error.code == ErrorCode::LinkUsed => Some(SessionEnd::LinkUsed),
            Self::Unavailable { .. } | Self::Other(_) => None,
        }
    }

    /// The error code whose translated message describes this failure.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Expired => ErrorCode::SessionExpired,
            Self::Invalid => ErrorCode::Unauthorized,
            Self::Unavailable { .. } => ErrorCode::UpstreamUnavailable,
            Self::Other(error) => error.code,
        }
    }
}

/// Why the session can do nothing more: every later call would be refused as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// Past its lifetime.
    Expired,
    /// Unknown to the server: never valid, or revoked by the partner since.
    Refused,
    /// The link's one-time code was claimed before, by another tab or browser.
    LinkUsed,
}

/// `Retry-After` in its delay-seconds form. The HTTP-date form is ignored: our backend sends
/// seconds, and the client clock may be wrong anyway.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: u64 = value.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// An error code for a response that came without our JSON error body (a proxy's page, say).
fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 | 422 => ErrorCode::InvalidRequest,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        500..=599 => ErrorCode::Internal,
        _ => ErrorCode::Unknown,
    }
}

/// The session's API client. Cheap to clone; holds the credential in memory only.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiClient {
    credential: StoredValue<Option<Credential>, LocalStorage>,
    /// Set by the first call the server refuses for the session's sake, whichever it was: the
    /// root then shows the session's end in place of the whole widget (see `app`).
    ended: RwSignal<Option<SessionEnd>>,
}

impl std::fmt::Debug for ApiClient {
    // The token is a credential: keep it out of panic messages and logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient").finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client of the session this tab claimed before.
    pub fn resume(credential: String) -> Self {
        Self::with(Some(future::ready(Ok(credential)).boxed_local().shared()))
    }

    /// A client of the session `code` opens: the claim is made with the first request, which
    /// every request waits for. A refused claim ends the session (see `session_end`).
    pub fn claim(code: String) -> Self {
        let client = Self::with(None);
        let claimant = client.clone();
        let claim = async move {
            let body = claim_body(&ClaimSession {
                session_token: code,
                embed_origin: crate::embed::host_origin(),
                theme: crate::embed::page_theme().map(ObjectJson),
            })?;
            let request = Request::post(paths::SESSION_CLAIM)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .body(body)
                .map_err(request_failure)?;
            // Refused for this page (its partner does not embed the widget here), the code is
            // as good as invalid: no retry here could claim it.
            let claimed = claimant
                .receive(request, session::session_claimed)
                .await
                .map_err(|failure| match failure.code() {
                    ErrorCode::Forbidden => ApiFailure::Invalid,
                    _ => failure,
                })?;
            crate::session::token::claimed(&claimed.credential);
            Ok(claimed.credential)
        };
        client
            .credential
            .set_value(Some(claim.boxed_local().shared()));
        client
    }

    /// A client without a session: for what a browser may do without one (spend a bank
    /// return's code that came back to it).
    pub fn anonymous() -> Self {
        Self::with(None)
    }

    fn with(credential: Option<Credential>) -> Self {
        Self {
            credential: StoredValue::new_local(credential),
            ended: RwSignal::new(None),
        }
    }

    /// Whether the session has ended, and why, as the calls made with it found.
    pub fn session_end(&self) -> Signal<Option<SessionEnd>> {
        self.ended.into()
    }

    /// `GET /api/v1/session`.
    pub async fn session(&self) -> Result<SessionView, ApiFailure> {
        self.get(paths::SESSION, session::session_view).await
    }

    /// `POST /api/v1/session/handoff`: a one-time link, and its QR code, that opens this
    /// application on another device for ten minutes.
    pub async fn create_handoff(&self) -> Result<HandoffCreated, ApiFailure> {
        self.send(
            Request::post(paths::SESSION_HANDOFF),
            None,
            session::handoff_created,
        )
        .await
    }

    /// `GET /api/v1/session/status`.
    pub async fn status(&self) -> Result<StatusView, ApiFailure> {
        self.get(paths::SESSION_STATUS, session::status_view).await
    }

    /// `GET /api/v1/banks?country=`: every bank of a country; the widget searches them itself.
    pub async fn banks(&self, country: &str) -> Result<BankList, ApiFailure> {
        let path = format!("{}?country={}", paths::BANKS, encode(country));
        self.get(&path, banking::bank_list).await
    }

    /// `POST /api/v1/consents`; the same idempotency key twice gives the same consent.
    pub async fn create_consent(
        &self,
        consent: &CreateConsent,
    ) -> Result<ConsentCreated, ApiFailure> {
        let body = Some(json(consent)?);
        self.send(
            Request::post(paths::CONSENTS),
            body,
            banking::consent_created,
        )
        .await
    }

    pub async fn consent(&self, consent_id: &str) -> Result<ConsentView, ApiFailure> {
        self.get(
            &path_of(paths::CONSENT, &[consent_id]),
            banking::consent_view,
        )
        .await
    }

    /// `POST /api/v1/consents/{id}/confirm`: the browser came back from the bank with `code`.
    /// Without a session, the code is spent and nothing shared.
    pub async fn confirm_consent(
        &self,
        consent_id: &str,
        code: &str,
    ) -> Result<ConsentView, ApiFailure> {
        let confirm = json(&ConfirmConsent {
            code: code.to_owned(),
        })?;
        self.send(
            Request::post(&path_of(paths::CONSENT_CONFIRM, &[consent_id])),
            Some(confirm),
            banking::consent_view,
        )
        .await
    }

    pub async fn revoke_consent(&self, consent_id: &str) -> Result<ConsentView, ApiFailure> {
        let request = Request::delete(&path_of(paths::CONSENT, &[consent_id]));
        self.send(request, None, banking::consent_view).await
    }

    pub async fn accounts(&self, consent_id: &str) -> Result<AccountsView, ApiFailure> {
        let path = path_of(paths::CONSENT_ACCOUNTS, &[consent_id]);
        self.get(&path, banking::accounts_view).await
    }

    pub async fn balances(
        &self,
        consent_id: &str,
        account_id: &str,
    ) -> Result<BalancesView, ApiFailure> {
        let path = path_of(paths::ACCOUNT_BALANCES, &[consent_id, account_id]);
        self.get(&path, banking::balances_view).await
    }

    /// One page of transactions in the query's date window.
    pub async fn transactions(
        &self,
        consent_id: &str,
        account_id: &str,
        query: &TransactionQuery,
    ) -> Result<TransactionsView, ApiFailure> {
        let path = path_of(paths::ACCOUNT_TRANSACTIONS, &[consent_id, account_id]);
        let path = format!("{path}{}", query.to_query_string());
        self.get(&path, banking::transactions_view).await
    }

    /// Every transaction in the window at once, for banks that only deliver a download.
    pub async fn download_transactions(
        &self,
        consent_id: &str,
        account_id: &str,
        query: &TransactionQuery,
    ) -> Result<TransactionsView, ApiFailure> {
        let path = path_of(
            paths::ACCOUNT_TRANSACTIONS_DOWNLOAD,
            &[consent_id, account_id],
        );
        let whole = TransactionQuery {
            cursor: None,
            ..query.clone()
        };
        let path = format!("{path}{}", whole.to_query_string());
        self.get(&path, banking::transactions_view).await
    }

    /// `GET /api/v1/onboarding`: the workflow and every answer saved so far.
    pub async fn onboarding(&self) -> Result<OnboardingView, ApiFailure> {
        self.get(paths::ONBOARDING, onboarding::onboarding_view)
            .await
    }

    /// `PUT /api/v1/onboarding/answers/{step}`: replaces the step's answer (204, no body).
    /// `answer` is the answer as JSON, from [`json`].
    pub async fn save_answer(&self, step: Step, answer: String) -> Result<(), ApiFailure> {
        let path = path_of(paths::ONBOARDING_ANSWER, &[step.as_str()]);
        self.respond(self.request(Request::put(&path), Some(answer)).await?)
            .await
            .map(drop)
    }

    /// `PUT /api/v1/onboarding/drafts/{step}`: what is typed into a step not saved yet, kept
    /// for the same application on another device.
    pub async fn save_draft(&self, step: Step, draft: String) -> Result<(), ApiFailure> {
        let path = path_of(paths::ONBOARDING_DRAFT, &[step.as_str()]);
        self.respond(self.request(Request::put(&path), Some(draft)).await?)
            .await
            .map(drop)
    }

    /// `POST /api/v1/onboarding/documents` with the file as the body; the server types it by
    /// its bytes. Sent with `XMLHttpRequest`, whose upload tells how far it is (fetch's does
    /// not): `progress` gets the share sent, from 0 to 1, as it goes.
    pub async fn upload_scan(
        &self,
        scan: &web_sys::Blob,
        file_name: &str,
        progress: impl Fn(f64) + 'static,
    ) -> Result<ScanView, ApiFailure> {
        let bearer = self.bearer().await?;
        let sent = crate::upload::send(
            paths::ONBOARDING_DOCUMENTS,
            &[
                ("Authorization", bearer.as_deref().unwrap_or_default()),
                ("Accept", "application/json"),
                ("X-File-Name", &encode(file_name)),
                ("Content-Type", &scan.type_()),
            ],
            scan,
            progress,
        )
        .await
        .map_err(|_| ApiFailure::Unavailable { retry_after: None })?;
        if (200..300).contains(&sent.status) {
            let body = crate::json::parse(&sent.body).map_err(unexpected_body)?;
            return onboarding::scan_view(&body).map_err(unexpected_body);
        }
        let failure = failure_from(sent.status, &sent.body, sent.retry_after.as_deref());
        Err(self.noted(failure))
    }

    pub async fn start_screening(
        &self,
        start: &StartScreening,
    ) -> Result<ScreeningView, ApiFailure> {
        self.send(
            Request::post(paths::ONBOARDING_SCREENING),
            Some(json(start)?),
            onboarding::screening_view,
        )
        .await
    }

    /// The organization's screening; `None` before one is started.
    pub async fn screening(&self) -> Result<Option<ScreeningView>, ApiFailure> {
        let current = onboarding::current_screening;
        self.get(paths::ONBOARDING_SCREENING, current)
            .await
            .map(|current| current.screening)
    }

    /// `POST /api/v1/onboarding/submit`; submitting twice is harmless.
    pub async fn submit(&self) -> Result<StatusView, ApiFailure> {
        let request = Request::post(paths::ONBOARDING_SUBMIT);
        self.send(request, None, session::status_view).await
    }

    /// What the provider has on record; `None` before the submit.
    pub async fn results(&self) -> Result<Option<ResultsView>, ApiFailure> {
        self.get(paths::ONBOARDING_RESULTS, results::current_results)
            .await
            .map(|current| current.results)
    }

    pub async fn account(&self) -> Result<AccountView, ApiFailure> {
        self.get(paths::ACCOUNT, account::account_view).await
    }

    /// A page (from 0) of the account's operations between two `YYYY-MM-DD` days (empty: the
    /// server's default window).
    pub async fn account_operations(
        &self,
        from: &str,
        to: &str,
        page: u32,
    ) -> Result<OperationsPage, ApiFailure> {
        let mut query = format!("?page={page}");
        for (name, day) in [("from", from), ("to", to)]
            .into_iter()
            .filter(|(_, day)| !day.is_empty())
        {
            query.push_str(&format!("&{name}={}", encode(day)));
        }
        let path = format!("{}{query}", paths::ACCOUNT_OPERATIONS);
        self.get(&path, account::operations_page).await
    }

    pub async fn account_operation(&self, id: &str) -> Result<OperationDetailView, ApiFailure> {
        let path = path_of(paths::ACCOUNT_OPERATION, &[id]);
        self.get(&path, account::operation_detail).await
    }

    /// `GET /api/v1/session/events`: the open stream's body, read until `signal` aborts it.
    /// `last_event_id` is the last event read before (empty on a first connect).
    pub async fn session_events(
        &self,
        last_event_id: &str,
        signal: &web_sys::AbortSignal,
    ) -> Result<web_sys::ReadableStream, ApiFailure> {
        let mut request = self
            .authorised(Request::get(paths::SESSION_EVENTS))
            .await?
            .header("Accept", "text/event-stream")
            .abort_signal(Some(signal));
        if !last_event_id.is_empty() {
            request = request.header("Last-Event-ID", last_event_id);
        }
        let request = request
            .build()
            .map_err(|_| ApiFailure::Unavailable { retry_after: None })?;
        self.respond(request)
            .await?
            .body()
            .ok_or(ApiFailure::Unavailable { retry_after: None })
    }

    /// `read` is the response type's reader (`crate::json`).
    async fn get<T>(&self, path: &str, read: fn(&Object) -> Read<T>) -> Result<T, ApiFailure> {
        self.send(Request::get(path), None, read).await
    }

    /// `json_body` is the request's body, already serialised by [`json`].
    async fn send<T>(
        &self,
        request: RequestBuilder,
        json_body: Option<String>,
        read: fn(&Object) -> Read<T>,
    ) -> Result<T, ApiFailure> {
        self.receive(self.request(request, json_body).await?, read)
            .await
    }

    async fn request(
        &self,
        request: RequestBuilder,
        json_body: Option<String>,
    ) -> Result<Request, ApiFailure> {
        let request = self.authorised(request).await?;
        match json_body {
            Some(body) => request
                .header("Content-Type", "application/json")
                .body(body),
            None => request.build(),
        }
        .map_err(request_failure)
    }

    /// `request` with the session's credential, once the claim has given it; an anonymous
    /// client's goes without.
    async fn authorised(&self, request: RequestBuilder) -> Result<RequestBuilder, ApiFailure> {
        let request = match self.bearer().await? {
            Some(bearer) => request.header("Authorization", &bearer),
            None => request,
        };
        Ok(request
            .header("Accept", "application/json")
            // Statuses change under us: a cached answer would stall the polling.
            .cache(web_sys::RequestCache::NoStore))
    }

    /// The `Authorization` value, once the claim has given the credential; none for an
    /// anonymous client.
    async fn bearer(&self) -> Result<Option<String>, ApiFailure> {
        match self.credential.get_value() {
            Some(credential) => Ok(Some(format!("Bearer {}", credential.await?))),
            None => Ok(None),
        }
    }
}

/// A request the browser would not build, or a body that would not serialise.
fn request_failure(error: impl std::fmt::Display) -> ApiFailure {
    ApiFailure::Other(ApiError {
        code: ErrorCode::InvalidRequest,
        message: error.to_string(),
        field: None,
    })
}

/// The claim's body, written by the browser. serde would write the page's theme (an
/// [`ObjectJson`]) through serde_json's JSON values, whose reader and writer would come into
/// the first load with it (12 kB gzip, measured), even for a claim without one. The tests check
/// it against serde_json's.
fn claim_body(claim: &ClaimSession) -> Result<String, ApiFailure> {
    use js_sys::{Reflect, JSON};
    let not_json = |_| request_failure("the page's theme is not JSON");
    let body = js_sys::Object::new();
    let set = |name: &str, value: &wasm_bindgen::JsValue| {
        Reflect::set(&body, &name.into(), value).map_err(not_json)
    };
    set("sessionToken", &claim.session_token.as_str().into())?;
    if let Some(origin) = &claim.embed_origin {
        set("embedOrigin", &origin.as_str().into())?;
    }
    if let Some(theme) = &claim.theme {
        set("theme", &JSON::parse(&theme.0).map_err(not_json)?)?;
    }
    Ok(JSON::stringify(&body).map_err(not_json)?.into())
}

/// A request body as JSON. Serialising here, before the request is sent, keeps the sending
/// itself free of type parameters.
pub fn json(body: &impl Serialize) -> Result<String, ApiFailure> {
    serde_json::to_string(body).map_err(request_failure)
}

impl ApiClient {
    /// Only `read` is of the response type: sending, awaiting and parsing the body are one
    /// function for every call, rather than one copy of them per response type in the wasm.
    async fn receive<T>(
        &self,
        request: Request,
        read: fn(&Object) -> Read<T>,
    ) -> Result<T, ApiFailure> {
        let body = self.receive_object(request).await?;
        read(&body).map_err(unexpected_body)
    }

    async fn receive_object(&self, request: Request) -> Result<Object, ApiFailure> {
        let body = self.receive_text(request).await?;
        crate::json::parse(&body).map_err(unexpected_body)
    }

    async fn receive_text(&self, request: Request) -> Result<String, ApiFailure> {
        self.respond(request)
            .await?
            .text()
            .await
            .map_err(|error| unexpected_body(error.to_string()))
    }

    /// The response when it was a success; otherwise what the failure means, and the session's
    /// end noted when that is what it tells of.
    async fn respond(&self, request: Request) -> Result<Response, ApiFailure> {
        let response = request
            .send()
            .await
            // fetch only rejects when no answer came at all (offline, DNS, reset).
            .map_err(|_| ApiFailure::Unavailable { retry_after: None })?;
        if response.ok() {
            return Ok(response);
        }
        let failure = failure_of(response).await;
        Err(self.noted(failure))
    }

    /// `failure`, with the session's end noted when that is what it tells of. The first end
    /// found is the one shown; `try_`: the session's widget may be gone.
    fn noted(&self, failure: ApiFailure) -> ApiFailure {
        if let Some(end) = failure.session_end() {
            if self.ended.try_get_untracked() == Some(None) {
                self.ended.try_set(Some(end));
            }
        }
        failure
    }
}

fn unexpected_body(error: String) -> ApiFailure {
    ApiFailure::Other(ApiError {
        code: ErrorCode::Internal,
        message: format!("unexpected response body: {error}"),
        field: None,
    })
}

/// Which transactions to read: whole days (`YYYY-MM-DD`) and a page cursor the previous page
/// handed out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub cursor: Option<String>,
}

impl TransactionQuery {
    fn to_query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("dateFrom", &self.date_from),
            ("dateTo", &self.date_to),
            ("cursor", &self.cursor),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| format!("{name}={}", encode(v))))
        .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// `template` with its parameters, in order, each encoded for a path segment.
fn path_of(template: &str, values: &[&str]) -> String {
    let encoded: Vec<String> = values.iter().map(|value| encode(value)).collect();
    fill(template, encoded.iter().map(String::as_str))
}

async fn failure_of(response: Response) -> ApiFailure {
    let retry_after = response.headers().get("Retry-After");
    let body = response.text().await.unwrap_or_default();
    failure_from(response.status(), &body, retry_after.as_deref())
}

/// What an answer of `status` other than a success means, its body read if it is the error's.
fn failure_from(status: u16, body: &str, retry_after: Option<&str>) -> ApiFailure {
    let body = crate::json::parse(body)
        .ok()
        .and_then(|body| session::error_body(&body).ok())
        .map(|body| body.error);
    ApiFailure::from_response(status, body, retry_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: ErrorCode) -> Option<ApiError> {
        Some(ApiError {
            code,
            message: "m".into(),
            field: None,
        })
    }

    #[test]
    fn unauthorized_answers_split_into_expired_and_invalid() {
        let expired = ApiFailure::from_response(401, body(ErrorCode::SessionExpired), None);
        assert_eq!(expired, ApiFailure::Expired);
        let invalid = ApiFailure::from_response(401, body(ErrorCode::Unauthorized), None);
        assert_eq!(invalid, ApiFailure::Invalid);
        assert_eq!(
            ApiFailure::from_response(401, None, None),
            ApiFailure::Invalid
        );
    }

    #[test]
    fn gateway_errors_are_unavailable_with_their_retry_after() {
        let failure =
            ApiFailure::from_response(503, body(ErrorCode::UpstreamUnavailable), Some("7"));
        assert_eq!(failure.retry_after(), Some(Duration::from_secs(7)));
        assert!(failure.is_retryable());
        for status in [502, 504] {
            let failure = ApiFailure::from_response(status, None, None);
            assert_eq!(failure, ApiFailure::Unavailable { retry_after: None });
        }
    }

    #[test]
    fn retry_after_in_seconds_only_and_capped() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("99999999"), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn other_errors_keep_the_server_body_or_get_a_code() {
        let failure = ApiFailure::from_response(500, body(ErrorCode::Internal), None);
        assert_eq!(failure.code(), ErrorCode::Internal);
        assert!(failure.is_retryable());
        let failure = ApiFailure::from_response(404, None, None);
        assert_eq!(failure.code(), ErrorCode::NotFound);
        assert!(!failure.is_retryable());
    }

    #[test]
    fn debug_output_hides_the_token() {
        let client = ApiClient::resume("secret-token".into());
        assert!(!format!("{client:?}").contains("secret"));
    }

    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn writes_a_claim_as_serde_json_does() {
        let theme = r##"{"colors":{"primary":"#0a7f5a"},"radius":"8px","spacing":8}"##;
        let framed = ClaimSession {
            session_token: "code".into(),
            embed_origin: Some("https://app.acme.example".into()),
            theme: Some(ObjectJson(theme.into())),
        };
        let hosted = ClaimSession {
            embed_origin: None,
            theme: None,
            ..framed.clone()
        };
        for claim in [framed, hosted] {
            let written = claim_body(&claim).unwrap();
            let read = serde_json::from_str::<serde_json::Value>(&written).unwrap();
            assert_eq!(read, serde_json::to_value(&claim).unwrap(), "{written}");
        }
    }
}
