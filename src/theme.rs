//! The partner's theme on the page: the `--onboard-*` custom properties that `style/main.css`
//! declares with its defaults, set to the values the server checked (`protocol::theme`, with the
//! session), and `data-theme` for a colour scheme the partner forces. The checks stay on the
//! server, out of the widget's download.

use protocol::api::{ThemeStyle, THEME_PROPERTIES};
use wasm_bindgen::JsCast;

/// Shows the session's theme. What the server refused of it is named in the console, for the
/// partner's developers; the defaults stay for it.
pub fn show(style: &ThemeStyle) {
    if !style.rejected.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "onboard: theme values ignored: {}",
                style.rejected.join(", ")
            )
            .into(),
        );
    }
    apply(style);
}

/// Sets the theme on the page: its properties on the root element, and `data-theme` for a forced
/// colour scheme. What an earlier call set is cleared first; a property no theme can set is
/// never set.
///
/// Script-set properties go through the CSSOM, which the CSP's `style-src 'self'` allows (it
/// blocks `style` attributes in markup, not `element.style`).
fn apply(style: &ThemeStyle) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(root) = root else { return };
    let css = root.style();
    for property in THEME_PROPERTIES {
        let _ = css.remove_property(property);
    }
    for property in &style.properties {
        if THEME_PROPERTIES.contains(&property.name.as_str()) {
            let _ = css.set_property(&property.name, &property.value);
        }
    }
    match style.color_scheme {
        Some(scheme) => {
            let _ = root.set_attribute("data-theme", scheme.as_str());
        }
        None => {
            let _ = root.remove_attribute("data-theme");
        }
    }
}
