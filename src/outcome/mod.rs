//! After the decision: the outcome screen, and under it the results on record and the account
//! opened for an approved applicant.

mod account;
mod decision;
mod results;
mod screen;

pub use decision::{decision, fetch_ahead};
pub use screen::OutcomeScreen;
