//! One component per screen the user can see. Each screen's root is a card `<section>` with
//! the `data-testid` the end-to-end tests look for.

mod elsewhere;
mod error;
mod expired;
mod invalid;
mod link_used;
mod loading;
mod pending;

pub use elsewhere::BankReturnedElsewhere;
pub use error::ErrorScreen;
pub use expired::SessionExpired;
pub use invalid::SessionInvalid;
pub use link_used::LinkUsed;
pub use loading::Loading;
pub use pending::PendingScreen;
