//! The onboarding steps the workflow asks for, then the review and submit. Each step keeps a
//! draft in sessionStorage as the user types, and the position survives a reload and the trip
//! to the bank; a saved step is stored on the server too.

mod capture;
mod country_field;
mod date_field;
mod error_summary;
mod form;
mod handoff;
mod organization;
mod person;
mod review;
mod step_form;

use leptos::prelude::*;
use protocol::api::onboarding::{OnboardingView, ScanView};
use protocol::embed::WidgetEvent;
use protocol::onboarding::{Answers, Step};
use protocol::{ApplicationStatus, ErrorCode};

use crate::api::ApiClient;
use crate::bank::{BankStep, ConnectedBank};
use crate::components::focus_first;
use crate::embed;
use crate::i18n::{error_message, step_title, t, t_with, Text};
use crate::screens::{ErrorScreen, Loading, PendingScreen};
use crate::session::prefetch::{early_or, FirstReads, Prefetch};
use crate::split::{self, split_point, split_view};
use crate::storage::{self, Key};
use error_summary::ErrorSummary;
pub use form::clear_drafts;

/// While the application is open: the wizard, or the wait for the decision once submitted.
#[component]
pub fn Onboarding(
    status: Signal<Option<ApplicationStatus>>,
    slow: Signal<bool>,
    country: String,
    /// Where the partner takes the customer back: a workflow of the bank alone ends there.
    redirect_url: String,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let first = use_context::<FirstReads>().map(|reads| reads.onboarding);
    let loaded = LocalResource::new(move || {
        let api = api.clone();
        let early = first.and_then(Prefetch::take);
        async move { early_or(early, api.onboarding()).await }
    });
    let (submitted, set_submitted) = signal(false);
    // The wait for the decision replaces the review, where focus was.
    Effect::new(move |_| {
        if submitted.get() {
            focus_first("[data-screen-heading]");
        }
    });
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let (country, redirect_url) = (country.clone(), redirect_url.clone());
                Suspend::new(async move {
                    match loaded.await {
                        // No application to follow: the bank is the whole flow, and ends it.
                        Ok(onboarding) if !onboarding.workflow.collects() => {
                            crate::perf::after_interactive(crate::bank::fetch_ahead);
                            view! { <BankStep country ends_at=redirect_url/> }.into_any()
                        }
                        Ok(onboarding) if onboarding.submitted => view! { <PendingScreen status slow redirect_url/> }.into_any(),
                        Ok(onboarding) => view! {
                            <Show when=move || !submitted.get() fallback=move || view! { <PendingScreen status slow redirect_url=redirect_url.clone()/> }>
                                <Wizard onboarding=onboarding.clone() country=country.clone()
                                    on_submitted=Callback::new(move |()| set_submitted.set(true))/>
                            </Show>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorScreen code=failure.code() on_retry=retry/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn stored_step() -> Option<Step> {
    Step::parse(&storage::get(Key::Step)?)
}

fn store_step(step: Step) {
    storage::set(Key::Step, step.as_str());
}

/// Shared by the steps: the answers saved so far (for the review) and how to move.
#[derive(Clone, Copy)]
pub struct WizardContext {
    pub answers: RwSignal<Answers>,
    pub country: StoredValue<String>,
    /// The bank step: the bank connected, or skipped (kept for the application, as the step is).
    pub bank: ConnectedBank,
    pub bank_skipped: RwSignal<bool>,
    next: Callback<()>,
    back: Callback<()>,
    go_to: Callback<Step>,
    submitted: Callback<()>,
}

/// The latest scans the server has for the application: the document step shows again those its
/// answer names, front and back.
#[derive(Clone)]
struct SavedScans(Vec<ScanView>);

impl SavedScans {
    fn named(&self, id: &str) -> Option<ScanView> {
        self.0
            .iter()
            .find(|scan| !id.is_empty() && scan.id == id)
            .cloned()
    }
}

#[component]
fn Wizard(
    onboarding: OnboardingView,
    country: String,
    on_submitted: Callback<()>,
) -> impl IntoView {
    form::adopt_drafts(&onboarding.drafts);
    let steps = StoredValue::new(onboarding.workflow.walk());
    let first_open = steps.with_value(|s| {
        s.iter()
            .position(|step| !onboarding.answers.has(*step))
            .unwrap_or(0)
    });
    let start = stored_step()
        .and_then(|saved| steps.with_value(|s| s.iter().position(|step| *step == saved)))
        .unwrap_or(first_open);
    let current = RwSignal::new(start);
    let count = steps.with_value(Vec::len);
    let ctx = WizardContext {
        answers: RwSignal::new(onboarding.answers),
        country: StoredValue::new(country),
        bank: ConnectedBank(RwSignal::new(storage::get(Key::ConnectedBank))),
        bank_skipped: RwSignal::new(storage::get(Key::BankSkipped).is_some()),
        next: Callback::new(move |()| current.update(|i| *i = (*i + 1).min(count - 1))),
        back: Callback::new(move |()| current.update(|i| *i = i.saturating_sub(1))),
        go_to: Callback::new(move |step| {
            if let Some(i) = steps.with_value(|s| s.iter().position(|x| *x == step)) {
                current.set(i);
            }
        }),
        submitted: on_submitted,
    };
    provide_context(ctx);
    provide_context(ctx.bank);
    provide_context(SavedScans(onboarding.scans));
    steps.with_value(|steps| fetch_ahead(steps));
    let step = Memo::new(move |_| steps.with_value(|s| s[current.get()]));
    Effect::new(move |previous: Option<Step>| {
        let now = step.get();
        store_step(now);
        if previous != Some(now) {
            embed::emit(WidgetEvent::step_viewed(now));
        }
        // Focus follows the step, so screen readers announce where the user is.
        if previous.is_some_and(|p| p != now) {
            focus_first("[data-step-heading]");
        }
        now
    });
    let back = move || (current.get() > 0).then_some(ctx.back);
    view! {
        <Progress steps=steps.get_value() current skipped=ctx.bank_skipped/>
        {move || {
            let on_back = back();
            match step.get() {
                Step::PersonalDetails => view! { <person::PersonalDetailsStep on_back/> }.into_any(),
                later @ (Step::ContactDetails | Step::Address | Step::TaxResidence | Step::IdentityDocument) => {
                    split_view(person::later_steps, (later, on_back)).into_any()
                }
                kyb @ (Step::Organization | Step::Signing | Step::OrganizationContact) => {
                    split_view(organization::kyb_steps, (kyb, on_back)).into_any()
                }
                Step::BankConnection => split_view(bank_connection_step, on_back).into_any(),
                Step::Review => split_view(review::review_step, on_back).into_any(),
            }
        }}
    }
}

/// Fetches the split modules of `steps` once the first screen is interactive (see `split::when_idle`): none that this application's workflow cannot reach.
fn fetch_ahead(steps: &[Step]) {
    let needs = |wanted: &[Step]| steps.iter().any(|step| wanted.contains(step));
    let later_kyc = needs(&[
        Step::ContactDetails,
        Step::Address,
        Step::TaxResidence,
        Step::IdentityDocument,
    ]);
    let kyb = needs(&[Step::Organization, Step::Signing, Step::OrganizationContact]);
    let bank = needs(&[Step::BankConnection]);
    crate::perf::after_interactive(move || {
        split::when_idle(move || {
            if later_kyc {
                split::fetch(person::later_steps);
            }
            if kyb {
                split::fetch(organization::kyb_steps);
            }
            if bank {
                split::fetch(bank_connection_step);
                crate::bank::fetch_ahead();
            }
            split::fetch(review::review_step);
            split::fetch(error_summary::error_summary);
        })
    });
}

/// Where the wizard is: each step done, skipped (the bank, where the workflow allows it), this
/// one or to come.
#[component]
fn Progress(steps: Vec<Step>, current: RwSignal<usize>, skipped: RwSignal<bool>) -> impl IntoView {
    let count = steps.len();
    view! {
        <nav class="onboard-progress" aria-label=t(Text::ProgressLabel)>
            <p class="onboard-muted" data-testid="progress">
                {move || t_with(Text::StepOfCount, &[("current", &(current.get() + 1)), ("count", &count)])}
            </p>
            <div class="onboard-progress__bar" aria-hidden="true">
                <span style:width=move || format!("{}%", (current.get() + 1) * 100 / count)></span>
            </div>
            <ol class="onboard-progress__steps">
                {steps.into_iter().enumerate().map(|(i, step)| {
                    let was_skipped = move || step == Step::BankConnection && skipped.get() && i < current.get();
                    view! {
                        <li aria-current=move || (current.get() == i).then_some("step")
                            class:done=move || i < current.get() && !was_skipped()
                            class:skipped=was_skipped>
                            {step_title(step)}
                            {move || was_skipped().then(|| view! { <span class="onboard-muted">" · "{t(Text::Skipped)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// The step's card: its heading (focused when the step opens) and a form.
#[component]
fn StepCard(step: Step, on_submit: Callback<()>, children: Children) -> impl IntoView {
    Effect::new(move |_| crate::perf::mark_interactive());
    let summary = ErrorSummary::new();
    provide_context(summary);
    view! {
        <section class="onboard-card onboard-step" data-testid="step" data-step=step.as_str()>
            <h1 class="onboard-heading" tabindex="-1" data-step-heading>{step_title(step)}</h1>
            // Its code comes on the first Continue that fails (or ahead, when idle).
            {move || summary.is_shown().then(|| split_view(error_summary::error_summary, summary))}
            <form novalidate on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
                summary.after_continue();
            }>
                {children()}
            </form>
        </section>
    }
}

/// What a save attempt left to show: nothing, or a failure with no field to point at.
fn failure_note(failure: RwSignal<Option<ErrorCode>>) -> impl IntoView {
    move || {
        failure.get().map(|code| view! { <p class="onboard-note" role="alert" data-testid="step-failure">{error_message(code)}</p> })
    }
}

split_point! {
    /// The split point of the bank step inside the wizard (README, "The split build").
    fn bank_connection_step() -> split::Screen<Option<Callback<()>>> {
        |on_back| view! { <BankConnectionStep on_back/> }.into_any()
    }
}

/// The bank step inside the wizard. Its card has the one primary action until a bank is
/// connected; then Continue is the step's. Until then the step may be skipped, and shows so.
/// Both are kept for the application: only this step changes them.
#[component]
fn BankConnectionStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let ctx = expect_context::<WizardContext>();
    let country = ctx.country.get_value();
    Effect::new(move |_| {
        ctx.bank
            .0
            .with(|name| storage::set_or_remove(Key::ConnectedBank, name.as_deref()))
    });
    Effect::new(move |_| {
        let skipped = ctx.bank_skipped.get().then_some("1");
        storage::set_or_remove(Key::BankSkipped, skipped)
    });
    let go_on = move |skipped: bool| {
        ctx.bank_skipped.set(skipped);
        ctx.next.run(());
    };
    view! {
        <div class="onboard-step" data-testid="step" data-step=Step::BankConnection.as_str()>
            <h1 class="onboard-visually-hidden" tabindex="-1" data-step-heading>{step_title(Step::BankConnection)}</h1>
            <BankStep country/>
        </div>
        <div class="onboard-actions">
            {on_back.map(|back| view! {
                <button type="button" class="onboard-button onboard-button--secondary" id="step-back"
                    on:click=move |_| back.run(())>{t(Text::Back)}</button>
            })}
            {move || match ctx.bank.0.get() {
                Some(_) => view! {
                    <button type="button" class="onboard-button" id="bank-step-continue"
                        on:click=move |_| go_on(false)>{t(Text::BankStepContinue)}</button>
                }
                .into_any(),
                None => view! {
                    <button type="button" class="onboard-link" id="bank-step-skip"
                        on:click=move |_| go_on(true)>{t(Text::SkipForNow)}</button>
                }
                .into_any(),
            }}
        </div>
    }
}
