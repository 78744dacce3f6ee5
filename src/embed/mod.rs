//! The widget inside a partner's page: the iframe served at `/embed?origin=...` talks to the
//! loader script (`/onboard.js`) on the partner's page by `postMessage`, in the messages
//! `protocol::embed` defines. Outside that iframe every function here does nothing, so the
//! flows call `emit` without asking where they run.

mod exit;
mod framed;
mod handover;
pub mod popup;

use protocol::api::paths;
use protocol::embed::{WidgetEvent, WidgetMessage, WidgetMessageBody};
use wasm_bindgen::JsValue;

use exit::ExitBar;
pub use framed::framed_widget;
use handover::{use_handover, use_resize_reports};

/// The page framing the widget: where messages go, and the only sender they come from.
#[derive(Clone)]
struct Host {
    origin: String,
    window: web_sys::Window,
}

thread_local! {
    static HOST: Option<Host> = find_host();
    static PAGE_THEME: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The theme the page framing the widget passed (JSON), for the claim: the server checks it, and
/// for this session it wins over the partner's settings'.
pub fn page_theme() -> Option<String> {
    PAGE_THEME.with_borrow(Clone::clone)
}

fn keep_page_theme(json: String) {
    PAGE_THEME.set(Some(json));
}

/// Framed at `/embed`, with the origin the server allowed to frame it (the server refuses to
/// be framed by any other, so the page around it is that origin).
fn find_host() -> Option<Host> {
    let window = web_sys::window()?;
    let location = window.location();
    if location.pathname().ok()? != paths::EMBED_PAGE {
        return None;
    }
    let parent = window.parent().ok()??;
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let query = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    let origin = query.get("origin").filter(|origin| is_origin(origin))?;
    Some(Host {
        origin,
        window: parent,
    })
}

/// `scheme://host[:port]` and nothing else: what `postMessage` accepts as a target.
fn is_origin(candidate: &str) -> bool {
    let Some((scheme, rest)) = candidate.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
}

fn host() -> Option<Host> {
    HOST.with(Clone::clone)
}

/// The origin of the partner's page framing the widget, when it is framed: the claim names it,
/// for the server to check that the session's partner embeds the widget there.
pub fn host_origin() -> Option<String> {
    host().map(|host| host.origin)
}

/// Whether the widget runs framed in a partner's page.
pub fn is_embedded() -> bool {
    HOST.with(Option::is_some)
}

/// Tells the partner's page what happened (nothing when not framed), naming the application
/// once the session is known, so the partner can match the events up.
pub fn emit(mut event: WidgetEvent) {
    event.application_id = crate::application::id();
    post(WidgetMessageBody::Event { event });
}

fn post(body: WidgetMessageBody) {
    let Some(host) = host() else { return };
    let message = serde_json::to_string(&WidgetMessage::from(body))
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok());
    if let Some(message) = message {
        // Addressed to the framing origin only: were the page navigated elsewhere, the
        // browser drops the message instead of handing it to a stranger.
        let _ = host.window.post_message(&message, &host.origin);
    }
}

fn is_from_host(event: &web_sys::MessageEvent, host: &Host) -> bool {
    event.origin() == host.origin
        && event
            .source()
            .is_some_and(|source| js_sys::Object::is(&source, &JsValue::from(&host.window)))
}

#[cfg(test)]
mod tests {
    use super::is_origin;

    #[test]
    fn only_bare_web_origins_are_targets() {
        assert!(is_origin("https://partner.example"));
        assert!(is_origin("http://127.0.0.1:8081"));
        for bad in [
            "*",
            "null",
            "javascript://x",
            "https://",
            "https://a.example/path",
            "https://a@b.example",
            "partner.example",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }
}
