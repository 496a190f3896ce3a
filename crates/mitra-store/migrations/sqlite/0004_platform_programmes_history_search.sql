-- Mitra schema 4: institution programmes and enrolments, the history of profile changes, and
-- index-backed substring search.
-- Keep in step with ../postgres/0004_platform_programmes_history_search.sql: same tables, columns
-- and constraints; only the id types differ, and each backend indexes substring search its own way.

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

-- Substring search on names and products, served by an index (a LIKE '%kopi%' scan of 2.87 M
-- organisations took seconds). FTS5 with the trigram tokenizer: a quoted phrase of trigrams is
-- exactly a substring. The keys are stored lowercased already, so the tokenizer is
-- case-sensitive and matches what LIKE matched. Triggers keep both tables in step; PostgreSQL
-- gets pg_trgm GIN indexes instead (same results).
CREATE VIRTUAL TABLE organisation_name_fts USING fts5(
    name_key, content = 'organisation', content_rowid = 'organisation_id',
    tokenize = 'trigram case_sensitive 1'
);
INSERT INTO organisation_name_fts (organisation_name_fts) VALUES ('rebuild');
CREATE TRIGGER organisation_name_fts_insert AFTER INSERT ON organisation BEGIN
    INSERT INTO organisation_name_fts (rowid, name_key) VALUES (new.organisation_id, new.name_key);
END;
CREATE TRIGGER organisation_name_fts_delete AFTER DELETE ON organisation BEGIN
    INSERT INTO organisation_name_fts (organisation_name_fts, rowid, name_key)
    VALUES ('delete', old.organisation_id, old.name_key);
END;
CREATE TRIGGER organisation_name_fts_update AFTER UPDATE OF name_key ON organisation BEGIN
    INSERT INTO organisation_name_fts (organisation_name_fts, rowid, name_key)
    VALUES ('delete', old.organisation_id, old.name_key);
    INSERT INTO organisation_name_fts (rowid, name_key) VALUES (new.organisation_id, new.name_key);
END;

-- organisation_product has no INTEGER PRIMARY KEY (VACUUM may renumber its rowids), so the
-- product index keeps its own copy, keyed by organisation_id * 1024 + position (an organisation
-- lists at most 20 products).
CREATE VIRTUAL TABLE organisation_product_fts USING fts5(
    product_key, organisation_id UNINDEXED, tokenize = 'trigram case_sensitive 1'
);
INSERT INTO organisation_product_fts (rowid, product_key, organisation_id)
    SELECT organisation_id * 1024 + position, product_key, organisation_id FROM organisation_product;
CREATE TRIGGER organisation_product_fts_insert AFTER INSERT ON organisation_product BEGIN
    INSERT INTO organisation_product_fts (rowid, product_key, organisation_id)
    VALUES (new.organisation_id * 1024 + new.position, new.product_key, new.organisation_id);
END;
CREATE TRIGGER organisation_product_fts_delete AFTER DELETE ON organisation_product BEGIN
    DELETE FROM organisation_product_fts WHERE rowid = old.organisation_id * 1024 + old.position;
END;
CREATE TRIGGER organisation_product_fts_update AFTER UPDATE ON organisation_product BEGIN
    DELETE FROM organisation_product_fts WHERE rowid = old.organisation_id * 1024 + old.position;
    INSERT INTO organisation_product_fts (rowid, product_key, organisation_id)
    VALUES (new.organisation_id * 1024 + new.position, new.product_key, new.organisation_id);
END;
