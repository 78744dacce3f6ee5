//! One step's form: its answer as a signal, kept as a draft in sessionStorage on every change,
//! checked with `protocol`'s rules as the user types, errors shown once a field is left or the
//! user tries to continue.

use std::collections::BTreeMap;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::Draft;
use protocol::onboarding::{FieldError, Step};
use serde::Serialize;

use crate::api::ApiClient;
use crate::i18n::{field_message, t, t_with, Text};
use crate::json::{Object, Read};
use crate::storage::{self, Key};

/// What the user typed into a step of this application, if they typed anything in this tab:
/// `read` is the step's answer reader.
pub fn load_draft<T>(step: Step, read: fn(&Object) -> Read<T>) -> Option<T> {
    crate::json::parse(&storage::get(Key::Draft(step))?)
        .and_then(|draft| read(&draft))
        .ok()
}

/// Keeps what is typed in the tab, and returns it as JSON for the server.
fn save_draft<T: Serialize>(step: Step, answer: &T) -> Option<String> {
    let json = serde_json::to_string(answer).ok()?;
    storage::set(Key::Draft(step), &json);
    Some(json)
}

/// What was typed on another device and not saved there becomes this tab's draft, unless the
/// tab has its own: the steps then start from it.
pub fn adopt_drafts(drafts: &BTreeMap<Step, Draft>) {
    for (step, draft) in drafts {
        if storage::get(Key::Draft(*step)).is_none() {
            storage::set(Key::Draft(*step), &draft.0);
        }
    }
}

/// A pause in typing after which the draft goes to the server.
const DRAFT_UPLOAD_DELAY_MS: u32 = 1_000;

/// Drops every draft and the saved position: the application is submitted.
pub fn clear_drafts() {
    for step in Step::ALL {
        storage::remove(Key::Draft(step));
    }
    storage::remove(Key::Step);
}

pub struct Form<T: Send + Sync + 'static> {
    pub answer: RwSignal<T>,
    /// The draft's upload waiting for a pause in typing; dropping it cancels it.
    draft_upload: StoredValue<Option<Timeout>, LocalStorage>,
    pub attempted: RwSignal<bool>,
    touched: RwSignal<Vec<String>>,
    /// A problem the server found that the browser did not: field and message.
    pub server: RwSignal<Option<(String, String)>>,
    errors: Memo<Vec<FieldError>>,
}

impl<T: Send + Sync + 'static> Clone for Form<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Form<T> {}

/// The wiring of one text input to a field of the answer.
#[derive(Clone, Copy)]
pub struct Binding {
    pub value: Signal<String>,
    pub on_input: Callback<String>,
    pub on_blur: Callback<()>,
    pub error: Signal<Option<&'static str>>,
}

