//! Where the session comes from, and where it is kept.
//!
//! A session starts from a one-time claim code: the hosted link's fragment (`/#token=...`), or
//! what the partner's page hands over. The widget exchanges it at once for the session's
//! credential (`POST /api/v1/session/claim`), so that a copy of the link, kept by whoever made
//! or saw it, opens nothing. The credential is kept in memory and in `sessionStorage`: a reload
//! in the same tab carries on, and a new tab does not inherit it. A new code drops what the tab
//! kept of earlier sessions.

use protocol::fragment::TOKEN_KEY;

use crate::address_bar;
use crate::storage::{self, Key};

/// How this tab's session starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStart {
    /// A code this tab has not claimed yet: exchange it for the credential.
    Claim(String),
    /// The credential this tab claimed before.
    Resume(String),
}

/// The session for this page: the fragment's code if there is one (a newer session than the
/// stored one, unless it is the same code), else what an earlier load of this tab kept.
pub fn load() -> Option<SessionStart> {
    match address_bar::take_code(TOKEN_KEY) {
        Some((code, _)) => Some(start_with(code)),
        None => storage::get(Key::Credential)
            .map(SessionStart::Resume)
            .or_else(|| storage::get(Key::Claim).map(SessionStart::Claim)),
    }
}

/// The session a handed-over code starts. The same code again (a reload of the partner's page)
/// carries on with the session this tab claimed with it; another is someone else's session,
/// maybe on a shared computer, who must not find the drafts of the one before.
pub fn start_with(code: String) -> SessionStart {
    if storage::get(Key::Claim).as_ref() == Some(&code) {
        if let Some(credential) = storage::get(Key::Credential) {
            return SessionStart::Resume(credential);
        }
    } else {
        storage::forget_all();
        // Without storage the session lives in memory only, and a reload shows the "no
        // session" screen.
        storage::set(Key::Claim, &code);
    }
    SessionStart::Claim(code)
}

/// Keeps the credential the claim gave, for the next load of this tab.
pub fn claimed(credential: &str) {
    storage::set(Key::Credential, credential);
}
