//! A session's consents at the open-banking provider: their rows, the queries that find them
//! and every change of their state (created, decided, returned from the bank, confirmed,
//! withdrawn). The routes (`routes::consents`, `consent_callback`, `consent_returns`,
//! `account_data`) only extract, call this and answer.
//!
//! A session sees only its own consents, and the bank's decision only once it has confirmed
//! its return from the bank: until then an approved or refused consent reads as `Open`,
//! awaiting the return, and gives no data.

mod bank_return;
mod row;
mod store;
pub mod withdrawal;

pub use bank_return::{accept_return, confirm_return, locale_of_state, Return};
pub use row::{ConsentRow, Permissions};
pub use store::{find, find_by_key, insert, publish_status, set_status, NewConsent};

/// How long the bank has to send the browser back before the `state` stops being accepted.
pub const STATE_LIFETIME_SECS: i64 = 30 * 60;

/// How long the browser has from the bank's redirect back to its confirm.
pub const RETURN_CODE_LIFETIME_SECS: i64 = 10 * 60;
