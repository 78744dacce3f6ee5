//! Pages: the built widget (its page and files, nothing else), the widget framed in a partner's
//! page, the loader script partners include, the demo partner page and robots.txt. The widget's
//! files go out precompressed (`cargo xtask build` writes `.br` and `.gz` next to them); the
//! content-hashed ones are cached for good. Their security headers: `crate::security_headers`.

use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use protocol::api::paths;
use serde::Deserialize;
use tower::util::MapResponseLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::extract::AppQuery;
use crate::security_headers::{content_security_policy, image_origin, keep_the_opener};
use crate::{AppError, AppState, Config};

const DEMO_PAGE: &str = include_str!("../../assets/demo.html");
const DEMO_STYLE: &str = include_str!("../../assets/demo.css");
const DEMO_SCRIPT: &str = include_str!("../../assets/demo.js");
const LOADER: &str = include_str!("../../assets/onboard.js");
/// Nothing here is for search engines: a hosted link's page holds one applicant's session, and
/// the rest is the API.
const ROBOTS: &str = "User-agent: *\nDisallow: /\n";

/// The demo page (where the demo is served), the loader, the framed widget, and the widget's
/// page (at `/`, and at the bank popup's return) and files. Any other path is a 404: the page at
/// every address would make every mistyped or probed URL a working page of the widget.
pub fn router(config: &Config) -> Router<AppState> {
    let dist = &config.dist_dir;
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback((|| async { AppError::NotFound("page") }).into_service());
    let bank_return = Router::new()
        .route_service(paths::BANK_RETURN_PAGE, index)
        .layer(MapResponseLayer::new(keep_the_opener));
    let widget = Router::new()
        .merge(bank_return)
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy))
        .layer(middleware::from_fn(read_only));
    let mut pages = Router::new();
    if config.demo() {
        pages = pages
            .route("/demo", get(demo))
            .route(
                "/demo.css",
                get(|| async { page("text/css; charset=utf-8", DEMO_STYLE) }),
            )
            .route(
                "/demo.js",
                get(|| async { page("text/javascript; charset=utf-8", DEMO_SCRIPT) }),
            );
    }
    let pages = pages
        .route("/onboard.js", get(loader))
        .route(
            "/robots.txt",
            get(|| async { page("text/plain; charset=utf-8", ROBOTS) }),
        )
        .route(paths::EMBED_PAGE, get(embed))
        .layer(CompressionLayer::new());
    Router::new()
        .merge(pages)
        // An unknown API path is an API error, not the widget's index page.
        .route(
            "/api/{*rest}",
            any(|| async { AppError::NotFound("route") }),
        )
        .fallback_service(widget)
}

/// The widget's files are only read: another method is refused in the error shape (with
/// `Allow`), where the file service would answer an empty 405.
async fn read_only(request: Request, next: Next) -> Response {
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return next.run(request).await;
    }
    let mut refused = AppError::MethodNotAllowed.into_response();
    refused
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
    refused
}

/// Trunk names the wasm, its glue and the styles after their content (and the split build its
/// modules and packs), so a name never changes meaning and browsers may keep them for a year;
/// everything else (the page, `boot.js`) must be revalidated so a deployment reaches browsers
/// at once.
async fn cache_policy(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    // A missing hashed file is a 404, which must not be kept: the deployment may be underway.
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = match hashed && found {
        true => "public, max-age=31536000, immutable",
        false => "no-cache",
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // The same URL answers brotli, gzip or plain bytes, so shared caches must key on the ask.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// `onboard-widget-98410f245e042342_bg.wasm`, `main-e5e36e4381f7282.css`: Trunk's hash is a u64
/// in hex (without leading zeros) after the last `-`; the split build's names follow it.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let digits = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
    let extension = &tail[digits..];
    (12..=16).contains(&digits) && [".wasm", "_bg.wasm", ".js", ".css", ".bin"].contains(&extension)
}

fn page(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type)], body)
}

/// The demo page frames the widget (same origin), which the default policy's
/// `default-src 'none'` would forbid.
async fn demo(State(state): State<AppState>) -> impl IntoResponse {
    let csp = format!(
        "{}; frame-src 'self'",
        content_security_policy(&image_origin(&state.config), "'none'")
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        DEMO_PAGE,
    )
}

/// Partner pages on other origins load it with a plain `<script src>`; its URL is not
/// versioned, so caches keep it only briefly.
async fn loader() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        LOADER,
    )
}

#[derive(Deserialize)]
struct EmbedQuery {
    origin: Option<String>,
}

/// `GET /embed?origin=...`: the widget for an iframe. The page names its own origin (the
/// widget needs it as the target of its messages); framing is allowed for exactly that origin
/// and only when it is configured, so a page that lies about its origin cannot frame it
/// either. The session token arrives later, by `postMessage`, never in this URL.
async fn embed(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<EmbedQuery>,
) -> Result<Response, AppError> {
    // Whose session the page will hand over is not known yet: the claim checks that this
    // origin may frame that partner's sessions.
    let partners = state.partners.current();
    let origin = query
        .origin
        .filter(|origin| partners.embeds_anywhere(origin));
    if origin.is_none() {
        tracing::warn!("embedding refused: no partner may embed the widget on the page's origin");
    }
    let index = tokio::fs::read(state.config.dist_dir.join("index.html"))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "the built widget is missing");
            AppError::NotFound("widget")
        })?;
    let csp = content_security_policy(
        &image_origin(&state.config),
        origin.as_deref().unwrap_or("'none'"),
    );
    let status = if origin.is_some() {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    Ok((
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        index,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_the_builds_hashed_assets_count_as_content_hashed() {
        assert!(is_content_hashed(
            "/onboard-widget-98410f245e042342_bg.wasm"
        ));
        assert!(is_content_hashed("/onboard-widget-98410f245e042342.js"));
        assert!(is_content_hashed("/main-e5e36e4381f7282.css"));
        // The split build's names (xtask/src/split.rs): a split module and the loader script.
        assert!(is_content_hashed("/split_bank_flow-8570be2357ad8326.wasm"));
        assert!(is_content_hashed("/shared-8570be2357ad8326.bin"));
        assert!(is_content_hashed(
            "/onboard-widget-loader-72e1085946653a00.js"
        ));
        assert!(!is_content_hashed("/boot.js"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/onboard-widget.js"));
        assert!(!is_content_hashed("/some/spa-route"));
        assert!(!is_content_hashed("/page-98410f245e042342.html"));
    }
}
