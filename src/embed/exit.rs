//! Leaving an embedded widget: the page around it decides what comes next, so the widget only
//! asks once and says EXIT.

use leptos::prelude::*;
use protocol::embed::{ExitReason, WidgetEvent};

use crate::i18n::{t, t_live, Text};

#[component]
pub fn ExitBar() -> impl IntoView {
    let (confirming, set_confirming) = signal(false);
    let exit_button = NodeRef::<leptos::html::Button>::new();
    let stay = move |_| {
        set_confirming.set(false);
        // Back where the user was, not at the top of the page.
        request_animation_frame(move || {
            if let Some(button) = exit_button.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    view! {
        <div class="onboard-embed-bar">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" id="widget-exit" class="onboard-link" node_ref=exit_button
                        on:click=move |_| set_confirming.set(true)>
                        // Before the session, and the embedding page's choice of language.
                        {t_live(Text::Exit)}
                    </button>
                }
            >
                <div class="onboard-exit-confirm" role="group" aria-labelledby="exit-question">
                    <p id="exit-question">{t(Text::ExitConfirm)}</p>
                    <button type="button" id="widget-exit-confirm" class="onboard-button"
                        on:click=move |_| super::emit(WidgetEvent::exit(ExitReason::UserExit))>
                        {t(Text::Exit)}
                    </button>
                    <button type="button" class="onboard-link" autofocus on:click=stay>{t(Text::StayHere)}</button>
                </div>
            </Show>
        </div>
    }
}
