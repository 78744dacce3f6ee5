//! What the split points share (README, "The split build"): declaring one, showing a screen
//! whose code is in a split module, and fetching modules ahead of use when the browser is idle.

use std::future::Future;
use std::sync::Arc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use protocol::ErrorCode;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::components::focus_pending;
use crate::screens::{ErrorScreen, Loading};

/// What a split point hands back: the function that makes its screen from `A`.
pub type Screen<A> = fn(A) -> AnyView;

/// Declares a split point: `async fn name() -> Result<T, SplitLoaderError>` whose body, and all
/// that only it reaches, the build moves to a module of its own, fetched on the first call (or
/// ahead, see [`fetch`]). A module that fails to load is an `Err`, not a panic (which would stop
/// the whole widget), and the next call tries again.
///
/// Only the split build (`cargo xtask build`: Trunk with the `split` feature, index.html) cuts
/// there; elsewhere, in the wasm tests, the body is a plain async function: a split module's
/// loader exists only in the split build, and a test binary that reaches one could not start.
macro_rules! split_point {
    ($(#[doc = $doc:literal])* $vis:vis fn $name:ident() -> $out:ty $body:block) => {
        $(#[doc = $doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name() -> Result<$out, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }

        $(#[doc = $doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name() -> Result<$out, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }
    };
}
pub(crate) use split_point;

/// A loaded split module's screen, made from its arguments.
type Make = Arc<dyn Fn() -> AnyView + Send + Sync>;
/// One try at the module: its screen, or `None` when it could not be fetched.
type LoadScreen = Box<dyn Fn() -> LocalBoxFuture<'static, Option<Make>>>;

#[derive(Clone)]
enum Module {
    Loading,
    Loaded(Make),
    Failed,
}

impl From<Option<Make>> for Module {
    fn from(loaded: Option<Make>) -> Self {
        loaded.map_or(Module::Failed, Module::Loaded)
    }
}

/// The screen that `load` (a split point) makes from `args`, with the loading state while its
/// module comes (on a slow connection, when it was not fetched ahead), and a retry if it could
/// not be fetched.
///
/// The screen is made here, in the reactive tree, not inside the load's future: what it owns
/// (signals, effects) then lives and ends with this view like any other screen's.
pub fn split_view<A, Load, Loaded>(load: Load, args: A) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
    Load: Fn() -> Loaded + 'static,
    Loaded: Future<Output = Result<Screen<A>, SplitLoaderError>> + 'static,
{
    // Only this is made for each split point; the view below is one function for all of them.
    module_view(Box::new(move || {
        let args = args.clone();
        load()
            .map(move |loaded| {
                let make = loaded.ok()?;
                Some(Arc::new(move || make(args.clone())) as Make)
            })
            .boxed_local()
    }))
}

fn module_view(load: LoadScreen) -> AnyView {
    let load = StoredValue::new_local(load);
    let module = RwSignal::new(Module::Loading);
    let start = move || {
        let mut loaded = load.with_value(|load| load());
        // A module already here gives its screen at once, without a frame of the loading state.
        match loaded.as_mut().now_or_never() {
            Some(loaded) => module.set(loaded.into()),
            None => {
                module.set(Module::Loading);
                spawn_local(async move {
                    module.try_set(loaded.await.into());
                });
            }
        }
    };
    start();
    (move || match module.get() {
        Module::Loaded(make) => {
            // Focus asked for while the module came goes to its screen once it is shown.
            Effect::new(|_| focus_pending());
            make()
        }
        Module::Loading => view! { <Loading/> }.into_any(),
        Module::Failed => view! {
            <ErrorScreen code=ErrorCode::UpstreamUnavailable on_retry=Callback::new(move |()| start())/>
        }
        .into_any(),
    })
    .into_any()
}

/// `make`'s view once the browser has painted the screen as it is now: a module `make` fetches
/// then neither holds that paint up nor shares the connection with the code it needs.
pub fn after_paint<V: IntoView + 'static>(
    make: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let painted = RwSignal::new(false);
    crate::perf::after_next_paint(move || {
        painted.try_set(true);
    });
    move || painted.get().then(&make)
}

/// Fetches a split point's module ahead of use (`load` is the split point). A failure is left
/// to the first use, which tries again and can show it.
pub fn fetch<T, Loaded>(load: impl FnOnce() -> Loaded)
where
    Loaded: Future<Output = Result<T, SplitLoaderError>> + 'static,
{
    let loaded = load();
    spawn_local(async move {
        let _ = loaded.await;
    });
}

/// Runs `fetch` when the browser is next idle, so that a split screen rarely waits for its
/// module. Where `requestIdleCallback` is missing (Safari before 18), runs it now.
pub fn when_idle(fetch: impl FnOnce() + 'static) {
    let fetch = Closure::once_into_js(fetch);
    let queued = window().request_idle_callback(fetch.unchecked_ref());
    if queued.is_err() {
        // Handed over already: call it as the browser would have.
        let _ = fetch
            .unchecked_ref::<js_sys::Function>()
            .call0(&JsValue::NULL);
    }
}
