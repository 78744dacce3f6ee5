//! The last step: every answer read back, each with a way to change it, and the submit.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::OrganizationProfile;
use protocol::embed::{EventName, WidgetEvent};
use protocol::identity::organization_number_for_display;
use protocol::onboarding::{Answers, Step};
use protocol::ErrorCode;

use super::country_field::country_name;
use super::form::{clear_drafts, StepActions};
use super::{failure_note, StepCard, WizardContext};
use crate::api::{ApiClient, ApiFailure};
use crate::bank::format::day;
use crate::embed;
use crate::i18n::{document_type_label, locale, step_title, Text};
use crate::split::{split_point, Screen};

/// Each answered step as lines of text. An organization's answers are read back with what its
/// register says (`profile`): its name, and the names of the signers chosen.
fn summary(
    answers: &Answers,
    step: Step,
    profile: Option<&OrganizationProfile>,
    country: &str,
) -> Vec<String> {
    let date = |value: &str| day(value, locale().tag());
    match step {
        Step::PersonalDetails => answers
            .personal_details
            .iter()
            .flat_map(|a| {
                [
                    format!("{} {}", a.first_name, a.last_name),
                    date(&a.date_of_birth),
                    a.identity_number.clone(),
                ]
            })
            .collect(),
        Step::ContactDetails => answers
            .contact_details
            .iter()
            .flat_map(|a| [a.email.clone(), a.phone_number.clone()])
            .collect(),
        Step::Address => answers
            .address
            .iter()
            .map(|a| {
                let street = [&a.address_line1, &a.address_line2]
                    .into_iter()
                    .filter(|line| !line.trim().is_empty())
                    .map(|line| line.trim())
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "{street}, {} {}, {}",
                    a.postal_code,
                    a.city,
                    country_name(&a.country)
                )
            })
            .collect(),
        Step::TaxResidence => answers
            .tax_residence
            .iter()
            .flat_map(|a| {
                a.residences
                    .iter()
                    .map(|r| format!("{}: {}", country_name(&r.country), r.tax_number))
            })
            .collect(),
        Step::IdentityDocument => answers
            .identity_document
            .iter()
            .map(|a| {
                format!(
                    "{} {} ({} → {})",
                    document_type_label(a.document_type),
                    a.number,
                    date(&a.issue_date),
                    date(&a.expiry_date)
                )
            })
            .collect(),
        Step::Organization => answers
            .organization
            .iter()
            .flat_map(|a| {
                let number = organization_number_for_display(&a.organization_number, country);
                profile.map(|p| p.name.clone()).into_iter().chain([number])
            })
            .collect(),
        // Who signs, by name, once the register's combinations are here.
        Step::Signing => answers
            .signing
            .iter()
            .filter_map(|a| a.combination)
            .filter_map(|i| profile?.signing_combinations.get(usize::try_from(i).ok()?))
            .map(|combination| combination.signers.join(" + "))
            .collect(),
        Step::OrganizationContact => answers
            .organization_contact
            .iter()
            .flat_map(|a| {
                [
                    format!("{} {}", a.first_name, a.last_name),
                    a.email.clone(),
                    a.phone_number.clone(),
                ]
            })
            .collect(),
        Step::BankConnection | Step::Review => vec![],
    }
}

split_point! {
    /// The split point of the review (README, "The split build").
    pub fn review_step() -> Screen<Option<Callback<()>>> {
        |on_back| view! { <Review on_back/> }.into_any()
    }
}

/// One step read back, with its way to change it.
#[component]
fn ReviewItem(step: Step, lines: Vec<String>) -> impl IntoView {
    let ctx = expect_context::<WizardContext>();
    view! {
        <div class="onboard-review__item" data-testid="review-item" data-step=step.as_str()>
            <dt>{step_title(step)}</dt>
            <dd>{lines.into_iter().map(|line| view! { <span>{line}</span><br/> }).collect_view()}</dd>
            // Every item has its "Change": the hidden step title tells them apart.
            <dd><button type="button" class="onboard-link-button" on:click=move |_| ctx.go_to.run(step)>
                {crate::i18n::t(Text::Change)}
                <span class="onboard-visually-hidden">" "{step_title(step)}</span>
            </button></dd>
        </div>
    }
}

#[component]
fn Review(on_back: Option<Callback<()>>) -> impl IntoView {
    let ctx = expect_context::<WizardContext>();
    let api = expect_context::<ApiClient>();
    let (busy, failure) = (RwSignal::new(false), RwSignal::new(None::<ErrorCode>));
    let missing = RwSignal::new(None::<String>);
    let submit = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let api = api.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.submit().await {
                Ok(_) => {
                    clear_drafts();
                    embed::emit(WidgetEvent::new(EventName::Submitted));
                    ctx.submitted.run(());
                }
                Err(ApiFailure::Other(error)) if error.field.is_some() => {
                    missing.set(error.field);
                    failure.set(Some(error.code));
                }
                Err(other) => failure.set(Some(other.code())),
            }
            busy.set(false);
        });
    });
    let steps: Vec<Step> = Step::ALL.into_iter().filter(|s| s.has_answer()).collect();
    // An organization's register data, as its screening found it, to read the answers back by.
    let profile = RwSignal::new(None::<OrganizationProfile>);
    if ctx.answers.with_untracked(|a| a.organization.is_some()) {
        let api = expect_context::<ApiClient>();
        spawn_local(async move {
            if let Ok(Some(screening)) = api.screening().await {
                profile.try_set(screening.profile);
            }
        });
    }
    let lines = move |answers: &Answers, step: Step| {
        profile.with(|profile| {
            ctx.country
                .with_value(|country| summary(answers, step, profile.as_ref(), country))
        })
    };
    view! {
        <StepCard step=Step::Review on_submit=submit>
            <p class="onboard-muted">{crate::i18n::t(Text::ReviewExplain)}</p>
            <dl class="onboard-review">
                {move || steps.iter().copied().filter(|s| ctx.answers.with(|a| a.has(*s) && !lines(a, *s).is_empty())).map(|step| view! {
                    <ReviewItem step lines=ctx.answers.with(|a| lines(a, step))/>
                }).collect_view()}
                {move || {
                    // The bank step has no answer: what came of it.
                    let line = match (ctx.bank.0.get(), ctx.bank_skipped.get()) {
                        (Some(name), _) => name,
                        (None, true) => crate::i18n::t(Text::Skipped).to_owned(),
                        (None, false) => return None,
                    };
                    Some(view! { <ReviewItem step=Step::BankConnection lines=vec![line]/> })
                }}
            </dl>
            {move || missing.get().and_then(|name| Step::parse(&name)).map(|step| view! {
                <button type="button" class="onboard-link-button" on:click=move |_| ctx.go_to.run(step)>{step_title(step)}</button>
            })}
            {failure_note(failure)}
            <StepActions on_back busy=busy.into() label=Text::Submit/>
        </StepCard>
    }
}
