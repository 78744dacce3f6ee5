//! The KYB steps: the organization (screened, then confirmed), who signs, and the contact.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::{
    OrganizationProfile, ScreeningState, ScreeningView, SigningCombinationView, StartScreening,
};
use protocol::identity::organization_number_for_display;
use protocol::onboarding::fields::phone_example;
use protocol::onboarding::{
    IdentifierType, OrganizationConfirmation, OrganizationContact, SigningChoice, Step,
};

use super::form::{StepActions, TextField};
use super::step_form::{use_step_form, UseStepFormReturn};
use super::{failure_note, StepCard, WizardContext};
use crate::api::ApiClient;
use crate::bank::format::{day, percent};
use crate::components::{announce_changes, focus_first, Spinner};
use crate::hooks::polling::{use_polling, UsePollingReturn};
use crate::hooks::session_events::pushed;
use crate::i18n::{
    address_kind_label, error_message, locale, organization_status_label, role_label, roles_label,
    signing_rule_label, t, Text,
};
use crate::split::{split_point, Screen};

split_point! {
    /// The split point of the KYB steps (README, "The split build"): the wizard sends only
    /// those here.
    pub fn kyb_steps() -> Screen<(Step, Option<Callback<()>>)> {
        kyb_step
    }
}

fn kyb_step((step, on_back): (Step, Option<Callback<()>>)) -> AnyView {
    match step {
        Step::Organization => view! { <OrganizationStep on_back/> }.into_any(),
        Step::Signing => view! { <SigningStep on_back/> }.into_any(),
        _ => view! { <ContactStep on_back/> }.into_any(),
    }
}

