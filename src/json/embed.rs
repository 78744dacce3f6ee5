//! What the partner's page hands the framed widget: its `init` message.

use protocol::embed::HostMessage;

use super::{Object, Read};

/// A message as `postMessage` delivered it: read from the value itself, no JSON in between.
pub fn host_message(object: &Object) -> Read<HostMessage> {
    Ok(HostMessage {
        source: object.string("source")?,
        version: object.u32("version")?,
        kind: object.string("type")?,
        token: object.optional_string("token")?,
        locale: object.optional_string("locale")?,
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::embed::HostMessage;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::parse;

    #[wasm_bindgen_test]
    fn reads_host_messages_as_serde_json_does() {
        for json in [
            r#"{"source":"onboard","version":1,"type":"init","token":"abc-DEF_123","locale":"sv-SE","theme":{"x":1}}"#,
            r#"{"source":"onboard","version":1,"type":"init","token":"abc"}"#,
            r#"{"source":"onboard","version":1,"type":"init","token":null,"locale":null}"#,
            r#"{"source":"other","version":2,"type":"exit","token":"a b"}"#,
        ] {
            let by_serde = serde_json::from_str::<HostMessage>(json)
                .unwrap()
                .into_init();
            let read = host_message(&parse(json).unwrap()).unwrap().into_init();
            assert_eq!(read, by_serde, "{json}");
        }
        for json in [
            r#"{"source":"onboard","version":"1","type":"init"}"#,
            r#"{"version":1}"#,
        ] {
            assert!(serde_json::from_str::<HostMessage>(json).is_err());
            assert!(host_message(&parse(json).unwrap()).is_err(), "{json}");
        }
    }
}
