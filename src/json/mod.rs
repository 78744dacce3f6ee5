//! Reading JSON: the browser's `JSON.parse`, then one small hand-written reader per type over the
//! JavaScript value it made. serde's derived code cost about its own size again for every type
//! and every future that awaited one; these readers share the few non-generic primitives below.
//!
//! They read what the server's serde writes, and the tests of each area check exactly that:
//! unknown fields are ignored, an absent or `null` optional is `None`, and a field serde
//! defaults (`#[serde(default)]`) may be absent. Two differences from serde_json: JavaScript
//! numbers are doubles, so an integer beyond 2^53 - 1 is refused rather than read (for money, 90
//! trillion euros in cents); and any array, not only a defaulted one, may be absent (or `null`)
//! for empty.

pub mod account;
pub mod banking;
pub mod embed;
pub mod events;
pub mod onboarding;
pub mod results;
pub mod session;

use js_sys::Reflect;
use protocol::Money;
use wasm_bindgen::{JsCast, JsValue};

/// A value read, or why not: which field, and what it held instead.
pub type Read<T> = Result<T, String>;

/// A JSON object, as `JSON.parse` made it.
pub struct Object(JsValue);

/// `json`'s top-level object, or why not: the browser's `SyntaxError`, or not an object.
pub fn parse(json: &str) -> Read<Object> {
    let value = js_sys::JSON::parse(json)
        .map_err(|error| String::from(js_sys::Error::from(error).message()))?;
    Object::from_value(value, "the body")
}

/// A value the browser made itself (a message's data), read as JSON's object would be.
pub fn object(value: JsValue) -> Read<Object> {
    Object::from_value(value, "the value")
}

