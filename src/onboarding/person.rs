//! The KYC steps: personal details, contact, address, tax residence, identity document.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::MAX_SCAN_BYTES;
use protocol::birth_date;
use protocol::date::Day;
use protocol::onboarding::fields::phone_example;
use protocol::onboarding::{
    ContactDetails, DocumentType, IdentityDocument, PersonalDetails, PostalAddress, Step,
    TaxResidence, TaxResidences,
};
use protocol::ErrorCode;
use wasm_bindgen::JsCast;

use super::country_field::CountryField;
use super::date_field::DateField;
use super::form::{StepActions, TextField};
use super::step_form::{today, use_step_form, UseStepFormReturn};
use super::{failure_note, SavedScan, StepCard, WizardContext};
use crate::api::ApiClient;
use crate::bank::format::day;
use crate::i18n::{
    document_type_label, error_message, identity_number_hint, locale, t, t_with, Text,
};
use crate::split::{split_point, Screen};

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
    // Where the identity number holds the date of birth, it is shown, not asked.
    let held = {
        let market = market.clone();
        Memo::new(move |_| {
            form.answer
                .with(|a| birth_date_held(&a.identity_number, &market))
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
            <Show when=move || held.get().is_some() fallback=move || view! {
                <DateField id="date-of-birth" label=Text::DateOfBirth autocomplete="bday"
                    bind=form.bind("dateOfBirth", |a| a.date_of_birth.clone(), |a, v| a.date_of_birth = v)/>
            }>
                <div class="onboard-field" data-testid="birth-date-held">
                    <span class="onboard-label">{t(Text::DateOfBirth)}</span>
                    <span data-testid="birth-date">
                        {move || held.get().map(|held| day(&held.to_string(), locale().tag()))}
                    </span>
                    <p class="onboard-hint">{t(Text::BirthDateFromNumber)}</p>
                </div>
            </Show>
            {failure_note(failure)}
            <StepActions on_back busy=busy.into()/>
        </StepCard>
    }
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
    let scan = RwSignal::new(use_context::<SavedScan>().and_then(|saved| saved.0));
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<&'static str>);
    let api = expect_context::<ApiClient>();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        if file.size() > MAX_SCAN_BYTES as f64 {
            upload_error.set(Some(error_message(ErrorCode::PayloadTooLarge)));
            return;
        }
        let api = api.clone();
        uploading.set(true);
        upload_error.set(None);
        spawn_local(async move {
            match api.upload_scan(&file).await {
                Ok(uploaded) => {
                    form.answer.update(|a| a.scan_id = uploaded.id.clone());
                    scan.set(Some(uploaded));
                }
                Err(failure) if failure.code() == ErrorCode::InvalidRequest => {
                    upload_error.set(Some(t(Text::ScanWrongType)))
                }
                Err(failure) => upload_error.set(Some(error_message(failure.code()))),
            }
            uploading.set(false);
        });
    };
    let scan_error = form.message("scanId");
    let shown_error = Signal::derive(move || upload_error.get().or_else(|| scan_error.get()));
    view! {
        <StepCard step=Step::IdentityDocument on_submit=submit>
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
            <div class="onboard-field" class:onboard-field--invalid=move || shown_error.get().is_some()>
                <label for="document-scan">{t(Text::DocumentScan)}</label>
                <p class="onboard-hint" id="document-scan-hint">{t(Text::DocumentScanHint)}</p>
                <input id="document-scan" type="file" accept="image/jpeg,image/png,application/pdf"
                    aria-describedby="document-scan-hint document-scan-error" on:change=on_file/>
                <p class="onboard-muted" aria-live="polite" data-testid="scan">
                    {move || if uploading.get() {
                        t(Text::Uploading).to_owned()
                    } else {
                        scan.get().map(|s| t_with(Text::UploadedFile, &[("file", &s.file_name), ("size", &s.size.div_ceil(1024))])).unwrap_or_default()
                    }}
                </p>
                <p class="onboard-error" id="document-scan-error" role="alert" data-testid="document-scan-error">{move || shown_error.get()}</p>
            </div>
            {failure_note(failure)}
            <StepActions on_back busy=Signal::derive(move || busy.get() || uploading.get())/>
        </StepCard>
    }
}
