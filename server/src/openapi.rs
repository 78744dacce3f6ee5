//! The OpenAPI document of the partner and widget APIs, built from the handlers' annotations and
//! the protocol's types (so it changes with them), served at `GET /api/v1/openapi.json`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::routes::{
    account, account_data, applications, banks, consents, onboarding, session, session_events,
    sessions, webhooks,
};
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Onboard",
        description = "The partner API (Bearer partner API key) and the widget's API (Bearer session token). \
                       Every error is `{\"error\": {\"code\", \"message\", \"field\"?}}`. Partners' webhooks receive \
                       `PartnerNotification`, signed the Standard Webhooks way."
    ),
    paths(
        sessions::create,
        sessions::revoke,
        applications::view,
        onboarding::scans::download,
        session::session,
        session::status,
        session_events::stream_events,
        banks::list,
        consents::create,
        consents::read,
        consents::revoke,
        account_data::accounts,
        account_data::balances,
        account_data::transactions,
        account_data::download,
        account::account,
        account::operations,
        account::operation,
        onboarding::answers::view,
        onboarding::answers::save,
        onboarding::scans::upload,
        onboarding::screening::start,
        onboarding::screening::view,
        onboarding::submit::submit,
        onboarding::results::results,
        webhooks::receive,
        document,
    ),
    components(schemas(protocol::ErrorBody, protocol::api::partner::PartnerNotification)),
    modifiers(&Credentials, &ErrorAnswers),
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
            bearer("The sessionToken POST /api/v1/sessions minted"),
        );
    }
}

/// Every operation may answer any 4xx or 5xx with the one error shape.
struct ErrorAnswers;

impl Modify for ErrorAnswers {
    fn modify(&self, document: &mut Document) {
        let schema = Ref::from_schema_name(protocol::ErrorBody::name());
        let error = ResponseBuilder::new()
            .description("`{\"error\": {\"code\", \"message\", \"field\"?}}`")
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(schema)).build(),
            )
            .build();
        document
            .components
            .get_or_insert_with(Default::default)
            .responses
            .insert("Error".into(), RefOr::T(error));
        for item in document.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for range in ["4XX", "5XX"] {
                    operation
                        .responses
                        .responses
                        .entry(range.into())
                        .or_insert_with(|| Ref::from_response_name("Error").into());
                }
            }
        }
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .expect("the document serializes")
});

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document))
}

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "getOpenApi",
    tag = "meta",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json", body = Object)),
)]
async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}
