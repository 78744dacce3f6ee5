//! The OpenAPI document of the partner and widget APIs, built from the handlers' annotations and
//! the protocol's types (so it changes with them), served at `GET /api/v1/openapi.json`.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use protocol::api::paths;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Header, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Onboard",
        description = "The partner API (Bearer partner API key) and the widget's API (Bearer session credential, \
                       which the widget claims once with the one-time code the partner minted). \
                       Every error is `{\"error\": {\"code\", \"message\", \"field\"?}}`. Partners' webhooks receive \
                       `PartnerNotification`, signed the Standard Webhooks way."
    ),
    // The operations come with their routes (`app`): only this document's own is listed here.
    paths(serve_document),
    components(schemas(protocol::ErrorBody, protocol::api::partner::PartnerNotification)),
    modifiers(&Credentials),
    tags(
        (name = "partner", description = "For the partner's backend, with its API key"),
        (name = "session", description = "The widget's session"),
        (name = "onboarding", description = "The onboarding steps, the submit and the results"),
        (name = "bank", description = "The open-banking consent and the data it shares"),
        (name = "account", description = "The account opened for an approved applicant"),
        (name = "webhooks", description = "Providers' notifications to Onboard"),
        (name = "meta", description = "This document"),
    )
)]
struct ApiDoc;

/// The two Bearer credentials: a partner's API key and a widget's session token.
struct Credentials;

impl Modify for Credentials {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            "partner_key",
            bearer("A partner's API key (ONBOARD_PARTNER_KEYS)"),
        );
        components.add_security_scheme(
            "session_token",
            bearer("The credential POST /api/v1/session/claim gave for the one-time sessionToken a partner or hosted link minted; the sessionToken itself is never a bearer"),
        );
    }
}

/// The error answers, each described once under `components/responses` by its status: what it
/// means and the headers it carries. Each is the one error shape.
const ERRORS: [(u16, &str, &str); 11] = [
    (400, "BadRequest", "`invalid_request`: the request does not fit this document or the server's checks of it; `field` names the field at fault when there is one"),
    (401, "Unauthorized", "`unauthorized` (no credential, an unknown or revoked one, or a webhook's signature that does not hold) or `session_expired`; a Bearer credential's refusal carries `WWW-Authenticate: Bearer`"),
    (403, "Forbidden", "`forbidden`: the consent is not authorised or does not cover this data; `consent_not_confirmed`: this session has not confirmed its return from the bank; `bank_return_refused`: the bank's return code was refused (see the confirm)"),
    (404, "NotFound", "`not_found`: nothing of this session's or partner's has this id"),
    (409, "Conflict", "`conflict`: the application is not in a state that allows this"),
    (410, "Gone", "`link_used`: the one-time claim code was claimed already; the partner can mint another for the application"),
    (413, "PayloadTooLarge", "`payload_too_large`: the body is larger than the operation takes"),
    (415, "UnsupportedMediaType", "`unsupported_media_type`: the body is not sent as `application/json`"),
    (429, "RateLimited", "`rate_limited`: too many requests from this partner or session; retry after `Retry-After` seconds"),
    (500, "Internal", "`internal`: a fault of the server's own (logged, never detailed here)"),
    (503, "Unavailable", "`upstream_unavailable`: a provider did not answer; retry after `Retry-After` seconds"),
];

/// Each operation's error answers that depend on what it does; those its inputs and credential
/// imply are added by rule (see `ErrorAnswers`).
const OPERATION_ERRORS: &[(&str, &[u16])] = &[
    ("createSession", &[415, 429, 503]),
    ("createApplicationSession", &[404, 409, 429]),
    ("revokeSessions", &[404]),
    ("getApplication", &[404, 503]),
    ("downloadDocument", &[404]),
    // No credential but the code in the body, which may be refused; limited per code. A
    // handoff's code is refused once its application is submitted.
    ("claimSession", &[401, 409, 410, 415, 429]),
    ("getSession", &[]),
    ("getSessionStatus", &[503]),
    ("streamSessionEvents", &[503]),
    ("createHandoff", &[409]),
    ("listBanks", &[503]),
    ("createConsent", &[415, 503]),
    ("getConsent", &[404, 503]),
    ("revokeConsent", &[404, 409, 503]),
    ("confirmConsent", &[403, 404, 415]),
    ("listAccounts", &[403, 404, 503]),
    ("getBalances", &[403, 404, 503]),
    ("listTransactions", &[403, 404, 503]),
    ("downloadTransactions", &[403, 404, 503]),
    ("getAccount", &[409, 503]),
    ("listOperations", &[409, 503]),
    ("getOperation", &[404, 409, 503]),
    ("getOnboarding", &[503]),
    ("saveAnswer", &[404, 409, 503]),
    ("saveDraft", &[404, 409, 503]),
    ("uploadDocument", &[409]),
    ("startScreening", &[409, 415, 503]),
    ("getScreening", &[404, 503]),
    // An unanswered step is named in `field`, for the widget to go back to.
    ("submitApplication", &[400, 409, 503]),
    ("getResults", &[404, 503]),
    ("receiveWebhook", &[401, 404, 503]),
];