impl<T: Clone + PartialEq + Serialize + Send + Sync + 'static> Form<T> {
    pub fn new(
        step: Step,
        initial: T,
        validate: impl Fn(&T) -> Result<(), Vec<FieldError>> + Send + Sync + 'static,
    ) -> Self {
        let answer = RwSignal::new(initial);
        let draft_upload = StoredValue::new_local(None);
        let api = use_context::<ApiClient>();
        Effect::new(move |before: Option<()>| {
            let draft = answer.with(|a| save_draft(step, a));
            // The first run is what the form started from: nothing typed yet.
            if let (Some(()), Some(draft), Some(api)) = (before, draft, api.clone()) {
                let upload = Timeout::new(DRAFT_UPLOAD_DELAY_MS, move || {
                    // The tab keeps the draft whatever happens to this copy.
                    spawn_local(async move { _ = api.save_draft(step, draft).await });
                });
                draft_upload.set_value(Some(upload));
            }
        });
        let errors = Memo::new(move |_| answer.with(|a| validate(a).err().unwrap_or_default()));
        Self {
            answer,
            draft_upload,
            attempted: RwSignal::new(false),
            touched: RwSignal::new(vec![]),
            server: RwSignal::new(None),
            errors,
        }
    }

    /// The answer is being saved: a draft sent after it would outlive it on the server.
    pub fn cancel_draft_upload(&self) {
        self.draft_upload.set_value(None);
    }

    pub fn is_valid(&self) -> bool {
        self.errors.with_untracked(Vec::is_empty)
    }

    /// The translated message for `field`, once the user has left it or tried to go on.
    pub fn message(&self, field: impl Into<String>) -> Signal<Option<&'static str>> {
        let field = field.into();
        let form = *self;
        Signal::derive(move || {
            if form
                .server
                .with(|refused| refused.as_ref().is_some_and(|(at, _)| *at == field))
            {
                return Some(t(Text::ServerRefused));
            }
            let shown = form.attempted.get() || form.touched.with(|t| t.contains(&field));
            if !shown {
                return None;
            }
            form.errors.with(|errors| {
                errors
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| field_message(e.problem))
            })
        })
    }

    /// `field` as the rules name it: `"email"`, or `format!("residences[{i}].country")`.
    pub fn bind(
        &self,
        field: impl Into<String>,
        get: impl Fn(&T) -> String + Send + Sync + 'static,
        set: impl Fn(&mut T, String) + Send + Sync + 'static,
    ) -> Binding {
        let form = *self;
        let field = field.into();
        let error = form.message(field.clone());
        Binding {
            value: Signal::derive(move || form.answer.with(&get)),
            on_input: Callback::new(move |value: String| {
                form.server.set(None);
                form.answer.update(|a| set(a, value));
            }),
            on_blur: Callback::new(move |()| {
                form.touched.update(|t| {
                    if !t.contains(&field) {
                        t.push(field.clone());
                    }
                })
            }),
            error,
        }
    }
}

/// `aria-describedby` of a field that always shows a hint: the hint, and its error while it has
/// one.
pub fn hint_and_error(
    hint_id: String,
    error_id: String,
    error: Signal<Option<&'static str>>,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || match error.get() {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    }
}

/// A labelled text input with its error tied to it (`aria-describedby`) and announced.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: Text,
    bind: Binding,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Text>,
    /// What the hint's `{example}` stands for, where the example depends on the session.
    #[prop(optional)]
    example: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    if let Some(summary) = use_context::<super::error_summary::ErrorSummary>() {
        summary.register(id.clone(), label, bind.error);
    }
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if bind.error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="onboard-field" class:onboard-field--invalid=move || bind.error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|hint| {
                let text = match example {
                    Some(example) => t_with(hint, &[("example", &example)]),
                    None => t(hint).to_owned(),
                };
                view! { <p class="onboard-hint" id=hint_id.clone()>{text}</p> }
            })}
            <input
                id=id.clone()
                name=id.clone()
                type=kind.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                prop:value=move || bind.value.get()
                aria-invalid=move || if bind.error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                on:input=move |ev| bind.on_input.run(event_target_value(&ev))
                on:blur=move |_| bind.on_blur.run(())
            />
            <p class="onboard-error" id=error_id.clone() role="alert" data-testid=error_id>
                {move || bind.error.get()}
            </p>
        </div>
    }
}

/// Back and Continue; Continue shows it is busy while the answer is saved.
#[component]
pub fn StepActions(
    #[prop(into)] on_back: Option<Callback<()>>,
    busy: Signal<bool>,
    #[prop(optional)] label: Option<Text>,
) -> impl IntoView {
    view! {
        <div class="onboard-actions">
            {on_back.map(|back| view! {
                <button type="button" class="onboard-button onboard-button--secondary" id="step-back"
                    on:click=move |_| back.run(())>{t(Text::Back)}</button>
            })}
            <button type="submit" class="onboard-button" id="step-continue" disabled=move || busy.get()
                aria-busy=move || if busy.get() { "true" } else { "false" }>
                {t(label.unwrap_or(Text::Continue))}
            </button>
        </div>
    }
}
