-- Applications created through Onboard, mirrored from the onboarding provider.
CREATE TABLE applications (
    id            TEXT PRIMARY KEY,          -- bits:application::<uuid>
    partner_id    TEXT NOT NULL,
    workflow_id   TEXT NOT NULL,
    country_code  TEXT NOT NULL,
    redirect_url  TEXT NOT NULL,
    locale        TEXT,
    external_ref  TEXT,
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,           -- unix seconds
    updated_at    BIGINT NOT NULL
);

-- Session tokens are stored as SHA-256 hashes only: a database leak gives no usable token.
CREATE TABLE sessions (
    token_hash     TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX sessions_application ON sessions (application_id);

-- Audit trail: every status an application was seen in, with when.
CREATE TABLE status_changes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    status         TEXT NOT NULL,
    changed_at     BIGINT NOT NULL
);
CREATE INDEX status_changes_application ON status_changes (application_id);
