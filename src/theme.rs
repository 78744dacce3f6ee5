//! The partner's theme: their brand colours, radius, font and spacing, mapped onto the
//! `--onboard-*` custom properties that `style/main.css` declares with its defaults.
//!
//! The theme comes from the partner's page, or else from the partner's settings (the session
//! carries it), and the widget trusts neither: every value is
//! parsed and written back in a canonical form, so that nothing but a colour, a length or a
//! list of font names can reach the stylesheet. A value that does not parse is dropped and
//! named in [`Theme::rejected`], never passed on.
//!
//! The partner's colours apply in both colour schemes: a partner who sets them should also say
//! which scheme they were made for with `colorScheme`.

use protocol::api::ThemeJson;

use crate::split::split_point;

/// The theme object a partner hands over, as JSON:
///
/// ```json
/// { "colorScheme": "light" | "dark" | "auto",
///   "colors": { "primary": "#0a7", "background": "…", "surface": "…", "text": "…",
///               "textMuted": "…", "border": "…", "error": "…", "success": "…",
///               "warning": "…", "focus": "…" },
///   "radius": "8px", "fontFamily": "Inter, system-ui, sans-serif",
///   "fontSize": "16px", "spacing": "8px" }
/// ```
///
/// Every key is optional and unknown keys are ignored. The values are kept as sent (see
/// [`Sent`]), so that one wrong value costs only that value, not the whole theme (read by
/// `json::embed::theme`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    pub(crate) color_scheme: Option<Sent>,
    pub(crate) colors: Option<Sent>,
    pub(crate) radius: Option<Sent>,
    pub(crate) font_family: Option<Sent>,
    pub(crate) font_size: Option<Sent>,
    pub(crate) spacing: Option<Sent>,
}

/// What the theme keeps of a JSON value: only a string is ever a valid value (and, for
/// `colors`, an object of them), but a value of another type must still be told from an
/// absent one, to be named in [`Theme::rejected`].
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    Text(String),
    /// The entries in the order the object had them.
    Object(Vec<(String, Sent)>),
    Other,
}

impl Sent {
    fn as_str(&self) -> Option<&str> {
        match self {
            Sent::Text(text) => Some(text),
            Sent::Object(_) | Sent::Other => None,
        }
    }
}

#[cfg(test)]
impl Theme {
    /// The theme a JSON object holds, `null` as absent: what `json::embed::theme` reads from
    /// the browser's parse of the same object.
    pub(crate) fn from_json(value: &serde_json::Value) -> Self {
        let field = |name| {
            value
                .get(name)
                .filter(|value| !value.is_null())
                .map(Sent::from)
        };
        Self {
            color_scheme: field("colorScheme"),
            colors: field("colors"),
            radius: field("radius"),
            font_family: field("fontFamily"),
            font_size: field("fontSize"),
            spacing: field("spacing"),
        }
    }
}

#[cfg(test)]
impl From<&serde_json::Value> for Sent {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::String(text) => Sent::Text(text.clone()),
            Value::Object(entries) => Sent::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.into()))
                    .collect(),
            ),
            _ => Sent::Other,
        }
    }
}

/// Which palette the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
    /// The user's system setting (`prefers-color-scheme`).
    Auto,
}

impl ColorScheme {
    /// The root element's `data-theme` value that forces this scheme, if it forces one.
    pub fn data_theme(self) -> Option<&'static str> {
        match self {
            Self::Light => Some("light"),
            Self::Dark => Some("dark"),
            Self::Auto => None,
        }
    }
}

/// The colour keys of the theme object, the name [`Theme::rejected`] gives each, and the
/// custom property each one sets.
const COLORS: [(&str, &str, &str); 10] = [
    ("primary", "colors.primary", "--onboard-color-primary"),
    (
        "background",
        "colors.background",
        "--onboard-color-background",
    ),
    ("surface", "colors.surface", "--onboard-color-surface"),
    ("text", "colors.text", "--onboard-color-text"),
    (
        "textMuted",
        "colors.textMuted",
        "--onboard-color-text-muted",
    ),
    ("border", "colors.border", "--onboard-color-border"),
    ("error", "colors.error", "--onboard-color-error"),
    ("success", "colors.success", "--onboard-color-success"),
    ("warning", "colors.warning", "--onboard-color-warning"),
    ("focus", "colors.focus", "--onboard-color-focus"),
];

