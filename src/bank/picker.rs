//! Choosing a bank: one list per country from the server, searched here as the user types.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use protocol::api::banking::Bank;
use protocol::country::SUPPORTED_MARKETS;

use super::format::fold;
use crate::api::ApiClient;
use crate::i18n::{error_message, t, Text};

#[component]
pub fn BankPicker(
    #[prop(into)] country: Signal<String>,
    on_country: Callback<String>,
    on_pick: Callback<Bank>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let banks = LocalResource::new(move || {
        let api = api.clone();
        let country = country.get();
        async move { api.banks(&country).await }
    });
    let (query, set_query) = signal(String::new());
    let shown = move || {
        let needle = fold(query.get().trim());
        banks.get().map(|result| {
            result.map(|list| list.banks.into_iter().filter(|b| fold(&b.name).contains(&needle)).collect::<Vec<_>>())
        })
    };
    view! {
        <section class="onboard-card" data-testid="bank-picker" on:keydown=move_focus>
            <h2 class="onboard-heading">{t(Text::BankPickHeading)}</h2>
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
                <select id="bank-country" on:change=move |ev| on_country.run(event_target_value(&ev))>
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
                                            <img src=bank.logo_url.clone() alt="" width="32" height="32" loading="lazy"/>
                                            <span>{bank.name.clone()}</span>
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
    let Some(picker) = event.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    let Ok(stops) = picker.query_selector_all("#bank-search, [data-testid=bank]") else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let Some(current) = (0..stops.length()).find(|&i| stops.item(i).as_ref().map(|n| n.unchecked_ref::<web_sys::Element>()) == active.as_ref()) else {
        return;
    };
    let next = (current as i32 + step).clamp(0, stops.length() as i32 - 1) as u32;
    if let Some(target) = stops.item(next).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        event.prevent_default();
        let _ = target.focus();
    }
}
