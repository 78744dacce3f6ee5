//! A JSON object kept as its text: on the wire it is the object; the widget hands the text on
//! unread (a framing page's theme into its claim, a step's draft to the tab's storage), so that
//! its first load carries neither a reader nor a writer of JSON values for it.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectJson(pub String);

impl ObjectJson {
    pub fn of(value: &impl Serialize) -> Self {
        Self(serde_json::to_string(value).expect("strings serialize"))
    }
}

// Through `serde_json::Value`, not its `raw_value` feature: that feature adds a check to every
// struct serde_json writes, the widget's request bodies included (1.7 kB gzip of its first load,
// measured).
impl Serialize for ObjectJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::from_str::<serde_json::Value>(&self.0)
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ObjectJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            object @ serde_json::Value::Object(_) => Ok(Self(object.to_string())),
            _ => Err(D::Error::custom("expected a JSON object")),
        }
    }
}
