//! One component per screen the user can see. Each screen's root is a card `<section>` with
//! the `data-testid` the end-to-end tests look for.

mod error;
mod expired;
mod invalid;
mod loading;
mod outcome;
mod session;

pub use error::ErrorScreen;
pub use expired::SessionExpired;
pub use invalid::SessionInvalid;
pub use loading::Loading;
pub use outcome::OutcomeScreen;
pub use session::SessionScreen;
