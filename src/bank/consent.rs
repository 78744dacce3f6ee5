//! After the bank: the consent's status (polled until the account holder has decided), then
//! the data it gives access to, or a way to try again.

use leptos::prelude::*;
use protocol::api::banking::{Bank, ConsentStatus, ConsentView};
use protocol::embed::{EventName, WidgetEvent};

use super::accounts::Accounts;
use super::ConnectedBank;
use crate::api::ApiClient;
use crate::components::{announce_changes, PartnerLink};
use crate::embed::{
    self,
    popup::{use_popup_returns, BankPopup, BankPopupNotice},
};
use crate::hooks::polling::{use_polling, UsePollingReturn};
use crate::hooks::session_events::pushed;
use crate::i18n::{consent_label, error_message, t, Text};
use crate::storage::{self, Key};

#[component]
pub fn ConsentScreen(
    bank: Bank,
    consent_id: String,
    /// The partner's page, where a workflow of the bank alone ends once it is connected.
    ends_at: Option<String>,
    on_again: Callback<()>,
    on_other_bank: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let poll_api = api.clone();
    let poll_id = consent_id.clone();
    let UsePollingReturn {
        value,
        failure,
        restart,
        ..
    } = use_polling(
        move || {
            let (api, id) = (poll_api.clone(), poll_id.clone());
            async move { api.consent(&id).await }
        },
        |consent: &ConsentView| consent.status.is_decided(),
        pushed(|events| events.consent_changes),
    );
    // A revocation's answer replaces the polled value.
    let (revoked, set_revoked) = signal(None::<ConsentView>);
    let consent = Memo::new(move |_| revoked.get().or_else(|| value.get()));
    let status = Memo::new(move |_| consent.with(|c| c.as_ref().map(|c| c.status)));
    // The bank has decided; this session learns what once the browser is back from it.
    let awaiting_return =
        Memo::new(move |_| consent.with(|c| c.as_ref().is_some_and(|c| c.awaiting_return)));
    let popup = expect_context::<BankPopup>();
    // The popup's return, handed over by `/bank-return`; the full page's was confirmed at load.
    let confirm_api = api.clone();
    let confirm = Action::new_local(move |returned: &crate::bank_return::BankReturn| {
        let (api, returned) = (confirm_api.clone(), returned.clone());
        async move {
            api.confirm_consent(&returned.consent_id, &returned.code)
                .await
        }
    });
    use_popup_returns(move |returned| {
        confirm.dispatch(returned);
    });
    Effect::new(move |_| {
        if confirm.value().with(Option::is_some) {
            restart.run(());
        }
    });
    let announced_id = consent_id.clone();
    let (bank_id, ends_flow) = (bank.id.clone(), ends_at.is_some());
    Effect::new(move |_| {
        let Some(decided) = status
            .get()
            .filter(|s| matches!(s, ConsentStatus::Authorised | ConsentStatus::Rejected))
        else {
            return;
        };
        popup.close();
        // Once per consent, also across reloads: the partner's page counts on it.
        if first_announcement(&announced_id) {
            embed::emit(WidgetEvent::new(EventName::ReturnedFromBank));
            let name = if decided == ConsentStatus::Authorised {
                EventName::ConsentAuthorised
            } else {
                EventName::ConsentRejected
            };
            embed::emit(WidgetEvent::new(name));
            if decided == ConsentStatus::Authorised && ends_flow {
                embed::emit(WidgetEvent::connected(&bank_id, &announced_id));
            }
        }
    });
    // The wizard around this step learns whether a bank is connected.
    if let Some(ConnectedBank(connected)) = use_context::<ConnectedBank>() {
        let name = bank.name.clone();
        Effect::new(move |_| match status.get() {
            Some(ConsentStatus::Authorised) => connected.set(Some(name.clone())),
            Some(_) => connected.set(None),
            None => {}
        });
    }
    let revoke_id = consent_id.clone();
    let revoke = Action::new_local(move |_: &()| {
        let (api, id) = (api.clone(), revoke_id.clone());
        async move { api.revoke_consent(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(view)) = revoke.value().get() {
            set_revoked.set(Some(view));
        }
    });
    let revoking = revoke.pending();
    let wire = move || status.get().map(|s| s.as_str()).unwrap_or_default();
    announce_changes(
        move || status.get(),
        |before, now| {
            before
                .and(*now)
                .map(|status| format!("{}: {}", t(Text::StatusCaption), consent_label(status)))
        },
    );
    announce_changes(
        move || failure.get().map(|f| f.code()),
        |_, now| now.map(|code| error_message(code).to_owned()),
    );
    view! {
        <section class="onboard-card" data-testid="bank-consent">
            <h2 class="onboard-heading onboard-bank-heading" tabindex="-1" data-bank-heading>
                // The name beside it says which bank: the logo is decoration.
                {(!bank.logo_url.is_empty()).then(|| view! {
                    <img src=bank.logo_url.clone() alt="" width="32" height="32"/>
                })}
                {bank.name.clone()}
            </h2>
            <p>
                <span class="onboard-muted">{t(Text::StatusCaption)}": "</span>
                <strong data-testid="consent-status" data-consent-status=wire>
                    {move || status.get().map(consent_label).unwrap_or(t(Text::WaitingForBank))}
                </strong>
            </p>
            {move || confirm.value().get().and_then(Result::err).map(|f| view! {
                <p role="alert" data-testid="bank-return-failure">{error_message(f.code())}</p>
            })}
            {move || failure.get().map(|f| view! {
                <p class="onboard-note" data-testid="consent-status-failure">{error_message(f.code())}</p>
                // Also while the loop runs: with the event stream open its next try may be a
                // minute away, and nothing pushes the news that the provider is back.
                <button type="button" class="onboard-link" data-testid="consent-status-retry"
                    on:click=move |_| restart.run(())>{t(Text::Retry)}</button>
            })}
            {move || match status.get() {
                Some(ConsentStatus::Authorised) => {
                    let view = consent.get_untracked();
                    let done = ends_at.clone().map(|url| view! {
                        <p data-testid="bank-connected">{t(Text::BankConnected)}</p>
                        <PartnerLink url=Some(url) label=Text::Done/>
                    });
                    view! {
                        {done}
                        // In the onboarding, the card says the bank is connected: its transactions
                        // are there on request, not four screens of them.
                        {view.map(|view| view! { <Accounts consent=view compact=!ends_flow/> })}
                        <button id="bank-disconnect" type="button" class="onboard-link" disabled=move || revoking.get()
                            on:click=move |_| { revoke.dispatch(()); }>
                            {t(Text::Disconnect)}
                        </button>
                        {move || revoke.value().get().and_then(Result::err).map(|f| view! { <p role="alert">{error_message(f.code())}</p> })}
                    }.into_any()
                }
                Some(ConsentStatus::Rejected) => view! {
                    <p>{t(Text::ConsentRejected)}</p>
                    <button type="button" class="onboard-button" on:click=move |_| on_again.run(())>{t(Text::Retry)}</button>
                    <button type="button" class="onboard-link" on:click=move |_| on_other_bank.run(())>{t(Text::ChooseAnotherBank)}</button>
                }.into_any(),
                Some(ConsentStatus::Revoked | ConsentStatus::RevokedAtTpp) => view! {
                    <p>{t(Text::ConsentEnded)}</p>
                    <button type="button" class="onboard-button" on:click=move |_| on_other_bank.run(())>{t(Text::ConnectBank)}</button>
                }.into_any(),
                _ if awaiting_return.get() => view! {
                    <p class="onboard-muted" data-testid="awaiting-return">{t(Text::WaitingForReturn)}</p>
                    <BankPopupNotice on_again on_other_bank/>
                }.into_any(),
                _ => view! { <p class="onboard-muted">{t(Text::WaitingForBank)}</p> <BankPopupNotice on_again on_other_bank/> }.into_any(),
            }}
        </section>
    }
}

/// Whether this consent's decision is news: remembered in `sessionStorage`, so a reload does
/// not tell the partner's page twice.
fn first_announcement(consent_id: &str) -> bool {
    let key = || Key::Announced { consent_id };
    if storage::get(key()).is_some() {
        return false;
    }
    storage::set(key(), "1");
    true
}
