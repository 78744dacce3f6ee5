//! A partner's theme, checked: its brand colours, radius, font and spacing, mapped onto the
//! `--onboard-*` custom properties the widget's stylesheet declares with its defaults.
//!
//! A theme comes from the partner's settings or from the page framing the widget, and neither
//! is trusted: every value is parsed and written back in a canonical form, so that nothing but
//! a colour, a length or a list of font names can reach the stylesheet. A value that does not
//! parse is dropped and named in [`ThemeStyle::rejected`], never passed on; one wrong value
//! costs only that value, not the whole theme. The server checks, and the widget sets what it
//! is given: the checks stay out of the widget's download.
//!
//! The partner's colours apply in both colour schemes: a partner who sets them should also say
//! which scheme they were made for with `colorScheme`.

use serde_json::{Map, Value};

use crate::api::{ColorScheme, PartnerTheme, ThemeProperty, ThemeStyle, THEME_COLORS};

const PRIMARY_CONTRAST: &str = "--onboard-color-primary-contrast";

/// Lengths, with the range (in px, 1rem = 1em = 16px) outside which a layout breaks.
const LENGTHS: [(&str, Length); 3] = [
    (
        "radius",
        Length {
            property: "--onboard-radius",
            min_px: 0.0,
            max_px: 32.0,
        },
    ),
    (
        "fontSize",
        Length {
            property: "--onboard-font-size",
            min_px: 12.0,
            max_px: 24.0,
        },
    ),
    (
        "spacing",
        Length {
            property: "--onboard-space",
            min_px: 2.0,
            max_px: 24.0,
        },
    ),
];

const FONT_FAMILY: &str = "--onboard-font-family";

struct Length {
    property: &'static str,
    min_px: f64,
    max_px: f64,
}

/// The theme a JSON object holds, checked. Every key is optional, unknown keys are ignored,
/// and `null` counts as absent (but not as a colour). A valid `colors.primary` also sets
/// `--onboard-color-primary-contrast` to black or white, whichever reads better on it.
pub fn style(theme: &Map<String, Value>) -> ThemeStyle {
    let field = |name: &str| theme.get(name).filter(|value| !value.is_null());
    let mut properties = Vec::new();
    let mut declare = |name: &str, value: String| {
        properties.push(ThemeProperty {
            name: name.to_owned(),
            value,
        })
    };
    let mut rejected = Vec::new();
    let mut color_scheme = None;
    if let Some(value) = field("colorScheme") {
        match value.as_str().and_then(parse_color_scheme) {
            Some(scheme) => color_scheme = scheme,
            None => rejected.push("colorScheme".to_owned()),
        }
    }
    match field("colors") {
        None => {}
        Some(Value::Object(colors)) => {
            for key in THEME_COLORS {
                let Some(value) = colors.get(key) else {
                    continue;
                };
                match value.as_str().and_then(parse_color) {
                    Some(color) => {
                        declare(&color_property(key), color.to_css());
                        if key == "primary" {
                            declare(PRIMARY_CONTRAST, contrast_text(color).to_css());
                        }
                    }
                    None => rejected.push(format!("colors.{key}")),
                }
            }
        }
        Some(_) => rejected.push("colors".to_owned()),
    }
    for (key, length) in &LENGTHS {
        let Some(value) = field(key) else { continue };
        match value.as_str().and_then(|v| parse_length(v, length)) {
            Some(css) => declare(length.property, css),
            None => rejected.push((*key).to_owned()),
        }
    }
    if let Some(value) = field("fontFamily") {
        match value.as_str().and_then(parse_font_family) {
            Some(css) => declare(FONT_FAMILY, css),
            None => rejected.push("fontFamily".to_owned()),
        }
    }
    ThemeStyle {
        color_scheme,
        properties,
        rejected,
    }
}

/// The custom property a colour of the theme sets: `textMuted` sets `--onboard-color-text-muted`.
fn color_property(key: &str) -> String {
    key.chars()
        .fold("--onboard-color-".to_owned(), |mut name, c| {
            if c.is_ascii_uppercase() {
                name.push('-');
            }
            name.push(c.to_ascii_lowercase());
            name
        })
}

impl PartnerTheme {
    /// This theme, checked (see [`style`]).
    pub fn style(&self) -> ThemeStyle {
        match serde_json::to_value(self) {
            Ok(Value::Object(theme)) => style(&theme),
            _ => unreachable!("a struct of strings serializes to an object"),
        }
    }
}

