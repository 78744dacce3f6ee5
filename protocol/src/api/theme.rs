//! A partner's theme: as its settings give it (or the page framing the widget passes it), and as
//! the session carries it to the widget, checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every key optional. Each value is checked when the settings are read, as a page's theme is
/// when it comes with a claim (`crate::theme::style`): the widget only ever sees a
/// [`ThemeStyle`].
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

/// A theme as the widget sets it on its page: checked by the server (`crate::theme::style`),
/// every value in a canonical form, so that the widget sets what it is given and carries no
/// checks of its own. The theme of the page framing the widget, when it passed one (with the
/// claim), else the partner's settings' one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThemeStyle {
    /// The scheme the partner's colours force; absent, the user's own (`prefers-color-scheme`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_scheme: Option<ColorScheme>,
    /// The custom properties to set, each one of [`THEME_PROPERTIES`], in a fixed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<ThemeProperty>,
    /// The keys whose values were refused (`colors.primary`, `radius`, `colorScheme`), for the
    /// partner's developers: the widget names them in the console and keeps its defaults for
    /// them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<String>,
}

/// One custom property of the widget's stylesheet and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeProperty {
    /// One of [`THEME_PROPERTIES`].
    pub name: String,
    pub value: String,
}

/// A colour scheme a theme forces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ColorScheme {
    Light,
    Dark,
}

impl ColorScheme {
    /// The root element's `data-theme` value that forces it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// Every custom property a theme can set: the widget clears them all before it sets a theme,
/// and sets no other.
pub const THEME_PROPERTIES: [&str; 15] = [
    "--onboard-color-primary",
    "--onboard-color-primary-contrast",
    "--onboard-color-background",
    "--onboard-color-surface",
    "--onboard-color-text",
    "--onboard-color-text-muted",
    "--onboard-color-border",
    "--onboard-color-error",
    "--onboard-color-success",
    "--onboard-color-warning",
    "--onboard-color-focus",
    "--onboard-radius",
    "--onboard-font-size",
    "--onboard-space",
    "--onboard-font-family",
];

#[cfg(test)]
mod tests {
    use super::super::ObjectJson;
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
            theme: ObjectJson,
        }
        let carried: Carrier = serde_json::from_str(&wrapped).unwrap();
        assert_eq!(carried.theme, text);
        assert_eq!(serde_json::to_string(&carried).unwrap(), wrapped);
        assert!(serde_json::from_str::<Carrier>(r#"{"theme":"x"}"#).is_err());
        assert!(serde_json::from_str::<PartnerTheme>(r#"{"corner":"2px"}"#).is_err());
    }
}
