//! What the partner's page hands the framed widget: its `init` message and its theme.

use js_sys::Reflect;
use protocol::embed::HostMessage;
use wasm_bindgen::{JsCast, JsValue};

use super::{Object, Read};
use crate::theme::{Sent, Theme};

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

/// The theme keeps its values as sent, whatever their JSON type (see [`Theme`]).
pub fn theme(object: &Object) -> Read<Theme> {
    let value = |name| object.field(name).as_ref().map(sent);
    Ok(Theme {
        color_scheme: value("colorScheme"),
        colors: value("colors"),
        radius: value("radius"),
        font_family: value("fontFamily"),
        font_size: value("fontSize"),
        spacing: value("spacing"),
    })
}

/// Strings, and objects (`colors`) entry by entry; of any other value only that it was there.
fn sent(value: &JsValue) -> Sent {
    if let Some(text) = value.as_string() {
        Sent::Text(text)
    } else if value.is_object() && !js_sys::Array::is_array(value) {
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        let entries = keys.iter().filter_map(|key| {
            let item = Reflect::get(value, &key).ok()?;
            Some((key.as_string()?, sent(&item)))
        });
        Sent::Object(entries.collect())
    } else {
        Sent::Other
    }
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

    #[wasm_bindgen_test]
    fn reads_themes_as_serde_json_does() {
        for json in [
            r#"{}"#,
            r#"{"colorScheme":"dark","radius":"8px","fontFamily":"Inter, sans-serif","fontSize":"16px","spacing":"8px","unknown":1}"#,
            r##"{"colors":{"primary":"#0a7","text":7,"border":null},"radius":8,"spacing":1.5}"##,
            r#"{"colorScheme":null,"colors":[1,true,"x",{"a":-2}],"fontSize":false}"#,
        ] {
            let by_serde = Theme::from_json(&serde_json::from_str(json).unwrap());
            let read = theme(&parse(json).unwrap()).unwrap();
            assert_eq!(in_key_order(read), in_key_order(by_serde), "{json}");
        }
    }

    /// The theme with its colours in key order: the browser keeps an object's own order,
    /// serde_json sorts.
    fn in_key_order(mut theme: Theme) -> Theme {
        if let Some(Sent::Object(entries)) = &mut theme.colors {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
        }
        theme
    }
}
