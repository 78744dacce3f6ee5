use leptos::prelude::*;

use crate::components::PartnerLink;
use crate::i18n::{t, Text};

/// The session token is past its lifetime. The way on is a new session from the partner:
/// a link to its `redirectUrl` when we know it, else words saying where to go.
#[component]
pub fn SessionExpired(#[prop(optional)] redirect_url: Option<String>) -> impl IntoView {
    view! {
        <section class="onboard-card" data-testid="session-expired">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::ExpiredHeading)}</h1>
            <p>{t(Text::ExpiredBody)}</p>
            <PartnerLink url=redirect_url label=Text::StartAgain fallback=Text::ExpiredNoLink/>
        </section>
    }
}
