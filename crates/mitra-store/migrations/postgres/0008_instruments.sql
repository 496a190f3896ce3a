-- Mitra schema 8: institutions' own instruments (copies of the starting instrument, edited and
-- published). Keep in step with ../sqlite/0008_instruments.sql: same tables, columns and
-- constraints.

-- One row per key@version. `body` is the instrument as JSON (mitra_core's serde shape, validated
-- on read). A published row never changes: every UPDATE matches status = 'draft' only.
CREATE TABLE institution_instrument (
    instrument_key TEXT NOT NULL,
    version        BIGINT NOT NULL CHECK (version > 0),
    institution_id BIGINT NOT NULL REFERENCES organisation (organisation_id),
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    body           TEXT NOT NULL,
    created_by     BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (instrument_key, version)
);
CREATE INDEX institution_instrument_institution ON institution_instrument (institution_id);
