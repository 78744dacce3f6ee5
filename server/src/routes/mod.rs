pub mod account_data;
pub mod banks;
pub mod consent_callback;
pub mod consents;
pub mod hosted;
pub mod session;
pub mod sessions;
pub mod web;
