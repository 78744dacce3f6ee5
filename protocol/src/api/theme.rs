//! A partner's theme, as its settings give it and the session carries it to the widget.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ObjectJson;

/// Every key optional, and each value checked by the widget before it reaches the page (a value
/// that does not parse is dropped), as a page's theme is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerTheme {
    /// `light`, `dark` or `auto`: the scheme the colours were made for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_scheme: Option<String>,
    /// Colours by name ([`THEME_COLORS`]), as CSS colours (`#0a7f5a`, `rgb(...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<BTreeMap<String, String>>,
    /// CSS lengths: the corners' radius, the base font size, the spacing unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_size: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spacing: Option<String>,
    /// A list of font family names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
}

/// The colours a theme may set.
pub const THEME_COLORS: [&str; 10] = [
    "primary",
    "background",
    "surface",
    "text",
    "textMuted",
    "border",
    "error",
    "success",
    "warning",
    "focus",
];

/// A theme (a [`PartnerTheme`]) as the JSON text of its object: the widget hands the text to
/// its theme's module unread, as it does a framing page's theme.
pub type ThemeJson = ObjectJson;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_travels_as_its_object() {
        let json = r##"{"colors":{"primary":"#0a7f5a","text":"#111"},"radius":"2px"}"##;
        let theme: PartnerTheme = serde_json::from_str(json).unwrap();
        let text = ObjectJson::of(&theme);
        assert_eq!(text.0, json);
        let wrapped = format!(r#"{{"theme":{json}}}"#);
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Carrier {
            theme: ThemeJson,
        }
        let carried: Carrier = serde_json::from_str(&wrapped).unwrap();
        assert_eq!(carried.theme, text);
        assert_eq!(serde_json::to_string(&carried).unwrap(), wrapped);
        assert!(serde_json::from_str::<Carrier>(r#"{"theme":"x"}"#).is_err());
        assert!(serde_json::from_str::<PartnerTheme>(r#"{"corner":"2px"}"#).is_err());
    }
}
