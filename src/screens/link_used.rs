use leptos::prelude::*;

use crate::i18n::{t, Text};

/// A link's one-time code that another tab or browser claimed first: the session lives there.
#[component]
pub fn LinkUsed() -> impl IntoView {
    view! {
        <section class="onboard-card" data-testid="link-used">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::LinkUsedHeading)}</h1>
            <p>{t(Text::LinkUsedBody)}</p>
        </section>
    }
}
