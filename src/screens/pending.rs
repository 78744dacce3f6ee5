use leptos::prelude::*;
use protocol::ApplicationStatus;

use crate::components::{PartnerLink, Spinner};
use crate::i18n::{status_label, t, Text};
use crate::perf::mark_interactive;

/// The application while it is pending: its status, kept fresh by polling (`flow` announces
/// each change). `slow` shows that the service is not answering; the last known status stays on
/// screen meanwhile.
/// In a manual review, which takes days, the customer is told what happens next and may go
/// back to the partner (`redirect_url`) instead of watching a spinner.
#[component]
pub fn PendingScreen(
    #[prop(into)] status: Signal<Option<ApplicationStatus>>,
    #[prop(into)] slow: Signal<bool>,
    redirect_url: String,
) -> impl IntoView {
    // After the first render, not before: the mark says the user can see and use this.
    Effect::new(move |_| mark_interactive());
    let wire_name = move || {
        status
            .get()
            .map(ApplicationStatus::as_str)
            .unwrap_or_default()
    };
    let label = move || status.get().map(status_label).unwrap_or_default();
    view! {
        <section class="onboard-card" data-testid="session">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::SessionHeading)}</h1>
            <div class="onboard-status">
                <Spinner/>
                <p>
                    <span class="onboard-muted">{t(Text::StatusCaption)}": "</span>
                    <strong data-testid="status" data-status=wire_name>{label}</strong>
                </p>
            </div>
            {move || match status.get() {
                Some(ApplicationStatus::ManualReview) => view! {
                    <p data-testid="manual-review">{t(Text::ManualReviewNext)}</p>
                    <PartnerLink url=Some(redirect_url.clone()) label=Text::Done/>
                }
                .into_any(),
                _ => view! { <p class="onboard-muted">{t(Text::AutoUpdate)}</p> }.into_any(),
            }}
            <Show when=move || slow.get()>
                <p class="onboard-note">{t(Text::ProviderSlow)}</p>
            </Show>
        </section>
    }
}
