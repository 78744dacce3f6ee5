//! The root component: finds the session token, loads the session, hands over to the flow.

use leptos::prelude::*;

use crate::api::{ApiClient, ApiFailure};
use crate::components::LiveRegion;
use crate::flow::Flow;
use crate::i18n::{self, Locale};
use crate::screens::{ErrorScreen, Loading, SessionExpired, SessionInvalid};
use crate::session_token;

#[component]
pub fn App() -> impl IntoView {
    let locale = i18n::locale();
    set_document_lang(locale);
    // Read once, at start: this also scrubs the token from the address bar.
    let token = session_token::load();
    reload_when_restored_from_history();
    view! {
        <main id="onboard" class="onboard" lang=locale.tag()>
            <LiveRegion/>
            {match token {
                Some(token) => view! { <SessionLoader token/> }.into_any(),
                None => view! { <SessionInvalid/> }.into_any(),
            }}
        </main>
    }
}

/// Owns the app's long-lived state: the API client (in context for everything below) and the
/// session resource. Failures that have their own screen get it; the rest offer a retry.
#[component]
fn SessionLoader(token: String) -> impl IntoView {
    let api = ApiClient::new(token);
    provide_context(api.clone());
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

/// Screen readers and hyphenation read `<html lang>`; the page's own may say otherwise.
fn set_document_lang(locale: Locale) {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("lang", locale.tag());
    }
}