/// The largest integer a double holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl Object {
    fn from_value(value: JsValue, name: &str) -> Read<Self> {
        // Arrays are objects to JavaScript; to JSON they are not.
        if value.is_object() && !js_sys::Array::is_array(&value) {
            Ok(Self(value))
        } else {
            Err(format!("{name}: expected an object"))
        }
    }

    /// The field's value; `None` when absent or `null`, as serde reads an `Option`.
    fn field(&self, name: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn required(&self, name: &str) -> Read<JsValue> {
        self.field(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    pub fn string(&self, name: &str) -> Read<String> {
        as_string(self.required(name)?, name)
    }

    pub fn optional_string(&self, name: &str) -> Read<Option<String>> {
        self.field(name)
            .map(|value| as_string(value, name))
            .transpose()
    }

    /// A string serde defaults to empty when absent.
    pub fn string_or_empty(&self, name: &str) -> Read<String> {
        Ok(self.optional_string(name)?.unwrap_or_default())
    }

    pub fn bool(&self, name: &str) -> Read<bool> {
        as_bool(self.required(name)?, name)
    }

    pub fn optional_bool(&self, name: &str) -> Read<Option<bool>> {
        self.field(name)
            .map(|value| as_bool(value, name))
            .transpose()
    }

    /// A flag serde defaults to `false` when absent.
    pub fn bool_or_false(&self, name: &str) -> Read<bool> {
        Ok(self.optional_bool(name)?.unwrap_or_default())
    }

    pub fn optional_number(&self, name: &str) -> Read<Option<f64>> {
        self.field(name)
            .map(|value| value.as_f64().ok_or_else(|| expected(name, "a number")))
            .transpose()
    }

    /// A whole number within `min..=max`, as serde reads an integer type of that range.
    pub fn integer(&self, name: &str, min: f64, max: f64) -> Read<f64> {
        self.required(name)?
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (min..=max).contains(n))
            .ok_or_else(|| expected(name, "an integer in range"))
    }

    pub fn u32(&self, name: &str) -> Read<u32> {
        Ok(self.integer(name, 0.0, u32::MAX.into())? as u32)
    }

    pub fn u64(&self, name: &str) -> Read<u64> {
        Ok(self.integer(name, 0.0, MAX_SAFE_INTEGER)? as u64)
    }

    pub fn optional_u32(&self, name: &str) -> Read<Option<u32>> {
        match self.field(name) {
            Some(_) => self.u32(name).map(Some),
            None => Ok(None),
        }
    }

    pub fn object(&self, name: &str) -> Read<Object> {
        Self::from_value(self.required(name)?, name)
    }

    pub fn optional_object(&self, name: &str) -> Read<Option<Object>> {
        self.field(name)
            .map(|value| Self::from_value(value, name))
            .transpose()
    }

    /// The array of objects `name`, each read by `reader`. Generic only in what `reader` makes:
    /// the walk over the array is the non-generic [`Object::objects`].
    pub fn each<T>(&self, name: &str, reader: fn(&Object) -> Read<T>) -> Read<Vec<T>> {
        self.objects(name)?.iter().map(reader).collect()
    }

    /// The object `name` read by `reader`, if present.
    pub fn optional<T>(&self, name: &str, reader: fn(&Object) -> Read<T>) -> Read<Option<T>> {
        self.optional_object(name)?.as_ref().map(reader).transpose()
    }

    /// Each member of the object `name` (absent is none) that is itself an object, as its JSON
    /// text: what the widget keeps as it came rather than reads (a step's draft).
    pub fn member_objects_json(&self, name: &str) -> Read<Vec<(String, String)>> {
        let Some(object) = self.optional_object(name)? else {
            return Ok(Vec::new());
        };
        js_sys::Object::keys(object.0.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|key| key.as_string())
            .filter_map(|key| match object.optional_object_json(&key) {
                Ok(Some(text)) => Some(Ok((key, text))),
                Ok(None) => None,
                Err(why) => Some(Err(why)),
            })
            .collect()
    }

    /// An array of objects; absent is empty, as serde defaults a `Vec`.
    pub fn objects(&self, name: &str) -> Read<Vec<Object>> {
        self.array(name)?
            .into_iter()
            .map(|value| Self::from_value(value, name))
            .collect()
    }

    /// An array of arrays of objects (the signing combinations, the board).
    pub fn object_groups(&self, name: &str) -> Read<Vec<Vec<Object>>> {
        self.array(name)?
            .into_iter()
            .map(|group| {
                as_array(group, name)?
                    .into_iter()
                    .map(|value| Self::from_value(value, name))
                    .collect()
            })
            .collect()
    }

    /// The JSON text of the object `name`, if present.
    pub fn optional_object_json(&self, name: &str) -> Read<Option<String>> {
        let Some(object) = self.optional_object(name)? else {
            return Ok(None);
        };
        let text = js_sys::JSON::stringify(&object.0).map_err(|_| format!("{name}: not JSON"))?;
        Ok(Some(text.into()))
    }

    /// An array of strings; absent is empty, as serde defaults a `Vec`.
    pub fn strings(&self, name: &str) -> Read<Vec<String>> {
        self.array(name)?
            .into_iter()
            .map(|value| as_string(value, name))
            .collect()
    }

    fn array(&self, name: &str) -> Read<Vec<JsValue>> {
        self.field(name)
            .map_or(Ok(Vec::new()), |value| as_array(value, name))
    }

    /// Exact minor units: the one number type every area reads.
    pub fn money(&self, name: &str) -> Read<Money> {
        money(&self.object(name)?)
    }

    pub fn optional_money(&self, name: &str) -> Read<Option<Money>> {
        self.optional(name, money)
    }
}

fn money(object: &Object) -> Read<Money> {
    Ok(Money {
        minor: object.integer("minor", -MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)? as i64,
        exponent: object.integer("exponent", 0.0, u8::MAX.into())? as u8,
        currency: object.string("currency")?,
    })
}

fn as_string(value: JsValue, name: &str) -> Read<String> {
    value.as_string().ok_or_else(|| expected(name, "a string"))
}

fn as_bool(value: JsValue, name: &str) -> Read<bool> {
    value.as_bool().ok_or_else(|| expected(name, "a boolean"))
}

fn as_array(value: JsValue, name: &str) -> Read<Vec<JsValue>> {
    if js_sys::Array::is_array(&value) {
        Ok(js_sys::Array::from(&value).to_vec())
    } else {
        Err(expected(name, "an array"))
    }
}

fn expected(name: &str, what: &str) -> String {
    format!("field `{name}`: expected {what}")
}

/// A value serde does not know as one of an enum's names.
pub fn unknown(name: &str, value: &str) -> String {
    format!("field `{name}`: unknown value `{value}`")
}

/// `value` as serde_json writes it, read back by `reader`: the readers' tests compare the two.
#[cfg(all(test, target_arch = "wasm32"))]
fn read_back<T>(value: &impl serde::Serialize, reader: fn(&Object) -> Read<T>) -> Read<T> {
    reader(&parse(&serde_json::to_string(value).unwrap())?)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::Money;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::parse;

    wasm_bindgen_test_configure!(run_in_browser);

    fn money(json: &str) -> super::Read<Money> {
        parse(json)?.money("amount")
    }

    #[wasm_bindgen_test]
    fn reads_money_as_serde_json_writes_it() {
        let amount = Money {
            minor: -12345,
            exponent: 2,
            currency: "SEK".into(),
        };
        let json = format!(
            r#"{{"amount":{}}}"#,
            serde_json::to_string(&amount).unwrap()
        );
        assert_eq!(money(&json), Ok(amount));
    }

    #[wasm_bindgen_test]
    fn refuses_what_is_not_json_or_not_the_type() {
        assert!(parse("{").is_err());
        assert!(parse("[]").is_err());
        assert!(money(r#"{"amount":{"minor":"1","exponent":2,"currency":"SEK"}}"#).is_err());
        assert!(money(r#"{"amount":{"minor":1.5,"exponent":2,"currency":"SEK"}}"#).is_err());
        assert!(
            money(r#"{"amount":{"minor":9007199254740993,"exponent":2,"currency":"SEK"}}"#)
                .is_err()
        );
        assert!(money(r#"{"amount":{"minor":1,"exponent":256,"currency":"SEK"}}"#).is_err());
        assert!(money(r#"{}"#).is_err());
    }
}