/// `Some(None)` for `auto`: the user's own scheme.
fn parse_color_scheme(value: &str) -> Option<Option<ColorScheme>> {
    match value {
        "light" => Some(Some(ColorScheme::Light)),
        "dark" => Some(Some(ColorScheme::Dark)),
        "auto" => Some(None),
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
/// which `f64::from_str` would all take.
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
    // The number as it came: a float formatted anew could read differently (0.1 + 0.2).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::THEME_PROPERTIES;
    use serde_json::json;

    fn theme(value: Value) -> ThemeStyle {
        style(value.as_object().expect("an object"))
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

    impl ThemeStyle {
        fn pairs(&self) -> Vec<(&str, &str)> {
            self.properties
                .iter()
                .map(|property| (property.name.as_str(), property.value.as_str()))
                .collect()
        }
    }

    fn declared(value: Value) -> Vec<(String, String)> {
        theme(value)
            .properties
            .into_iter()
            .map(|property| (property.name, property.value))
            .collect()
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
        assert_eq!(t.color_scheme, Some(ColorScheme::Dark));
        assert!(t.rejected.is_empty(), "{:?}", t.rejected);
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
        assert_eq!(t.pairs(), expected);
    }

    #[test]
    fn an_empty_theme_declares_nothing() {
        let t = theme(json!({}));
        assert!(t.pairs().is_empty());
        assert!(t.rejected.is_empty());
        assert_eq!(t.color_scheme, None);
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let t = theme(
            json!({ "colors": { "brand": "red", "primary": "#fff" }, "shadow": "none", "zIndex": 9 }),
        );
        assert_eq!(t.pairs().len(), 2);
        assert!(t.rejected.is_empty());
    }

    #[test]
    fn color_schemes() {
        let scheme = |v: Value| theme(json!({ "colorScheme": v })).color_scheme;
        assert_eq!(scheme(json!("light")), Some(ColorScheme::Light));
        assert_eq!(scheme(json!("auto")), None);
        assert!(theme(json!({ "colorScheme": "auto" })).rejected.is_empty());
        assert_eq!(scheme(json!("Dark")), None);
        assert_eq!(scheme(json!(true)), None);
        assert_eq!(
            theme(json!({ "colorScheme": "sepia" })).rejected,
            ["colorScheme"]
        );
        assert_eq!(ColorScheme::Dark.as_str(), "dark");
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
            assert_eq!(t.rejected, ["colors.primary"], "{value}");
            assert_eq!(
                t.pairs(),
                [("--onboard-color-surface", "#ffffff")],
                "{value}"
            );
        }
    }

    #[test]
    fn colors_that_are_not_an_object_are_rejected() {
        assert_eq!(theme(json!({ "colors": "#fff" })).rejected, ["colors"]);
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
        let radius = |v: Value| declared(json!({ "radius": v }));
        let set = |value: &str| vec![("--onboard-radius".to_owned(), value.to_owned())];
        assert_eq!(radius(json!("0px")), set("0px"));
        assert_eq!(radius(json!(" 0.75REM ")), set("0.75rem"));
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
            assert!(t.pairs().is_empty(), "{bad}");
            assert_eq!(t.rejected, ["radius"], "{bad}");
        }
        assert_eq!(
            theme(json!({ "fontSize": "11px", "spacing": "25px" })).rejected,
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
            theme(json!({ "fontFamily": ["Inter"] })).rejected,
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
    fn the_widget_clears_every_property_a_theme_can_set() {
        let t = theme(json!({
            "colors": Value::Object(THEME_COLORS.iter().map(|k| ((*k).to_owned(), json!("#abcdef"))).collect()),
            "radius": "4px", "fontFamily": "Inter", "fontSize": "16px", "spacing": "8px"
        }));
        let mut declared: Vec<_> = t.pairs().into_iter().map(|(p, _)| p).collect();
        let mut cleared = THEME_PROPERTIES;
        declared.sort_unstable();
        cleared.sort_unstable();
        assert_eq!(declared, cleared);
    }

    #[test]
    fn a_partners_settings_theme_is_checked_as_a_pages_is() {
        let theme: PartnerTheme = serde_json::from_value(json!({
            "colorScheme": "light", "colors": { "primary": "#0a7f5a" }, "radius": "9vh"
        }))
        .unwrap();
        let style = theme.style();
        assert_eq!(style.color_scheme, Some(ColorScheme::Light));
        assert_eq!(style.rejected, ["radius"]);
        assert_eq!(style.pairs()[0], ("--onboard-color-primary", "#0a7f5a"));
    }
}
