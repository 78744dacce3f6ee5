-- The outbox of notifications to partners' webhooks, written in the transaction of the status
-- change it tells of, so none is lost or sent for a change that was rolled back. A worker
-- claims due rows, delivers them and retries with backoff; after the last try a row is
-- dead-lettered (dead_at) and kept for an operator.
CREATE TABLE partner_notifications (
    id              TEXT PRIMARY KEY,        -- the webhook-id, the same on every retry
    partner_id      TEXT NOT NULL,
    application_id  TEXT NOT NULL REFERENCES applications (id),
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,           -- JSON, signed as stored
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,         -- unix seconds; a claim moves it past the send
    delivered_at    BIGINT,
    dead_at         BIGINT,
    -- Why the last try failed: `http_<status>`, `timeout`, `connect`, ... never the partner's
    -- response body.
    last_error      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX partner_notifications_due ON partner_notifications (next_attempt_at)
    WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX partner_notifications_application ON partner_notifications (application_id);
