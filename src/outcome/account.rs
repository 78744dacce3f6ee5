//! "Your account" under an approved outcome: the account the card issuer opened, its balance,
//! its operations page by page within a date window, and one operation in detail (the original
//! amount, the exchange rate, the merchant, and for a fee the purchase it was charged for).

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use protocol::api::account::{AccountView, OperationDetailView, OperationItem, OperationsPage};
use protocol::Money;

use crate::api::{ApiClient, ApiFailure};
use crate::bank::format::{day, money};
use crate::components::{focus_first, Spinner};
use crate::i18n::{error_message, locale, t, t_with, Text};
use protocol::identity::masked_account_number;

/// The account's reads, begun with the rest of the results screen's. The operations wait for the
/// account: its read is what opens it.
#[derive(Clone, Copy)]
pub struct AccountReads {
    account: LocalResource<Result<AccountView, ApiFailure>>,
    /// The operations' page and date window, and the list they select.
    page: RwSignal<u32>,
    window: RwSignal<(String, String)>,
    listed: LocalResource<Result<OperationsPage, ApiFailure>>,
}

impl AccountReads {
    pub fn start(api: ApiClient) -> Self {
        let account_api = api.clone();
        let account = LocalResource::new(move || {
            let api = account_api.clone();
            async move { api.account().await }
        });
        let page = RwSignal::new(0_u32);
        let window = RwSignal::new((String::new(), String::new()));
        let listed = LocalResource::new(move || {
            let (api, page, (from, to)) = (api.clone(), page.get(), window.get());
            async move {
                // Awaited without tracking: tracked, the account's arrival would run this again
                // and ask for the same page twice. A retry of the account asks again itself.
                ScopedFuture::new_untracked(async move { account.await }).await?;
                api.account_operations(&from, &to, page).await
            }
        });
        Self {
            account,
            page,
            window,
            listed,
        }
    }

    /// Reads the account again, and the operations after it.
    fn retry(self) {
        self.account.refetch();
        self.listed.refetch();
    }

    /// The first screenful is in: the account, and its first operations if it opened.
    pub fn loaded(self) -> bool {
        match self.account.get() {
            None => false,
            Some(Err(_)) => true,
            Some(Ok(_)) => self.listed.get().is_some(),
        }
    }
}

