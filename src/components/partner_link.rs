use leptos::prelude::*;

use crate::i18n::{t, Text};
use crate::links::partner_href;

/// The way back to the partner: a button-like link to its `redirectUrl`, or, with no usable
/// URL, the `fallback` text telling the user where to go.
#[component]
pub fn PartnerLink(
    url: Option<String>,
    label: Text,
    #[prop(optional)] fallback: Option<Text>,
) -> impl IntoView {
    match url.as_deref().and_then(partner_href) {
        // `_top`: inside the partner's iframe the partner page itself must move on, not the
        // frame; on the hosted page it is the same window.
        Some(href) => view! {
            <a class="onboard-button" href=href target="_top" data-testid="partner-link">
                {t(label)}
            </a>
        }
        .into_any(),
        None => fallback
            .map(|text| view! { <p class="onboard-muted">{t(text)}</p> })
            .into_any(),
    }
}
