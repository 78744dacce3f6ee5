use leptos::prelude::*;
use protocol::status::Outcome;
use protocol::ApplicationStatus;

use crate::components::PartnerLink;
use crate::i18n::{status_label, t, Text};
use crate::perf::mark_interactive;

/// The decision (or the stop) at a terminal status, with the way back to the partner.
#[component]
pub fn OutcomeScreen(status: ApplicationStatus, redirect_url: String) -> impl IntoView {
    Effect::new(move |_| mark_interactive());
    let (name, heading, body) = match status.outcome() {
        Outcome::Approved => (
            "approved",
            Text::OutcomeApprovedHeading,
            Text::OutcomeApprovedBody,
        ),
        Outcome::Declined => (
            "declined",
            Text::OutcomeDeclinedHeading,
            Text::OutcomeDeclinedBody,
        ),
        // Pending statuses never get here (see `flow::screen_for`).
        Outcome::Stopped | Outcome::Pending => (
            "stopped",
            Text::OutcomeStoppedHeading,
            Text::OutcomeStoppedBody,
        ),
    };
    let stopped = name == "stopped";
    view! {
        <section
            class=format!("onboard-card onboard-outcome onboard-outcome--{name}")
            data-testid="outcome"
            data-outcome=name
        >
            <span class="onboard-outcome__icon" aria-hidden="true"></span>
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(heading)}</h1>
            <p>{t(body)}</p>
            <p class="onboard-muted">
                {t(Text::StatusCaption)}": "
                <span data-testid="status" data-status=status.as_str()>{status_label(status)}</span>
            </p>
            {stopped.then(|| view! { <p>{t(Text::StartAgainHint)}</p> })}
            <PartnerLink url=Some(redirect_url) label=Text::Continue/>
        </section>
    }
}
