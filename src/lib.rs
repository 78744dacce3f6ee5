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
pub mod hooks;
pub mod i18n;
pub mod json;
pub mod links;
pub mod onboarding;
pub mod outcome;
pub mod perf;
pub mod screens;
pub mod session;
pub mod split;
pub mod storage;
pub mod theme;
mod upload;

pub use app::App;
