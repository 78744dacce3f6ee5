//! The data a consent gives access to: accounts, their balances and transactions, each asked
//! for only if the consent covers it.

use leptos::prelude::*;
use protocol::api::banking::{AccountView, ConsentView, Permission, TransactionView};

use super::format::{day, grouped_iban, masked_iban, money};
use crate::api::{ApiClient, TransactionQuery};
use crate::i18n::{balance_label, error_message, locale, t, t_with, Text};

#[component]
pub fn Accounts(consent: ConsentView) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let id = consent.consent_id.clone();
    let accounts = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.clone());
        async move { api.accounts(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="onboard-muted">{t(Text::Loading)}</p> }>
            {move || accounts.get().map(|result| match result {
                Ok(list) => list.accounts.into_iter().map(|account| view! {
                    <Account consent=consent.clone() account/>
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
fn Account(consent: ConsentView, account: AccountView) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let iban = account.iban.clone();
    let grants = |permission| consent.permissions.contains(&permission);
    let ids = (consent.consent_id.clone(), account.account_id.clone());
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
            {grants(Permission::Balances).then(|| view! { <Balances ids=ids.clone()/> })}
            {grants(Permission::Transactions).then(|| view! {
                <Transactions ids=ids.clone() window=(consent.transactions_from.clone(), consent.transactions_to.clone())/>
            })}
        </article>
    }
}

#[component]
fn Balances(ids: (String, String)) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let balances = LocalResource::new(move || {
        let (api, (consent, account)) = (api.clone(), ids.clone());
        async move { api.balances(&consent, &account).await }
    });
    let tag = locale().tag();
    move || {
        balances.get().map(|result| match result {
            Ok(list) => list
                .balances
                .into_iter()
                .map(|b| view! {
                    <p data-testid="balance">
                        <span class="onboard-muted">{balance_label(&b.kind)}" ("{day(&b.reference_date, tag)}"): "</span>
                        {money(&b.amount, tag)}
                    </p>
                })
                .collect_view()
                .into_any(),
            Err(failure) => view! {
                <p class="onboard-muted">{error_message(failure.code())}</p>
                <button type="button" class="onboard-link" on:click=move |_| balances.refetch()>{t(Text::Retry)}</button>
            }
            .into_any(),
        })
    }
}

/// One page of transactions at a time, or all of them for a bank that only offers a download.
#[component]
fn Transactions(ids: (String, String), window: (Option<String>, Option<String>)) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let (from, set_from) = signal(window.0.clone().unwrap_or_default());
    let (to, set_to) = signal(window.1.clone().unwrap_or_default());
    let (query, set_query) = signal(TransactionQuery { date_from: window.0, date_to: window.1, cursor: None });
    let (download, set_download) = signal(false);
    let (page, set_page) = signal(1_u32);
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
    let filled = |value: String| Some(value).filter(|v| !v.is_empty());
    let apply_dates = move |_| {
        set_page.set(1);
        set_query.set(TransactionQuery { date_from: filled(from.get_untracked()), date_to: filled(to.get_untracked()), cursor: None });
    };
    let tag = locale().tag();
    view! {
        <h4>{t(Text::Transactions)}</h4>
        <div class="onboard-date-filter">
            <label>{t(Text::DateFrom)}" "<input type="date" class="tx-date-from" prop:value=from max=to
                on:change=move |ev| set_from.set(event_target_value(&ev))/></label>
            <label>{t(Text::DateTo)}" "<input type="date" class="tx-date-to" prop:value=to min=from
                on:change=move |ev| set_to.set(event_target_value(&ev))/></label>
            <button type="button" class="onboard-link tx-apply" on:click=apply_dates>{t(Text::Apply)}</button>
        </div>
        <Transition fallback=|| view! { <p class="onboard-muted">{t(Text::Loading)}</p> }>
            {move || transactions.get().map(|result| match result {
                Ok(page) if page.download_only && !download.get() => view! {
                    <p class="onboard-muted">{t(Text::DownloadExplain)}</p>
                    <button id="tx-download" type="button" class="onboard-button" on:click=move |_| set_download.set(true)>
                        {t(Text::DownloadTransactions)}
                    </button>
                }.into_any(),
                Ok(listed) => {
                    let cursors = listed.cursors.clone();
                    let paged = [&cursors.first, &cursors.previous, &cursors.next, &cursors.last].iter().any(|c| c.is_some());
                    let pager = move |id: &'static str, label: Text, target: Option<String>, to_page: fn(u32) -> u32| view! {
                        <button id=id type="button" class="onboard-link" disabled=target.is_none()
                            on:click=move |_| {
                                set_page.update(|p| *p = to_page(*p));
                                set_query.update(|q| q.cursor = target.clone());
                            }>{t(label)}</button>
                    };
                    view! {
                        {listed.transactions.is_empty().then(|| view! { <p class="onboard-muted">{t(Text::NoTransactions)}</p> })}
                        <ul class="onboard-transactions">
                            {listed.transactions.into_iter().map(|tx| view! { <Transaction tx tag/> }).collect_view()}
                        </ul>
                        {paged.then(|| view! {
                            <nav class="onboard-pager" aria-label=t(Text::Transactions)>
                                {pager("tx-first", Text::PageFirst, cursors.first, |_| 1)}
                                {pager("tx-previous", Text::PagePrevious, cursors.previous, |p| if p == 0 { 0 } else { (p - 1).max(1) })}
                                // The page number is known only from where the user went; after "Last" it is not.
                                <span class="onboard-muted" data-testid="tx-page">
                                    {move || (page.get() > 0).then(|| t_with(Text::PageNumber, &[("page", &page.get())]))}
                                </span>
                                {pager("tx-next", Text::PageNext, cursors.next, |p| if p == 0 { 0 } else { p + 1 })}
                                {pager("tx-last", Text::PageLast, cursors.last, |_| 0)}
                            </nav>
                        })}
                    }.into_any()
                }
                Err(failure) => view! {
                    <p class="onboard-muted">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-link" on:click=move |_| transactions.refetch()>{t(Text::Retry)}</button>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Transaction(tx: TransactionView, tag: &'static str) -> impl IntoView {
    let (credit, debit) = (tx.amount.minor > 0, tx.amount.minor < 0);
    view! {
        // The wire day stays readable to tests and tools; the user reads it in their language.
        <li data-testid="transaction" data-booking-date=tx.booking_date.clone() class:onboard-credit=credit class:onboard-debit=debit>
            <time datetime=tx.booking_date.clone()>{day(&tx.booking_date, tag)}</time>
            <span>{tx.counterparty.or(tx.description).unwrap_or_default()}</span>
            <span>{money(&tx.amount, tag)}</span>
        </li>
    }
}
