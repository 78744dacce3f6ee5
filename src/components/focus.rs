use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    /// What `focus_first` found nothing for: a screen still on its way (a split module).
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Moves keyboard focus to the first element matching `css`: a new screen's heading (marked
/// `tabindex="-1"`), so that screen readers say where the user is now and Tab goes on from there
/// instead of from the top of the page. When nothing matches yet, the focus is kept pending for
/// the next split screen shown (see [`focus_pending`]).
pub fn focus_first(css: &str) {
    let found = focus(css);
    PENDING.set((!found).then(|| css.to_owned()));
}

/// Gives the focus a [`focus_first`] could not give, now that a split screen is shown.
pub fn focus_pending() {
    if let Some(css) = PENDING.take() {
        focus(&css);
    }
}

fn focus(css: &str) -> bool {
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(css).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    target.is_some_and(|target| target.focus().is_ok())
}
