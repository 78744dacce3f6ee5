//! End to end: the real server with the embedded sandbox on a free loopback port, the release
//! widget from `dist/`, and headless Chromium driven through ChromeDriver.
#![cfg(not(target_arch = "wasm32"))]

mod bank_flow;
mod cdp;
mod embed_flow;
mod faults_flow;
mod harness;
mod hosted_flow;
mod languages;
mod onboarding_flow;
mod one_time_links;
mod partner;
mod push_flow;
mod split_modules;