const PRIMARY_CONTRAST: &str = "--onboard-color-primary-contrast";

/// Lengths, with the range (in px, 1rem = 1em = 16px) outside which a layout breaks.
const RADIUS: Length = Length {
    property: "--onboard-radius",
    min_px: 0.0,
    max_px: 32.0,
};
const FONT_SIZE: Length = Length {
    property: "--onboard-font-size",
    min_px: 12.0,
    max_px: 24.0,
};
const SPACING: Length = Length {
    property: "--onboard-space",
    min_px: 2.0,
    max_px: 24.0,
};

const FONT_FAMILY: &str = "--onboard-font-family";

struct Length {
    property: &'static str,
    min_px: f64,
    max_px: f64,
}

/// What a theme resolves to: the declarations to set and the keys that were refused.
#[derive(Default)]
struct Resolved {
    declarations: Vec<(&'static str, String)>,
    rejected: Vec<&'static str>,
}

impl Theme {
    /// The custom properties this theme sets, with their values in canonical form, in a fixed
    /// order. A valid `colors.primary` also sets `--onboard-color-primary-contrast` to black
    /// or white, whichever reads better on it.
    pub fn declarations(&self) -> Vec<(&'static str, String)> {
        self.resolve().declarations
    }

    /// The keys whose values were refused (`"colors.primary"`, `"radius"`, …), for the caller
    /// to log: the widget then shows its own default for them.
    pub fn rejected(&self) -> Vec<&'static str> {
        self.resolve().rejected
    }

    /// Every property a theme can set: [`apply`] clears them all first, so that a second theme
    /// leaves nothing of the first.
    fn all_properties() -> impl Iterator<Item = &'static str> {
        let others = [
            PRIMARY_CONTRAST,
            RADIUS.property,
            FONT_SIZE.property,
            SPACING.property,
            FONT_FAMILY,
        ];
        COLORS
            .into_iter()
            .map(|(_, _, property)| property)
            .chain(others)
    }

    /// The scheme the partner asked for; `None` when they did not say or said something else
    /// (which [`Theme::rejected`] reports).
    pub fn color_scheme(&self) -> Option<ColorScheme> {
        self.color_scheme.as_ref().and_then(parse_color_scheme)
    }

    fn resolve(&self) -> Resolved {
        let mut out = Resolved::default();
        if let Some(value) = &self.color_scheme {
            if parse_color_scheme(value).is_none() {
                out.rejected.push("colorScheme");
            }
        }
        match &self.colors {
            None => {}
            Some(Sent::Object(colors)) => {
                for (key, name, property) in COLORS {
                    let Some((_, value)) = colors.iter().find(|(sent, _)| sent == key) else {
                        continue;
                    };
                    match value.as_str().and_then(parse_color) {
                        Some(color) => {
                            out.declarations.push((property, color.to_css()));
                            if key == "primary" {
                                out.declarations
                                    .push((PRIMARY_CONTRAST, contrast_text(color).to_css()));
                            }
                        }
                        None => out.rejected.push(name),
                    }
                }
            }
            Some(_) => out.rejected.push("colors"),
        }
        for (key, value, length) in [
            ("radius", &self.radius, &RADIUS),
            ("fontSize", &self.font_size, &FONT_SIZE),
            ("spacing", &self.spacing, &SPACING),
        ] {
            let Some(value) = value else { continue };
            match value.as_str().and_then(|v| parse_length(v, length)) {
                Some(css) => out.declarations.push((length.property, css)),
                None => out.rejected.push(key),
            }
        }
        if let Some(value) = &self.font_family {
            match value.as_str().and_then(parse_font_family) {
                Some(css) => out.declarations.push((FONT_FAMILY, css)),
                None => out.rejected.push("fontFamily"),
            }
        }
        out
    }
}

fn parse_color_scheme(value: &Sent) -> Option<ColorScheme> {
    match value.as_str()? {
        "light" => Some(ColorScheme::Light),
        "dark" => Some(ColorScheme::Dark),
        "auto" => Some(ColorScheme::Auto),
        _ => None,
    }
}

