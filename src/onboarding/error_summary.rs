//! The error summary at the top of a step after a Continue that failed (the GOV.UK Design
//! System's pattern): what is wrong, each entry a link that takes the focus to its field. The
//! step's fields register themselves; the summary lists those in error.

use leptos::prelude::*;

use crate::components::focus_first;
use crate::i18n::{t, Text};
use crate::split::{split_point, Screen};

const SUMMARY_ID: &str = "error-summary";

/// A field as the summary names it: its input's id, its label and its error, if any.
#[derive(Clone)]
struct SummaryField {
    id: String,
    label: Text,
    error: Signal<Option<&'static str>>,
}

/// One step's summary, provided by its card to the fields within it.
#[derive(Clone, Copy)]
pub struct ErrorSummary {
    fields: RwSignal<Vec<SummaryField>>,
    shown: RwSignal<bool>,
}

impl ErrorSummary {
    pub fn new() -> Self {
        Self {
            fields: RwSignal::new(Vec::new()),
            shown: RwSignal::new(false),
        }
    }

    /// A field of the step, in the order of the page; made again, it keeps its place. A field
    /// gone from the step (a date the identity number now gives) is in error no more: its
    /// error signal went with it.
    pub fn register(self, id: String, label: Text, error: Signal<Option<&'static str>>) {
        self.fields.update(|fields| {
            let field = SummaryField {
                id: id.clone(),
                label,
                error,
            };
            match fields.iter_mut().find(|f| f.id == id) {
                Some(known) => *known = field,
                None => fields.push(field),
            }
        });
        on_cleanup(move || {
            self.fields.try_update(|fields| {
                if let Some(gone) = fields.iter_mut().find(|f| f.id == id && f.error == error) {
                    gone.error = Signal::stored(None);
                }
            });
        });
    }

    /// After the step's Continue: when a field is in error, the summary shows and takes the
    /// focus, so that a screen reader reads it first.
    pub fn is_shown(self) -> bool {
        self.shown.get()
    }

    pub fn after_continue(self) {
        let failed = self.fields.with_untracked(|fields| {
            fields
                .iter()
                .any(|field| field.error.get_untracked().is_some())
        });
        self.shown.set(failed);
        if failed {
            request_animation_frame(|| focus_first(&format!("#{SUMMARY_ID}")));
        }
    }
}

impl Default for ErrorSummary {
    fn default() -> Self {
        Self::new()
    }
}

split_point! {
    /// The split point of the summary (README, "The split build"): only a Continue that
    /// failed needs its code.
    pub fn error_summary() -> Screen<ErrorSummary> {
        |summary| view! { <ErrorSummaryBox summary/> }.into_any()
    }
}

#[component]
fn ErrorSummaryBox(summary: ErrorSummary) -> impl IntoView {
    let in_error = move || {
        summary.fields.with(|fields| {
            fields
                .iter()
                .filter_map(|field| field.error.get().map(|error| (field.clone(), error)))
                .collect::<Vec<_>>()
        })
    };
    move || {
        let errors = in_error();
        (summary.shown.get() && !errors.is_empty()).then(|| view! {
            <div class="onboard-error-summary" id=SUMMARY_ID tabindex="-1" role="alert"
                aria-labelledby="error-summary-title" data-testid="error-summary">
                <h2 class="onboard-subheading" id="error-summary-title">{t(Text::ErrorSummaryTitle)}</h2>
                <ul>
                    {errors.into_iter().map(|(field, error)| view! {
                        // Not a jump to `#id`: the address's fragment is the widget's own.
                        <li><a href=format!("#{}", field.id) on:click=move |ev| {
                            ev.prevent_default();
                            focus_first(&format!("#{}", field.id));
                        }>{t(field.label)}": "{error}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}
