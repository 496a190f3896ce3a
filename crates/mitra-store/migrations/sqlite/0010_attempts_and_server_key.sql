-- Hardening: counting attempts per client address, and the server's signing key.

-- Failed (or pending) logins are also counted per client address, across accounts.
CREATE INDEX login_failure_ip ON login_failure (ip, at);

-- Other throttled actions (registrations) per client address.
CREATE TABLE rate_event (
    rate_event_id INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    client        TEXT NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX rate_event_kind_client ON rate_event (kind, client, at);

-- Keys every server process of one database shares (the pre-session CSRF signing key).
CREATE TABLE server_key (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
