//! The messages between the loader script on a partner's page (`/onboard.js`) and the widget in
//! its iframe, version 1. Every message is an object `{source: "onboard", version: 1, type, ...}`;
//! both sides drop anything else, and anything from another origin, unread.
//!
//! Events carry names, step names, bank ids, statuses and error codes: never personal data.

use serde::{Deserialize, Serialize};

use crate::onboarding::Step;
use crate::{ApplicationStatus, ErrorCode};

pub const MESSAGE_SOURCE: &str = "onboard";
pub const MESSAGE_VERSION: u32 = 1;

/// Session tokens are 43 URL-safe characters; anything far longer is not one.
const MAX_TOKEN_LEN: usize = 256;
/// BCP 47 tags in practice ("de-CH", "nb-NO", "zh-Hant-TW").
const MAX_LOCALE_LEN: usize = 35;

/// A message from the partner's page, as it arrives (fields the widget reads itself, such as
/// the theme, are ignored here).
#[derive(Debug, Deserialize)]
pub struct HostMessage {
    pub source: String,
    pub version: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub token: Option<String>,
    pub locale: Option<String>,
}

/// The one message the widget acts on: the session to open, handed over after it said `ready`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostInit {
    pub token: String,
    /// As the page asked: a tag the widget negotiates against the languages it speaks.
    pub locale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostMessageError {
    #[error("not an Onboard message")]
    Foreign,
    #[error("message version {0} is not supported")]
    Version(u32),
    #[error("unknown message type")]
    UnknownType,
    #[error("the token is missing or malformed")]
    Token,
}

