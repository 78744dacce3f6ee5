-- Open-banking consents a session asked for, with the state that ties the bank's redirect back
-- to the session. The state is stored hashed and may be used once, before it expires.
CREATE TABLE consents (
    id                TEXT PRIMARY KEY,       -- the provider's consent id
    application_id    TEXT NOT NULL REFERENCES applications (id),
    idempotency_key   TEXT NOT NULL,
    bank_id           TEXT NOT NULL,
    bank_name         TEXT NOT NULL,
    permissions       TEXT NOT NULL,          -- comma-separated: Accounts,Balances,Transactions
    owner_name        BOOLEAN NOT NULL,
    transactions_from TEXT,
    transactions_to   TEXT,
    status            TEXT NOT NULL,
    bank_redirect_url TEXT NOT NULL,
    state_hash        TEXT NOT NULL UNIQUE,
    state_expires_at  BIGINT NOT NULL,
    state_used_at     BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (application_id, idempotency_key)
);
CREATE INDEX consents_application ON consents (application_id);
