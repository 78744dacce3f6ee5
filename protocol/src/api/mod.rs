//! Onboard's own HTTP API: the partner endpoints and the widget's backend-for-frontend.

pub mod account;
pub mod banking;
pub mod events;
mod object_json;
pub mod onboarding;
pub mod partner;
pub mod paths;
mod theme;

pub use object_json::ObjectJson;
pub use theme::{
    ColorScheme, PartnerTheme, ThemeProperty, ThemeStyle, THEME_COLORS, THEME_PROPERTIES,
};

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, ApplicationStatus, CountryCode};

/// `POST /api/v1/sessions`, authorised by the partner's API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionRequest {
    /// A workflow the onboarding provider runs in the market.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_:-]+$")
    )]
    pub workflow_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::CountryCode))]
    pub country_code: String,
    /// An absolute URL under an entry of the partner's redirect allowlist
    /// (`ONBOARD_REDIRECT_ALLOWLIST`): the entry's origin, and its path as whole segments.
    #[cfg_attr(feature = "openapi", schema(format = "uri", max_length = 2048))]
    pub redirect_url: String,
    /// A language, optionally with its region: `sv`, `sv-SE`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z]{2,3}(-[A-Z]{2})?$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The partner's own reference for the applicant, echoed back in status reads.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionResponse {
    pub application_id: ApplicationId,
    /// A one-time claim code, for the widget only: it exchanges it at once
    /// (`POST /api/v1/session/claim`) for a credential that lives in that browser tab alone. It is
    /// never accepted as a bearer, and a second claim is refused (`link_used`).
    pub session_token: String,
    /// RFC 3339: when the session ends. A partner's code can be claimed until then; a hosted
    /// link's (and the demo page's) within 10 minutes of minting.
    pub expires_at: String,
    /// The hosted onboarding page for this session (the claim code in the fragment).
    pub hosted_url: String,
}

/// `POST /api/v1/session/claim`: the widget exchanges the claim code it was handed (the hosted
/// link's fragment, or the partner page's `sessionToken`) for its session credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClaimSession {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub session_token: String,
    /// The origin of the partner page framing the widget (`/embed?origin=`), when it is framed:
    /// the session's partner must allow it (`403 forbidden` otherwise, the code left unclaimed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub embed_origin: Option<String>,
    /// The theme the page framing the widget passed, as the page gave it: checked by the
    /// server, what does not pass is dropped and named in the session's `theme.rejected`. It
    /// wins over the partner's settings' theme for this session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PartnerTheme>))]
    pub theme: Option<ObjectJson>,
}

/// The session's credential: `Authorization: Bearer` of every other widget call. Kept by the tab
/// that claimed it (memory and `sessionStorage`), never in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionClaimed {
    pub credential: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// `POST /api/v1/session/handoff`: a link that carries the session's application on to another
/// device (a phone to photograph the identity document), for the widget to show as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HandoffCreated {
    /// The hosted widget with a one-time claim code in its fragment, as a minted session's
    /// `hostedUrl`.
    pub url: String,
    /// `url` as a QR code: an `<svg>` element to insert as it is. Black on white with its quiet
    /// zone, drawn with `fill` attributes only (no `style`, no script), labelled for screen
    /// readers in the session's language.
    pub qr_svg: String,
    /// RFC 3339: when the code can no longer be claimed.
    pub expires_at: String,
}

/// `GET /api/v1/session`: what the widget needs to render the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub application_id: ApplicationId,
    pub workflow_id: String,
    pub country_code: CountryCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
    /// Where the applicant goes when onboarding is over (on the partner's allowlist).
    pub redirect_url: String,
    /// The partner's brand, checked: the theme the page framing the widget passed with the
    /// claim, else the one of the partner's settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeStyle>,
    /// Who the customer onboards with, from the partner's settings, where they name it: the
    /// consent screen says whom the bank's data goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerView>,
}

/// The partner as its customers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartnerView {
    pub name: String,
    /// Where the partner says how it uses the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_url: Option<String>,
}

/// `GET /api/v1/session/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    pub application_id: ApplicationId,
    pub status: ApplicationStatus,
    /// RFC 3339, as the provider reports it.
    pub updated_at: String,
}

/// `DELETE /api/v1/applications/{id}/sessions`: how many live sessions were ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionsRevoked {
    pub revoked: u64,
}

/// The days the API takes as filters (transactions, account operations, a consent's window):
/// `YYYY-MM-DD`, from 1900-01-01 to 2999-12-31, so that any history or plan fits and every
/// provider can be sent the day.
#[cfg(feature = "openapi")]
pub struct FilterDate;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for FilterDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        formatted_string(utoipa::openapi::KnownFormat::Date)
            .pattern(Some("^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"))
            .examples(["2024-01-31"])
            .into()
    }
}

/// A string schema of `format`, for the API's types that are strings only on the wire.
#[cfg(feature = "openapi")]
fn formatted_string(format: utoipa::openapi::KnownFormat) -> utoipa::openapi::ObjectBuilder {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(format)))
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for FilterDate {}

/// Limits on partner-supplied free text, checked by the server.
pub const MAX_EXTERNAL_REF_LEN: usize = 128;
pub const MAX_URL_LEN: usize = 2048;
