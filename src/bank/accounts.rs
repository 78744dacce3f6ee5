//! The data a consent gives access to: accounts, their balances and transactions, each asked
//! for only if the consent covers it.

use leptos::prelude::*;
use protocol::api::banking::{AccountView, ConsentView, PageCursors, Permission, TransactionView};

use super::format::{day, money};
use crate::api::{ApiClient, TransactionQuery};
use crate::i18n::{balance_label, error_message, locale, product_label, t, t_with, Text};
use protocol::identity::{grouped_account_number, masked_account_number};

/// `compact`: each account with its balance, its transactions only when asked for.
#[component]
pub fn Accounts(consent: ConsentView, compact: bool) -> impl IntoView {
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
                    <Account consent=consent.clone() account compact/>
                }).collect_view().into_any(),
                Err(failure) => view! {
                    <p role="alert" data-testid="accounts-failure">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-button" data-testid="accounts-retry"
                        on:click=move |_| accounts.refetch()>{t(Text::Retry)}</button>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Account(consent: ConsentView, account: AccountView, compact: bool) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let (transactions_shown, set_transactions_shown) = signal(!compact);
    let iban = account.iban.clone();
    let grants = |permission| consent.permissions.contains(&permission);
    let ids = (consent.consent_id.clone(), account.account_id.clone());
    let iban_id = format!("iban-{}", account.account_id);
    view! {
        <article class="onboard-account" data-testid="account">
            <h3 id=format!("account-{}", account.account_id)>{account.name.clone()}" · "{product_label(&account.product)}</h3>
            {account.owner_name.clone().map(|owner| view! { <p class="onboard-muted">{owner}</p> })}
            <p>
                <span id=iban_id.clone() data-testid="iban">{move || if shown.get() { grouped_account_number(&iban) } else { masked_account_number(&iban) }}</span>
                " "
                // The label says what a press does ("Show", "Hide"), so no aria-pressed, which
                // would read "Hide, pressed"; the IBAN it acts on describes it.
                <button type="button" class="onboard-link" aria-describedby=iban_id
                    on:click=move |_| set_shown.update(|s| *s = !*s)>
                    {move || if shown.get() { t(Text::Hide) } else { t(Text::Show) }}
                </button>
            </p>
            {grants(Permission::Balances).then(|| view! { <Balances ids=ids.clone()/> })}
            {grants(Permission::Transactions).then(|| {
                let window = (consent.transactions_from.clone(), consent.transactions_to.clone());
                let ids = ids.clone();
                let region = format!("account-transactions-{}", account.account_id);
                view! {
                    {compact.then(|| view! {
                        <button type="button" class="onboard-link" data-testid="transactions-toggle"
                            aria-expanded=move || transactions_shown.get().to_string() aria-controls=region.clone()
                            on:click=move |_| set_transactions_shown.update(|s| *s = !*s)>
                            {move || if transactions_shown.get() { t(Text::HideTransactions) } else { t(Text::ShowTransactions) }}
                        </button>
                    })}
                    <div id=region.clone()>
                        <Show when=move || transactions_shown.get()>
                            <Transactions ids=ids.clone() window=window.clone()/>
                        </Show>
                    </div>
                }
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
/// Its controls are found by `data-testid`, not `id`: every account has them.
#[component]
fn Transactions(ids: (String, String), window: (Option<String>, Option<String>)) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    // Each account has a pager: its name tells their landmarks apart.
    let heading_id = format!("transactions-{}", ids.1);
    let pager_label = format!("{heading_id} account-{}", ids.1);
    let (from, set_from) = signal(window.0.clone().unwrap_or_default());
    let (to, set_to) = signal(window.1.clone().unwrap_or_default());
    let (query, set_query) = signal(TransactionQuery {
        date_from: window.0,
        date_to: window.1,
        cursor: None,
    });
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
        set_query.set(TransactionQuery {
            date_from: filled(from.get_untracked()),
            date_to: filled(to.get_untracked()),
            cursor: None,
        });
    };
    // The last page's cursors, kept while the next page loads: the pager stays in place, so
    // the button the user pressed keeps focus.
    let cursors = Memo::new(move |last: Option<&Option<PageCursors>>| {
        transactions
            .get()
            .and_then(Result::ok)
            .map(|page| page.cursors)
            .or_else(|| last.cloned().flatten())
    });
    let paged = Memo::new(move |_| {
        cursors.with(|c| {
            c.as_ref().is_some_and(|c| {
                [&c.first, &c.previous, &c.next, &c.last]
                    .iter()
                    .any(|c| c.is_some())
            })
        })
    });
    // `aria-disabled`, not `disabled`: a disabled button drops focus, which would leave a
    // keyboard user who reached the last page at the top of the document.
    let pager = move |testid: &'static str,
                      label: Text,
                      pick: fn(&PageCursors) -> Option<String>,
                      to_page: fn(u32) -> u32| {
        let target = move || cursors.with(|c| c.as_ref().and_then(pick));
        view! {
            <button type="button" class="onboard-link" data-testid=testid aria-disabled=move || target().is_none().to_string()
                on:click=move |_| {
                    if let Some(cursor) = target() {
                        set_page.update(|p| *p = to_page(*p));
                        set_query.update(|q| q.cursor = Some(cursor));
                    }
                }>{t(label)}</button>
        }
    };
    let tag = locale().tag();
    view! {
        <h4 id=heading_id>{t(Text::Transactions)}</h4>
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
                    <button type="button" class="onboard-button" data-testid="tx-download" on:click=move |_| set_download.set(true)>
                        {t(Text::DownloadTransactions)}
                    </button>
                }.into_any(),
                Ok(listed) => view! {
                    {listed.transactions.is_empty().then(|| view! { <p class="onboard-muted">{t(Text::NoTransactions)}</p> })}
                    <ul class="onboard-transactions">
                        {listed.transactions.into_iter().map(|tx| view! { <Transaction tx tag/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(failure) => view! {
                    <p class="onboard-muted">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-link" on:click=move |_| transactions.refetch()>{t(Text::Retry)}</button>
                }.into_any(),
            })}
        </Transition>
        <Show when=move || paged.get()>
            <nav class="onboard-pager" aria-labelledby=pager_label.clone()>
                {pager("tx-first", Text::PageFirst, |c| c.first.clone(), |_| 1)}
                {pager("tx-previous", Text::PagePrevious, |c| c.previous.clone(), |p| if p == 0 { 0 } else { (p - 1).max(1) })}
                // The page number is known only from where the user went; after "Last" it is not.
                // Live: the page changes away from focus, which stays on the pressed button.
                <span class="onboard-muted" data-testid="tx-page" aria-live="polite">
                    {move || (page.get() > 0).then(|| t_with(Text::PageNumber, &[("page", &page.get())]))}
                </span>
                {pager("tx-next", Text::PageNext, |c| c.next.clone(), |p| if p == 0 { 0 } else { p + 1 })}
                {pager("tx-last", Text::PageLast, |c| c.last.clone(), |_| 0)}
            </nav>
        </Show>
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
