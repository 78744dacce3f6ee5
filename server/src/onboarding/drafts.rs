//! What the applicant typed in a step but did not save yet, kept so that they can carry on on
//! another device. A draft is unchecked: it may hold an identity number the applicant has not
//! confirmed, so it is stored sealed (XChaCha20-Poly1305 under `ONBOARD_DRAFTS_KEY`), with the
//! application and the step as associated data, so that a sealed row moved to another
//! application or step no longer opens.

use std::collections::BTreeMap;

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use protocol::api::onboarding::Draft;
use protocol::onboarding::Step;
use sqlx::{AnyConnection, AnyPool};

use super::answers::answer_step;
use crate::auth::Session;
use crate::{db, AppError, AppState};

/// The key drafts are sealed with: 32 bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DraftsKey([u8; 32]);

/// Why a configured key was refused; it never repeats the key.
#[derive(Debug, thiserror::Error)]
#[error("must be 32 bytes, written as 64 hex digits or in base64")]
pub struct MalformedKey;

impl DraftsKey {
    pub fn parse(text: &str) -> Result<Self, MalformedKey> {
        let text = text.trim();
        let bytes = hex::decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD.decode(text))
            .map_err(|_| MalformedKey)?;
        bytes.try_into().map(Self).map_err(|_| MalformedKey)
    }
}

/// Seals and opens drafts; built once from the configured key.
#[derive(Clone)]
pub struct DraftCipher(XChaCha20Poly1305);

/// A draft as stored: XChaCha20's nonce is 24 random bytes, drawn afresh for every write, too
/// long to repeat by chance under one key.
struct Sealed {
    nonce: Vec<u8>,
    ciphertext: Vec<u8>,
}

impl DraftCipher {
    pub fn new(key: &DraftsKey) -> Self {
        Self(XChaCha20Poly1305::new(&key.0.into()))
    }

    fn seal(&self, application_id: &str, step: Step, draft: &[u8]) -> Sealed {
        let nonce: [u8; 24] = rand::random();
        let aad = associated_data(application_id, step);
        let ciphertext = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: draft,
                    aad: aad.as_bytes(),
                },
            )
            .expect("a draft within its limit seals");
        Sealed {
            nonce: nonce.to_vec(),
            ciphertext,
        }
    }

    /// The draft, if it opens under this key for this application and step.
    fn open(&self, application_id: &str, step: Step, sealed: &Sealed) -> Option<Vec<u8>> {
        if sealed.nonce.len() != 24 {
            return None;
        }
        let aad = associated_data(application_id, step);
        self.0
            .decrypt(
                XNonce::from_slice(&sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .ok()
    }
}

/// Neither an application id nor a step name holds a line break.
fn associated_data(application_id: &str, step: Step) -> String {
    format!("{application_id}\n{step}")
}

/// Keeps `body`, a JSON object, as the step's draft in place of the last.
pub async fn save(
    state: &AppState,
    session: &Session,
    step: &str,
    body: &[u8],
) -> Result<(), AppError> {
    let step = answer_step(state, session, step).await?;
    let draft: Draft = serde_json::from_slice(body).map_err(|err| AppError::Invalid {
        field: None,
        message: format!("the draft must be a JSON object: {err}"),
    })?;
    let draft = serde_json::to_vec(&draft).expect("JSON serializes");
    let application_id = session.application_id.as_str();
    let sealed = state.draft_cipher.seal(application_id, step, &draft);
    // One statement, so that a submit in between leaves no draft behind it.
    let kept = sqlx::query(
        "INSERT INTO drafts (application_id, step, nonce, ciphertext, updated_at)
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM applications WHERE id = $1 AND submitted_at IS NULL)
         ON CONFLICT (application_id, step) DO UPDATE
         SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at",
    )
    .bind(application_id)
    .bind(step.as_str())
    .bind(sealed.nonce)
    .bind(sealed.ciphertext)
    .bind(db::now())
    .execute(&state.db)
    .await?
    .rows_affected();
    if kept == 0 {
        return Err(AppError::Conflict(
            "the application is submitted; drafts are no longer kept".into(),
        ));
    }
    Ok(())
}

/// The application's drafts, opened. One that does not open (sealed under a key since replaced,
/// or moved from another row) is left out: a draft is a convenience, and the applicant types it
/// again, while refusing the whole view would stop them.
pub async fn load(
    db: &AnyPool,
    cipher: &DraftCipher,
    application_id: &str,
) -> Result<BTreeMap<Step, Draft>, AppError> {
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT step, nonce, ciphertext FROM drafts WHERE application_id = $1")
            .bind(application_id)
            .fetch_all(db)
            .await?;
    let mut drafts = BTreeMap::new();
    for (step, nonce, ciphertext) in rows {
        let step = Step::parse(&step).ok_or_else(|| AppError::stored("draft step"))?;
        let sealed = Sealed { nonce, ciphertext };
        let Some(draft) = cipher.open(application_id, step, &sealed) else {
            tracing::warn!(application = %application_id, step = %step, "a draft does not open; left out");
            continue;
        };
        let draft = serde_json::from_slice(&draft).map_err(|_| AppError::stored("draft"))?;
        drafts.insert(step, draft);
    }
    Ok(drafts)
}

/// The step's draft is spent once its answer is saved, in the answer's transaction.
pub async fn delete(
    conn: &mut AnyConnection,
    application_id: &str,
    step: Step,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM drafts WHERE application_id = $1 AND step = $2")
        .bind(application_id)
        .bind(step.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Every draft of a submitted application: its answers can no longer change.
pub async fn delete_all(db: &AnyPool, application_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM drafts WHERE application_id = $1")
        .bind(application_id)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPLICATION: &str = "bits:application::00000000-0000-4000-8000-000000000001";

    fn cipher() -> DraftCipher {
        DraftCipher::new(&DraftsKey([7; 32]))
    }

    #[test]
    fn keys_are_32_bytes_in_hex_or_base64() {
        let hex = "07".repeat(32);
        let base64 = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert!(DraftsKey::parse(&hex).unwrap() == DraftsKey([7; 32]));
        assert!(DraftsKey::parse(&base64).unwrap() == DraftsKey([7; 32]));
        for bad in ["", "07", &"07".repeat(31), "not a key", &"07".repeat(33)] {
            assert!(DraftsKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_draft_opens_for_its_own_application_and_step_only() {
        let cipher = cipher();
        let sealed = cipher.seal(APPLICATION, Step::PersonalDetails, b"{\"a\":1}");
        assert_eq!(
            cipher.open(APPLICATION, Step::PersonalDetails, &sealed),
            Some(b"{\"a\":1}".to_vec())
        );
        assert_eq!(cipher.open(APPLICATION, Step::Address, &sealed), None);
        let other = "bits:application::00000000-0000-4000-8000-000000000002";
        assert_eq!(cipher.open(other, Step::PersonalDetails, &sealed), None);
        let other_key = DraftCipher::new(&DraftsKey([8; 32]));
        assert_eq!(
            other_key.open(APPLICATION, Step::PersonalDetails, &sealed),
            None
        );
    }

    #[test]
    fn every_write_draws_its_own_nonce() {
        let cipher = cipher();
        let first = cipher.seal(APPLICATION, Step::Address, b"{}");
        let second = cipher.seal(APPLICATION, Step::Address, b"{}");
        assert_ne!(first.nonce, second.nonce);
        assert_ne!(first.ciphertext, second.ciphertext);
    }
}
