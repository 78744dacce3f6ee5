//! After the bank: the consent's status (polled until the account holder has decided), then
//! the data it gives access to, or a way to try again.

use leptos::prelude::*;
use protocol::api::banking::{AccountView, Bank, ConsentStatus, ConsentView};

use super::format::{grouped_iban, masked_iban, money};
use crate::api::{ApiClient, TransactionQuery};
use crate::i18n::{balance_label, consent_label, error_message, locale, t, Text};
use crate::polling::{use_polling, UsePollingReturn};

#[component]
pub fn ConsentScreen(bank: Bank, consent_id: String, on_again: Callback<()>, on_other_bank: Callback<()>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let poll_api = api.clone();
    let poll_id = consent_id.clone();
    let UsePollingReturn { value, failure, .. } = use_polling(
        move || {
            let (api, id) = (poll_api.clone(), poll_id.clone());
            async move { api.consent(&id).await }
        },
        |consent: &ConsentView| consent.status.is_decided(),
        Default::default(),
    );
    // A revocation's answer replaces the polled value.
    let (revoked, set_revoked) = signal(None::<ConsentView>);
    let consent = move || revoked.get().or_else(|| value.get());
    let status = move || consent().map(|c| c.status);
    let revoke_id = consent_id.clone();
    let revoke = Action::new_local(move |_: &()| {
        let (api, id) = (api.clone(), revoke_id.clone());
        async move { api.revoke_consent(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(view)) = revoke.value().get() {
            set_revoked.set(Some(view));
        }
    });
    let wire = move || status().map(|s| format!("{s:?}")).unwrap_or_default();
    view! {
        <section class="onboard-card" data-testid="bank-consent">
            <h2 class="onboard-heading">{bank.name.clone()}</h2>
            <p aria-live="polite">
                <span class="onboard-muted">{t(Text::StatusCaption)}": "</span>
                <strong data-testid="consent-status" data-consent-status=wire>
                    {move || status().map(consent_label).unwrap_or(t(Text::WaitingForBank))}
                </strong>
            </p>
            {move || failure.get().map(|f| view! { <p class="onboard-note" role="status">{error_message(f.code())}</p> })}
            {move || match status() {
                Some(ConsentStatus::Authorised) => view! {
                    <Accounts consent_id=consent_id.clone()/>
                    <button id="bank-disconnect" type="button" class="onboard-link" on:click=move |_| { revoke.dispatch(()); }>
                        {t(Text::Disconnect)}
                    </button>
                    {move || revoke.value().get().and_then(Result::err).map(|f| view! { <p role="alert">{error_message(f.code())}</p> })}
                }.into_any(),
                Some(ConsentStatus::Rejected) => view! {
                    <p>{t(Text::ConsentRejected)}</p>
                    <button type="button" class="onboard-button" on:click=move |_| on_again.run(())>{t(Text::Retry)}</button>
                    <button type="button" class="onboard-link" on:click=move |_| on_other_bank.run(())>{t(Text::ChooseAnotherBank)}</button>
                }.into_any(),
                Some(ConsentStatus::Revoked | ConsentStatus::RevokedAtTpp) => view! {
                    <p>{t(Text::ConsentEnded)}</p>
                    <button type="button" class="onboard-button" on:click=move |_| on_other_bank.run(())>{t(Text::ConnectBank)}</button>
                }.into_any(),
                _ => view! { <p class="onboard-muted">{t(Text::WaitingForBank)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Accounts(consent_id: String) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let id = consent_id.clone();
    let accounts = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.clone());
        async move { api.accounts(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="onboard-muted">{t(Text::Loading)}</p> }>
            {move || accounts.get().map(|result| match result {
                Ok(list) => list.accounts.into_iter().map(|account| view! {
                    <Account consent_id=consent_id.clone() account/>
                }).collect_view().into_any(),
                Err(failure) => view! {
                    <p role="alert">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-button" on:click=move |_| accounts.refetch()>{t(Text::Retry)}</button>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Account(consent_id: String, account: AccountView) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let (shown, set_shown) = signal(false);
    let iban = account.iban.clone();
    let (balance_api, balance_ids) = (api.clone(), (consent_id.clone(), account.account_id.clone()));
    let balances = LocalResource::new(move || {
        let (api, (consent, account)) = (balance_api.clone(), balance_ids.clone());
        async move { api.balances(&consent, &account).await }
    });
    let (query, set_query) = signal(TransactionQuery::default());
    let (download, set_download) = signal(false);
    let ids = (consent_id, account.account_id.clone());
    let transactions = LocalResource::new(move || {
        let (api, (consent, account)) = (api.clone(), ids.clone());
        let (query, download) = (query.get(), download.get());
        async move {
            if download {
                api.download_transactions(&consent, &account, &query).await
            } else {
                api.transactions(&consent, &account, &query).await
            }
        }
    });
    let (from, set_from) = signal(String::new());
    let (to, set_to) = signal(String::new());
    let day = |value: String| Some(value).filter(|v| !v.is_empty());
    let apply_dates = move |_| {
        set_query.set(TransactionQuery { date_from: day(from.get_untracked()), date_to: day(to.get_untracked()), cursor: None });
    };
    let tag = locale().tag();
    view! {
        <article class="onboard-account" data-testid="account">
            <h3>{account.name.clone()}" · "{account.product.clone()}</h3>
            {account.owner_name.clone().map(|owner| view! { <p class="onboard-muted">{owner}</p> })}
            <p>
                <span data-testid="iban">{move || if shown.get() { grouped_iban(&iban) } else { masked_iban(&iban) }}</span>
                " "
                <button type="button" class="onboard-link" aria-pressed=move || shown.get().to_string()
                    on:click=move |_| set_shown.update(|s| *s = !*s)>
                    {move || if shown.get() { t(Text::Hide) } else { t(Text::Show) }}
                </button>
            </p>
            {move || balances.get().map(|result| match result {
                Ok(list) => list.balances.into_iter().map(|b| view! {
                    <p data-testid="balance"><span class="onboard-muted">{balance_label(&b.kind)}": "</span>{money(&b.amount, tag)}</p>
                }).collect_view().into_any(),
                Err(failure) => view! { <p class="onboard-muted">{error_message(failure.code())}</p> }.into_any(),
            })}
            <div class="onboard-date-filter">
                <label>{t(Text::DateFrom)}" "<input type="date" class="tx-date-from" prop:value=from
                    on:change=move |ev| set_from.set(event_target_value(&ev))/></label>
                <label>{t(Text::DateTo)}" "<input type="date" class="tx-date-to" prop:value=to
                    on:change=move |ev| set_to.set(event_target_value(&ev))/></label>
                <button type="button" class="onboard-link tx-apply" on:click=apply_dates>{t(Text::Apply)}</button>
            </div>
            {move || transactions.get().map(|result| match result {
                Ok(page) if page.download_only && !download.get() => view! {
                    <button id="tx-download" type="button" class="onboard-button" on:click=move |_| set_download.set(true)>
                        {t(Text::DownloadTransactions)}
                    </button>
                }.into_any(),
                Ok(page) => {
                    let cursors = page.cursors.clone();
                    let pager = move |id: &'static str, label: Text, target: Option<String>| view! {
                        <button id=id type="button" class="onboard-link" disabled=target.is_none()
                            on:click=move |_| set_query.update(|q| q.cursor = target.clone())>{t(label)}</button>
                    };
                    view! {
                        <ul class="onboard-transactions">
                            {page.transactions.into_iter().map(|tx| {
                                let credit = tx.amount.minor >= 0;
                                view! {
                                <li data-testid="transaction" class:onboard-credit=credit>
                                    <span>{tx.booking_date}</span>
                                    <span>{tx.counterparty.or(tx.description).unwrap_or_default()}</span>
                                    <span>{money(&tx.amount, tag)}</span>
                                </li>
                            }}).collect_view()}
                        </ul>
                        <nav class="onboard-pager" aria-label=t(Text::Transactions)>
                            {pager("tx-first", Text::PageFirst, cursors.first)}
                            {pager("tx-previous", Text::PagePrevious, cursors.previous)}
                            {pager("tx-next", Text::PageNext, cursors.next)}
                            {pager("tx-last", Text::PageLast, cursors.last)}
                        </nav>
                    }.into_any()
                }
                Err(failure) => view! {
                    <p class="onboard-muted">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-link" on:click=move |_| transactions.refetch()>{t(Text::Retry)}</button>
                }.into_any(),
            })}
        </article>
    }
}
