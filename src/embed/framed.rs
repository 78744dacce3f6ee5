//! The widget framed in a partner's page, from the handover of its session to the flow: a split
//! point (README, "The split build"), so that a hosted page never downloads the framing code.
//! The framed page asks for it at start.

use leptos::prelude::*;

use super::{use_handover, use_resize_reports, ExitBar};
use crate::app::SessionLoader;
use crate::i18n;
use crate::screens::Loading;
use crate::session::token;
use crate::split::{self, split_point, split_view};

split_point! {
    /// The framed widget, told of its height changes through `main`.
    pub fn framed_widget() -> split::Screen<NodeRef<leptos::html::Main>> {
        |main| view! { <Framed main/> }.into_any()
    }
}

split_point! {
    /// What the framed widget adds once its first screen is interactive, so that the first
    /// load carries only the handover: the Exit bar, and the height reports the partner's page
    /// fits the frame by (until then, the loader's height).
    fn framed_extras() -> split::Screen<NodeRef<leptos::html::Main>> {
        |main| {
            use_resize_reports(main);
            view! { <ExitBar/> }.into_any()
        }
    }
}

/// The session starts when the page hands over its code.
#[component]
fn Framed(main: NodeRef<leptos::html::Main>) -> impl IntoView {
    let handover = use_handover();
    let interactive = RwSignal::new(false);
    crate::perf::after_interactive(move || {
        interactive.try_set(true);
    });
    view! {
        {move || interactive.get().then(|| split_view(framed_extras, main))}
        {move || match handover.get() {
            Some((init, page_theme)) => {
                i18n::set_document_lang(i18n::init(init.locale.as_deref()));
                if let Some(page_theme) = page_theme {
                    // Sent with the claim, checked by the server, shown with the session.
                    super::keep_page_theme(page_theme);
                }
                let start = token::start_with(init.token);
                view! { <SessionLoader start/> }.into_any()
            }
            None => view! { <Loading/> }.into_any(),
        }}
    }
}
