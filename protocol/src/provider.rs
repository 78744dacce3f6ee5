//! The providers' wire formats, as their documents show them. The server's provider clients
//! send these and the sandbox answers with them, so a sandbox response could be replayed
//! against the real provider's client.

pub mod aml;
pub mod issuer;
pub mod kyc_records;
pub mod oauth;
pub mod onboarding;
pub mod openbanking;