impl HostMessage {
    pub fn into_init(self) -> Result<HostInit, HostMessageError> {
        if self.source != MESSAGE_SOURCE {
            return Err(HostMessageError::Foreign);
        }
        if self.version != MESSAGE_VERSION {
            return Err(HostMessageError::Version(self.version));
        }
        if self.kind != "init" {
            return Err(HostMessageError::UnknownType);
        }
        let token = self
            .token
            .filter(|token| {
                (1..=MAX_TOKEN_LEN).contains(&token.len())
                    && token
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
            })
            .ok_or(HostMessageError::Token)?;
        let locale = self.locale.filter(|locale| {
            (2..=MAX_LOCALE_LEN).contains(&locale.len())
                && locale
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        Ok(HostInit { token, locale })
    }
}

/// A message from the widget to the partner's page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WidgetMessage {
    source: &'static str,
    version: u32,
    #[serde(flatten)]
    pub body: WidgetMessageBody,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum WidgetMessageBody {
    /// Loaded and listening: the page may send `init`.
    Ready,
    /// The widget's content height in CSS pixels, so the page can size the iframe to fit.
    Resize {
        height: u32,
    },
    Event {
        event: WidgetEvent,
    },
}

impl From<WidgetMessageBody> for WidgetMessage {
    fn from(body: WidgetMessageBody) -> Self {
        Self {
            source: MESSAGE_SOURCE,
            version: MESSAGE_VERSION,
            body,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventName {
    Open,
    StepViewed,
    BankSelected,
    HandoffToBank,
    ReturnedFromBank,
    ConsentAuthorised,
    ConsentRejected,
    Submitted,
    StatusChanged,
    Error,
    Exit,
    Success,
}

/// Why the widget closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    /// The user chose to leave.
    UserExit,
    /// The partner's page called `handle.exit()` (the loader reports it; the widget never does).
    PartnerExit,
    /// The session ran out; the partner should mint a new one.
    SessionExpired,
    /// The session is unknown or revoked.
    SessionInvalid,
}

/// One thing that happened, with the metadata its name calls for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetEvent {
    pub name: EventName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_id: Option<String>,
    /// The consent a bank-only workflow ends with, for the partner to read the data by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ApplicationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ExitReason>,
}

impl WidgetEvent {
    pub fn new(name: EventName) -> Self {
        Self {
            name,
            application_id: None,
            step: None,
            bank_id: None,
            consent_id: None,
            status: None,
            code: None,
            reason: None,
        }
    }

    pub fn step_viewed(step: Step) -> Self {
        Self {
            step: Some(step),
            ..Self::new(EventName::StepViewed)
        }
    }

    pub fn bank_selected(bank_id: &str) -> Self {
        Self {
            bank_id: Some(bank_id.to_owned()),
            ..Self::new(EventName::BankSelected)
        }
    }

    pub fn status_changed(status: ApplicationStatus) -> Self {
        Self {
            status: Some(status),
            ..Self::new(EventName::StatusChanged)
        }
    }

    pub fn success(status: ApplicationStatus) -> Self {
        Self {
            status: Some(status),
            ..Self::new(EventName::Success)
        }
    }

    /// The end of a workflow that only connects a bank: the consent is authorised.
    pub fn connected(bank_id: &str, consent_id: &str) -> Self {
        Self {
            bank_id: Some(bank_id.to_owned()),
            consent_id: Some(consent_id.to_owned()),
            ..Self::new(EventName::Success)
        }
    }

    pub fn error(code: ErrorCode) -> Self {
        Self {
            code: Some(code),
            ..Self::new(EventName::Error)
        }
    }

    pub fn exit(reason: ExitReason) -> Self {
        Self {
            reason: Some(reason),
            ..Self::new(EventName::Exit)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: serde_json::Value) -> Result<HostInit, HostMessageError> {
        serde_json::from_value::<HostMessage>(value)
            .unwrap()
            .into_init()
    }

    #[test]
    fn an_init_message_hands_over_the_token_and_locale() {
        let init = parse(
            json!({"source": "onboard", "version": 1, "type": "init", "token": "abc-DEF_123", "locale": "sv-SE", "theme": {"x": 1}}),
        );
        assert_eq!(
            init,
            Ok(HostInit {
                token: "abc-DEF_123".into(),
                locale: Some("sv-SE".into())
            })
        );
    }

    #[test]
    fn foreign_or_other_version_or_type_is_refused() {
        let base = |source: &str, version: u32, kind: &str| json!({"source": source, "version": version, "type": kind, "token": "abc"});
        assert_eq!(
            parse(base("other", 1, "init")),
            Err(HostMessageError::Foreign)
        );
        assert_eq!(
            parse(base("onboard", 2, "init")),
            Err(HostMessageError::Version(2))
        );
        assert_eq!(
            parse(base("onboard", 1, "exit")),
            Err(HostMessageError::UnknownType)
        );
    }

    #[test]
    fn a_malformed_token_is_refused_and_a_malformed_locale_dropped() {
        for token in ["", "a b", "<script>", &"x".repeat(300)] {
            let message =
                json!({"source": "onboard", "version": 1, "type": "init", "token": token});
            assert_eq!(parse(message), Err(HostMessageError::Token), "{token}");
        }
        let message = json!({"source": "onboard", "version": 1, "type": "init", "token": "t", "locale": "sv\"><"});
        assert_eq!(parse(message).unwrap().locale, None);
    }

    #[test]
    fn messages_keep_their_documented_shape() {
        let event = WidgetEvent {
            application_id: Some("app_1".into()),
            ..WidgetEvent::step_viewed(Step::Address)
        };
        let message = WidgetMessage::from(WidgetMessageBody::Event { event });
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            json!({"source": "onboard", "version": 1, "type": "event",
                   "event": {"name": "STEP_VIEWED", "applicationId": "app_1", "step": "address"}})
        );
        let connected = WidgetEvent::connected("20101", "c-1");
        assert_eq!(
            serde_json::to_value(&connected).unwrap(),
            json!({"name": "SUCCESS", "bankId": "20101", "consentId": "c-1"})
        );
        let resize = WidgetMessage::from(WidgetMessageBody::Resize { height: 640 });
        assert_eq!(
            serde_json::to_value(&resize).unwrap(),
            json!({"source": "onboard", "version": 1, "type": "resize", "height": 640})
        );
        let exit = serde_json::to_value(WidgetEvent::exit(ExitReason::UserExit)).unwrap();
        assert_eq!(exit, json!({"name": "EXIT", "reason": "user_exit"}));
    }
}
