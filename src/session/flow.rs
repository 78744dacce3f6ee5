//! The session once it is known: polls its status and picks the screen to show.

use leptos::prelude::*;
use protocol::api::{PartnerView, SessionView};
use protocol::embed::{EventName, WidgetEvent};
use protocol::{ApplicationStatus, ErrorCode};

use crate::api::{ApiClient, ApiFailure};
use crate::application;
use crate::components::{announce_changes, focus_first};
use crate::embed;
use crate::hooks::polling::{use_status_polling, UsePollingReturn};
use crate::hooks::session_events::use_session_events;
use crate::i18n::{self, status_label, t, Text};
use crate::onboarding::Onboarding;
use crate::outcome::{self, decision};
use crate::screens::{ErrorScreen, Loading};

/// Which screen the polling state calls for. Kept apart from the data the screens show, so a
/// new status on the same screen updates it in place instead of rebuilding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Loading,
    Session,
    Outcome(ApplicationStatus),
    /// The session has ended: the root shows it in place of the whole flow, and tells the
    /// partner's page (see `app`).
    Ended,
    Failed(ErrorCode),
}

impl Screen {
    /// What the partner's page hears of a screen that ends the flow on a failure.
    fn error_code(self) -> Option<ErrorCode> {
        match self {
            Screen::Failed(code) => Some(code),
            Screen::Loading | Screen::Session | Screen::Outcome(_) | Screen::Ended => None,
        }
    }
}

/// Tells the partner's page of a new status, and of the decision once there is one (also when
/// the first status seen is already the decision: a reload after it).
fn announce_status(before: Option<ApplicationStatus>, now: Option<ApplicationStatus>) {
    let Some(now) = now else { return };
    if before.is_some_and(|before| before != now) {
        embed::emit(WidgetEvent::status_changed(now));
    }
    if now.is_terminal() && before != Some(now) {
        embed::emit(WidgetEvent::success(now));
    }
}

pub fn screen_for(
    status: Option<ApplicationStatus>,
    failure: Option<&ApiFailure>,
    is_polling: bool,
) -> Screen {
    match (failure, status) {
        (Some(failure), _) if failure.session_end().is_some() => Screen::Ended,
        (_, Some(status)) if status.is_terminal() => Screen::Outcome(status),
        // Polling gave up on an error retrying cannot fix: only the user's "Try again" can.
        (Some(failure), _) if !is_polling => Screen::Failed(failure.code()),
        (_, Some(_)) => Screen::Session,
        (_, None) => Screen::Loading,
    }
}

/// Who the customer onboards with, where the partner's settings name it (the consent screen
/// says whom the bank's data goes to).
#[derive(Clone)]
pub struct SessionPartner(pub Option<PartnerView>);

#[component]
pub fn Flow(session: SessionView) -> impl IntoView {
    // The session's language, adopted as it loaded (`app`).
    i18n::set_document_lang(i18n::locale());
    // Before any screen reads what the tab kept, or tells the partner's page anything.
    application::open(session.application_id.as_str());
    let api = expect_context::<ApiClient>();
    // Here, not in a screen: the stream lives as long as the session's flow.
    let events = use_session_events(api.clone(), Default::default());
    provide_context(events);
    provide_context(SessionPartner(session.partner.clone()));
    // Says how the widget keeps up, for support and for the tests: `stream` or `polling`.
    Effect::new(move |_| {
        let live = if events.connected.get() {
            "stream"
        } else {
            "polling"
        };
        if let Some(main) = document().get_element_by_id("onboard") {
            let _ = main.set_attribute("data-live", live);
        }
    });
    let UsePollingReturn {
        value: status,
        failure,
        is_polling,
        restart,
    } = use_status_polling(api, events.polling(|events| events.status_changes));
    // Signals the screens read are made here, outliving any one screen.
    let current: Signal<_> =
        Memo::new(move |_| status.with(|view| view.as_ref().map(|view| view.status))).into();
    let slow = Signal::derive(move || failure.with(Option::is_some));
    let screen = Memo::new(move |_| {
        failure.with(|failure| screen_for(current.get(), failure.as_ref(), is_polling.get()))
    });
    embed::emit(WidgetEvent::new(EventName::Open));
    // Every application that is decided shows it.
    crate::perf::after_interactive(outcome::fetch_ahead);
    Effect::new(move |previous: Option<Option<ApplicationStatus>>| {
        let now = current.get();
        announce_status(previous.flatten(), now);
        now
    });
    Effect::new(move |_| {
        if let Some(code) = screen.get().error_code() {
            embed::emit(WidgetEvent::error(code));
        }
    });
    announce_changes(
        move || current.get(),
        |before, now| {
            before
                .and(*now)
                .map(|status| format!("{}: {}", t(Text::StatusCaption), status_label(status)))
        },
    );
    announce_changes(
        move || slow.get(),
        |_, slow| slow.then(|| t(Text::ProviderSlow).to_owned()),
    );
    // A new screen replaces the one that had focus: focus its heading. Not the first screen
    // after loading: nothing had focus, and inside a partner's iframe it would steal the page's.
    Effect::new(move |before: Option<Screen>| {
        let now = screen.get();
        if before.is_some_and(|before| before != now && before != Screen::Loading) {
            focus_first("[data-screen-heading]");
        }
        now
    });
    let redirect_url = session.redirect_url;
    let country = session.country_code.to_string();
    move || {
        match screen.get() {
        Screen::Loading => view! { <Loading slow/> }.into_any(),
        Screen::Session => view! {
            <Onboarding status=current slow country=country.clone() redirect_url=redirect_url.clone()/>
        }
        .into_any(),
        Screen::Outcome(status) => decision(status, redirect_url.clone()).into_any(),
        Screen::Ended => ().into_any(),
        Screen::Failed(code) => view! { <ErrorScreen code on_retry=restart/> }.into_any(),
    }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::ApiError;

    #[test]
    fn the_end_of_the_session_wins_over_any_status() {
        let pending = Some(ApplicationStatus::InProgress);
        assert_eq!(
            screen_for(pending, Some(&ApiFailure::Expired), false),
            Screen::Ended
        );
        assert_eq!(
            screen_for(None, Some(&ApiFailure::Invalid), false),
            Screen::Ended
        );
    }

    #[test]
    fn an_unavailable_provider_keeps_the_last_status_on_screen() {
        let slow = ApiFailure::Unavailable { retry_after: None };
        let pending = Some(ApplicationStatus::ManualReview);
        assert_eq!(screen_for(pending, Some(&slow), true), Screen::Session);
        assert_eq!(screen_for(None, Some(&slow), true), Screen::Loading);
    }

    #[test]
    fn terminal_statuses_show_the_outcome() {
        let done = Some(ApplicationStatus::Declined);
        assert_eq!(
            screen_for(done, None, false),
            Screen::Outcome(ApplicationStatus::Declined)
        );
    }

    #[test]
    fn a_stopped_loop_with_an_error_offers_a_retry() {
        let failure = ApiFailure::Other(ApiError {
            code: ErrorCode::NotFound,
            message: String::new(),
            field: None,
        });
        let pending = Some(ApplicationStatus::InProgress);
        assert_eq!(
            screen_for(pending, Some(&failure), false),
            Screen::Failed(ErrorCode::NotFound)
        );
        assert_eq!(screen_for(pending, Some(&failure), true), Screen::Session);
    }
}
