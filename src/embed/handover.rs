//! The start of an embedded session: say `ready`, take the session token from the framing page,
//! and keep the page told of the widget's height.

use leptos::prelude::*;
use leptos_use::{use_event_listener, use_resize_observer_with_options, UseResizeObserverOptions};
use protocol::embed::{HostInit, WidgetMessageBody};
use web_sys::ResizeObserverBoxOptions;

use super::{host, is_from_host, post};

/// The framing page's `init` (the token, the locale it asks for, its theme as JSON), once it
/// has arrived. Messages from any other window or origin, of another shape, or after the first
/// `init`, are ignored.
pub fn use_handover() -> ReadSignal<Option<(HostInit, Option<String>)>> {
    let (handover, set_handover) = signal(None);
    let Some(host) = host() else { return handover };
    let window = web_sys::window().expect("a browser window");
    let _ = use_event_listener(
        window,
        leptos::ev::message,
        move |event: web_sys::MessageEvent| {
            if handover.with_untracked(Option::is_some) || !is_from_host(&event, &host) {
                return;
            }
            let data = event.data();
            let Ok(message) = crate::json::object(data.clone())
                .and_then(|message| crate::json::embed::host_message(&message))
            else {
                return;
            };
            let init = message.into_init();
            match init {
                Ok(init) => {
                    let theme = js_sys::Reflect::get(&data, &"theme".into())
                        .ok()
                        .filter(|theme| theme.is_object())
                        .and_then(|theme| js_sys::JSON::stringify(&theme).ok())
                        .and_then(|json| json.as_string());
                    set_handover.set(Some((init, theme)));
                }
                Err(err) => {
                    web_sys::console::warn_1(&format!("onboard: message ignored: {err}").into())
                }
            }
        },
    );
    post(WidgetMessageBody::Ready);
    handover
}

/// Reports the height of `target` whenever it changes, so the page can fit the iframe to it,
/// growing and shrinking. Framed, the widget's height follows its content alone
/// (`html[data-framed]` in the styles): a height from the viewport, the iframe's own, would
/// grow with every report and never let the frame shrink. The border box is watched, so that a
/// change of padding is reported too.
pub fn use_resize_reports(target: NodeRef<leptos::html::Main>) {
    if host().is_none() {
        return;
    }
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("data-framed", "");
    }
    use_resize_observer_with_options(
        target,
        move |entries, _| {
            // Rounded up: a frame a fraction of a pixel short would scroll.
            let height = entries
                .first()
                .map(|entry| entry.target().get_bounding_client_rect().height().ceil());
            if let Some(height) = height {
                post(WidgetMessageBody::Resize {
                    height: height.max(0.0) as u32,
                });
            }
        },
        UseResizeObserverOptions::default().box_(ResizeObserverBoxOptions::BorderBox),
    );
}
