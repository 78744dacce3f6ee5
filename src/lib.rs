//! Onboard's widget: a Leptos client-side app (README, "Architecture").
//!
//! A library so that the browser tests in `tests/web.rs` can mount its parts; `main.rs` only
//! mounts [`App`].

mod address_bar;
pub mod api;
mod app;
pub mod application;
pub mod bank;
pub mod bank_return;
pub mod components;
pub mod embed;
pub mod flow;
pub mod i18n;
pub mod json;
pub mod links;
pub mod onboarding;
pub mod perf;
pub mod polling;
pub mod prefetch;
pub mod screens;
pub mod session_events;
pub mod session_token;
pub mod split;
pub mod storage;
pub mod theme;

pub use app::App;
