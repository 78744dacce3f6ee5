//! `use_step_form`: a step's form, from its starting answer to the save that moves the wizard
//! on, so that a step component is its fields and nothing else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::onboarding::{
    Answers, ContactDetails, Context, FieldError, IdentityDocument, OrganizationConfirmation,
    OrganizationContact, PersonalDetails, PostalAddress, SigningChoice, Step, TaxResidence,
    TaxResidences,
};
use protocol::ErrorCode;
use serde::Serialize;

use super::form::{load_draft, Form};
use super::WizardContext;
use crate::api::{self, ApiClient, ApiFailure};
use crate::json::onboarding as read;
use crate::json::{Object, Read};

/// A step's answer: which step it answers, how its draft reads, where the application's answers
/// hold it, and what it starts as.
pub trait StepAnswer: Clone + Default + PartialEq + Serialize + Send + Sync + 'static {
    const STEP: Step;
    fn read(object: &Object) -> Read<Self>;
    fn field(answers: &mut Answers) -> &mut Option<Self>;
    /// Before anything is typed or saved: with the session's country where the step asks one,
    /// and what the steps answered before already tell.
    fn blank(_market: &str, _answered: &Answers) -> Self {
        Self::default()
    }
}

pub struct UseStepFormReturn<T: Send + Sync + 'static> {
    pub form: Form<T>,
    /// While the answer is being saved.
    pub busy: RwSignal<bool>,
    /// A save's failure that no field of the form is at fault for.
    pub failure: RwSignal<Option<ErrorCode>>,
    /// Continue: saves the answer when it passes `validate`, then moves on.
    pub submit: Callback<()>,
}

/// The step's form, starting from this tab's draft, else the saved answer, else a blank one.
/// `validate` is the answer's rules, given the session's market and today's date.
pub fn use_step_form<T: StepAnswer>(
    validate: impl Fn(&T, &Context) -> Result<(), Vec<FieldError>> + Send + Sync + 'static,
) -> UseStepFormReturn<T> {
    let ctx = expect_context::<WizardContext>();
    // Read through the one accessor, which is `&mut`: nothing is written, so nobody is told.
    let saved = ctx
        .answers
        .try_update_untracked(|answers| T::field(answers).clone())
        .flatten();
    let start = load_draft(T::STEP, T::read).or(saved).unwrap_or_else(|| {
        let market = ctx.country.get_value();
        ctx.answers
            .with_untracked(|answered| T::blank(&market, answered))
    });
    let form = Form::new(T::STEP, start, move |answer: &T| {
        ctx.country.with_value(|market| {
            validate(
                answer,
                &Context {
                    market,
                    today: today(),
                },
            )
        })
    });
    let (busy, failure) = (RwSignal::new(false), RwSignal::new(None));
    let submit = Callback::new(move |()| {
        save_step(T::STEP, form, busy, failure, |answers, answer| {
            *T::field(answers) = Some(answer)
        })
    });
    UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    }
}

/// Saves `form`'s answer for `step` when it passes the rules, then records it for the review
/// and moves on. A field the server refuses shows under that field.
fn save_step<T>(
    step: Step,
    form: Form<T>,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<ErrorCode>>,
    record: impl Fn(&mut Answers, T) + 'static,
) where
    T: Clone + PartialEq + Serialize + Send + Sync + 'static,
{
    form.attempted.set(true);
    if !form.is_valid() || busy.get_untracked() {
        return;
    }
    form.cancel_draft_upload();
    let answer = form.answer.get_untracked();
    let body = api::json(&answer);
    save_answer(
        step,
        body,
        form.server,
        busy,
        failure,
        Box::new(move |answers| record(answers, answer)),
    );
}

/// The part of [`save_step`] that does not depend on the answer's type, once in the wasm for
/// every step.
fn save_answer(
    step: Step,
    body: Result<String, ApiFailure>,
    server_error: RwSignal<Option<(String, String)>>,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<ErrorCode>>,
    record: Box<dyn FnOnce(&mut Answers)>,
) {
    let api = expect_context::<ApiClient>();
    let ctx = expect_context::<WizardContext>();
    busy.set(true);
    failure.set(None);
    spawn_local(async move {
        let result = match body {
            Ok(body) => api.save_answer(step, body).await,
            Err(failure) => Err(failure),
        };
        busy.set(false);
        match result {
            Ok(()) => {
                ctx.answers.update(record);
                ctx.next.run(());
            }
            Err(ApiFailure::Other(error)) if error.field.is_some() => {
                server_error.set(error.field.map(|field| (field, error.message)));
            }
            Err(other) => failure.set(Some(other.code())),
        }
    });
}

impl StepAnswer for PersonalDetails {
    const STEP: Step = Step::PersonalDetails;
    fn read(object: &Object) -> Read<Self> {
        read::personal_details(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.personal_details
    }
}

impl StepAnswer for ContactDetails {
    const STEP: Step = Step::ContactDetails;
    fn read(object: &Object) -> Read<Self> {
        read::contact_details(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.contact_details
    }
}

impl StepAnswer for PostalAddress {
    const STEP: Step = Step::Address;
    fn read(object: &Object) -> Read<Self> {
        read::postal_address(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.address
    }
    fn blank(market: &str, _answered: &Answers) -> Self {
        Self {
            country: market.to_owned(),
            ..Self::default()
        }
    }
}

impl StepAnswer for TaxResidences {
    const STEP: Step = Step::TaxResidence;
    fn read(object: &Object) -> Read<Self> {
        read::tax_residences(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.tax_residence
    }
    fn blank(market: &str, answered: &Answers) -> Self {
        let identity_number = answered
            .personal_details
            .as_ref()
            .map(|person| person.identity_number.as_str());
        Self {
            residences: vec![TaxResidence::at_home(market, identity_number)],
        }
    }
}

impl StepAnswer for IdentityDocument {
    const STEP: Step = Step::IdentityDocument;
    fn read(object: &Object) -> Read<Self> {
        read::identity_document(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.identity_document
    }
    fn blank(market: &str, _answered: &Answers) -> Self {
        Self {
            issuing_country: market.to_owned(),
            ..Self::default()
        }
    }
}

impl StepAnswer for OrganizationConfirmation {
    const STEP: Step = Step::Organization;
    fn read(object: &Object) -> Read<Self> {
        read::organization(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.organization
    }
}

impl StepAnswer for SigningChoice {
    const STEP: Step = Step::Signing;
    fn read(object: &Object) -> Read<Self> {
        read::signing(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.signing
    }
}

impl StepAnswer for OrganizationContact {
    const STEP: Step = Step::OrganizationContact;
    fn read(object: &Object) -> Read<Self> {
        read::organization_contact(object)
    }
    fn field(answers: &mut Answers) -> &mut Option<Self> {
        &mut answers.organization_contact
    }
}

/// Today, by the browser's clock: what ages and expiry dates are checked against.
pub(super) fn today() -> protocol::date::Day {
    let now = js_sys::Date::new_0();
    protocol::date::Day::new(now.get_full_year(), now.get_month() + 1, now.get_date()).unwrap_or(
        protocol::date::Day {
            year: 2000,
            month: 1,
            day: 1,
        },
    )
}
