//! The start of an embedded session: say `ready`, take the session token from the framing page,
//! and keep the page told of the widget's height.

use leptos::prelude::*;
use leptos_use::{use_event_listener, use_resize_observer};
use protocol::embed::{HostInit, WidgetMessageBody};
use wasm_bindgen::JsCast;

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

/// Reports the height of `target` whenever it changes, so the page can fit the iframe to it.
pub fn use_resize_reports(target: NodeRef<leptos::html::Main>) {
    if host().is_none() {
        return;
    }
    use_resize_observer(target, move |entries, _| {
        let height = entries
            .first()
            .and_then(|entry| entry.target().dyn_into::<web_sys::HtmlElement>().ok())
            .map(|element| element.offset_height().max(0) as u32);
        if let Some(height) = height {
            post(WidgetMessageBody::Resize { height });
        }
    });
}
