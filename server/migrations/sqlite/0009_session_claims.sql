-- What a partner mints and a hosted link carries is a claim code, not the session's credential:
-- a link copied before it was followed, or by whoever made it, must not read what the person
-- who opened it types. The code is exchanged once (claimed_at) for a credential that lives in
-- `sessions`; it is stored as a SHA-256 hash only, as credentials are.
CREATE TABLE session_claims (
    code_hash          TEXT PRIMARY KEY,
    application_id     TEXT NOT NULL REFERENCES applications (id),
    created_at         BIGINT NOT NULL,          -- unix seconds
    expires_at         BIGINT NOT NULL,          -- the claim's deadline, sooner for a hosted link
    -- When the credential a claim makes expires: the session's end, fixed when it was minted.
    session_expires_at BIGINT NOT NULL,
    claimed_at         BIGINT,
    -- A partner's revocation of the application's sessions ends its unclaimed codes too.
    revoked_at         BIGINT
);
CREATE INDEX session_claims_application ON session_claims (application_id);
