use wasm_bindgen::JsCast;

/// Moves keyboard focus to the first element matching `css`: a new screen's heading (marked
/// `tabindex="-1"`), so that screen readers say where the user is now and Tab goes on from there
/// instead of from the top of the page.
pub fn focus_first(css: &str) {
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(css).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}