/// An sRGB colour with 8-bit channels and an alpha from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: f64,
}

impl Color {
    pub const BLACK: Color = Color::opaque(0, 0, 0);
    pub const WHITE: Color = Color::opaque(255, 255, 255);

    pub const fn opaque(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 1.0 }
    }

    /// `#rrggbb`, or `#rrggbbaa` when not opaque.
    pub fn to_css(self) -> String {
        let Self { r, g, b, a } = self;
        if a >= 1.0 {
            format!("#{r:02x}{g:02x}{b:02x}")
        } else {
            format!("#{r:02x}{g:02x}{b:02x}{:02x}", (a * 255.0).round() as u8)
        }
    }

    /// Relative luminance as WCAG 2.2 defines it (the alpha is ignored).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn contrast_ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever contrasts more with `background`: the text colour for a button
/// in the partner's brand colour, light or dark.
pub fn contrast_text(background: Color) -> Color {
    if contrast_ratio(background, Color::BLACK) > contrast_ratio(background, Color::WHITE) {
        Color::BLACK
    } else {
        Color::WHITE
    }
}

/// The named colours a partner may use besides the functional and hex forms.
const NAMED: [(&str, Color); 18] = [
    ("black", Color::BLACK),
    ("white", Color::WHITE),
    ("gray", Color::opaque(128, 128, 128)),
    ("grey", Color::opaque(128, 128, 128)),
    ("silver", Color::opaque(192, 192, 192)),
    ("red", Color::opaque(255, 0, 0)),
    ("maroon", Color::opaque(128, 0, 0)),
    ("orange", Color::opaque(255, 165, 0)),
    ("yellow", Color::opaque(255, 255, 0)),
    ("olive", Color::opaque(128, 128, 0)),
    ("lime", Color::opaque(0, 255, 0)),
    ("green", Color::opaque(0, 128, 0)),
    ("teal", Color::opaque(0, 128, 128)),
    ("aqua", Color::opaque(0, 255, 255)),
    ("blue", Color::opaque(0, 0, 255)),
    ("navy", Color::opaque(0, 0, 128)),
    ("purple", Color::opaque(128, 0, 128)),
    ("fuchsia", Color::opaque(255, 0, 255)),
];

/// A colour as `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()`/`hsl()`/`hsla()` with numeric
/// arguments (comma or space separated, optional `/ alpha`), or one of a few names.
pub fn parse_color(input: &str) -> Option<Color> {
    let input = input.trim().to_ascii_lowercase();
    if let Some(hex) = input.strip_prefix('#') {
        return parse_hex(hex);
    }
    if let Some((_, color)) = NAMED.iter().find(|(name, _)| *name == input) {
        return Some(*color);
    }
    let (function, rest) = input.split_once('(')?;
    let args: Vec<&str> = rest
        .strip_suffix(')')?
        .split([',', ' ', '/'])
        .filter(|a| !a.is_empty())
        .collect();
    if !(3..=4).contains(&args.len()) {
        return None;
    }
    let alpha = match args.get(3) {
        None => 1.0,
        Some(a) => parse_alpha(a)?,
    };
    let color = match function {
        "rgb" | "rgba" => {
            let channel = |arg: &str| match arg.strip_suffix('%') {
                Some(p) => unsigned(p)
                    .filter(|p| *p <= 100.0)
                    .map(|p| p / 100.0 * 255.0),
                None => unsigned(arg).filter(|c| *c <= 255.0),
            };
            let to_u8 = |c: f64| c.round() as u8;
            Color::opaque(
                to_u8(channel(args[0])?),
                to_u8(channel(args[1])?),
                to_u8(channel(args[2])?),
            )
        }
        "hsl" | "hsla" => {
            let hue = args[0].strip_suffix("deg").unwrap_or(args[0]);
            let hue = match hue.strip_prefix('-') {
                Some(h) => -unsigned(h)?,
                None => unsigned(hue)?,
            };
            let percent = |arg: &str| {
                unsigned(arg.strip_suffix('%')?)
                    .filter(|p| *p <= 100.0)
                    .map(|p| p / 100.0)
            };
            hsl_to_rgb(hue, percent(args[1])?, percent(args[2])?)
        }
        _ => return None,
    };
    Some(Color { a: alpha, ..color })
}

