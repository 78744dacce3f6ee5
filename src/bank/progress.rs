//! Where the user is in the bank step, and what they chose, kept in sessionStorage for the
//! application (see `application`) so that a reload or the trip to the bank and back resumes
//! exactly there.

use protocol::api::banking::{Bank, Permission};
use serde::Serialize;

use crate::storage::{self, Key};

/// Read back by `json::banking::bank_progress`, which also reads what older builds saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BankProgress {
    /// Choosing a bank, in this country, with what has been typed in the search so far.
    Picking {
        country: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        query: String,
    },
    /// Choosing what to share with this bank.
    Permissions { bank: Bank, choices: Choices },
    /// Gone to the bank, or back from it: the consent's status decides what comes next. The
    /// choices stay, for trying again after a refusal.
    Consent {
        bank: Bank,
        choices: Choices,
        consent_id: String,
    },
}

impl BankProgress {
    pub fn picking(country: String) -> Self {
        Self::Picking {
            country,
            query: String::new(),
        }
    }
}

/// What the user chose to share. Accounts are always shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choices {
    pub balances: bool,
    pub transactions: bool,
    pub owner_name: bool,
    /// `YYYY-MM-DD`, as the date inputs give it; empty when not set.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date_from: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date_to: String,
}

impl Default for Choices {
    fn default() -> Self {
        Self {
            balances: true,
            transactions: true,
            owner_name: false,
            date_from: String::new(),
            date_to: String::new(),
        }
    }
}

impl Choices {
    /// The permissions to ask for; the date window only with transactions.
    pub fn permissions(&self) -> Vec<Permission> {
        let mut permissions = vec![Permission::Accounts];
        if self.balances {
            permissions.push(Permission::Balances);
        }
        if self.transactions {
            permissions.push(Permission::Transactions);
        }
        permissions
    }

    /// The transaction window's ends, if chosen and transactions are shared at all.
    pub fn window(&self) -> (Option<String>, Option<String>) {
        let day =
            |value: &String| Some(value.clone()).filter(|v| self.transactions && !v.is_empty());
        (day(&self.date_from), day(&self.date_to))
    }
}

pub fn load() -> Option<BankProgress> {
    crate::json::parse(&storage::get(Key::BankProgress)?)
        .and_then(|saved| crate::json::banking::bank_progress(&saved))
        .ok()
}

/// Saves the step; `None` leaves the bank step (the user cancelled it).
pub fn save(progress: Option<&BankProgress>) {
    let json = progress.and_then(|p| serde_json::to_string(p).ok());
    storage::set_or_remove(Key::BankProgress, json.as_deref());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_window_goes_only_with_transactions() {
        let mut choices = Choices {
            date_from: "2026-01-01".into(),
            ..Choices::default()
        };
        assert_eq!(choices.window(), (Some("2026-01-01".into()), None));
        assert_eq!(
            choices.permissions(),
            [
                Permission::Accounts,
                Permission::Balances,
                Permission::Transactions
            ]
        );
        choices.transactions = false;
        choices.balances = false;
        assert_eq!(choices.window(), (None, None));
        assert_eq!(choices.permissions(), [Permission::Accounts]);
    }
}
