-- Every verified provider notification, kept once per provider and id: a redelivery finds its
-- row and is not applied again. Malformed bodies are refused before this and never stored.
CREATE TABLE webhook_events (
    provider       TEXT NOT NULL,            -- aml, core-banking
    event_id       TEXT NOT NULL,            -- webhook-id (aml), notificationId (core-banking)
    event_type     TEXT NOT NULL,
    body           TEXT NOT NULL,
    received_at    BIGINT NOT NULL,
    -- NULL while not applied: an apply that failed (a provider down) is retried by the
    -- provider's redelivery rather than lost.
    applied_at     BIGINT,
    application_id TEXT REFERENCES applications (id),  -- the application it concerns, when known
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX webhook_events_application ON webhook_events (application_id);