/// States every error answer of every operation: those `OPERATION_ERRORS` lists, and by rule
/// 400 for an operation with parameters or a body, 413 for one with a body, 401 for one that
/// requires a credential, 429 for the widget's (its per-session limit), and 500 for all but this
/// document. An answer the handler's annotation describes already keeps its description.
struct ErrorAnswers;

impl Modify for ErrorAnswers {
    fn modify(&self, document: &mut Document) {
        let schema = Ref::from_schema_name(protocol::ErrorBody::name());
        let components = document.components.get_or_insert_with(Default::default);
        for (status, name, description) in ERRORS {
            let mut answer = ResponseBuilder::new().description(description).content(
                "application/json",
                ContentBuilder::new().schema(Some(schema.clone())).build(),
            );
            let header = |description: &str, schema: Type| {
                Header::builder()
                    .schema(ObjectBuilder::new().schema_type(schema))
                    .description(Some(description))
                    .build()
            };
            answer = match status {
                401 => answer.header(
                    "WWW-Authenticate",
                    header("`Bearer`, unless a webhook was refused", Type::String),
                ),
                429 | 503 => answer.header(
                    "Retry-After",
                    header("Seconds to wait before trying again", Type::Integer),
                ),
                _ => answer,
            };
            components
                .responses
                .insert(name.into(), RefOr::T(answer.build()));
        }

        let mut unlisted: BTreeSet<&str> = OPERATION_ERRORS.iter().map(|(id, _)| *id).collect();
        for item in document.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let id = operation.operation_id.as_deref().unwrap_or_default();
                if id == "getOpenApi" {
                    continue;
                }
                let listed = OPERATION_ERRORS
                    .iter()
                    .find(|(listed, _)| *listed == id)
                    .unwrap_or_else(|| panic!("OPERATION_ERRORS does not list {id}"));
                unlisted.remove(id);
                // A requirement's schemes are private to utoipa but for its JSON.
                let security = serde_json::to_value(&operation.security).unwrap_or_default();
                let schemes: Vec<&str> = security
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_object)
                    .flat_map(serde_json::Map::keys)
                    .map(String::as_str)
                    .collect();
                // An empty requirement: the credential is optional, and a missing one no refusal.
                let optional = security
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|requirement| requirement.as_object().is_some_and(|r| r.is_empty()));
                let has_input = operation.parameters.as_ref().is_some_and(|p| !p.is_empty())
                    || operation.request_body.is_some();
                let by_rule = [
                    (400, has_input),
                    (401, !schemes.is_empty() && !optional),
                    (413, operation.request_body.is_some()),
                    (429, schemes.contains(&"session_token")),
                    (500, true),
                ];
                let statuses: BTreeSet<u16> = listed
                    .1
                    .iter()
                    .copied()
                    .chain(
                        by_rule
                            .iter()
                            .filter(|(_, applies)| *applies)
                            .map(|(s, _)| *s),
                    )
                    .collect();
                for status in statuses {
                    let (_, name, _) = ERRORS
                        .iter()
                        .find(|(error, _, _)| *error == status)
                        .unwrap_or_else(|| panic!("ERRORS does not describe {status}"));
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| Ref::from_response_name(*name).into());
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "OPERATION_ERRORS lists operations the document does not have: {unlisted:?}"
        );
    }
}

/// The document of `operations` (each group of routes' own, as `OpenApiRouter` collected them),
/// written once for the life of the app.
pub fn document(operations: impl IntoIterator<Item = Document>) -> Bytes {
    let mut document = ApiDoc::openapi();
    for group in operations {
        document.merge(group);
    }
    ErrorAnswers.modify(&mut document);
    document.to_json().expect("the document serializes").into()
}

/// Serves `document`, which describes this route too.
pub fn router(document: Bytes) -> Router<AppState> {
    Router::new().route(
        paths::OPENAPI_DOCUMENT,
        get(serve_document).with_state(document),
    )
}

#[utoipa::path(
    get,
    path = paths::OPENAPI_DOCUMENT,
    operation_id = "getOpenApi",
    tag = "meta",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json", body = Object)),
)]
async fn serve_document(State(document): State<Bytes>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document)
}
