//! "Continue on your phone": on a computer, the QR code of a one-time link (the server draws it;
//! no QR code in the wasm) that opens this application on a phone for ten minutes, to take the
//! document's photos there. This page follows through the event stream: it says when the phone
//! took over, and goes on with the phone's answers once the phone saved the step.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::HandoffCreated;
use protocol::onboarding::Step;

use super::WizardContext;
use crate::api::ApiClient;
use crate::hooks::session_events::SessionEvents;
use crate::i18n::{error_message, t, Text};

/// A phone's or a tablet's primary pointer is a finger, coarse, and it has a camera of its own;
/// anything else (a mouse, a trackpad, no pointer at all) is taken for a computer.
pub fn on_a_computer() -> bool {
    !web_sys::window()
        .and_then(|window| window.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|query| query.matches())
}

#[component]
pub fn HandoffChoice() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let ctx = expect_context::<WizardContext>();
    let events = use_context::<SessionEvents>();
    let counts = move || {
        events.map_or((0, 0), |events| {
            (events.handoff_claims.get(), events.answer_changes.get())
        })
    };
    // The counts when the code was made: the stream's replay of an older handoff is no news.
    let seen = StoredValue::new((0u64, 0u64));
    let create = {
        let api = api.clone();
        Action::new_local(move |_: &()| {
            let api = api.clone();
            async move { api.create_handoff().await }
        })
    };
    let new_code = Callback::new(move |()| {
        seen.set_value(untrack(counts));
        create.dispatch(());
    });
    let claimed = Memo::new(move |_| {
        create.value().with(|made| matches!(made, Some(Ok(_)))) && counts().0 > seen.get_value().0
    });
    // Each answer the phone saves: this page takes the answers; once the document is among
    // them, it goes on from where the phone is.
    Effect::new(move |_| {
        if !claimed.get() || counts().1 <= seen.get_value().1 {
            return;
        }
        let api = api.clone();
        spawn_local(async move {
            if let Ok(view) = api.onboarding().await {
                let done = view.answers.has(Step::IdentityDocument);
                ctx.answers.set(view.answers);
                if done {
                    ctx.next.run(());
                }
            }
        });
    });
    view! {
        <section class="onboard-handoff" aria-labelledby="handoff-heading" data-testid="handoff">
            <h3 id="handoff-heading">{t(Text::HandoffOffer)}</h3>
            <p role="status" data-testid="handoff-claimed">
                {move || claimed.get().then(|| t(Text::HandoffClaimed))}
            </p>
            {move || match create.value().get() {
                None => view! {
                    <p class="onboard-hint">{t(Text::HandoffOfferHint)}</p>
                    <button type="button" class="onboard-button onboard-button--secondary" id="handoff-start"
                        disabled=move || create.pending().get() on:click=move |_| new_code.run(())>
                        {t(Text::HandoffOffer)}
                    </button>
                }.into_any(),
                Some(Err(failure)) => view! {
                    <p role="alert">{error_message(failure.code())}</p>
                    <button type="button" class="onboard-link" on:click=move |_| new_code.run(())>
                        {t(Text::Retry)}
                    </button>
                }.into_any(),
                Some(Ok(made)) => view! {
                    <Show when=move || !claimed.get()>
                        <HandoffCode made=made.clone() new_code/>
                    </Show>
                }.into_any(),
            }}
        </section>
    }
}

/// The code to scan, and the link it holds for a phone that cannot scan.
#[component]
fn HandoffCode(made: HandoffCreated, new_code: Callback<()>) -> impl IntoView {
    // As an image, not inserted markup: nothing of the answer becomes part of the page.
    let image = format!(
        "data:image/svg+xml,{}",
        String::from(js_sys::encode_uri_component(&made.qr_svg))
    );
    view! {
        <p>{t(Text::HandoffScan)}</p>
        <img class="onboard-handoff__code" data-testid="handoff-qr" src=image alt=t(Text::HandoffQrAlt)
            width="240" height="240"/>
        <div class="onboard-field">
            <label for="handoff-link">{t(Text::HandoffLink)}</label>
            <input id="handoff-link" type="text" readonly prop:value=made.url/>
        </div>
        <button type="button" class="onboard-link" id="handoff-new" on:click=move |_| new_code.run(())>
            {t(Text::HandoffNewCode)}
        </button>
    }
}
