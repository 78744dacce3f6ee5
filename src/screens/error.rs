use leptos::prelude::*;
use protocol::ErrorCode;

use crate::i18n::{error_message, t, Text};

/// Any other failure: what went wrong, in the user's words, and a button to try again.
/// `busy` disables the button while the retry is under way.
#[component]
pub fn ErrorScreen(
    code: ErrorCode,
    on_retry: Callback<()>,
    #[prop(optional, into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <section class="onboard-card" data-testid="error">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::ErrorHeading)}</h1>
            <p role="alert">{error_message(code)}</p>
            <button
                type="button"
                class="onboard-button"
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=move |_| on_retry.run(())
            >
                {t(Text::Retry)}
            </button>
        </section>
    }
}
