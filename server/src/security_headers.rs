//! The security headers every response carries (a Content-Security-Policy on every page, no
//! sniffing, no referrer, an opener policy), and the exceptions some routes need.

use std::sync::Arc;

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;
use tower::util::MapResponseLayer;

use crate::Config;

/// Scripts and wasm from this origin only, nothing inline; images also from the open-banking
/// provider (bank logos), and `blob:` for the preview of a photo the page itself made; framed
/// only by `frame_ancestors` (`'none'` but for `/embed`).
pub fn content_security_policy(image_origin: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob: {image_origin}; font-src 'self'; connect-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Bank logos come from the open-banking provider.
pub fn image_origin(config: &Config) -> String {
    config.openbanking_url().origin().ascii_serialization()
}

/// The security headers every response carries, whatever produced it, unless a route set its
/// own (the framed widget's CSP, say).
pub fn security_headers(
    config: &Config,
) -> MapResponseLayer<impl Fn(Response) -> Response + Clone> {
    let csp = HeaderValue::from_str(&content_security_policy(&image_origin(config), "'none'"))
        .expect("an origin is a valid header value");
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ];
    // Browsers heed it over https only; over http (the demo, a local run) it would be a lie.
    if config.public_url().scheme() == "https" {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    let headers: Arc<[(HeaderName, HeaderValue)]> = headers.into();
    // One layer that makes room for them all at once, rather than tower-http's
    // `SetResponseHeaderLayer` once per header, each a layer of its own and a header map growth.
    MapResponseLayer::new(move |mut response: Response| {
        let map = response.headers_mut();
        map.reserve(headers.len());
        for (name, value) in headers.iter() {
            map.entry(name).or_insert_with(|| value.clone());
        }
        response
    })
}

/// The bank's popup comes back to `/bank-return` from the bank's origin (through the callback's
/// redirect) and hands the bank's return code to the widget that opened it (`window.opener`).
/// Under the `same-origin` opener policy every other page has, the browser would put the popup
/// in a browsing context group of its own on that navigation and cut it from the widget: the
/// code could never be confirmed.
pub fn keep_the_opener(mut response: Response) -> Response {
    response.headers_mut().insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("unsafe-none"),
    );
    response
}
