use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiClient;
use crate::bank_return::BankReturn;
use crate::i18n::{t, Text};

/// A browser the bank sent back to without the session that asked for the consent: the bank's
/// link was opened somewhere else than where onboarding started. The return's code is spent
/// here, so that nothing is shared with that session, and the person is told where to go.
#[component]
pub fn BankReturnedElsewhere(returned: BankReturn) -> impl IntoView {
    spawn_local(async move {
        // Refused by design (no session): the server spends the code and withdraws the consent.
        let _ = ApiClient::anonymous()
            .confirm_consent(&returned.consent_id, &returned.code)
            .await;
    });
    view! {
        <section class="onboard-card" data-testid="bank-elsewhere">
            <h1 class="onboard-heading" tabindex="-1" data-screen-heading>{t(Text::ElsewhereHeading)}</h1>
            <p>{t(Text::ElsewhereBody)}</p>
        </section>
    }
}
