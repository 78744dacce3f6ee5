-- What the applicant typed in a step but did not save yet, one row per step, replaced on every
-- write, so that another device can carry on. Unchecked, it may hold an identity number never
-- confirmed: sealed with XChaCha20-Poly1305 under ONBOARD_DRAFTS_KEY (never stored here), the
-- application and the step as associated data. Spent when the step's answer is saved, and all
-- of them at the submit.
CREATE TABLE drafts (
    application_id TEXT NOT NULL REFERENCES applications (id),
    step           TEXT NOT NULL,
    nonce          BYTEA NOT NULL,           -- 24 random bytes, new for every write
    ciphertext     BYTEA NOT NULL,           -- the draft's JSON, sealed, with its tag
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (application_id, step)
);
