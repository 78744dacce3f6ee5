//! The session's answers: the claim, the session, its status, and the error body of any call.

use protocol::api::{
    ColorScheme, HandoffCreated, PartnerView, SessionClaimed, SessionView, StatusView,
    ThemeProperty, ThemeStyle,
};
use protocol::{ApiError, ApplicationId, ApplicationStatus, CountryCode, ErrorBody, ErrorCode};

use super::{unknown, Object, Read};

pub fn session_claimed(object: &Object) -> Read<SessionClaimed> {
    Ok(SessionClaimed {
        credential: object.string("credential")?,
        expires_at: object.string("expiresAt")?,
    })
}

pub fn handoff_created(object: &Object) -> Read<HandoffCreated> {
    Ok(HandoffCreated {
        url: object.string("url")?,
        qr_svg: object.string("qrSvg")?,
        expires_at: object.string("expiresAt")?,
    })
}

pub fn session_view(object: &Object) -> Read<SessionView> {
    let country = object.string("countryCode")?;
    Ok(SessionView {
        application_id: application_id(object)?,
        workflow_id: object.string("workflowId")?,
        country_code: CountryCode::parse(&country).map_err(|_| unknown("countryCode", &country))?,
        locale: object.optional_string("locale")?,
        expires_at: object.string("expiresAt")?,
        redirect_url: object.string("redirectUrl")?,
        theme: object.optional("theme", theme_style)?,
        partner: object.optional("partner", |partner| {
            Ok(PartnerView {
                name: partner.string("name")?,
                privacy_url: partner.optional_string("privacyUrl")?,
            })
        })?,
    })
}

fn theme_style(object: &Object) -> Read<ThemeStyle> {
    let color_scheme = match object.optional_string("colorScheme")?.as_deref() {
        None => None,
        Some("light") => Some(ColorScheme::Light),
        Some("dark") => Some(ColorScheme::Dark),
        Some(other) => return Err(unknown("colorScheme", other)),
    };
    Ok(ThemeStyle {
        color_scheme,
        properties: object.each("properties", |property| {
            Ok(ThemeProperty {
                name: property.string("name")?,
                value: property.string("value")?,
            })
        })?,
        rejected: object.strings("rejected")?,
    })
}

pub fn status_view(object: &Object) -> Read<StatusView> {
    Ok(StatusView {
        application_id: application_id(object)?,
        status: application_status(object)?,
        updated_at: object.string("updatedAt")?,
    })
}

fn application_id(object: &Object) -> Read<ApplicationId> {
    let id = object.string("applicationId")?;
    ApplicationId::parse(&id).map_err(|_| unknown("applicationId", &id))
}

/// The `status` field, which every area names so.
pub fn application_status(object: &Object) -> Read<ApplicationStatus> {
    let status = object.string("status")?;
    ApplicationStatus::parse(&status).ok_or_else(|| unknown("status", &status))
}

pub fn error_body(object: &Object) -> Read<ErrorBody> {
    let error = object.object("error")?;
    Ok(ErrorBody {
        error: ApiError {
            code: error_code(&error.string("code")?),
            message: error.string("message")?,
            field: error.optional_string("field")?,
        },
    })
}

