//! The root component: finds how the session starts (a one-time code in the address's fragment
//! on its own page, from the partner's page when framed, or the credential this tab claimed
//! before), loads the session, hands over to the flow.

use futures::future::join;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::paths;
use protocol::embed::WidgetEvent;
use protocol::ErrorCode;

use crate::api::{ApiClient, SessionEnd};
use crate::bank_return::BankReturn;
use crate::components::{focus_first, LiveRegion};
use crate::embed::{self, popup::PopupReturn};
use crate::i18n;
use crate::screens::{
    BankReturnedElsewhere, ErrorScreen, LinkUsed, Loading, SessionExpired, SessionInvalid,
};
use crate::session::flow::Flow;
use crate::session::prefetch::FirstReads;
use crate::session::token::{self, SessionStart};
use crate::split::split_view;

#[component]
pub fn App() -> impl IntoView {
    let locale = i18n::init(None);
    i18n::set_document_lang(locale);
    // The screens before a session need the texts at once; a framed page's language is the
    // one its partner hands over (or the session's), fetched then.
    if !embed::is_embedded() {
        spawn_local(i18n::load(locale));
    }
    let main = NodeRef::new();
    reload_when_restored_from_history();
    let content = if is_bank_return() {
        translated(|| view! { <PopupReturn/> }.into_any()).into_any()
    } else if embed::is_embedded() {
        split_view(embed::framed_widget, main).into_any()
    } else {
        // Read once, at start: this also scrubs the codes from the address bar.
        let returned = BankReturn::take_from_fragment();
        match (token::load(), returned) {
            (Some(start), returned) => view! { <SessionLoader start returned/> }.into_any(),
            (None, Some(returned)) => translated(move || {
                let returned = returned.clone();
                view! { <BankReturnedElsewhere returned/> }.into_any()
            })
            .into_any(),
            (None, None) => translated(|| view! { <SessionInvalid/> }.into_any()).into_any(),
        }
    };
    view! {
        <main id="onboard" class="onboard" lang=locale.tag() node_ref=main>
            <LiveRegion/>
            {content}
        </main>
    }
}

/// `screen` once the language in use has its texts: for the screens that show before, or without,
/// the session, whose load waits for them.
fn translated(screen: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let ready = Memo::new(|_| i18n::track_texts());
    move || ready.get().then(&screen)
}

/// The popup the bank sent back (see `embed::popup`).
fn is_bank_return() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .as_deref()
        == Some(paths::BANK_RETURN_PAGE)
}

