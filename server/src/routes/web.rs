//! Pages: the built widget with an SPA fallback, the demo partner page, and the security
//! headers every response carries.

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{AppError, AppState};

/// Scripts and wasm from this origin only, nothing inline; images also from the open-banking
/// provider (bank logos); no framing until partners' origins are configured for embedding.
fn content_security_policy(image_origin: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: {image_origin}; font-src 'self'; connect-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

const DEMO_PAGE: &str = include_str!("../../assets/demo.html");
const DEMO_STYLE: &str = include_str!("../../assets/demo.css");

/// The demo page, and everything else from the widget's dist folder.
pub fn router(dist: &Path) -> Router<AppState> {
    let widget = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .route("/demo", get(|| async { page("text/html; charset=utf-8", DEMO_PAGE) }))
        .route("/demo.css", get(|| async { page("text/css; charset=utf-8", DEMO_STYLE) }))
        // An unknown API path is an API error, not the widget's index page.
        .route("/api/{*rest}", any(|| async { AppError::NotFound("route") }))
        .fallback_service(widget)
}

fn page(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type)], body)
}

/// Adds the security headers to every response, whatever produced it.
pub fn with_security_headers(router: Router, image_origin: &str) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(image_origin)).expect("an origin is a valid header value");
    let headers = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ];
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(name, value))
    })
}
