//! A searchable country picker, the ARIA combobox with a list popup: the countries' names in
//! the customer's language from the browser's `Intl.DisplayNames` (no table in the wasm),
//! found by their name in any of the widget's languages or by their code, so "Swe", "Sver" and
//! "SE" all find Sweden. The answer holds the code; the customer never sees one.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use protocol::regions;

use super::form::{hint_and_error, Binding};
use crate::bank::format::settings;
use crate::i18n::{locale, t, Locale, Text};

struct Country {
    code: &'static str,
    /// In the customer's language first, then in the widget's other languages.
    names: Vec<String>,
}

thread_local! {
    static COUNTRIES: RefCell<Option<(Locale, Rc<Vec<Country>>)>> = const { RefCell::new(None) };
}

/// Every country, named and sorted in the current language; made once per language.
fn countries() -> Rc<Vec<Country>> {
    let current = locale();
    COUNTRIES.with_borrow_mut(|cached| match cached {
        Some((made_for, countries)) if *made_for == current => countries.clone(),
        _ => {
            let countries = Rc::new(named_in(current));
            *cached = Some((current, countries.clone()));
            countries
        }
    })
}

fn named_in(current: Locale) -> Vec<Country> {
    let languages =
        std::iter::once(current).chain(Locale::ALL.into_iter().filter(|l| *l != current));
    let namers: Vec<js_sys::Intl::DisplayNames> = languages
        .map(|language| {
            let locales = js_sys::Array::of1(&language.tag().into());
            js_sys::Intl::DisplayNames::new(&locales, &settings(&[("type", "region".into())]))
        })
        .collect();
    let mut countries: Vec<Country> = regions::all()
        .map(|code| Country {
            code,
            names: namers
                .iter()
                .map(|namer| {
                    namer
                        .of(code)
                        .map(String::from)
                        .unwrap_or_else(|| code.to_owned())
                })
                .collect(),
        })
        .collect();
    let locales = js_sys::Array::of1(&current.tag().into());
    let options = js_sys::Object::new();
    countries.sort_by(|a, b| {
        js_sys::JsString::from(a.names[0].as_str())
            .locale_compare(&b.names[0], &locales, &options)
            .cmp(&0)
    });
    countries
}

/// The country's name in the customer's language; the code where the browser has none.
pub fn country_name(code: &str) -> String {
    countries()
        .iter()
        .find(|country| country.code == code)
        .map_or_else(|| code.to_owned(), |country| country.names[0].clone())
}

/// The countries that match `query`, best first: code and name, in the customer's language.
fn matching(query: &str) -> Vec<(&'static str, String)> {
    let countries = countries();
    let mut found: Vec<(u8, usize)> = countries
        .iter()
        .enumerate()
        .filter_map(|(i, country)| {
            let names: Vec<&str> = country.names.iter().map(String::as_str).collect();
            regions::rank(query, country.code, &names).map(|rank| (rank, i))
        })
        .collect();
    // Stable: within a rank, the alphabetical order stays.
    found.sort_by_key(|(rank, _)| *rank);
    found
        .into_iter()
        .map(|(_, i)| (countries[i].code, countries[i].names[0].clone()))
        .collect()
}

/// `bind` holds the country's code; what is typed stays in the box until a country is chosen.
#[component]
pub fn CountryField(
    #[prop(into)] id: String,
    label: Text,
    bind: Binding,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    if let Some(summary) = use_context::<super::error_summary::ErrorSummary>() {
        summary.register(id.clone(), label, bind.error);
    }
    let query = RwSignal::new(country_name(&bind.value.get_untracked()));
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let found = Memo::new(move |_| matching(&query.get()));
    // A country chosen elsewhere (a draft, another tab's answer) shows by its name.
    Effect::new(move |_| {
        let code = bind.value.get();
        if !code.is_empty() {
            query.set(country_name(&code));
        }
    });
    let choose = move |code: &str| {
        open.set(false);
        active.set(None);
        query.set(country_name(code));
        bind.on_input.run(code.to_owned());
    };
    // Leaving the box: what is in it is the country it names, or none (and the rules say so).
    // Read from the box itself: a browser's autofill, or a script's clearing, says nothing.
    let settle = move |typed: String| {
        open.set(false);
        query.set(typed.clone());
        let found = found.get_untracked();
        let exact = found.iter().find(|(code, name)| {
            name.eq_ignore_ascii_case(typed.trim()) || code.eq_ignore_ascii_case(typed.trim())
        });
        match exact.or(found.first().filter(|_| found.len() == 1)) {
            Some((code, _)) => choose(code),
            None => bind.on_input.run(String::new()),
        }
        bind.on_blur.run(());
    };
    let on_key = move |ev: KeyboardEvent| {
        let count = found.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                open.set(true);
                let step_down = ev.key() == "ArrowDown";
                active.update(|at| {
                    *at = match (*at, step_down) {
                        (None, _) => (count > 0).then_some(0),
                        (Some(i), true) => Some((i + 1).min(count.saturating_sub(1))),
                        (Some(i), false) => Some(i.saturating_sub(1)),
                    }
                });
            }
            "Enter" if open.get_untracked() => {
                ev.prevent_default();
                let at = active.get_untracked().unwrap_or(0);
                if let Some((code, _)) = found.with_untracked(|found| found.get(at).cloned()) {
                    choose(code);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
            }
            _ => {}
        }
    };
    let list_id = format!("{id}-list");
    let option_id = {
        let id = id.clone();
        move |code: &str| format!("{id}-{}", code.to_ascii_lowercase())
    };
    let active_option = {
        let option_id = option_id.clone();
        move || {
            let at = active.get()?;
            found.with(|found| found.get(at).map(|(code, _)| option_id(code)))
        }
    };
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = hint_and_error(hint_id.clone(), error_id.clone(), bind.error);
    let options = move || {
        let option_id = option_id.clone();
        found.with(|found| {
            if found.is_empty() {
                return view! { <li class="onboard-combobox__none">{t(Text::NoCountryFound)}</li> }.into_any();
            }
            found
                .iter()
                .enumerate()
                .map(|(i, (code, name))| {
                    let code: &'static str = code;
                    view! {
                        <li id=option_id(code) role="option" data-code=code
                            aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| choose(code)>
                            {name.clone()}
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <div class="onboard-field onboard-combobox" class:onboard-field--invalid=move || bind.error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <p class="onboard-hint" id=hint_id>{t(Text::CountryHint)}</p>
            <input id=id.clone() name=id.clone() type="text" role="combobox"
                autocomplete=autocomplete.unwrap_or("off")
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=active_option
                aria-invalid=move || if bind.error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(None);
                    open.set(true);
                }
                on:keydown=on_key
                on:blur=move |ev| settle(event_target_value(&ev))/>
            <ul id=list_id role="listbox" class="onboard-combobox__list" aria-label=t(label)
                hidden=move || !open.get()>
                {options}
            </ul>
            <p class="onboard-error" id=error_id.clone() role="alert" data-testid=error_id>
                {move || bind.error.get()}
            </p>
        </div>
    }
}
