-- Mitra schema 4: institution programmes and enrolments, the history of profile changes.
-- Keep in step with ../postgres/0004_platform_programmes_history_search.sql: same tables, columns
-- and constraints; only the id types differ.

CREATE TABLE programme (
    programme_id   INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES organisation (organisation_id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    start_on       DATE NOT NULL,
    end_on         DATE NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('planned', 'running', 'closed')),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (end_on >= start_on)
);
CREATE INDEX programme_institution ON programme (institution_id, start_on);

-- Target regencies and sectors; none means the whole province, every sector.
CREATE TABLE programme_regency (
    programme_id BIGINT NOT NULL REFERENCES programme (programme_id) ON DELETE CASCADE,
    region_code  TEXT NOT NULL REFERENCES region (region_code),
    PRIMARY KEY (programme_id, region_code)
);

CREATE TABLE programme_sector (
    programme_id BIGINT NOT NULL REFERENCES programme (programme_id) ON DELETE CASCADE,
    sector       TEXT NOT NULL CHECK (sector IN ('crafts', 'garment_textile', 'processed_food', 'agricultural', 'other')),
    PRIMARY KEY (programme_id, sector)
);

CREATE TABLE programme_enrolment (
    programme_id    BIGINT NOT NULL REFERENCES programme (programme_id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (organisation_id) ON DELETE CASCADE,
    enrolled_at     BIGINT NOT NULL,
    enrolled_by     BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    PRIMARY KEY (programme_id, organisation_id)
);
CREATE INDEX programme_enrolment_organisation ON programme_enrolment (organisation_id);

-- Who changed an organisation's profile when; its changed fields are in organisation_change.
CREATE TABLE organisation_event (
    organisation_event_id INTEGER PRIMARY KEY,
    organisation_id       BIGINT NOT NULL REFERENCES organisation (organisation_id) ON DELETE CASCADE,
    at                    BIGINT NOT NULL,
    account_id            BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('profile', 'certificate'))
);
CREATE INDEX organisation_event_organisation ON organisation_event (organisation_id, organisation_event_id);

CREATE TABLE organisation_change (
    organisation_event_id BIGINT NOT NULL REFERENCES organisation_event (organisation_event_id) ON DELETE CASCADE,
    position              BIGINT NOT NULL,
    field                 TEXT NOT NULL,
    old_value             TEXT NOT NULL,
    new_value             TEXT NOT NULL,
    PRIMARY KEY (organisation_event_id, position)
);