/// A code from a newer server is `Unknown`, as serde's `#[serde(other)]` reads it.
fn error_code(code: &str) -> ErrorCode {
    use ErrorCode::*;
    match code {
        "invalid_request" => InvalidRequest,
        "unauthorized" => Unauthorized,
        "session_expired" => SessionExpired,
        "forbidden" => Forbidden,
        "link_used" => LinkUsed,
        "consent_not_confirmed" => ConsentNotConfirmed,
        "bank_return_refused" => BankReturnRefused,
        "not_found" => NotFound,
        "conflict" => Conflict,
        "payload_too_large" => PayloadTooLarge,
        "unsupported_media_type" => UnsupportedMediaType,
        "rate_limited" => RateLimited,
        "upstream_unavailable" => UpstreamUnavailable,
        "internal" => Internal,
        _ => Unknown,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::api::{HandoffCreated, PartnerView, SessionClaimed, SessionView, StatusView};
    use protocol::{ApiError, ApplicationId, ApplicationStatus, CountryCode, ErrorBody, ErrorCode};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::{parse, read_back};

    #[wasm_bindgen_test]
    fn reads_a_handoff_as_serde_json_writes_it() {
        let made = HandoffCreated {
            url: "http://127.0.0.1:8080/#token=abc".into(),
            qr_svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into(),
            expires_at: "2026-12-07T22:22:37Z".into(),
        };
        assert_eq!(read_back(&made, handoff_created), Ok(made));
    }

    fn id() -> ApplicationId {
        ApplicationId::parse("bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100").unwrap()
    }

    #[wasm_bindgen_test]
    fn reads_the_session_as_serde_json_writes_it() {
        let claimed = SessionClaimed {
            credential: "c".into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
        };
        let json = serde_json::to_string(&claimed).unwrap();
        assert_eq!(session_claimed(&parse(&json).unwrap()), Ok(claimed));
        let theme = ThemeStyle {
            color_scheme: Some(ColorScheme::Dark),
            properties: vec![ThemeProperty {
                name: "--onboard-radius".into(),
                value: "2px".into(),
            }],
            rejected: vec!["colors.primary".into()],
        };
        let light = ThemeStyle {
            color_scheme: Some(ColorScheme::Light),
            ..ThemeStyle::default()
        };
        let partner = PartnerView {
            name: "Acme Bank".into(),
            privacy_url: Some("https://acme.example/privacy".into()),
        };
        let nameless = PartnerView {
            privacy_url: None,
            ..partner.clone()
        };
        let sessions = [
            (None, None, None),
            (Some("sv-SE".to_owned()), Some(theme), Some(partner)),
            (None, None, Some(nameless)),
            (None, Some(light), None),
            (None, Some(ThemeStyle::default()), None),
        ];
        for (locale, theme, partner) in sessions {
            let view = SessionView {
                application_id: id(),
                workflow_id: "kyc".into(),
                country_code: CountryCode::parse("SE").unwrap(),
                locale,
                expires_at: "2030-01-01T00:00:00Z".into(),
                redirect_url: "https://partner.example/done".into(),
                theme,
                partner,
            };
            let json = serde_json::to_string(&view).unwrap();
            assert_eq!(session_view(&parse(&json).unwrap()), Ok(view));
        }
        for status in ApplicationStatus::ALL {
            let view = StatusView {
                application_id: id(),
                status,
                updated_at: "2030-01-01T00:00:00Z".into(),
            };
            let json = serde_json::to_string(&view).unwrap();
            assert_eq!(status_view(&parse(&json).unwrap()), Ok(view));
        }
        let newer = format!(
            r#"{{"applicationId":"{}","status":"NEW","updatedAt":""}}"#,
            id()
        );
        assert!(status_view(&parse(&newer).unwrap()).is_err());
    }

    #[wasm_bindgen_test]
    fn reads_every_error_code_and_takes_new_ones_as_unknown() {
        for code in ErrorCode::ALL {
            for field in [None, Some("email".to_owned())] {
                let body = ErrorBody {
                    error: ApiError {
                        code,
                        message: "m".into(),
                        field,
                    },
                };
                let json = serde_json::to_string(&body).unwrap();
                assert_eq!(error_body(&parse(&json).unwrap()), Ok(body));
            }
        }
        let newer = r#"{"error":{"code":"brand_new","message":"x"},"extra":1}"#;
        let read = error_body(&parse(newer).unwrap()).unwrap();
        let by_serde: ErrorBody = serde_json::from_str(newer).unwrap();
        assert_eq!(
            (read.clone(), read.error.code),
            (by_serde, ErrorCode::Unknown)
        );
    }
}
