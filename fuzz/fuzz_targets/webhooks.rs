//! Webhook deliveries: the signature check over any headers, body and clock never panics and
//! accepts what `sign` signed within the tolerance; the bodies the server reads parse or refuse.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use protocol::webhooks::bodies::{AmlSessionEvent, CoreBankingNotification};
use protocol::webhooks::{sign, verify, VerifyError, TOLERANCE_SECS};

#[derive(Debug, Arbitrary)]
struct Delivery<'a> {
    secret: &'a str,
    id: &'a str,
    timestamp: &'a str,
    signatures: &'a str,
    now: i64,
    signed_at: i64,
    clock_skew: i16,
    body: &'a [u8],
}

fuzz_target!(|delivery: Delivery| {
    let Delivery {
        secret,
        id,
        timestamp,
        signatures,
        now,
        signed_at,
        clock_skew,
        body,
    } = delivery;
    let _ = verify(secret, id, timestamp, signatures, body, now);

    let signature = sign(secret, id, signed_at, body);
    let arrived = signed_at.saturating_add(i64::from(clock_skew));
    let outcome = verify(
        secret,
        id,
        &signed_at.to_string(),
        &signature,
        body,
        arrived,
    );
    if signed_at.abs_diff(arrived) <= TOLERANCE_SECS.unsigned_abs() {
        assert_eq!(outcome, Ok(()), "a fresh signature of our own must verify");
        let tampered = [body, b" "].concat();
        assert_eq!(
            verify(
                secret,
                id,
                &signed_at.to_string(),
                &signature,
                &tampered,
                arrived
            ),
            Err(VerifyError::NoMatch)
        );
    } else {
        assert_eq!(outcome, Err(VerifyError::Stale));
    }

    let _ = AmlSessionEvent::read(body);
    if let Ok(notification) = CoreBankingNotification::read(body) {
        assert!(notification.references.len() <= 2);
    }
});
