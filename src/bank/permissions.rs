//! What the user agrees to share with a bank, then off to the bank.

use leptos::prelude::*;
use protocol::api::banking::{Bank, CreateConsent, Permission};

use crate::api::ApiClient;
use crate::i18n::{error_message, t, Text};
use crate::links::partner_href;

/// A fresh key per visit to this screen: a double click or a retry makes one consent.
fn idempotency_key() -> String {
    let random = || (js_sys::Math::random() * 1e15) as u64;
    format!("w{:x}{:x}", random(), random())
}

#[component]
pub fn Permissions(bank: Bank, on_created: Callback<String>, on_back: Callback<()>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let key = idempotency_key();
    let (balances, set_balances) = signal(true);
    let (transactions, set_transactions) = signal(true);
    let (owner_name, set_owner_name) = signal(false);
    let (date_from, set_date_from) = signal(String::new());
    let (date_to, set_date_to) = signal(String::new());
    let day = |value: String| Some(value).filter(|v| !v.is_empty());
    let bank_id = bank.id.clone();
    let create = Action::new_local(move |request: &CreateConsent| {
        let api = api.clone();
        let request = request.clone();
        async move { api.create_consent(&request).await }
    });
    // Off to the bank once the consent exists; the caller saves progress first.
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            on_created.run(created.consent_id.clone());
            if let (Some(href), Some(window)) = (partner_href(&created.redirect_url), web_sys::window()) {
                let _ = window.location().assign(&href);
            }
        }
    });
    let submit = move |_| {
        let mut permissions = vec![Permission::Accounts];
        if balances.get_untracked() {
            permissions.push(Permission::Balances);
        }
        let with_transactions = transactions.get_untracked();
        if with_transactions {
            permissions.push(Permission::Transactions);
        }
        create.dispatch(CreateConsent {
            bank_id: bank_id.clone(),
            permissions,
            owner_name: owner_name.get_untracked(),
            transactions_from: day(date_from.get_untracked()).filter(|_| with_transactions),
            transactions_to: day(date_to.get_untracked()).filter(|_| with_transactions),
            idempotency_key: key.clone(),
        });
    };
    let pending = create.pending();
    view! {
        <section class="onboard-card" data-testid="bank-permissions">
            <h2 class="onboard-heading">{t(Text::PermissionsHeading)}" "{bank.name.clone()}</h2>
            <p class="onboard-muted">{t(Text::PermissionsExplain)}</p>
            <fieldset class="onboard-permissions">
                <label><input type="checkbox" checked disabled/>" "{t(Text::PermissionAccounts)}</label>
                <label>
                    <input type="checkbox" id="permission-balances" prop:checked=balances
                        on:change=move |ev| set_balances.set(event_target_checked(&ev))/>
                    " "{t(Text::PermissionBalances)}
                </label>
                <label>
                    <input type="checkbox" id="permission-transactions" prop:checked=transactions
                        on:change=move |ev| set_transactions.set(event_target_checked(&ev))/>
                    " "{t(Text::PermissionTransactions)}
                </label>
                <Show when=move || transactions.get()>
                    <div class="onboard-date-filter">
                        <label>{t(Text::DateFrom)}" "<input id="date-from" type="date" prop:value=date_from
                            on:change=move |ev| set_date_from.set(event_target_value(&ev))/></label>
                        <label>{t(Text::DateTo)}" "<input id="date-to" type="date" prop:value=date_to
                            on:change=move |ev| set_date_to.set(event_target_value(&ev))/></label>
                    </div>
                </Show>
                {bank.supports_owner_name.then(|| view! {
                    <label>
                        <input type="checkbox" id="permission-owner" prop:checked=owner_name
                            on:change=move |ev| set_owner_name.set(event_target_checked(&ev))/>
                        " "{t(Text::PermissionOwnerName)}
                    </label>
                })}
            </fieldset>
            {move || create.value().get().and_then(Result::err).map(|failure| view! {
                <p role="alert">{error_message(failure.code())}</p>
            })}
            <button id="consent-continue" type="button" class="onboard-button" disabled=move || pending.get() on:click=submit>
                {t(Text::ContinueToBank)}
            </button>
            <button type="button" class="onboard-link" on:click=move |_| on_back.run(())>{t(Text::ChooseAnotherBank)}</button>
        </section>
    }
}
