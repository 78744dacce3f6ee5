//! Under the decision: the results on record and, once approved, the issued account. Their
//! reads start together, and the cards appear once every first read is in, the results first:
//! one card arriving above another already shown would push it down the page.

use leptos::prelude::*;
use protocol::ApplicationStatus;

use super::account::{AccountReads, IssuedAccount};
use super::results::{read_results, Results};
use super::screen::OutcomeScreen;
use crate::api::ApiClient;
use crate::components::Spinner;
use crate::split::{self, split_point, split_view};

/// The outcome, in the main module: on the decision's screen it is what the customer came
/// back for, painted as soon as the status is in. Under it, what was decided on, whose module is
/// fetched once the outcome is painted: on a slow connection the decision shows without waiting
/// for the results' code.
pub fn decision(status: ApplicationStatus, redirect_url: String) -> impl IntoView {
    let approved = status == ApplicationStatus::Approved;
    view! {
        <OutcomeScreen status redirect_url/>
        {split::after_paint(move || split_view(decision_details, approved))}
    }
}

split_point! {
    /// What was decided on: the results and, once approved, the issued account.
    pub fn decision_details() -> split::Screen<bool> {
        |approved| view! { <Decided approved/> }.into_any()
    }
}

/// Fetches the decision's module when the browser is next idle.
pub fn fetch_ahead() {
    split::when_idle(|| split::fetch(decision_details));
}

#[component]
fn Decided(approved: bool) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let results = read_results(api.clone());
    let account = approved.then(|| AccountReads::start(api));
    // Once shown, shown: a later read (another page of operations) updates the cards in place.
    let loaded = Memo::new(move |shown: Option<&bool>| {
        shown == Some(&true)
            || (results.get().is_some() && account.is_none_or(AccountReads::loaded))
    });
    view! {
        <Show when=move || loaded.get() fallback=|| view! { <Spinner/> }>
            <Results results/>
            // In the next task: under the results, it pushes nothing down, and each card is
            // laid out in a task short enough to leave a phone's main thread free for input.
            {account.map(|reads| split::after_paint(move || view! { <IssuedAccount reads/> }))}
        </Show>
    }
}
