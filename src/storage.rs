//! Everything the widget keeps in the tab's `sessionStorage`, each under a typed [`Key`].
//!
//! What belongs to an application (drafts, the wizard's place, the bank step's progress) is
//! kept under that application's id: a second session opened in the same tab (a shared
//! computer, a branch's tablet, two widgets on one page) finds nothing of another's. A new
//! link's code drops what earlier sessions kept ([`forget_all`], see `session::token`).
//!
//! Storage can be unavailable (privacy modes, sandboxed frames): the widget then keeps nothing,
//! and a reload starts afresh.

use protocol::onboarding::Step;

use crate::application;

/// Everything the widget keeps in the tab is under this prefix.
const PREFIX: &str = "onboard.";

pub enum Key<'a> {
    /// The session credential this tab claimed.
    Credential,
    /// The code this tab claims, or claimed: spent once claimed, and kept to know the same code
    /// when it is handed over again.
    Claim,
    /// Of the current application: the wizard's step.
    Step,
    /// What the user typed into a step and has not saved.
    Draft(Step),
    /// The bank the bank step connected, by name.
    ConnectedBank,
    /// The bank step was skipped.
    BankSkipped,
    /// Where the bank step is: the choices, the consent, the trip to the bank.
    BankProgress,
    /// The partner's page has been told this consent's decision.
    Announced { consent_id: &'a str },
}

impl Key<'_> {
    /// Its name in `sessionStorage`; none for an application's key before the session has
    /// named the application.
    pub fn name(&self) -> Option<String> {
        let of_application =
            |name: &str| application::id().map(|id| format!("{PREFIX}application.{id}.{name}"));
        match self {
            Self::Credential => Some(format!("{PREFIX}credential")),
            Self::Claim => Some(format!("{PREFIX}claim")),
            Self::Step => of_application("step"),
            Self::Draft(step) => of_application(&format!("draft.{}", step.as_str())),
            Self::ConnectedBank => of_application("bank.connected"),
            Self::BankSkipped => of_application("bank.skipped"),
            Self::BankProgress => of_application("bankFlow"),
            Self::Announced { consent_id } => of_application(&format!("announced.{consent_id}")),
        }
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// What is kept under `key`; an empty value is nothing kept.
pub fn get(key: Key) -> Option<String> {
    session_storage()?
        .get_item(&key.name()?)
        .ok()
        .flatten()
        .filter(|value| !value.is_empty())
}

pub fn set(key: Key, value: &str) {
    if let (Some(storage), Some(name)) = (session_storage(), key.name()) {
        let _ = storage.set_item(&name, value);
    }
}

pub fn remove(key: Key) {
    if let (Some(storage), Some(name)) = (session_storage(), key.name()) {
        let _ = storage.remove_item(&name);
    }
}

/// Keeps `value` under `key`, or removes what was kept when there is none.
pub fn set_or_remove(key: Key, value: Option<&str>) {
    match value {
        Some(value) => set(key, value),
        None => remove(key),
    }
}

/// Drops everything the widget kept in this tab, for any application, and the credential: a
/// new session's link is the next person's.
pub fn forget_all() {
    let Some(storage) = session_storage() else {
        return;
    };
    let length = storage.length().unwrap_or(0);
    let ours: Vec<String> = (0..length)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect();
    for key in ours {
        let _ = storage.remove_item(&key);
    }
}
