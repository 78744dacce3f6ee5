//! A date typed as day, month and year in three boxes (the GOV.UK design system's date input):
//! no format to learn, numbers on a phone's keypad, and a message that names the part that is
//! missing. The boxes follow the order the customer's language writes dates in.

use leptos::prelude::*;
use protocol::date::DateParts;
use wasm_bindgen::JsCast;

use super::form::{hint_and_error, Binding};
use crate::i18n::{locale, t, Locale, Text};

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Day,
    Month,
    Year,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    fn label(self) -> Text {
        match self {
            Self::Day => Text::Day,
            Self::Month => Text::Month,
            Self::Year => Text::Year,
        }
    }

    fn read(self, parts: &DateParts) -> String {
        match self {
            Self::Day => parts.day.clone(),
            Self::Month => parts.month.clone(),
            Self::Year => parts.year.clone(),
        }
    }

    fn of(self, parts: &mut DateParts) -> &mut String {
        match self {
            Self::Day => &mut parts.day,
            Self::Month => &mut parts.month,
            Self::Year => &mut parts.year,
        }
    }
}

/// Swedish writes the year first (1990-03-27); the others the day.
fn parts_in_order(locale: Locale) -> [Part; 3] {
    match locale {
        Locale::Sv => [Part::Year, Part::Month, Part::Day],
        _ => [Part::Day, Part::Month, Part::Year],
    }
}

/// `bind` holds the date as it travels (see [`DateParts`]); `autocomplete` is the browser's
/// prefix for the parts (`bday` gives `bday-day`, `bday-month`, `bday-year`).
#[component]
pub fn DateField(
    #[prop(into)] id: String,
    label: Text,
    bind: Binding,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let order = parts_in_order(locale());
    let first_box = format!("{id}-{}", order[0].name());
    if let Some(summary) = use_context::<super::error_summary::ErrorSummary>() {
        summary.register(first_box, label, bind.error);
    }
    // What is typed, box by box: the travelling form pads a day, and must not while one types.
    let typed = RwSignal::new(DateParts::from_wire(&bind.value.get_untracked()));
    Effect::new(move |_| {
        let wire = bind.value.get();
        if typed.with_untracked(DateParts::to_wire) != wire {
            typed.set(DateParts::from_wire(&wire));
        }
    });
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = hint_and_error(hint_id.clone(), error_id.clone(), bind.error);
    let part_box = move |part: Part| {
        let box_id = format!("{id}-{}", part.name());
        view! {
            <div class=format!("onboard-date__part onboard-date__{}", part.name())>
                <label for=box_id.clone()>{t(part.label())}</label>
                <input id=box_id.clone() name=box_id inputmode="numeric"
                    maxlength=if part == Part::Year { "4" } else { "2" }
                    autocomplete=autocomplete.map_or("off".to_owned(), |prefix| format!("{prefix}-{}", part.name()))
                    prop:value=move || typed.with(|parts| part.read(parts))
                    aria-invalid=move || if bind.error.get().is_some() { "true" } else { "false" }
                    on:input=move |ev| {
                        typed.update(|parts| *part.of(parts) = event_target_value(&ev));
                        bind.on_input.run(typed.with_untracked(DateParts::to_wire));
                    }/>
            </div>
        }
    };
    view! {
        <div class="onboard-field" class:onboard-field--invalid=move || bind.error.get().is_some()>
            <fieldset class="onboard-date" role="group" aria-describedby=described
                on:focusout=move |ev: web_sys::FocusEvent| {
                    // Moving between the boxes is not leaving the date.
                    let group = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    let next = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    if !group.is_some_and(|group| group.contains(next.as_ref())) {
                        bind.on_blur.run(());
                    }
                }>
                <legend>{t(label)}</legend>
                <p class="onboard-hint" id=hint_id>{t(Text::DateHint)}</p>
                <div class="onboard-date__parts">{order.into_iter().map(part_box).collect_view()}</div>
            </fieldset>
            <p class="onboard-error" id=error_id.clone() role="alert" data-testid=error_id>
                {move || bind.error.get()}
            </p>
        </div>
    }
}
