//! Choosing a bank: one list per country from the server, searched here as the user types.

use leptos::prelude::*;
use protocol::api::banking::Bank;
use protocol::country::SUPPORTED_MARKETS;
use wasm_bindgen::JsCast;

use super::progress::{self, BankProgress};
use crate::api::{ApiClient, ApiFailure};
use crate::components::announce_changes;
use crate::i18n::{error_message, t, Text};
use protocol::search::fold;

/// The bank lists fetched so far, by country: switching countries back and forth, or coming
/// back from the permissions, does not fetch a list again.
#[derive(Clone, Copy)]
pub struct BankLists(StoredValue<Vec<(String, Vec<Bank>)>, LocalStorage>);

impl BankLists {
    pub fn new() -> Self {
        Self(StoredValue::new_local(Vec::new()))
    }

    fn get(self, country: &str) -> Option<Vec<Bank>> {
        self.0.with_value(|lists| {
            lists
                .iter()
                .find(|(c, _)| c == country)
                .map(|(_, banks)| banks.clone())
        })
    }

    pub fn put(self, country: String, banks: Vec<Bank>) {
        self.0.update_value(|lists| lists.push((country, banks)));
    }
}

impl Default for BankLists {
    fn default() -> Self {
        Self::new()
    }
}

/// The banks whose names contain `query`, ignoring case, accents and surrounding spaces.
pub fn matching<'a>(banks: &'a [Bank], query: &str) -> Vec<&'a Bank> {
    let needle = fold(query.trim());
    banks
        .iter()
        .filter(|bank| fold(&bank.name).contains(&needle))
        .collect()
}

#[component]
pub fn BankPicker(
    /// The country and search to start with (the session's, or where a reload left off).
    country: String,
    query: String,
    on_pick: Callback<Bank>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let lists = use_context::<BankLists>().unwrap_or_default();
    let (country, set_country) = signal(country);
    let (query, set_query) = signal(query);
    // Every change is saved, so a reload finds the same country and search.
    Effect::new(move |_| {
        let (country, query) = (country.get(), query.get());
        progress::save(Some(&BankProgress::Picking { country, query }));
    });
    let banks = LocalResource::new(move || {
        let api = api.clone();
        let country = country.get();
        async move {
            if let Some(banks) = lists.get(&country) {
                return Ok::<_, ApiFailure>(banks);
            }
            let banks = api.banks(&country).await?.banks;
            lists.put(country, banks.clone());
            Ok(banks)
        }
    });
    let shown = move || {
        let query = query.get();
        banks.get().map(|result| {
            result.map(|banks| {
                matching(&banks, &query)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    // The list changes under the search field, where focus stays: say when it has emptied.
    announce_changes(
        move || shown().and_then(Result::ok).map(|list| list.is_empty()),
        |_, empty| (*empty == Some(true)).then(|| t(Text::BankNoMatch).to_owned()),
    );
    view! {
        <section class="onboard-card" data-testid="bank-picker" on:keydown=move_focus>
            <h2 class="onboard-heading" tabindex="-1" data-bank-heading>{t(Text::BankPickHeading)}</h2>
            <div class="onboard-bank-filters">
                <label class="onboard-visually-hidden" for="bank-search">{t(Text::BankSearch)}</label>
                <input
                    id="bank-search"
                    type="search"
                    autocomplete="off"
                    placeholder=t(Text::BankSearch)
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
                <label class="onboard-visually-hidden" for="bank-country">{t(Text::BankCountry)}</label>
                <select id="bank-country" on:change=move |ev| set_country.set(event_target_value(&ev))>
                    {SUPPORTED_MARKETS
                        .iter()
                        .map(|code| view! { <option value=*code selected=move || country.get() == *code>{*code}</option> })
                        .collect_view()}
                </select>
            </div>
            <Transition fallback=|| view! { <p class="onboard-muted">{t(Text::Loading)}</p> }>
                {move || shown().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="onboard-muted">{t(Text::BankNoMatch)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="onboard-bank-list">
                            {list.into_iter().map(|bank| {
                                let picked = bank.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="onboard-bank"
                                            data-testid="bank"
                                            data-bank-id=bank.id.clone()
                                            on:click=move |_| on_pick.run(picked.clone())
                                        >
                                            // The logo's alt text names the button; the visible name would say it twice.
                                            <img src=bank.logo_url.clone() alt=bank.name.clone() width="32" height="32" loading="lazy"/>
                                            <span aria-hidden="true">{bank.name.clone()}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(failure) => view! {
                        <p role="alert">{error_message(failure.code())}</p>
                        <button type="button" class="onboard-button" on:click=move |_| banks.refetch()>{t(Text::Retry)}</button>
                    }.into_any(),
                })}
            </Transition>
            <button type="button" class="onboard-link" on:click=move |_| on_cancel.run(())>{t(Text::Cancel)}</button>
        </section>
    }
}

/// Up and down arrows move between the search field and the banks, as in a listbox.
fn move_focus(event: web_sys::KeyboardEvent) {
    let step: i32 = match event.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        _ => return,
    };
    let Some(picker) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(stops) = picker.query_selector_all("#bank-search, [data-testid=bank]") else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let Some(current) = (0..stops.length()).find(|&i| {
        stops
            .item(i)
            .as_ref()
            .map(|n| n.unchecked_ref::<web_sys::Element>())
            == active.as_ref()
    }) else {
        return;
    };
    let next = (current as i32 + step).clamp(0, stops.length() as i32 - 1) as u32;
    if let Some(target) = stops
        .item(next)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        event.prevent_default();
        let _ = target.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::api::banking::{TransactionDelivery, TransactionFilter};

    fn bank(id: &str, name: &str) -> Bank {
        Bank {
            id: id.into(),
            name: name.into(),
            country: "SE".into(),
            logo_url: String::new(),
            transaction_filter: TransactionFilter::Date,
            transaction_delivery: TransactionDelivery::Paginated,
            supports_owner_name: false,
        }
    }

    #[test]
    fn search_ignores_case_accents_and_spaces() {
        let banks = [
            bank("1", "Sparbanken Skåne"),
            bank("2", "Nordea"),
            bank("3", "Länsförsäkringar"),
        ];
        let ids = |query: &str| {
            matching(&banks, query)
                .iter()
                .map(|b| b.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(" SKANE "), ["1"]);
        assert_eq!(ids("lansf"), ["3"]);
        assert_eq!(ids("an"), ["1", "3"]);
        assert_eq!(ids(""), ["1", "2", "3"]);
        assert!(ids("zzz").is_empty());
    }
}
