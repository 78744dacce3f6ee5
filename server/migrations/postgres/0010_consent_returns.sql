-- The bank's redirect back proves nothing about which browser comes back: whoever approves at
-- the bank (in any browser) could be sent back with a valid state. So a consent is bound to the
-- session credential that created it (session_hash, its token's hash), the callback hands the
-- browser a one-time return code (stored hashed, spent once, short-lived), and only that
-- session's confirm (confirmed_at) makes the consent's data the session's. Rows from before
-- have no session and can never be confirmed: their data stays closed.
ALTER TABLE consents ADD COLUMN session_hash TEXT;
ALTER TABLE consents ADD COLUMN return_code_hash TEXT;
ALTER TABLE consents ADD COLUMN return_code_expires_at BIGINT;
ALTER TABLE consents ADD COLUMN return_code_used_at BIGINT;
ALTER TABLE consents ADD COLUMN confirmed_at BIGINT;
-- A consent never confirmed is withdrawn at the bank; the instance that takes one on writes
-- when, so that the others leave it alone (and take it again only if that try did not end).
ALTER TABLE consents ADD COLUMN withdrawal_claimed_at BIGINT;
-- A code is looked up by its hash alone; two consents must never share one.
CREATE UNIQUE INDEX consents_return_code ON consents (return_code_hash);
-- What the sweep looks for: consents not confirmed, among which the abandoned ones.
CREATE INDEX consents_unconfirmed ON consents (state_expires_at) WHERE confirmed_at IS NULL;
