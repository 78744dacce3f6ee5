//! A body sent with `XMLHttpRequest`, for the one request whose progress the customer watches
//! (a document's photo, on a phone's connection): fetch tells nothing of an upload's progress.

use std::cell::RefCell;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

/// The answer to a request sent.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

/// POSTs `body` to `path` with `headers` (those with an empty value left out); `progress` gets
/// the share of the body sent, from 0 to 1, as it goes. `Err` when no answer came (offline, a
/// connection reset).
pub async fn send(
    path: &str,
    headers: &[(&str, &str)],
    body: &Blob,
    progress: impl Fn(f64) + 'static,
) -> Result<Answer, JsValue> {
    let request = XmlHttpRequest::new()?;
    request.open("POST", path)?;
    for (name, value) in headers.iter().filter(|(_, value)| !value.is_empty()) {
        request.set_request_header(name, value)?;
    }
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    request
        .upload()?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let (ended, end) = oneshot::channel::<()>();
    let ended = RefCell::new(Some(ended));
    let on_end = Closure::<dyn Fn()>::new(move || {
        if let Some(ended) = ended.borrow_mut().take() {
            let _ = ended.send(());
        }
    });
    request.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    request.send_with_opt_blob(Some(body))?;
    let _ = end.await;
    // The closures go when this returns: no handler may call them after.
    request.upload()?.set_onprogress(None);
    request.set_onloadend(None);
    let status = request.status()?;
    if status == 0 {
        return Err(JsValue::from_str("no answer"));
    }
    Ok(Answer {
        status,
        body: request.response_text()?.unwrap_or_default(),
        retry_after: request.get_response_header("Retry-After")?,
    })
}
