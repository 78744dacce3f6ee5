//! Reading JSON: the browser's `JSON.parse`, then serde from the JavaScript value it made. Per
//! type, walking JavaScript values takes less wasm than serde_json's parser does, and the
//! parsing itself is the browser's.
//!
//! One difference from serde_json: JavaScript numbers are doubles, so an integer beyond 2^53 - 1
//! is refused rather than read (for money, 90 trillion euros in cents).

use serde::de::DeserializeOwned;

/// `json` as a `T`, or why not: the browser's `SyntaxError` or serde's message.
pub fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(json)
        .map_err(|error| String::from(js_sys::Error::from(error).message()))?;
    serde_wasm_bindgen::from_value(value).map_err(|error| error.to_string())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::api::events::SessionEvent;
    use protocol::provider::openbanking::ConsentStatus;
    use protocol::{ErrorBody, ErrorCode, Money};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::from_str;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn reads_what_serde_json_writes() {
        let money = Money {
            minor: -12345,
            exponent: 2,
            currency: "SEK".into(),
        };
        assert_eq!(
            from_str::<Money>(&serde_json::to_string(&money).unwrap()),
            Ok(money)
        );
        let body: ErrorBody =
            from_str(r#"{"error":{"code":"not_found","message":"m"},"extra":1}"#).unwrap();
        assert_eq!(
            (body.error.code, body.error.field),
            (ErrorCode::NotFound, None)
        );
        let event = SessionEvent::Consent {
            consent_id: "c-1".into(),
            status: ConsentStatus::Authorised,
        };
        assert_eq!(
            from_str::<SessionEvent>(&serde_json::to_string(&event).unwrap()),
            Ok(event)
        );
    }

    #[wasm_bindgen_test]
    fn refuses_what_is_not_json_or_not_the_type() {
        assert!(from_str::<Money>("{").is_err());
        assert!(from_str::<Money>(r#"{"minor":"1","exponent":2,"currency":"SEK"}"#).is_err());
        assert!(
            from_str::<Money>(r#"{"minor":9007199254740993,"exponent":2,"currency":"SEK"}"#)
                .is_err()
        );
    }
}
