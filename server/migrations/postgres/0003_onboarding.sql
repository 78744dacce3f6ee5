-- The applicant's answers, one row per step, replaced on every save (a PUT is idempotent).
CREATE TABLE answers (
    application_id TEXT NOT NULL REFERENCES applications (id),
    step           TEXT NOT NULL,
    answer         TEXT NOT NULL,            -- JSON, as protocol::onboarding defines the step
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (application_id, step)
);

-- Uploaded scans of identity documents. The id derives from the content, so a retried upload
-- stores nothing new.
CREATE TABLE scans (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    content_type   TEXT NOT NULL,            -- found from the bytes, never from the name
    file_name      TEXT NOT NULL,
    size           BIGINT NOT NULL,
    content        BYTEA NOT NULL,
    created_at     BIGINT NOT NULL,
    -- SQLite's implicit rowid, which tells apart scans uploaded within one second.
    rowid          BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX scans_application ON scans (application_id);

-- The AML screening of the organization an application onboards; the result is kept once
-- ready, since the provider deletes it two hours later.
CREATE TABLE screenings (
    application_id      TEXT PRIMARY KEY REFERENCES applications (id),
    identifier          TEXT NOT NULL,
    session_id          TEXT NOT NULL,
    state               TEXT NOT NULL,       -- PENDING, READY, FAILED
    result              TEXT,                -- the provider's result JSON once READY
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);

ALTER TABLE applications ADD COLUMN submitted_at BIGINT;
