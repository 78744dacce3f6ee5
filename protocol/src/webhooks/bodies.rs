//! The notification bodies the server reads once their signature holds, read loosely: a type
//! this build does not know is still a notification to keep.

use serde::Deserialize;
use serde_json::Value;

/// The AML screening API's session event (docs/providers.md): which session, and what happened to
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AmlSessionEvent {
    pub session_id: String,
    /// A [`crate::provider::aml::WebhookEvent`] name, or one this build does not know.
    pub event: String,
}

impl AmlSessionEvent {
    pub fn read(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

/// The core-banking platform's AML notification (docs/providers.md): its envelope, and the
/// references in its `data` that may name one of our applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreBankingNotification {
    /// Kept by the platform across retries.
    pub notification_id: String,
    pub notification_type_code: String,
    /// `data.personId` and `data.source.sourceRef`, those that are strings.
    pub references: Vec<String>,
}

impl CoreBankingNotification {
    pub fn read(body: &[u8]) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Envelope {
            notification_id: String,
            notification_type_code: String,
            #[serde(default)]
            data: Value,
        }
        let envelope: Envelope = serde_json::from_slice(body)?;
        let references = [
            &envelope.data["personId"],
            &envelope.data["source"]["sourceRef"],
        ]
        .into_iter()
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
        Ok(Self {
            notification_id: envelope.notification_id,
            notification_type_code: envelope.notification_type_code,
            references,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aml_event_of_any_type_is_read() {
        let event =
            AmlSessionEvent::read(br#"{"sessionId":"s1","event":"SomethingNew","timestamp":"x"}"#)
                .unwrap();
        assert_eq!(
            event,
            AmlSessionEvent {
                session_id: "s1".into(),
                event: "SomethingNew".into()
            }
        );
        assert!(AmlSessionEvent::read(br#"{"event":"AllDone"}"#).is_err());
    }

    #[test]
    fn core_banking_references_are_the_string_ones() {
        let body = br#"{"notificationId":"n1","notificationTypeCode":"AML_SUBPROCESS_CREATED",
            "data":{"personId":"bits:application::x","source":{"sourceRef":42}}}"#;
        let notification = CoreBankingNotification::read(body).unwrap();
        assert_eq!(notification.notification_id, "n1");
        assert_eq!(notification.references, ["bits:application::x"]);
        let bare =
            CoreBankingNotification::read(br#"{"notificationId":"n2","notificationTypeCode":"X"}"#)
                .unwrap();
        assert!(bare.references.is_empty());
        assert!(CoreBankingNotification::read(b"[]").is_err());
    }
}
