use leptos::prelude::*;

use crate::components::Spinner;
use crate::i18n::{t, t_live, Text};

/// Shown until the session and its first status are known. `slow` adds a note when the
/// service is not answering and we are retrying (`flow` announces it).
#[component]
pub fn Loading(#[prop(optional, into)] slow: Signal<bool>) -> impl IntoView {
    view! {
        <section class="onboard-card onboard-card--center" data-testid="loading" aria-busy="true">
            <Spinner/>
            <p class="onboard-muted" role="status">{t_live(Text::Loading)}</p>
            <Show when=move || slow.get()>
                <p class="onboard-note">{t(Text::ProviderSlow)}</p>
            </Show>
        </section>
    }
}
