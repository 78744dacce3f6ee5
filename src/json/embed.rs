//! What the partner's page hands the framed widget: its `init` message and its theme.

use js_sys::Reflect;
use protocol::embed::HostMessage;
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

use super::{Object, Read};
use crate::theme::Theme;

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
    let value = |name| object.field(name).as_ref().map(json_value);
    Ok(Theme {
        color_scheme: value("colorScheme"),
        colors: value("colors"),
        radius: value("radius"),
        font_family: value("fontFamily"),
        font_size: value("fontSize"),
        spacing: value("spacing"),
    })
}

/// A parsed JSON value as serde_json holds it: whole numbers as integers, as its parser reads
/// them.
fn json_value(value: &JsValue) -> Value {
    if let Some(flag) = value.as_bool() {
        Value::Bool(flag)
    } else if let Some(number) = value.as_f64() {
        let whole = number.fract() == 0.0 && number.abs() <= super::MAX_SAFE_INTEGER;
        match whole {
            true if number >= 0.0 => Value::from(number as u64),
            true => Value::from(number as i64),
            false => Number::from_f64(number).map_or(Value::Null, Value::Number),
        }
    } else if let Some(text) = value.as_string() {
        Value::String(text)
    } else if js_sys::Array::is_array(value) {
        Value::Array(
            js_sys::Array::from(value)
                .iter()
                .map(|item| json_value(&item))
                .collect(),
        )
    } else if value.is_object() {
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        let entries = keys.iter().filter_map(|key| {
            let item = Reflect::get(value, &key).ok()?;
            Some((key.as_string()?, json_value(&item)))
        });
        Value::Object(entries.collect::<Map<_, _>>())
    } else {
        Value::Null
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
            assert_eq!(theme(&parse(json).unwrap()), Ok(by_serde), "{json}");
        }
    }
}
