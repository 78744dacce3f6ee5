//! The KYC steps: personal details, contact, address, tax residence, identity document.

use leptos::prelude::*;
use protocol::api::onboarding::ScanView;
use protocol::birth_date;
use protocol::date::Day;
use protocol::onboarding::fields::phone_example;
use protocol::onboarding::{
    ContactDetails, DocumentType, IdentityDocument, PersonalDetails, PostalAddress, Step,
    TaxResidence, TaxResidences,
};

use super::capture::ScanCapture;
use super::country_field::CountryField;
use super::date_field::DateField;
use super::form::{Form, StepActions, TextField};
use super::handoff::{on_a_computer, HandoffChoice};
use super::step_form::{today, use_step_form, UseStepFormReturn};
use super::{failure_note, SavedScans, StepCard, WizardContext};
use crate::bank::format::settings;
use crate::i18n::{document_type_label, identity_number_hint, locale, t, Text};
use crate::split::{split_point, split_view, Screen};

#[component]
pub fn PersonalDetailsStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let market = expect_context::<WizardContext>().country.get_value();
    let hint = identity_number_hint(&market);
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(PersonalDetails::validate);
    // Where the identity number holds the date of birth, it is shown, not asked; it is asked
    // only where the market's numbers hold none, or where a Danish or Finnish number typed in
    // full does not give it.
    let held = {
        let market = market.clone();
        Memo::new(move |_| {
            form.answer
                .with(|a| birth_date_held(&a.identity_number, &market))
        })
    };
    let asked = {
        let market = market.clone();
        Memo::new(move |_| {
            held.get().is_none()
                && match market.as_str() {
                    "SE" | "NO" => false,
                    "DK" | "FI" => form.answer.with(|a| a.identity_number.trim().len() >= 10),
                    _ => true,
                }
        })
    };
    let set_number = move |a: &mut PersonalDetails, number: String| {
        if let Some(day) = birth_date_held(&number, &market) {
            a.date_of_birth = day.to_string();
        }
        a.identity_number = number;
    };
    view! {
        <StepCard step=Step::PersonalDetails on_submit=submit>
            <TextField id="first-name" label=Text::FirstName autocomplete="given-name"
                bind=form.bind("firstName", |a| a.first_name.clone(), |a, v| a.first_name = v)/>
            <TextField id="last-name" label=Text::LastName autocomplete="family-name"
                bind=form.bind("lastName", |a| a.last_name.clone(), |a, v| a.last_name = v)/>
            <TextField id="identity-number" label=Text::IdentityNumber hint=hint inputmode="numeric"
                bind=form.bind("identityNumber", |a| a.identity_number.clone(), set_number)/>
            {move || held.get().map(|held| view! {
                <div class="onboard-field" data-testid="birth-date-held">
                    <span class="onboard-label">{t(Text::DateOfBirth)}</span>
                    <span data-testid="birth-date">{long_date(held)}</span>
                    <p class="onboard-hint">{t(Text::BirthDateFromNumber)}</p>
                </div>
            })}
            <Show when=move || asked.get()>
                {split_view(birth_date_field, form)}
            </Show>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

/// `day` written out in the page's language ("1 January 1990"), by the browser.
fn long_date(day: Day) -> String {
    let date = js_sys::Date::new(&day.to_string().into());
    let options = settings(&[("dateStyle", "long".into()), ("timeZone", "UTC".into())]);
    date.to_locale_date_string(locale().tag(), &options).into()
}

split_point! {
    /// The date of birth as day, month and year, where the identity number does not hold it
    /// (README, "The split build"): most customers never see it.
    pub fn birth_date_field() -> Screen<Form<PersonalDetails>> {
        date_of_birth
    }
}

fn date_of_birth(form: Form<PersonalDetails>) -> AnyView {
    view! {
        <DateField id="date-of-birth" label=Text::DateOfBirth autocomplete="bday"
            bind=form.bind("dateOfBirth", |a| a.date_of_birth.clone(), |a, v| a.date_of_birth = v)/>
    }
    .into_any()
}

/// The date of birth `number` holds in `market`, once it is a valid number there.
fn birth_date_held(number: &str, market: &str) -> Option<Day> {
    birth_date::held_by(number, market, today().year)
        .ok()
        .flatten()
}

split_point! {
    /// The split point of the KYC steps after the first (README, "The split build"): the
    /// wizard sends only those here.
    pub fn later_steps() -> Screen<(Step, Option<Callback<()>>)> {
        later_step
    }
}

fn later_step((step, on_back): (Step, Option<Callback<()>>)) -> AnyView {
    match step {
        Step::ContactDetails => view! { <ContactStep on_back/> }.into_any(),
        Step::Address => view! { <AddressStep on_back/> }.into_any(),
        Step::TaxResidence => view! { <TaxStep on_back/> }.into_any(),
        _ => view! { <DocumentStep on_back/> }.into_any(),
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
    } = use_step_form(|a: &ContactDetails, rules| a.validate(rules.market));
    view! {
        <StepCard step=Step::ContactDetails on_submit=submit>
            <TextField id="email" label=Text::Email kind="email" autocomplete="email"
                bind=form.bind("email", |a| a.email.clone(), |a, v| a.email = v)/>
            <TextField id="phone" label=Text::Phone kind="tel" autocomplete="tel" hint=Text::PhoneHint example=phone_example(&ctx.country.get_value())
                bind=form.bind("phoneNumber", |a| a.phone_number.clone(), |a, v| a.phone_number = v)/>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

#[component]
fn AddressStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(|a: &PostalAddress, _| a.validate());
    view! {
        <StepCard step=Step::Address on_submit=submit>
            <TextField id="address-line1" label=Text::AddressLine1 autocomplete="address-line1"
                bind=form.bind("addressLine1", |a| a.address_line1.clone(), |a, v| a.address_line1 = v)/>
            <TextField id="address-line2" label=Text::AddressLine2 autocomplete="address-line2"
                bind=form.bind("addressLine2", |a| a.address_line2.clone(), |a, v| a.address_line2 = v)/>
            <TextField id="postal-code" label=Text::PostalCode autocomplete="postal-code"
                bind=form.bind("postalCode", |a| a.postal_code.clone(), |a, v| a.postal_code = v)/>
            <TextField id="city" label=Text::City autocomplete="address-level2"
                bind=form.bind("city", |a| a.city.clone(), |a, v| a.city = v)/>
            <CountryField id="country" label=Text::Country autocomplete="country-name"
                bind=form.bind("country", |a| a.country.clone(), |a, v| a.country = v)/>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

#[component]
fn TaxStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(TaxResidences::validate);
    let count = Memo::new(move |_| form.answer.with(|a| a.residences.len()));
    let row = move |i: usize| {
        view! {
            <fieldset class="onboard-fieldset">
                <legend>{format!("{} {}", t(Text::TaxResidence), i + 1)}</legend>
                <CountryField id=format!("tax-country-{i}") label=Text::Country
                    bind=form.bind(format!("residences[{i}].country"), move |a| a.residences.get(i).map(|r| r.country.clone()).unwrap_or_default(),
                        move |a, v| if let Some(r) = a.residences.get_mut(i) { r.country = v })/>
                <TextField id=format!("tax-number-{i}") label=Text::TaxNumber
                    bind=form.bind(format!("residences[{i}].taxNumber"), move |a| a.residences.get(i).map(|r| r.tax_number.clone()).unwrap_or_default(),
                        move |a, v| if let Some(r) = a.residences.get_mut(i) { r.tax_number = v })/>
                {(i > 0).then(|| view! {
                    <button type="button" class="onboard-link-button" on:click=move |_| form.answer.update(|a| { a.residences.remove(i); })>
                        {t(Text::Remove)}
                    </button>
                })}
            </fieldset>
        }
    };
    view! {
        <StepCard step=Step::TaxResidence on_submit=submit>
            <p class="onboard-muted">{t(Text::TaxExplain)}</p>
            {move || (0..count.get()).map(row).collect_view()}
            <Show when=move || { count.get() < protocol::onboarding::person::MAX_TAX_RESIDENCES }>
                <button type="button" class="onboard-link-button" id="tax-add"
                    on:click=move |_| form.answer.update(|a| a.residences.push(TaxResidence::default()))>
                    {t(Text::AddTaxResidence)}
                </button>
            </Show>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
}

#[component]
fn DocumentStep(on_back: Option<Callback<()>>) -> impl IntoView {
    let UseStepFormReturn {
        form,
        busy,
        failure,
        submit,
    } = use_step_form(IdentityDocument::validate);
    let uploading = RwSignal::new(false);
    // The scans the answer names, as it starts (the tab's draft, the server's, the saved one).
    let scans = use_context::<SavedScans>();
    let (saved, saved_back) = form.answer.with_untracked(|answer| {
        let named = |id: &str| scans.as_ref().and_then(|scans| scans.named(id));
        (named(&answer.scan_id), named(&answer.back_scan_id))
    });
    let on_uploaded =
        Callback::new(move |scan: ScanView| form.answer.update(|a| a.scan_id = scan.id));
    let on_back_uploaded =
        Callback::new(move |scan: ScanView| form.answer.update(|a| a.back_scan_id = scan.id));
    view! {
        <StepCard step=Step::IdentityDocument on_submit=submit>
            {on_a_computer().then(|| view! { <HandoffChoice/> })}
            <div class="onboard-field">
                <label for="document-type">{t(Text::DocumentType)}</label>
                <select id="document-type" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let kind = DocumentType::ALL.into_iter().find(|k| k.as_str() == value).unwrap_or_default();
                    form.answer.update(|a| a.document_type = kind);
                }>
                    {DocumentType::ALL.into_iter().map(|kind| view! {
                        <option value=kind.as_str() selected=move || form.answer.with(|a| a.document_type == kind)>
                            {document_type_label(kind)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="document-number" label=Text::DocumentNumber
                bind=form.bind("number", |a| a.number.clone(), |a, v| a.number = v.trim().to_uppercase())/>
            <CountryField id="issuing-country" label=Text::IssuingCountry
                bind=form.bind("issuingCountry", |a| a.issuing_country.clone(), |a, v| a.issuing_country = v)/>
            <DateField id="issue-date" label=Text::IssueDate
                bind=form.bind("issueDate", |a| a.issue_date.clone(), |a, v| a.issue_date = v)/>
            <DateField id="expiry-date" label=Text::ExpiryDate
                bind=form.bind("expiryDate", |a| a.expiry_date.clone(), |a, v| a.expiry_date = v)/>
            <ScanCapture id="document-scan" label=Text::DocumentScan saved on_uploaded
                error=form.message("scanId") busy=uploading/>
            // A card's back, where the document type has one.
            <Show when=move || form.answer.with(|a| a.document_type.has_back())>
                <ScanCapture id="document-scan-back" label=Text::DocumentScanBack saved=saved_back.clone()
                    on_uploaded=on_back_uploaded error=form.message("backScanId") busy=uploading/>
            </Show>
            {failure_note(failure)}
            <StepActions on_back busy=Signal::derive(move || busy.get() || uploading.get())/>
        </StepCard>
    }
}
