//! Standard Webhooks signatures, shared by the sandbox that signs and the server that verifies:
//! `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
//! list of `v1,<base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))>` (several while a secret is
//! rotated). The secret is written `whsec_<base64 of the key>`. What the bodies say is read in
//! [`bodies`].

pub mod bodies;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a delivery's timestamp may be from now, either way: older is a replay, newer a
/// clock that cannot be trusted.
pub const TOLERANCE_SECS: i64 = 5 * 60;

/// Why a delivery is refused; all of them mean "not from the provider" to the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the webhook-timestamp header is not a number")]
    BadTimestamp,
    #[error("the webhook-timestamp is outside the tolerance")]
    Stale,
    #[error("no v1 signature matches")]
    NoMatch,
}

/// The `webhook-signature` header's value for one delivery.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "v1,{}",
        STANDARD.encode(mac(secret, id, timestamp, body).finalize().into_bytes())
    )
}

/// Checks a delivery's headers against its raw body at `now` (Unix seconds); the comparison is
/// constant-time.
pub fn verify(
    secret: &str,
    id: &str,
    timestamp: &str,
    signatures: &str,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    let timestamp: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| VerifyError::BadTimestamp)?;
    // abs_diff: a timestamp near i64::MIN or MAX must be stale, not an overflow.
    if now.abs_diff(timestamp) > TOLERANCE_SECS.unsigned_abs() {
        return Err(VerifyError::Stale);
    }
    let expected = mac(secret, id, timestamp, body);
    let matches = signatures
        .split(' ')
        .filter_map(|candidate| candidate.strip_prefix("v1,"))
        .filter_map(|encoded| STANDARD.decode(encoded).ok())
        .any(|candidate| expected.clone().verify_slice(&candidate).is_ok());
    matches.then_some(()).ok_or(VerifyError::NoMatch)
}

fn mac(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&secret_key(secret)).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    mac
}

/// `whsec_<base64>` is the key's base64; any other text is taken as the key's bytes.
fn secret_key(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix("whsec_")
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    #[test]
    fn signs_as_the_specification_does() {
        assert_eq!(
            sign(SECRET, ID, TIMESTAMP, BODY),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn any_listed_signature_may_match() {
        let good = sign(SECRET, ID, TIMESTAMP, BODY);
        let header = format!("v1,bm90IGl0 {good}");
        assert_eq!(
            verify(
                SECRET,
                ID,
                &TIMESTAMP.to_string(),
                &header,
                BODY,
                TIMESTAMP + 10
            ),
            Ok(())
        );
    }

    #[test]
    fn a_changed_body_a_wrong_secret_or_an_old_timestamp_is_refused() {
        let good = sign(SECRET, ID, TIMESTAMP, BODY);
        let at = TIMESTAMP.to_string();
        assert_eq!(
            verify(SECRET, ID, &at, &good, b"{}", TIMESTAMP),
            Err(VerifyError::NoMatch)
        );
        assert_eq!(
            verify("whsec_b3RoZXI=", ID, &at, &good, BODY, TIMESTAMP),
            Err(VerifyError::NoMatch)
        );
        assert_eq!(
            verify(SECRET, ID, &at, "v2,whatever", BODY, TIMESTAMP),
            Err(VerifyError::NoMatch)
        );
        let late = TIMESTAMP + TOLERANCE_SECS + 1;
        assert_eq!(
            verify(SECRET, ID, &at, &good, BODY, late),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify(SECRET, ID, "soon", &good, BODY, TIMESTAMP),
            Err(VerifyError::BadTimestamp)
        );
    }

    #[test]
    fn timestamps_at_the_ends_of_the_range_are_stale() {
        let good = sign(SECRET, ID, TIMESTAMP, BODY);
        for at in [i64::MIN, i64::MAX] {
            assert_eq!(
                verify(SECRET, ID, &at.to_string(), &good, BODY, TIMESTAMP),
                Err(VerifyError::Stale)
            );
            assert_eq!(
                verify(SECRET, ID, &TIMESTAMP.to_string(), &good, BODY, at),
                Err(VerifyError::Stale)
            );
        }
    }
}
