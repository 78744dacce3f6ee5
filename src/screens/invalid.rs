use leptos::prelude::*;

use crate::i18n::{t, Text};

/// No session token, or one the server does not know. We cannot know the partner's address
/// here, so the text says where to go.
#[component]
pub fn SessionInvalid() -> impl IntoView {
    view! {
        <section class="onboard-card" data-testid="session-invalid">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::InvalidHeading)}</h1>
            <p>{t(Text::InvalidBody)}</p>
        </section>
    }
}