#[component]
fn OrganizationStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let market = expect_context::<WizardContext>().country.get_value();
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit: save,
    } = use_step_form(|a: &OrganizationConfirmation, rules| a.validate(rules.market));
    // A screening already run for this application shows again after a reload.
    let screening = RwSignal::new(None::<ScreeningView>);
    let api = expect_context::<ApiClient>();
    {
        let api = api.clone();
        spawn_local(async move {
            if let Ok(Some(found)) = api.screening().await {
                screening.set(Some(found));
            }
        });
    }
    // Asked to confirm before the register has answered.
    let look_up_first = RwSignal::new(false);
    let look_up = Callback::new(move |()| {
        look_up_first.set(false);
        let number_ok = form.message("organizationNumber");
        form.attempted.set(true);
        if number_ok.get_untracked().is_some() {
            return;
        }
        let api = api.clone();
        let start = form.answer.with_untracked(|a| StartScreening {
            identifier_type: a.identifier_type,
            organization_number: a.organization_number.clone(),
        });
        busy.set(true);
        failure.set(None);
        form.attempted.set(false);
        spawn_local(async move {
            match api.start_screening(&start).await {
                Ok(view) => screening.set(Some(view)),
                Err(other) => failure.set(Some(other.code())),
            }
            busy.set(false);
        });
    });
    let submit = Callback::new(move |()| {
        // Nothing to confirm before the register has answered: say so, by the button to press.
        let ready = screening
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.state == ScreeningState::Ready));
        if !ready {
            look_up_first.set(true);
            focus_first("#organization-lookup");
            return;
        }
        save.run(());
    });
    // The screening's progress shows below the button, away from focus: say it too.
    announce_changes(
        move || screening.get(),
        |_, now| now.as_ref().and_then(screening_news),
    );
    let confirm_error = form.message("confirmed");
    let duns_only = !matches!(market.as_str(), "SE" | "NO");
    if duns_only {
        form.answer
            .update(|a| a.identifier_type = IdentifierType::Duns);
    }
    view! {
        <StepCard step=Step::Organization on_submit=submit>
            <fieldset class="onboard-fieldset" disabled=duns_only>
                <legend>{t(Text::IdentifierType)}</legend>
                {[(IdentifierType::OrganizationNumber, Text::OrganizationNumber, "identifier-orgnr"), (IdentifierType::Duns, Text::DunsNumber, "identifier-duns")]
                    .into_iter()
                    .map(|(kind, label, id)| view! {
                        <label class="onboard-choice" for=id>
                            <input type="radio" id=id name="identifier-type"
                                prop:checked=move || form.answer.with(|a| a.identifier_type == kind)
                                on:change=move |_| {
                                    // Another kind of number: nothing of the last one stays.
                                    form.answer.update(|a| {
                                        a.identifier_type = kind;
                                        a.organization_number.clear();
                                        a.confirmed = false;
                                    });
                                    form.attempted.set(false);
                                    screening.set(None);
                                }/>
                            {t(label)}
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            {move || {
                let label = match form.answer.with(|a| a.identifier_type) {
                    IdentifierType::OrganizationNumber => Text::OrganizationNumber,
                    IdentifierType::Duns => Text::DunsNumber,
                };
                view! {
                    <TextField id="organization-number" label inputmode="numeric"
                        bind=form.bind("organizationNumber", |a| a.organization_number.clone(), |a, v| { a.organization_number = v; a.confirmed = false; })/>
                }
            }}
            <button type="button" class="onboard-button onboard-button--secondary" id="organization-lookup"
                aria-describedby=move || look_up_first.get().then_some("organization-lookup-first")
                disabled=move || busy.get() on:click=move |_| look_up.run(())>{t(Text::LookUp)}</button>
            {move || look_up_first.get().then(|| view! {
                <p class="onboard-error" id="organization-lookup-first" role="alert" data-testid="organization-lookup-first">
                    {t(Text::LookUpFirst)}
                </p>
            })}
            {move || screening.get().map(|view| match view.state {
                ScreeningState::Pending => view! { <ScreeningWait on_done=Callback::new(move |done| screening.set(Some(done)))/> }.into_any(),
                ScreeningState::Failed => view! {
                    <div class="onboard-note" data-testid="screening" data-screening="FAILED" role="alert">
                        <p>{t(Text::ScreeningFailed)}</p>
                        <button type="button" class="onboard-link" id="organization-lookup-again"
                            disabled=move || busy.get() on:click=move |_| look_up.run(())>{t(Text::Retry)}</button>
                    </div>
                }.into_any(),
                ScreeningState::Ready => view.profile.map(|profile| view! {
                    <ProfileCard profile/>
                    <label class="onboard-choice" for="organization-confirm">
                        <input type="checkbox" id="organization-confirm"
                            aria-invalid=move || confirm_error.get().is_some().to_string()
                            aria-describedby=move || confirm_error.get().map(|_| "organization-confirm-error")
                            prop:checked=move || form.answer.with(|a| a.confirmed)
                            on:change=move |ev| { let on = event_target_checked(&ev); form.answer.update(|a| a.confirmed = on) }/>
                        {t(Text::ConfirmOrganization)}
                    </label>
                    <p class="onboard-error" id="organization-confirm-error" role="alert" data-testid="organization-confirm-error">
                        {move || confirm_error.get()}
                    </p>
                }).into_any(),
            })}
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

/// Polls the screening until it is ready or failed; the user sees that it runs.
#[component]
fn ScreeningWait(on_done: Callback<ScreeningView>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let UsePollingReturn { value, .. } = use_polling(
        move || {
            let api = api.clone();
            async move { api.screening().await }
        },
        // None, a screening gone since it was started, has nothing more to wait for either.
        |view: &Option<ScreeningView>| !view.as_ref().is_some_and(is_pending),
        pushed(|events| events.screening_changes),
    );
    Effect::new(move |_| {
        if let Some(view) = value.get().flatten().filter(|v| !is_pending(v)) {
            on_done.run(view);
        }
    });
    view! {
        <div class="onboard-status" data-testid="screening" data-screening="PENDING">
            <Spinner/> <p>{t(Text::ScreeningRunning)}</p>
        </div>
    }
}

fn is_pending(view: &ScreeningView) -> bool {
    view.state == ScreeningState::Pending
}

/// What the screen reader says as the screening moves on: what the screen shows, in short.
fn screening_news(view: &ScreeningView) -> Option<String> {
    match view.state {
        ScreeningState::Pending => Some(t(Text::ScreeningRunning).to_owned()),
        ScreeningState::Failed => Some(t(Text::ScreeningFailed).to_owned()),
        ScreeningState::Ready => view.profile.as_ref().map(|profile| profile.name.clone()),
    }
}

#[component]
fn ProfileCard(profile: OrganizationProfile) -> impl IntoView {
    let country = expect_context::<WizardContext>().country.get_value();
    let number = organization_number_for_display(&profile.organization_number, &country);
    view! {
        <div class="onboard-profile" data-testid="screening" data-screening="READY">
            <h2 class="onboard-subheading" data-testid="organization-name">{profile.name.clone()}</h2>
            <dl class="onboard-facts">
                <dt>{t(Text::OrganizationNumber)}</dt><dd class="onboard-identifier">{number}</dd>
                {profile.lei.clone().map(|lei| view! { <dt>"LEI"</dt><dd class="onboard-identifier" data-testid="lei">{lei}</dd> })}
                <dt>{t(Text::LegalForm)}</dt><dd>{profile.legal_form.clone()}</dd>
                <dt>{t(Text::StatusCaption)}</dt><dd data-testid="organization-status">{organization_status_label(&profile.status)}</dd>
                <dt>{t(Text::Registered)}</dt><dd>{day(&profile.registration_date, locale().tag())}</dd>
                {profile.addresses.iter().map(|a| view! { <dt>{address_kind_label(a.kind)}</dt><dd>{a.line.clone()}</dd> }).collect_view()}
            </dl>
            <h3 class="onboard-subheading">{t(Text::BeneficialOwners)}</h3>
            <ul data-testid="beneficial-owners">
                {profile.beneficial_owners.iter().map(|o| view! {
                    <li>{o.name.clone()}" · "{percent(o.share_basis_points, locale().tag())}" · "{roles_label(&o.roles)}</li>
                }).collect_view()}
            </ul>
            <h3 class="onboard-subheading">{t(Text::OfficialRoles)}</h3>
            <ul>
                {profile.official_roles.iter().map(|r| view! { <li>{r.name.clone()}" · "{role_label(&r.role)}</li> }).collect_view()}
            </ul>
            <h3 class="onboard-subheading">{t(Text::SignatureRights)}</h3>
            <ul>
                {profile.signing_combinations.iter().map(|c| view! {
                    <li>{c.signers.join(" + ")}": "<RuleWords combination=c.clone()/></li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A signing combination's rule in Onboard's words, in the customer's language, then as the
/// register words it, marked with the register's language.
#[component]
fn RuleWords(combination: SigningCombinationView) -> impl IntoView {
    view! {
        <span data-testid="signing-rule">{signing_rule_label(combination.rule)}</span>
        <br/>
        <span class="onboard-muted">
            {t(Text::RegisterWords)}" "
            <span lang=combination.description_language data-testid="register-words">{combination.description}</span>
        </span>
    }
}

#[component]
fn SigningStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    // A signal, not a resource: a resource read here would suspend the wizard's Suspense, which
    // swaps the whole step out while it loads and takes focus from the step's heading.
    let screening = RwSignal::new(None);
    spawn_local(async move { screening.set(Some(api.screening().await)) });
    let combinations = Memo::new(move |_| {
        screening
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .and_then(|v| v.profile)
            .map(|p| p.signing_combinations)
            .unwrap_or_default()
    });
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(move |a: &SigningChoice, _| a.validate(combinations.get().len()));
    view! {
        <StepCard step=Step::Signing on_submit=submit>
            <fieldset class="onboard-fieldset" aria-describedby="signing-error">
                <legend>{t(Text::SigningExplain)}</legend>
                {move || combinations.get().into_iter().enumerate().map(|(i, c)| {
                    let id = format!("signing-{i}");
                    let index = i as u32;
                    view! {
                        <label class="onboard-choice" for=id.clone()>
                            <input type="radio" id=id.clone() name="signing" data-testid="signing-option"
                                prop:checked=move || form.answer.with(|a| a.combination == Some(index))
                                on:change=move |_| form.answer.update(|a| a.combination = Some(index))/>
                            <span><strong>{c.signers.join(" + ")}</strong><br/><RuleWords combination=c/></span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="onboard-error" id="signing-error" role="alert">{move || form.message("combination").get()}</p>
            {move || screening.get().and_then(|r| r.err()).map(|f| view! { <p class="onboard-note" role="alert">{error_message(f.code())}</p> })}
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

#[component]
fn ContactStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let ctx = expect_context::<WizardContext>();
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(|a: &OrganizationContact, rules| a.validate(rules.market));
    view! {
        <StepCard step=Step::OrganizationContact on_submit=submit>
            <TextField id="first-name" label=Text::FirstName autocomplete="given-name"
                bind=form.bind("firstName", |a| a.first_name.clone(), |a, v| a.first_name = v)/>
            <TextField id="last-name" label=Text::LastName autocomplete="family-name"
                bind=form.bind("lastName", |a| a.last_name.clone(), |a, v| a.last_name = v)/>
            <TextField id="email" label=Text::Email kind="email" autocomplete="email"
                bind=form.bind("email", |a| a.email.clone(), |a, v| a.email = v)/>
            <TextField id="phone" label=Text::Phone kind="tel" autocomplete="tel" hint=Text::PhoneHint example=phone_example(&ctx.country.get_value())
                bind=form.bind("phoneNumber", |a| a.phone_number.clone(), |a, v| a.phone_number = v)/>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}
