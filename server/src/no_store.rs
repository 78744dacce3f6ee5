//! Every answer of the API is `Cache-Control: no-store`, errors included: they hold personal
//! data (names, identity numbers, balances, account operations) that no browser or proxy cache
//! may keep. A route that already says `no-store` (with more, as `private, no-store`) keeps
//! its own words.

use std::task::{Context, Poll};

use axum::http::{header, HeaderValue, Request, Response};
use futures_util::future::{FutureExt, Map};
use tower::{Layer, Service};

/// Whether an answer is the API's is known from the request only; a plain function pointer
/// carries the choice to the response, so no request pays for a boxed future.
#[derive(Clone, Copy)]
pub struct NoStoreLayer;

impl<S> Layer<S> for NoStoreLayer {
    type Service = NoStore<S>;

    fn layer(&self, inner: S) -> NoStore<S> {
        NoStore(inner)
    }
}

#[derive(Clone)]
pub struct NoStore<S>(S);

type Finish<B, E> = fn(Result<Response<B>, E>) -> Result<Response<B>, E>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for NoStore<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Map<S::Future, Finish<ResBody, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let finish: Finish<ResBody, S::Error> = if request.uri().path().starts_with("/api/") {
            |answered| answered.map(no_store)
        } else {
            |answered| answered
        };
        self.0.call(request).map(finish)
    }
}

fn no_store<B>(mut response: Response<B>) -> Response<B> {
    let says_no_store = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .any(|directive| directive.trim().eq_ignore_ascii_case("no-store"))
        });
    if !says_no_store {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