fn parse_hex(hex: &str) -> Option<Color> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
    let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    match hex.len() {
        3 => Some(Color::opaque(
            digit(0)? * 17,
            digit(1)? * 17,
            digit(2)? * 17,
        )),
        6 => Some(Color::opaque(pair(0)?, pair(2)?, pair(4)?)),
        8 => Some(Color {
            a: f64::from(pair(6)?) / 255.0,
            ..Color::opaque(pair(0)?, pair(2)?, pair(4)?)
        }),
        _ => None,
    }
}

fn parse_alpha(arg: &str) -> Option<f64> {
    match arg.strip_suffix('%') {
        Some(p) => unsigned(p).filter(|p| *p <= 100.0).map(|p| p / 100.0),
        None => unsigned(arg).filter(|a| *a <= 1.0),
    }
}

/// A plain decimal number: digits with at most one point. No sign, exponent, `inf` or `NaN`,
/// which `f64::from_str` would all take. Read by hand: Rust's float parser (and its tables) is
/// bigger than all the rest of the theme in the wasm.
fn unsigned(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits_only(whole) || !digits_only(fraction) {
        return None;
    }
    let digits = text
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0.0, |value, digit| value * 10.0 + f64::from(digit - b'0'));
    Some(digits / 10f64.powi(i32::try_from(fraction.len()).ok()?))
}

