//! What the user agrees to share with a bank, then off to the bank.

use leptos::prelude::*;
use protocol::api::banking::{Bank, BankDisplay, CreateConsent};
use protocol::embed::{EventName, WidgetEvent};

use super::progress::{self, BankProgress, Choices};
use crate::api::ApiClient;
use crate::embed::{self, popup::BankPopup};
use crate::i18n::{error_message, t, t_with, Text};
use crate::links::partner_href;
use crate::session::flow::SessionPartner;
use protocol::ErrorCode;

/// A fresh random key: the same request sent twice (a double click, a retry after a lost
/// answer) makes one consent.
fn idempotency_key() -> String {
    let random = || (js_sys::Math::random() * 1e15) as u64;
    format!("w{:x}{:x}", random(), random())
}

/// The key for `request`: the last attempt's if it asked for the same, else a new one (a
/// changed request under an old key would get the old consent back).
fn key_for(
    last: Option<&CreateConsent>,
    request: &CreateConsent,
    fresh: impl FnOnce() -> String,
) -> String {
    match last {
        Some(last)
            if CreateConsent {
                idempotency_key: String::new(),
                ..last.clone()
            } == *request =>
        {
            last.idempotency_key.clone()
        }
        _ => fresh(),
    }
}

#[component]
pub fn Permissions(
    bank: Bank,
    /// Where a reload or a "Try again" left the choices.
    choices: Choices,
    /// The consent exists and the page is about to leave for the bank.
    on_created: Callback<(String, Choices)>,
    on_back: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let popup = expect_context::<BankPopup>();
    // Made when the screen opens, so that a double click reuses it.
    let opening_key = idempotency_key();
    let last_attempt = StoredValue::new(None::<CreateConsent>);
    let choices = RwSignal::new(choices);
    let saved_bank = bank.clone();
    // Every choice is saved at once: a reload finds them as they were.
    Effect::new(move |_| {
        let choices = choices.get();
        progress::save(Some(&BankProgress::Permissions {
            bank: saved_bank.clone(),
            choices,
        }));
    });
    let create = Action::new_local(move |request: &CreateConsent| {
        let api = api.clone();
        let request = request.clone();
        async move { api.create_consent(&request).await }
    });
    let (unsafe_link, set_unsafe_link) = signal(false);
    // Off to the bank once the consent exists, with the progress saved first.
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            let Some(href) = partner_href(&created.redirect_url) else {
                set_unsafe_link.set(true);
                return;
            };
            embed::emit(WidgetEvent::new(EventName::HandoffToBank));
            if embed::is_embedded() {
                popup.send(&href);
            } else if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&href);
            }
            on_created.run((created.consent_id.clone(), choices.get_untracked()));
        }
    });
    // No consent, no bank: the window opened at the click has nothing to show.
    Effect::new(move |_| {
        if let Some(Err(_)) = create.value().get() {
            popup.close();
        }
    });
    let pending = create.pending();
    // Also after success: the page is leaving, a second click would only race it.
    let busy = move || pending.get() || create.value().with(|v| matches!(v, Some(Ok(_))));
    let bank_id = bank.id.clone();
    let owner_offered = bank.supports_owner_name;
    let submit = move |_| {
        if pending.get_untracked() {
            return;
        }
        let chosen = choices.get_untracked();
        let (transactions_from, transactions_to) = chosen.window();
        let mut request = CreateConsent {
            bank_id: bank_id.clone(),
            permissions: chosen.permissions(),
            owner_name: owner_offered && chosen.owner_name,
            transactions_from,
            transactions_to,
            idempotency_key: String::new(),
            display: if embed::is_embedded() {
                BankDisplay::Popup
            } else {
                BankDisplay::Page
            },
        };
        if request.display == BankDisplay::Popup {
            popup.prepare();
        }
        request.idempotency_key = last_attempt.with_value(|last| {
            let opening = last.is_none().then(|| opening_key.clone());
            key_for(last.as_ref(), &request, || {
                opening.unwrap_or_else(idempotency_key)
            })
        });
        last_attempt.set_value(Some(request.clone()));
        create.dispatch(request);
    };
    let check = move |set: fn(&mut Choices, bool)| {
        move |ev| choices.update(|c| set(c, event_target_checked(&ev)))
    };
    let date = move |set: fn(&mut Choices, String)| {
        move |ev| choices.update(|c| set(c, event_target_value(&ev)))
    };
    let failure = move || match create.value().get() {
        Some(Err(failure)) => Some(error_message(failure.code())),
        _ if unsafe_link.get() => Some(error_message(ErrorCode::Internal)),
        _ => None,
    };
    // Whom the data goes to, where the partner's settings name it.
    let partner = use_context::<SessionPartner>().and_then(|partner| partner.0);
    let heading = match &partner {
        Some(partner) => t_with(
            Text::ShareFromBankWith,
            &[("bank", &bank.name), ("partner", &partner.name)],
        ),
        None => t_with(Text::ShareWithBank, &[("bank", &bank.name)]),
    };
    let privacy = partner.and_then(|partner| {
        let url = partner.privacy_url?;
        Some(view! {
            <p><a href=url target="_blank" rel="noopener noreferrer" data-testid="partner-privacy">
                {t_with(Text::PartnerPrivacy, &[("partner", &partner.name)])}
            </a></p>
        })
    });
    view! {
        <section class="onboard-card" data-testid="bank-permissions">
            <h2 class="onboard-heading" tabindex="-1" data-bank-heading>{heading.clone()}</h2>
            <p class="onboard-muted">{t(Text::PermissionsExplain)}</p>
            {privacy}
            <fieldset class="onboard-permissions">
                <legend class="onboard-visually-hidden">{heading}</legend>
                <label><input type="checkbox" checked disabled/>" "{t(Text::PermissionAccounts)}</label>
                <label>
                    <input type="checkbox" id="permission-balances" prop:checked=move || choices.with(|c| c.balances)
                        on:change=check(|c, on| c.balances = on)/>
                    " "{t(Text::PermissionBalances)}
                </label>
                <label>
                    <input type="checkbox" id="permission-transactions" prop:checked=move || choices.with(|c| c.transactions)
                        on:change=check(|c, on| c.transactions = on)/>
                    " "{t(Text::PermissionTransactions)}
                </label>
                <Show when=move || choices.with(|c| c.transactions)>
                    <div class="onboard-date-filter">
                        <label>{t(Text::DateFrom)}" "<input id="date-from" type="date"
                            prop:value=move || choices.with(|c| c.date_from.clone())
                            max=move || choices.with(|c| c.date_to.clone())
                            on:change=date(|c, day| c.date_from = day)/></label>
                        <label>{t(Text::DateTo)}" "<input id="date-to" type="date"
                            prop:value=move || choices.with(|c| c.date_to.clone())
                            min=move || choices.with(|c| c.date_from.clone())
                            on:change=date(|c, day| c.date_to = day)/></label>
                    </div>
                    <p class="onboard-muted">{t(Text::DateWindowHint)}</p>
                </Show>
                {owner_offered.then(|| view! {
                    <label>
                        <input type="checkbox" id="permission-owner" prop:checked=move || choices.with(|c| c.owner_name)
                            on:change=check(|c, on| c.owner_name = on)/>
                        " "{t(Text::PermissionOwnerName)}
                    </label>
                })}
            </fieldset>
            <p class="onboard-muted" data-testid="consent-duration">{t(Text::ConsentDuration)}</p>
            {move || failure().map(|message| view! { <p role="alert" data-testid="consent-failure">{message}</p> })}
            <button id="consent-continue" type="button" class="onboard-button" disabled=busy on:click=submit>
                {move || if create.value().with(|v| matches!(v, Some(Err(_)))) { t(Text::Retry) } else { t(Text::ContinueToBank) }}
            </button>
            <button type="button" class="onboard-link" on:click=move |_| on_back.run(())>{t(Text::Cancel)}</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::api::banking::Permission;

    fn request(permissions: Vec<Permission>, key: &str) -> CreateConsent {
        CreateConsent {
            bank_id: "20101".into(),
            permissions,
            owner_name: false,
            transactions_from: None,
            transactions_to: None,
            idempotency_key: key.into(),
            display: BankDisplay::Page,
        }
    }

    #[test]
    fn the_same_request_again_keeps_its_key_a_changed_one_gets_a_new_one() {
        let all = || vec![Permission::Accounts, Permission::Balances];
        let first = request(all(), "k1");
        assert_eq!(key_for(None, &request(all(), ""), || "k1".into()), "k1");
        assert_eq!(
            key_for(Some(&first), &request(all(), ""), || "k2".into()),
            "k1"
        );
        assert_eq!(
            key_for(
                Some(&first),
                &request(vec![Permission::Accounts], ""),
                || "k2".into()
            ),
            "k2"
        );
    }
}