/// Owns the app's long-lived state: the API client (in context for everything below) and the
/// session resource. Failures that have their own screen get it; the rest offer a retry.
///
/// A return from the bank (`returned`) is confirmed once the session has loaded, before the
/// flow shows: the bank step then finds its consent confirmed, or withdrawn.
///
/// A call any part of the widget makes may find the session ended (expired, or revoked by the
/// partner): the client notes it, and the ended session's screen replaces everything here,
/// which stops every poll and event stream below. Nothing else is worth showing then: each
/// step's Continue, each retry, could only be refused again.
#[component]
pub(crate) fn SessionLoader(
    start: SessionStart,
    #[prop(optional_no_strip)] returned: Option<BankReturn>,
) -> impl IntoView {
    let api = match start {
        SessionStart::Claim(code) => ApiClient::claim(code),
        SessionStart::Resume(credential) => ApiClient::resume(credential),
    };
    let ended = api.session_end();
    provide_context(api.clone());
    // Asked for now, alongside the session: the first screen cannot show without them.
    provide_context(FirstReads::start(&api));
    let returned = StoredValue::new(returned);
    let session = LocalResource::new(move || {
        let api = api.clone();
        async move {
            // The texts of the language in use come meanwhile; those of the session's, after it.
            // A framed page whose partner chose no language waits for the session's instead:
            // it loads one language, as the first-load budget counts it (a hosted page may load
            // two, and stays within it).
            let now = i18n::chosen_by_page() || !embed::is_embedded();
            let in_use = async move {
                if now {
                    i18n::load(i18n::locale()).await;
                }
            };
            let (session, ()) = join(api.session(), in_use).await;
            let session = session?;
            i18n::load(i18n::adopt_session_locale(session.locale.as_deref())).await;
            if let Some(theme) = &session.theme {
                crate::theme::show(theme);
            }
            if let Some(returned) = returned.try_update_value(Option::take).flatten() {
                // Refused or not, the consent's own status tells the bank step what came of it.
                let _ = api
                    .confirm_consent(&returned.consent_id, &returned.code)
                    .await;
            }
            Ok::<_, crate::api::ApiFailure>(session)
        }
    });
    let (retrying, set_retrying) = signal(false);
    // Made here, not in the view: the Transition re-runs its children on a retry, which drops
    // what they own while the old screen, which reads this, is still showing.
    let retrying = Signal::from(retrying);
    let retry = Callback::new(move |()| session.refetch());
    // The way on from an ended session: the partner's page, once the session has named it.
    let redirect_url = Memo::new(move |_| {
        session
            .get()
            .and_then(Result::ok)
            .map(|session| session.redirect_url)
    });
    // The end as shown: from the next frame. The part that met it may still update its own
    // screen in this turn; torn down in the same turn, that screen's pending updates would read
    // the signals it took with it.
    let shown_end = RwSignal::new(None);
    Effect::new(move |_| {
        let Some(end) = ended.get() else { return };
        let opened = redirect_url.with_untracked(Option::is_some);
        embed::emit(WidgetEvent::error(end_code(end, opened)));
        request_animation_frame(move || {
            shown_end.try_set(Some(end));
        });
    });
    // It replaced the screen the user was on; at load, nothing had focus to lose, and in a
    // partner's iframe taking it would steal the page's.
    Effect::new(move |_| {
        if shown_end.get().is_some() && redirect_url.with_untracked(Option::is_some) {
            focus_first("[data-screen-heading]");
        }
    });
    // Not an ErrorBoundary: an ended session is an answer with its own screen, not an error to
    // catch; only the generic failure gets the retry screen.
    let loading = move || {
        view! {
            <Transition fallback=|| view! { <Loading/> } set_pending=set_retrying>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(session) => view! { <Flow session/> }.into_any(),
                        // The ended session's screen shows in place of all this.
                        Err(failure) if failure.session_end().is_some() => ().into_any(),
                        Err(failure) => view! {
                            <ErrorScreen code=failure.code() on_retry=retry busy=retrying/>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        }
    };
    move || match shown_end.get() {
        Some(end) => translated(move || ended_screen(end, redirect_url.get_untracked())).into_any(),
        None => loading().into_any(),
    }
}

/// The screen of a session that ended: `redirect_url` is known once the session had opened.
/// A token refused before that never opened one.
fn ended_screen(end: SessionEnd, redirect_url: Option<String>) -> AnyView {
    match (end, redirect_url) {
        (SessionEnd::LinkUsed, _) => view! { <LinkUsed/> }.into_any(),
        (SessionEnd::Expired, redirect_url) => view! { <SessionExpired redirect_url/> }.into_any(),
        (SessionEnd::Refused, Some(url)) => {
            view! { <SessionExpired redirect_url=url closed=true/> }.into_any()
        }
        (SessionEnd::Refused, None) => view! { <SessionInvalid/> }.into_any(),
    }
}

/// What the partner's page hears of the end: a session that had opened has ended, however it
/// did; a token refused at once never was one.
fn end_code(end: SessionEnd, opened: bool) -> ErrorCode {
    match (end, opened) {
        (SessionEnd::LinkUsed, _) => ErrorCode::LinkUsed,
        (SessionEnd::Refused, false) => ErrorCode::Unauthorized,
        _ => ErrorCode::SessionExpired,
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