fn hsl_to_rgb(hue: f64, saturation: f64, lightness: f64) -> Color {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let sector = hue.rem_euclid(360.0) / 60.0;
    let x = chroma * (1.0 - (sector % 2.0 - 1.0).abs());
    let (r, g, b) = match sector as u8 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let to_u8 = |c: f64| ((c + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Color::opaque(to_u8(r), to_u8(g), to_u8(b))
}

/// A number with `px`, `rem` or `em`, within the length's range; written back as it came.
fn parse_length(input: &str, length: &Length) -> Option<String> {
    let input = input.trim().to_ascii_lowercase();
    let (number, unit, px_per_unit) = if let Some(n) = input.strip_suffix("rem") {
        (n, "rem", 16.0)
    } else if let Some(n) = input.strip_suffix("px") {
        (n, "px", 1.0)
    } else {
        (input.strip_suffix("em")?, "em", 16.0)
    };
    let px = unsigned(number)? * px_per_unit;
    // The number as it came, not formatted anew: formatting a float costs as much as parsing.
    (length.min_px..=length.max_px)
        .contains(&px)
        .then(|| format!("{number}{unit}"))
}

/// A font stack: comma-separated names, each either bare words (letters, digits, spaces,
/// hyphens) or a whole quoted name. Nothing that could end the value or fetch a resource
/// (`;`, `{`, `}`, `url(`, `\`, `<`) gets through, since none of it is in the allowed set.
fn parse_font_family(input: &str) -> Option<String> {
    const MAX_LEN: usize = 200;
    let input = input.trim();
    if input.is_empty() || input.len() > MAX_LEN {
        return None;
    }
    let word_char = |c: char| c.is_alphanumeric() || c == ' ' || c == '-';
    let families: Option<Vec<String>> = input
        .split(',')
        .map(|family| {
            let family = family.trim();
            let quoted = ['"', '\'']
                .into_iter()
                .find_map(|q| family.strip_prefix(q)?.strip_suffix(q));
            match quoted {
                Some(name) if !name.is_empty() && name.chars().all(word_char) => {
                    Some(format!("\"{name}\""))
                }
                None if !family.is_empty() && family.chars().all(word_char) => {
                    Some(family.to_owned())
                }
                _ => None,
            }
        })
        .collect();
    families.map(|f| f.join(", "))
}

split_point! {
    /// The split point of a partner's theme: its reader, its checks, and how it is set on the
    /// page stay out of the main module and out of the framed page's code, for the sessions of
    /// the partners who have none.
    pub fn partner_theme() -> fn(&str) {
        show_json
    }
}

/// Shows the partner's theme: the one the page framing the widget passed, which wins, else the
/// one of the partner's settings. The first screen waits for it, so that it never shows in the
/// defaults first. A module that cannot be fetched leaves the defaults.
pub async fn show_partner_theme(settings: Option<&ThemeJson>) {
    let Some(json) = crate::embed::page_theme().or_else(|| settings.map(|theme| theme.0.clone()))
    else {
        return;
    };
    if let Ok(show) = partner_theme().await {
        show(&json);
    }
}

/// Shows a partner's theme given as JSON, as far as it passes the checks; what does not is named
/// in the console for the partner's developers, and the defaults stay for it.
pub fn show_json(json: &str) {
    let rejected =
        match crate::json::parse(json).and_then(|theme| crate::json::embed::theme(&theme)) {
            Ok(theme) => apply(&theme),
            Err(_) => vec!["theme"],
        };
    if !rejected.is_empty() {
        web_sys::console::warn_1(
            &format!("onboard: theme values ignored: {}", rejected.join(", ")).into(),
        );
    }
}

/// Sets the theme on the page: its declarations as custom properties on the root element, and
/// `data-theme` for a forced colour scheme. What an earlier call set is cleared first.
///
/// Script-set properties go through the CSSOM, which the CSP's `style-src 'self'` allows (it
/// blocks `style` attributes in markup, not `element.style`). Returns the rejected keys, for the
/// caller to log.
pub fn apply(theme: &Theme) -> Vec<&'static str> {
    use wasm_bindgen::JsCast;

    let resolved = theme.resolve();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(root) = root else {
        return resolved.rejected;
    };
    let style = root.style();
    for property in Theme::all_properties() {
        let _ = style.remove_property(property);
    }
    for (property, value) in &resolved.declarations {
        let _ = style.set_property(property, value);
    }
    match theme.color_scheme().and_then(ColorScheme::data_theme) {
        Some(scheme) => {
            let _ = root.set_attribute("data-theme", scheme);
        }
        None => {
            let _ = root.remove_attribute("data-theme");
        }
    }
    resolved.rejected
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn theme(value: Value) -> Theme {
        Theme::from_json(&value)
    }

    #[test]
    fn numbers_are_read_as_the_float_parser_would_read_them() {
        for text in [
            "0", "16", "1.5", "0.25", "5.", ".5", "255", "100.0", "0.04045",
        ] {
            assert_eq!(unsigned(text), text.parse().ok(), "{text}");
        }
        for text in [
            "", ".", "-1", "+1", "1e3", "1.2.3", "inf", "NaN", "1 ", "0x10",
        ] {
            assert_eq!(unsigned(text), None, "{text}");
        }
    }

    fn declared(value: Value) -> Vec<(&'static str, String)> {
        theme(value).declarations()
    }

    #[test]
    fn a_full_theme_maps_to_canonical_declarations() {
        let t = theme(json!({
            "colorScheme": "dark",
            "colors": {
                "primary": "#0a7", "background": "#FFFFFF", "surface": "rgb(250, 250, 250)",
                "text": "rgba(20 20 20 / 0.9)", "textMuted": "hsl(220, 10%, 40%)", "border": "hsla(0 0% 50% / 50%)",
                "error": "maroon", "success": "#1b7f4bcc", "warning": "Orange", "focus": "#123"
            },
            "radius": "8px", "fontFamily": "Inter, 'Helvetica Neue', system-ui, sans-serif",
            "fontSize": "1rem", "spacing": "0.5em"
        }));
        assert_eq!(t.color_scheme(), Some(ColorScheme::Dark));
        assert!(t.rejected().is_empty(), "{:?}", t.rejected());
        let expected = [
            ("--onboard-color-primary", "#00aa77"),
            ("--onboard-color-primary-contrast", "#000000"),
            ("--onboard-color-background", "#ffffff"),
            ("--onboard-color-surface", "#fafafa"),
            ("--onboard-color-text", "#141414e6"),
            ("--onboard-color-text-muted", "#5c6370"),
            ("--onboard-color-border", "#80808080"),
            ("--onboard-color-error", "#800000"),
            ("--onboard-color-success", "#1b7f4bcc"),
            ("--onboard-color-warning", "#ffa500"),
            ("--onboard-color-focus", "#112233"),
            ("--onboard-radius", "8px"),
            ("--onboard-font-size", "1rem"),
            ("--onboard-space", "0.5em"),
            (
                "--onboard-font-family",
                "Inter, \"Helvetica Neue\", system-ui, sans-serif",
            ),
        ];
        let got = t.declarations();
        assert_eq!(
            got.iter()
                .map(|(p, v)| (*p, v.as_str()))
                .collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn an_empty_theme_declares_nothing() {
        let t = theme(json!({}));
        assert!(t.declarations().is_empty());
        assert!(t.rejected().is_empty());
        assert_eq!(t.color_scheme(), None);
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let t = theme(
            json!({ "colors": { "brand": "red", "primary": "#fff" }, "shadow": "none", "zIndex": 9 }),
        );
        assert_eq!(t.declarations().len(), 2);
        assert!(t.rejected().is_empty());
    }

    #[test]
    fn color_schemes() {
        let scheme = |v: Value| theme(json!({ "colorScheme": v })).color_scheme();
        assert_eq!(scheme(json!("light")), Some(ColorScheme::Light));
        assert_eq!(scheme(json!("auto")), Some(ColorScheme::Auto));
        assert_eq!(scheme(json!("Dark")), None);
        assert_eq!(scheme(json!(true)), None);
        assert_eq!(
            theme(json!({ "colorScheme": "sepia" })).rejected(),
            ["colorScheme"]
        );
        assert_eq!(ColorScheme::Auto.data_theme(), None);
        assert_eq!(ColorScheme::Dark.data_theme(), Some("dark"));
    }

    #[test]
    fn hostile_colors_are_dropped_and_reported() {
        let hostile = [
            json!("red; background: url(https://evil.example/x)"),
            json!("#fff}body{display:none"),
            json!("url(https://evil.example/x)"),
            json!("var(--onboard-color-text)"),
            json!("expression(alert(1))"),
            json!("rgb(1, 2, 3); x: y"),
            json!("rgb(1e3, 2, 3)"),
            json!("rgb(-1, 2, 3)"),
            json!("rgb(256, 2, 3)"),
            json!("rgb(1, 2)"),
            json!("rgb(1, 2, 3, 4, 5)"),
            json!("rgb(1, 2, 3, 2)"),
            json!("rgb(NaN, 2, 3)"),
            json!("hsl(120, 50, 50%)"),
            json!("#ggg"),
            json!("#12345"),
            json!("#ab\\63"),
            json!("currentColor"),
            json!("transparent"),
            json!("</style><script>alert(1)</script>"),
            json!(""),
            json!(12),
            json!({ "r": 1 }),
            json!(null),
        ];
        for value in hostile {
            let t = theme(json!({ "colors": { "primary": value.clone(), "surface": "#fff" } }));
            assert_eq!(t.rejected(), ["colors.primary"], "{value}");
            assert_eq!(
                t.declarations(),
                [("--onboard-color-surface", "#ffffff".to_owned())],
                "{value}"
            );
        }
    }

    #[test]
    fn colors_that_are_not_an_object_are_rejected() {
        assert_eq!(theme(json!({ "colors": "#fff" })).rejected(), ["colors"]);
    }

    #[test]
    fn colors_in_every_accepted_form() {
        let parsed = |s: &str| parse_color(s).map(Color::to_css);
        assert_eq!(parsed(" #ABC "), Some("#aabbcc".into()));
        assert_eq!(parsed("#0a7f"), None, "#rgba is not in the list");
        assert_eq!(parsed("rgb(100%, 0%, 50%)"), Some("#ff0080".into()));
        assert_eq!(parsed("rgba(0, 0, 0, 50%)"), Some("#00000080".into()));
        assert_eq!(parsed("rgb(0 0 0 / .5)"), Some("#00000080".into()));
        assert_eq!(parsed("hsl(0, 100%, 50%)"), Some("#ff0000".into()));
        assert_eq!(parsed("hsl(120deg 100% 25%)"), Some("#008000".into()));
        assert_eq!(parsed("hsl(-120, 100%, 50%)"), Some("#0000ff".into()));
        assert_eq!(parsed("hsla(240, 100%, 50%, 1)"), Some("#0000ff".into()));
        assert_eq!(parsed("Navy"), Some("#000080".into()));
    }

    #[test]
    fn lengths_need_a_unit_and_a_sane_size() {
        let radius = |v: Value| theme(json!({ "radius": v })).declarations();
        assert_eq!(
            radius(json!("0px")),
            [("--onboard-radius", "0px".to_owned())]
        );
        assert_eq!(
            radius(json!(" 0.75REM ")),
            [("--onboard-radius", "0.75rem".to_owned())]
        );
        for bad in [
            json!("8"),
            json!(8),
            json!("-4px"),
            json!("33px"),
            json!("3rem"),
            json!("8vh"),
            json!("calc(8px)"),
            json!("8px; color: red"),
            json!("1e1px"),
            json!("8 px"),
            json!(".px"),
            json!("8px !important"),
        ] {
            let t = theme(json!({ "radius": bad.clone() }));
            assert!(t.declarations().is_empty(), "{bad}");
            assert_eq!(t.rejected(), ["radius"], "{bad}");
        }
        assert_eq!(
            theme(json!({ "fontSize": "11px", "spacing": "25px" })).rejected(),
            ["fontSize", "spacing"]
        );
        assert_eq!(
            declared(json!({ "fontSize": "24px", "spacing": "2px" })).len(),
            2
        );
    }

    #[test]
    fn font_families_are_names_only() {
        let family = |s: &str| parse_font_family(s);
        assert_eq!(
            family("\"Noto Sans JP\",sans-serif"),
            Some("\"Noto Sans JP\", sans-serif".into())
        );
        assert_eq!(family("Söhne, system-ui"), Some("Söhne, system-ui".into()));
        for hostile in [
            "Inter; color: red",
            "Inter} body {display:none",
            "Inter{",
            "url(https://evil.example/font.woff)",
            "Inter\\3b",
            "Inter</style>",
            "\"Inter, sans-serif",
            "'Inter\"",
            "Inter,,sans-serif",
            "\"\"",
            "Inter /* */",
            "Inter !important",
            "",
        ] {
            assert_eq!(family(hostile), None, "{hostile}");
        }
        assert_eq!(family(&"a".repeat(201)), None);
        assert_eq!(
            theme(json!({ "fontFamily": ["Inter"] })).rejected(),
            ["fontFamily"]
        );
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast_ratio(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(Color::WHITE, Color::WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey with 4.5:1 on white.
        let grey = parse_color("#767676").unwrap();
        assert!(contrast_ratio(grey, Color::WHITE) >= 4.5);
        assert!(contrast_ratio(parse_color("#777777").unwrap(), Color::WHITE) < 4.5);
    }

    #[test]
    fn primary_contrast_is_the_more_readable_of_black_and_white() {
        let on = |s: &str| contrast_text(parse_color(s).unwrap());
        assert_eq!(on("#2b57d9"), Color::WHITE);
        assert_eq!(on("#000080"), Color::WHITE);
        assert_eq!(
            on("#ffd400"),
            Color::BLACK,
            "a yellow brand gets black text"
        );
        assert_eq!(on("#00aa77"), Color::BLACK);
        assert_eq!(on("#ffffff"), Color::BLACK);
        // Mid greys tip over where the two ratios meet (L ≈ 0.179).
        assert_eq!(on("#757575"), Color::WHITE);
        assert_eq!(on("#777777"), Color::BLACK);
        // A translucent brand colour is judged on its own hue.
        assert_eq!(on("#ffd40080"), Color::BLACK);
    }

    #[test]
    fn apply_clears_every_property_a_theme_can_set() {
        let t = theme(json!({
            "colors": Value::Object(COLORS.iter().map(|(k, _, _)| ((*k).to_owned(), json!("#abcdef"))).collect()),
            "radius": "4px", "fontFamily": "Inter", "fontSize": "16px", "spacing": "8px"
        }));
        let mut declared: Vec<_> = t.declarations().into_iter().map(|(p, _)| p).collect();
        let mut cleared: Vec<_> = Theme::all_properties().collect();
        declared.sort_unstable();
        cleared.sort_unstable();
        assert_eq!(declared, cleared);
    }
}
