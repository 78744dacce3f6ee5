//! Where the user is in the bank step, kept in sessionStorage so that a reload or the trip to
//! the bank and back resumes exactly there.

use protocol::api::banking::Bank;
use serde::{Deserialize, Serialize};

const KEY: &str = "onboard.bankFlow";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BankProgress {
    /// Choosing a bank, in this country.
    Picking { country: String },
    /// Choosing what to share with this bank.
    Permissions { bank: Bank },
    /// Gone to the bank, or back from it: the consent's status decides what comes next.
    Consent { bank: Bank, consent_id: String },
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn load() -> Option<BankProgress> {
    let stored = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&stored).ok()
}

/// Saves the step; `None` leaves the bank step (the user cancelled it).
pub fn save(progress: Option<&BankProgress>) {
    let Some(storage) = storage() else { return };
    let _ = match progress.and_then(|p| serde_json::to_string(p).ok()) {
        Some(json) => storage.set_item(KEY, &json),
        None => storage.remove_item(KEY),
    };
}
