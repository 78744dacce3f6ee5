//! The results under the outcome: what the provider has on record of the applicant. Never a
//! screening result: that is the partner's (the server does not send it here).

use leptos::prelude::*;
use protocol::api::onboarding::ResultsView;
use protocol::identity::organization_number_for_display;
use protocol::onboarding::DocumentType;
use protocol::provider::onboarding::{BankAccountType, Party};

use crate::api::{ApiClient, ApiFailure};
use crate::i18n::{document_type_label, roles_label, t, Text};

/// A document's type in words; a type the widget does not know as the provider names it.
fn document_label(wire: &str) -> String {
    DocumentType::parse(wire).map_or_else(
        || wire.to_owned(),
        |kind| document_type_label(kind).to_owned(),
    )
}

fn groups(title: Text, testid: &'static str, groups: Vec<Vec<Party>>) -> impl IntoView {
    (!groups.is_empty()).then(|| view! {
        <h3 class="onboard-subheading">{t(title)}</h3>
        <ol data-testid=testid>
            {groups.into_iter().map(|group| view! {
                <li>{group.into_iter().map(|party| view! {
                    <span class="onboard-party">{party.name}" ("{roles_label(&party.roles)}")"</span>
                }).collect_view()}</li>
            }).collect_view()}
        </ol>
    })
}

/// Who signs for the organization: the combination the applicant chose (its signers have the
/// admin rights), not every one the register allows.
fn chosen_signers(combinations: Vec<Vec<Party>>) -> impl IntoView {
    let chosen = combinations.into_iter().find(|signers| {
        signers
            .iter()
            .any(|party| party.has_admin_rights == Some(true))
    })?;
    let names: Vec<String> = chosen.into_iter().map(|party| party.name).collect();
    Some(view! {
        <h3 class="onboard-subheading">{t(Text::ChosenSigners)}</h3>
        <p data-testid="result-signing">{names.join(" + ")}</p>
    })
}

fn show(results: ResultsView) -> impl IntoView {
    let person = results.person.map(|p| {
        view! {
            <h3 class="onboard-subheading">{t(Text::ResultsPerson)}</h3>
            <p data-testid="result-person">{format!("{} {}", p.first_name, p.last_name)}</p>
        }
    });
    let organization = results.organization.map(|o| view! {
        <h3 class="onboard-subheading">{t(Text::ResultsOrganization)}</h3>
        <p data-testid="result-organization">{o.organization_name}" · "
            <span class="onboard-identifier">{organization_number_for_display(&o.organization_number.id, &o.organization_number.issuing_country)}</span>
        </p>
    });
    let signed_by = (!results.signed_by.is_empty()).then(|| view! {
        <h3 class="onboard-subheading">{t(Text::SignedBy)}</h3>
        <p>{results.signed_by.into_iter().map(|s| view! { <span>{s.name}</span> }).collect_view()}</p>
    });
    let documents = (!results.documents.is_empty()).then(|| view! {
        <h3 class="onboard-subheading">{t(Text::Documents)}</h3>
        <ul>{results.documents.into_iter().map(|d| view! {
            <li data-testid="result-document">{format!("{} · {} · {} kB", d.name, document_label(&d.document_type), d.size.div_ceil(1024))}</li>
        }).collect_view()}</ul>
    });
    let accounts = (!results.bank_accounts.is_empty()).then(|| view! {
        <h3 class="onboard-subheading">{t(Text::BankAccounts)}</h3>
        <ul>{results.bank_accounts.into_iter().map(|a| view! {
            <li data-testid="result-bank-account">{match a.kind {
                BankAccountType::SwedenDomestic => format!("{} {}", a.clearing_number.unwrap_or_default(), a.account_number.unwrap_or_default()),
                BankAccountType::Iban => format!("{} {}", a.iban.unwrap_or_default(), a.bic.unwrap_or_default()),
            }}</li>
        }).collect_view()}</ul>
    });
    view! {
        {person}
        {organization}
        {chosen_signers(results.signing_combinations)}
        {signed_by}
        {groups(Text::BoardMembers, "result-board", results.board_members)}
        {documents}
        {accounts}
    }
}

/// Loads once; an application that collected nothing (a bank-only workflow) shows nothing.
pub fn read_results(api: ApiClient) -> LocalResource<Result<Option<ResultsView>, ApiFailure>> {
    LocalResource::new(move || {
        let api = api.clone();
        async move { api.results().await }
    })
}

#[component]
pub fn Results(results: LocalResource<Result<Option<ResultsView>, ApiFailure>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                results.await.ok().flatten().map(|r| view! {
                    <section class="onboard-card" data-testid="results" aria-labelledby="results-heading">
                        <h2 class="onboard-heading" id="results-heading">{t(Text::ResultsHeading)}</h2>
                        {show(r)}
                    </section>
                })
            })}
        </Suspense>
    }
}
