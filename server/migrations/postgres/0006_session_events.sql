-- What a session's event stream tells the widget, kept so that a reconnect (Last-Event-ID), or
-- a stream held by another instance, reads what it missed. The id orders the events.
CREATE TABLE session_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    event          TEXT NOT NULL,            -- protocol::api::events::SessionEvent, JSON
    created_at     BIGINT NOT NULL
);
CREATE INDEX session_events_application ON session_events (application_id, id);
