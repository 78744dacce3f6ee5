use leptos::prelude::*;

/// A busy indicator. Decorative: the text next to it says what is going on.
#[component]
pub fn Spinner() -> impl IntoView {
    view! { <span class="onboard-spinner" aria-hidden="true"></span> }
}
