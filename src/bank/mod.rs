//! The bank step: pick a bank, choose what to share, go to the bank, come back to the data.
//! Every step is saved (see `progress`), so a reload or the bank's redirect resumes it.

mod consent;
pub mod format;
mod permissions;
mod picker;
pub mod progress;

use leptos::prelude::*;
use protocol::api::banking::Bank;

use consent::ConsentScreen;
use permissions::Permissions;
use picker::BankPicker;
use progress::BankProgress;

use crate::i18n::{t, Text};

#[component]
pub fn BankStep(country: String) -> impl IntoView {
    let (progress, set_progress) = signal(progress::load());
    let go = move |next: Option<BankProgress>| {
        progress::save(next.as_ref());
        set_progress.set(next);
    };
    let picking = move |country: String| Some(BankProgress::Picking { country });
    let start_country = country.clone();
    move || match progress.get() {
        None => {
            let country = start_country.clone();
            view! {
                <section class="onboard-card" data-testid="bank-intro">
                    <h2 class="onboard-heading">{t(Text::ConnectBankHeading)}</h2>
                    <p class="onboard-muted">{t(Text::ConnectBankExplain)}</p>
                    <button id="connect-bank" type="button" class="onboard-button" on:click=move |_| go(picking(country.clone()))>
                        {t(Text::ConnectBank)}
                    </button>
                </section>
            }
            .into_any()
        }
        Some(BankProgress::Picking { country }) => view! {
            <BankPicker
                country=country
                on_country=Callback::new(move |c| go(picking(c)))
                on_pick=Callback::new(move |bank| go(Some(BankProgress::Permissions { bank })))
                on_cancel=Callback::new(move |()| go(None))
            />
        }
        .into_any(),
        Some(BankProgress::Permissions { bank }) => {
            let (for_consent, for_back) = (bank.clone(), bank.country.clone());
            view! {
                <Permissions
                    bank
                    on_created=Callback::new(move |consent_id| {
                        // Saved before the page leaves for the bank, so the return finds it.
                        progress::save(Some(&BankProgress::Consent { bank: for_consent.clone(), consent_id }));
                    })
                    on_back=Callback::new(move |()| go(picking(for_back.clone())))
                />
            }
            .into_any()
        }
        Some(BankProgress::Consent { bank, consent_id }) => {
            let (again, other): (Bank, String) = (bank.clone(), bank.country.clone());
            view! {
                <ConsentScreen
                    bank
                    consent_id
                    on_again=Callback::new(move |()| go(Some(BankProgress::Permissions { bank: again.clone() })))
                    on_other_bank=Callback::new(move |()| go(picking(other.clone())))
                />
            }
            .into_any()
        }
    }
}
