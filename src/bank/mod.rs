//! The bank step: pick a bank, choose what to share, go to the bank, come back to the data.
//! Every step and choice is saved (see `progress`), so a reload or the bank's redirect resumes
//! it.

mod accounts;
mod consent;
pub mod format;
pub mod permissions;
pub mod picker;
pub mod progress;

use leptos::prelude::*;

use consent::ConsentScreen;
use permissions::Permissions;
use picker::{BankLists, BankPicker};
use progress::{BankProgress, Choices};

use crate::components::focus_first;
use crate::embed::{self, popup::BankPopup};
use crate::i18n::{t, Text};
use crate::split::{self, split_point, split_view};
use protocol::api::banking::Bank;
use protocol::embed::WidgetEvent;

/// The bank a step of the wizard connected, by name, while its consent stands: the step's
/// actions and the review read it. Absent where the bank is the whole flow.
#[derive(Clone, Copy)]
pub struct ConnectedBank(pub RwSignal<Option<String>>);

/// The bank step. Its code is a wasm module of its own, split out of the main one by the build
/// (README, "The split build"): fetched here at the latest, or ahead (see [`fetch_ahead`]).
/// A workflow of the bank alone ends with it, at `ends_at`, the partner's page.
#[component]
pub fn BankStep(country: String, #[prop(optional)] ends_at: Option<String>) -> impl IntoView {
    split_view(bank_flow, (country, ends_at))
}

split_point! {
    /// The split point: everything only this reaches leaves the main module.
    fn bank_flow() -> split::Screen<(String, Option<String>)> {
        |(country, ends_at)| view! { <BankFlow country ends_at/> }.into_any()
    }
}

/// Fetches the bank step's module when the browser is next idle.
pub fn fetch_ahead() {
    split::when_idle(|| split::fetch(bank_flow));
}

#[component]
fn BankFlow(country: String, ends_at: Option<String>) -> impl IntoView {
    provide_context(BankLists::new());
    provide_context(BankPopup::new());
    let (progress, set_progress) = signal(progress::load());
    let go = move |next: Option<BankProgress>| {
        progress::save(next.as_ref());
        set_progress.set(next);
    };
    let start_country = country.clone();
    // Each step replaces the one that had focus: focus its heading (not on arrival, when the
    // user has not come here by a step of their own).
    let step = Memo::new(move |_| progress.with(|p| p.as_ref().map(std::mem::discriminant)));
    Effect::new(move |before: Option<_>| {
        let now = step.get();
        if before.is_some_and(|before| before != now) {
            focus_first("[data-bank-heading]");
        }
        now
    });
    // Steps save the choices made within them themselves: only a change of step renders anew.
    move || {
        match progress.get() {
            None => {
                let country = start_country.clone();
                view! {
                    <section class="onboard-card" data-testid="bank-intro">
                        <h2 class="onboard-heading" tabindex="-1" data-bank-heading>{t(Text::ConnectBankHeading)}</h2>
                        <p class="onboard-muted">{t(Text::ConnectBankExplain)}</p>
                        <button id="connect-bank" type="button" class="onboard-button"
                            on:click=move |_| go(Some(BankProgress::picking(country.clone())))>
                            {t(Text::ConnectBank)}
                        </button>
                    </section>
                }
                .into_any()
            }
            Some(BankProgress::Picking { country, query }) => view! {
                <BankPicker
                    country
                    query
                    on_pick=Callback::new(move |bank: Bank| {
                        embed::emit(WidgetEvent::bank_selected(&bank.id));
                        go(Some(BankProgress::Permissions { bank, choices: Choices::default() }))
                    })
                    on_cancel=Callback::new(move |()| go(None))
                />
            }
            .into_any(),
            Some(BankProgress::Permissions { bank, choices }) => {
                let (for_consent, for_back) = (bank.clone(), bank.country.clone());
                view! {
                    <Permissions
                        bank
                        choices
                        on_created=Callback::new(move |(consent_id, choices)| {
                            // Saved before the page leaves for the bank, so the return finds it.
                            let waiting = BankProgress::Consent { bank: for_consent.clone(), choices, consent_id };
                            if embed::is_embedded() {
                                // The bank is in a popup: this page waits for it here.
                                go(Some(waiting));
                            } else {
                                progress::save(Some(&waiting));
                            }
                        })
                        on_back=Callback::new(move |()| go(Some(BankProgress::picking(for_back.clone()))))
                    />
                }
                .into_any()
            }
            Some(BankProgress::Consent {
                bank,
                choices,
                consent_id,
            }) => {
                let (again, other) = (bank.clone(), bank.country.clone());
                view! {
                    <ConsentScreen
                        bank
                        consent_id
                        ends_at=ends_at.clone()
                        on_again=Callback::new(move |()| {
                            go(Some(BankProgress::Permissions { bank: again.clone(), choices: choices.clone() }))
                        })
                        on_other_bank=Callback::new(move |()| go(Some(BankProgress::picking(other.clone()))))
                    />
                }
                .into_any()
            }
        }
    }
}
