//! The root component: finds the session token (in the address's fragment on its own page, from
//! the partner's page when framed), loads the session, hands over to the flow.

use leptos::prelude::*;

use crate::api::{ApiClient, ApiFailure};
use crate::components::LiveRegion;
use crate::embed::{self, popup::BankReturn, use_handover, use_resize_reports, ExitBar};
use crate::flow::Flow;
use crate::i18n::{self, Locale};
use crate::prefetch::FirstReads;
use crate::screens::{ErrorScreen, Loading, SessionExpired, SessionInvalid};
use crate::session_token;
use crate::theme::{self, Theme};

#[component]
pub fn App() -> impl IntoView {
    let locale = i18n::init(None);
    set_document_lang(locale);
    let main = NodeRef::new();
    use_resize_reports(main);
    reload_when_restored_from_history();
    let content = if is_bank_return() {
        view! { <BankReturn/> }.into_any()
    } else if embed::is_embedded() {
        view! { <Embedded/> }.into_any()
    } else {
        // Read once, at start: this also scrubs the token from the address bar.
        match session_token::load() {
            Some(token) => view! { <SessionLoader token/> }.into_any(),
            None => view! { <SessionInvalid/> }.into_any(),
        }
    };
    view! {
        <main id="onboard" class="onboard" lang=locale.tag() node_ref=main>
            <LiveRegion/>
            {content}
        </main>
    }
}

/// The popup the bank sent back (see `embed::popup`).
fn is_bank_return() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .as_deref()
        == Some("/bank-return")
}

/// Framed in a partner's page: the session starts when the page hands over its token.
#[component]
fn Embedded() -> impl IntoView {
    let handover = use_handover();
    view! {
        <ExitBar/>
        {move || match handover.get() {
            Some((init, theme)) => {
                set_document_lang(i18n::init(init.locale.as_deref()));
                if let Some(theme) = theme {
                    apply_partner_theme(&theme);
                }
                view! { <SessionLoader token=init.token/> }.into_any()
            }
            None => view! { <Loading/> }.into_any(),
        }}
    }
}

/// Owns the app's long-lived state: the API client (in context for everything below) and the
/// session resource. Failures that have their own screen get it; the rest offer a retry.
#[component]
fn SessionLoader(token: String) -> impl IntoView {
    let api = ApiClient::new(token);
    provide_context(api.clone());
    // Asked for now, alongside the session: the first screen cannot show without them.
    provide_context(FirstReads::start(&api));
    let session = LocalResource::new(move || {
        let api = api.clone();
        async move { api.session().await }
    });
    let (retrying, set_retrying) = signal(false);
    // Made here, not in the view: the Transition re-runs its children on a retry, which drops
    // what they own while the old screen, which reads this, is still showing.
    let retrying = Signal::from(retrying);
    let retry = Callback::new(move |()| session.refetch());
    // Not an ErrorBoundary: an expired or invalid session is an answer with its own screen,
    // not an error to catch; only the generic failure gets the retry screen.
    view! {
        <Transition fallback=|| view! { <Loading/> } set_pending=set_retrying>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(session) => view! { <Flow session/> }.into_any(),
                    Err(ApiFailure::Expired) => view! { <SessionExpired/> }.into_any(),
                    Err(ApiFailure::Invalid) => view! { <SessionInvalid/> }.into_any(),
                    Err(failure) => {
                        view! { <ErrorScreen code=failure.code() on_retry=retry busy=retrying/> }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The partner's brand, as far as it passes the theme's checks; what does not is named in the
/// console for the partner's developers, and the defaults stay.
fn apply_partner_theme(json: &str) {
    let rejected = match crate::json::from_str::<Theme>(json) {
        Ok(theme) => theme::apply(&theme),
        Err(_) => vec!["theme"],
    };
    if !rejected.is_empty() {
        web_sys::console::warn_1(
            &format!("onboard: theme values ignored: {}", rejected.join(", ")).into(),
        );
    }
}

/// Coming back with the browser's Back button (from the bank, say), the browser may show the
/// page exactly as it left it: a "Continue to your bank" still disabled, polling stopped. A
/// reload resumes from sessionStorage, where every step keeps its progress.
fn reload_when_restored_from_history() {
    // Never removed: the app lives as long as the page.
    let _ = window_event_listener(leptos::ev::pageshow, |event| {
        if event.persisted() {
            let _ = window().location().reload();
        }
    });
}

/// Screen readers and hyphenation read `<html lang>`; the page's own may say otherwise. The
/// widget's `<main>` is set too, for when the session changes the locale after it rendered.
pub fn set_document_lang(locale: Locale) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    for root in [
        document.document_element(),
        document.get_element_by_id("onboard"),
    ]
    .into_iter()
    .flatten()
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}
