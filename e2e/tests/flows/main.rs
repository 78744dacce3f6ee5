//! End to end, one test binary for every flow (one link on a 2-core machine, not ten): each
//! test starts its own stack (`onboard_e2e::harness::Stack`) and drives the release widget in
//! headless Chromium as a person, a company or a partner's page would.

mod bank_flow;
mod continue_later;
mod embed_flow;
mod faults_flow;
mod hosted_flow;
mod languages;
mod onboarding_flow;
mod one_time_links;
mod push_flow;
mod split_modules;
