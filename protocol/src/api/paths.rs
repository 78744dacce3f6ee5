//! Every path of Onboard's HTTP surface that more than one side names, written once: the server
//! routes and documents its operations by these templates (`{name}` marks a path parameter, as
//! axum and OpenAPI both write it), and the widget fills them with [`fill`].

// The partner's API, with its API key.
pub const SESSIONS: &str = "/api/v1/sessions";
pub const APPLICATION: &str = "/api/v1/applications/{id}";
pub const APPLICATION_SESSIONS: &str = "/api/v1/applications/{id}/sessions";
pub const DOCUMENT: &str = "/api/v1/documents/{id}";

// The widget's session.
pub const SESSION: &str = "/api/v1/session";
pub const SESSION_CLAIM: &str = "/api/v1/session/claim";
pub const SESSION_STATUS: &str = "/api/v1/session/status";
pub const SESSION_EVENTS: &str = "/api/v1/session/events";
pub const SESSION_HANDOFF: &str = "/api/v1/session/handoff";

// The open-banking consent and the data it shares.
pub const BANKS: &str = "/api/v1/banks";
pub const CONSENTS: &str = "/api/v1/consents";
pub const CONSENT: &str = "/api/v1/consents/{consent_id}";
pub const CONSENT_CONFIRM: &str = "/api/v1/consents/{consent_id}/confirm";
pub const CONSENT_ACCOUNTS: &str = "/api/v1/consents/{consent_id}/accounts";
pub const ACCOUNT_BALANCES: &str = "/api/v1/consents/{consent_id}/accounts/{account_id}/balances";
pub const ACCOUNT_TRANSACTIONS: &str =
    "/api/v1/consents/{consent_id}/accounts/{account_id}/transactions";
pub const ACCOUNT_TRANSACTIONS_DOWNLOAD: &str =
    "/api/v1/consents/{consent_id}/accounts/{account_id}/transactions/download";

// The account opened for an approved applicant.
pub const ACCOUNT: &str = "/api/v1/account";
pub const ACCOUNT_OPERATIONS: &str = "/api/v1/account/operations";
pub const ACCOUNT_OPERATION: &str = "/api/v1/account/operations/{operation_id}";

// The onboarding steps, the submit and the results.
pub const ONBOARDING: &str = "/api/v1/onboarding";
pub const ONBOARDING_ANSWER: &str = "/api/v1/onboarding/answers/{step}";
pub const ONBOARDING_DRAFT: &str = "/api/v1/onboarding/drafts/{step}";
pub const ONBOARDING_DOCUMENTS: &str = "/api/v1/onboarding/documents";
pub const ONBOARDING_SCREENING: &str = "/api/v1/onboarding/screening";
pub const ONBOARDING_SUBMIT: &str = "/api/v1/onboarding/submit";
pub const ONBOARDING_RESULTS: &str = "/api/v1/onboarding/results";

pub const OPENAPI_DOCUMENT: &str = "/api/v1/openapi.json";
/// Providers' notifications: `aml` or `core-banking`.
pub const WEBHOOK: &str = "/webhooks/{provider}";

// Pages of the widget the server serves and the widget recognises.
/// Where the bank's redirect lands a popup (or a framed widget's new tab) after the callback.
pub const BANK_RETURN_PAGE: &str = "/bank-return";
/// The widget in a partner's frame.
pub const EMBED_PAGE: &str = "/embed";

/// `template` with each `{name}` replaced, in order, by the next of `values`, which the caller
/// has encoded for a path segment already (the widget with the browser's `encodeURIComponent`).
pub fn fill<'a>(template: &str, values: impl IntoIterator<Item = &'a str>) -> String {
    let mut values = values.into_iter();
    let mut path = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        path.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |end| start + end + 1);
        let value = values.next();
        debug_assert!(value.is_some(), "{template} takes more values");
        path.push_str(value.unwrap_or_default());
        rest = &rest[end..];
    }
    path.push_str(rest);
    debug_assert!(values.next().is_none(), "{template} takes fewer values");
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_each_parameter_in_order() {
        assert_eq!(
            fill(ACCOUNT_TRANSACTIONS, ["c-1", "a%2F2"]),
            "/api/v1/consents/c-1/accounts/a%2F2/transactions"
        );
        assert_eq!(
            fill(ONBOARDING_ANSWER, ["personalDetails"]),
            "/api/v1/onboarding/answers/personalDetails"
        );
        assert_eq!(fill(SESSION, []), SESSION);
    }
}
