//! The session, from its start to the screen it shows: the one-time code or the credential it
//! starts from (`token`), the first reads begun with it (`prefetch`), and the flow that follows
//! its status (`flow`).

pub mod flow;
pub mod prefetch;
pub mod token;
