//! Small pieces shared by the screens.

mod announcer;
mod focus;
mod partner_link;
mod spinner;

pub use announcer::{announce_changes, Announcer, LiveRegion};
pub use focus::{focus_first, focus_pending};
pub use partner_link::PartnerLink;
pub use spinner::Spinner;
