//! A consent as the database keeps it, and as the session may see it.

use protocol::api::banking::{ConsentStatus, ConsentView, Permission};
use protocol::wire::UnknownName;

use crate::AppError;

/// The columns `ConsentRow` reads.
pub(super) const COLUMNS: &str = "id, bank_id, bank_name, permissions, transactions_from, \
                                  transactions_to, status, bank_redirect_url, confirmed_at";

#[derive(Debug, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: String,
    pub bank_id: String,
    pub bank_name: String,
    #[sqlx(try_from = "String")]
    pub permissions: Permissions,
    pub transactions_from: Option<String>,
    pub transactions_to: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: ConsentStatus,
    pub bank_redirect_url: String,
    pub confirmed_at: Option<i64>,
}

/// The permissions granted, kept as their wire names joined by commas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions(pub Vec<Permission>);

impl Permissions {
    pub fn column(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|p| p.as_str()).collect();
        names.join(",")
    }
}

impl TryFrom<String> for Permissions {
    type Error = UnknownName;

    fn try_from(column: String) -> Result<Self, Self::Error> {
        column
            .split(',')
            .filter(|name| !name.is_empty())
            .map(|name| Permission::try_from(name.to_owned()))
            .collect::<Result<_, _>>()
            .map(Permissions)
    }
}

impl ConsentRow {
    /// Data under this consent needs its return confirmed by the session, it authorised and
    /// the permission granted.
    pub fn allow(&self, permission: Permission) -> Result<(), AppError> {
        if self.confirmed_at.is_none() {
            return Err(AppError::ConsentNotConfirmed);
        }
        if !self.status.grants_access() {
            return Err(AppError::Forbidden("the consent is not authorised"));
        }
        if !self.permissions.0.contains(&permission) {
            return Err(AppError::Forbidden("the consent does not cover this data"));
        }
        Ok(())
    }

    /// The status as the session may see it (see `shown_status`).
    pub fn shown_status(&self) -> ConsentStatus {
        shown_status(self.status, self.confirmed_at.is_some())
    }

    pub fn view(&self) -> ConsentView {
        let shown = self.shown_status();
        ConsentView {
            consent_id: self.id.clone(),
            bank_id: self.bank_id.clone(),
            bank_name: self.bank_name.clone(),
            status: shown,
            awaiting_return: shown != self.status,
            permissions: self.permissions.0.clone(),
            transactions_from: self.transactions_from.clone(),
            transactions_to: self.transactions_to.clone(),
        }
    }
}

/// What the session is told of a status: the bank's decision is the session's only once it
/// has confirmed its return from the bank; it may have been made by someone else. A revocation
/// is told as it is.
pub(super) fn shown_status(status: ConsentStatus, confirmed: bool) -> ConsentStatus {
    match status {
        ConsentStatus::Authorised | ConsentStatus::Rejected if !confirmed => ConsentStatus::Open,
        status => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_are_kept_by_their_wire_names() {
        let all = Permissions(Permission::ALL.to_vec());
        assert_eq!(all.column(), "Accounts,Balances,Transactions");
        assert_eq!(Permissions::try_from(all.column()), Ok(all));
        assert_eq!(
            Permissions::try_from(String::new()),
            Ok(Permissions(vec![]))
        );
        assert!(Permissions::try_from("Accounts,Savings".to_owned()).is_err());
    }

    #[test]
    fn the_banks_decision_is_shown_once_the_return_is_confirmed() {
        for decided in [ConsentStatus::Authorised, ConsentStatus::Rejected] {
            assert_eq!(shown_status(decided, false), ConsentStatus::Open);
            assert_eq!(shown_status(decided, true), decided);
        }
        assert_eq!(
            shown_status(ConsentStatus::Revoked, false),
            ConsentStatus::Revoked
        );
    }
}