#[component]
pub fn IssuedAccount(reads: AccountReads) -> impl IntoView {
    let account = reads.account;
    view! {
        <section class="onboard-card" data-testid="issued-account" aria-labelledby="account-heading">
            <h2 class="onboard-heading" id="account-heading">{t(Text::AccountHeading)}</h2>
            <Suspense fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match account.await {
                        // The operations exist once the account does: asked for only then.
                        Ok(view) => view! { {summary(view)} <Operations reads/> }.into_any(),
                        Err(failure) => view! {
                            <p role="alert">{error_message(failure.code())}</p>
                            <button type="button" class="onboard-link" on:click=move |_| reads.retry()>{t(Text::Retry)}</button>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// An amount of the card account as it affects the holder, as the bank's transactions are shown:
/// the issuer counts what is owed as positive, so a purchase is shown with a minus.
fn held(amount: &Money, locale: &str) -> String {
    money(&amount.negated(), locale)
}

fn summary(account: AccountView) -> impl IntoView {
    let tag = locale().tag();
    view! {
        <dl class="onboard-facts" data-testid="account-summary">
            <dt>{t(Text::AccountNumber)}</dt><dd class="onboard-identifier">{masked_account_number(&account.account_number)}</dd>
            <dt>{t(Text::CardNumber)}</dt><dd class="onboard-identifier" data-testid="account-card">{masked_account_number(&account.masked_pan)}</dd>
            <dt>{t(Text::Balance)}</dt><dd data-testid="account-balance">{held(&account.balance, tag)}</dd>
            <dt>{t(Text::PendingAmount)}</dt><dd>{held(&account.pending, tag)}</dd>
            {account.available.map(|available| view! {
                <dt>{t(Text::AvailableAmount)}</dt><dd data-testid="account-available">{money(&available, tag)}</dd>
            })}
        </dl>
        <p class="onboard-muted" data-testid="account-amounts-explained">{t(Text::CardAmountsExplained)}</p>
    }
}

/// The list, or the one operation opened from it; back from the detail, the list is where it
/// was (same page, same window).
#[component]
fn Operations(reads: AccountReads) -> impl IntoView {
    let AccountReads {
        page,
        window,
        listed,
        ..
    } = reads;
    let (from, set_from) = signal(String::new());
    let (to, set_to) = signal(String::new());
    let (opened, set_opened) = signal(None::<String>);
    let has_more = move || {
        listed
            .get()
            .and_then(|page| page.ok())
            .is_some_and(|page| page.has_more)
    };
    let open = Callback::new(move |id: String| {
        set_opened.set(Some(id));
        request_animation_frame(|| focus_first("[data-operation-heading]"));
    });
    let back = Callback::new(move |()| {
        set_opened.set(None);
        request_animation_frame(|| focus_first("[data-operations-heading]"));
    });
    let apply = move |_| {
        window.set((from.get_untracked(), to.get_untracked()));
        page.set(0);
    };
    move || {
        match opened.get() {
        Some(id) => view! { <OperationDetail id on_back=back/> }.into_any(),
        None => view! {
            <h3 class="onboard-subheading" tabindex="-1" data-operations-heading>{t(Text::Transactions)}</h3>
            <div class="onboard-date-filter">
                <label>{t(Text::DateFrom)}" "
                    <input type="date" id="account-from" prop:value=from on:change=move |ev| set_from.set(event_target_value(&ev))/>
                </label>
                <label>{t(Text::DateTo)}" "
                    <input type="date" id="account-to" prop:value=to on:change=move |ev| set_to.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="onboard-link" id="account-apply" on:click=apply>{t(Text::Apply)}</button>
            </div>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match listed.await {
                        Ok(listed) if listed.operations.is_empty() => {
                            view! { <p class="onboard-muted">{t(Text::NoTransactions)}</p> }.into_any()
                        }
                        Ok(listed) => view! {
                            <ul class="onboard-transactions" data-testid="account-operations">
                                {listed.operations.into_iter().map(|operation| row(operation, open)).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(failure) => view! {
                            <p role="alert">{error_message(failure.code())}</p>
                            <button type="button" class="onboard-link" on:click=move |_| listed.refetch()>{t(Text::Retry)}</button>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            // Stays in place across pages, so the button pressed keeps focus.
            <nav class="onboard-pager" aria-labelledby="account-heading">
                <button type="button" class="onboard-link" id="account-previous" aria-disabled=move || (page.get() == 0).to_string()
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{t(Text::PagePrevious)}</button>
                <span class="onboard-muted" data-testid="account-page" aria-live="polite">
                    {move || t_with(Text::PageNumber, &[("page", &(page.get() + 1))])}
                </span>
                <button type="button" class="onboard-link" id="account-next" aria-disabled=move || (!has_more()).to_string()
                    on:click=move |_| if has_more() { page.update(|p| *p += 1) }>{t(Text::PageNext)}</button>
            </nav>
        }
        .into_any(),
    }
    }
}

fn row(operation: OperationItem, open: Callback<String>) -> impl IntoView {
    let tag = locale().tag();
    let id = operation.id.clone();
    let posted = operation.posted_at.get(..10).unwrap_or_default().to_owned();
    view! {
        <li data-testid="account-operation" data-kind=operation.kind.clone() data-code=operation.code.clone().unwrap_or_default()>
            <button type="button" class="onboard-operation" on:click=move |_| open.run(id.clone())>
                <time datetime=posted.clone()>{day(&posted, tag)}</time>
                // The statement's text as the card network wrote it: words of no language.
                <span><span translate="no">{operation.description}</span>{operation.reversal.then(|| format!(" · {}", t(Text::Reversed)))}</span>
                <span>
                    {held(&operation.amount, tag)}
                    {operation.original_amount.map(|original| view! { <small class="onboard-muted">" ("{held(&original, tag)}")"</small> })}
                </span>
            </button>
        </li>
    }
}

#[component]
fn OperationDetail(id: String, on_back: Callback<()>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let detail = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.clone());
        async move { api.account_operation(&id).await }
    });
    view! {
        <div data-testid="operation-detail">
            <h3 class="onboard-subheading" tabindex="-1" data-operation-heading>{t(Text::OperationDetails)}</h3>
            <Suspense fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => facts(detail).into_any(),
                        Err(failure) => view! { <p role="alert">{error_message(failure.code())}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <button type="button" class="onboard-button onboard-button--secondary" id="account-back"
                on:click=move |_| on_back.run(())>{t(Text::Back)}</button>
        </div>
    }
}

fn facts(detail: OperationDetailView) -> impl IntoView {
    let tag = locale().tag();
    let operation = detail.operation;
    let posted = operation.posted_at.get(..10).unwrap_or_default().to_owned();
    let merchant = detail.merchant.map(|name| match detail.merchant_city {
        Some(city) => format!("{name}, {city}"),
        None => name,
    });
    view! {
        <dl class="onboard-facts">
            <dt>{t(Text::OperationDescription)}</dt><dd translate="no">{operation.description}</dd>
            <dt>{t(Text::PostedOn)}</dt><dd>{day(&posted, tag)}</dd>
            <dt>{t(Text::Amount)}</dt><dd data-testid="operation-amount">{held(&operation.amount, tag)}</dd>
            {operation.original_amount.map(|original| view! {
                <dt>{t(Text::OriginalAmount)}</dt><dd data-testid="operation-original">{held(&original, tag)}</dd>
            })}
            {detail.exchange_rate.map(|rate| view! { <dt>{t(Text::ExchangeRate)}</dt><dd data-testid="operation-rate">{rate}</dd> })}
            {merchant.map(|merchant| view! { <dt>{t(Text::Merchant)}</dt><dd translate="no">{merchant}</dd> })}
            {detail.masked_pan.map(|pan| view! { <dt>{t(Text::CardNumber)}</dt><dd class="onboard-identifier">{masked_account_number(&pan)}</dd> })}
            {detail.parent.map(|parent| view! {
                <dt>{t(Text::ChargedFor)}</dt>
                <dd data-testid="operation-parent" translate="no">{format!("{} · {}", parent.description, held(&parent.amount, tag))}</dd>
            })}
        </dl>
    }
}
