//! Small pieces shared by the screens.

mod partner_link;
mod spinner;

pub use partner_link::PartnerLink;
pub use spinner::Spinner;
