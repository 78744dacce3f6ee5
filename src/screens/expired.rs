use leptos::prelude::*;

use crate::components::PartnerLink;
use crate::i18n::{t, Text};

/// The session has ended: past its lifetime, or `closed` by the partner while it was open. The
/// way on is a new session from the partner: a link to its `redirectUrl` when we know it, else
/// words saying where to go.
#[component]
pub fn SessionExpired(
    #[prop(into)] redirect_url: Option<String>,
    #[prop(optional)] closed: bool,
) -> impl IntoView {
    let (testid, heading, body) = if closed {
        ("session-closed", Text::ClosedHeading, Text::ClosedBody)
    } else {
        ("session-expired", Text::ExpiredHeading, Text::ExpiredBody)
    };
    view! {
        <section class="onboard-card" data-testid=testid>
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(heading)}</h1>
            <p>{t(body)}</p>
            <PartnerLink url=redirect_url label=Text::StartAgain fallback=Text::ExpiredNoLink/>
        </section>
    }
}
