-- Mitra schema 2: assessments (readiness self-assessments, both sides of a partnership, assessors).
-- Keep in step with ../postgres/0003_assessments.sql: same tables, columns and constraints; only
-- the id type differs. Scores are not stored: they are recomputed from the answers.

CREATE TABLE assessment (
    assessment_id      INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('readiness', 'partnership_buyer', 'partnership_supplier', 'assessor')),
    organisation_id    BIGINT NOT NULL REFERENCES organisation (organisation_id),
    partnership_id     BIGINT REFERENCES partnership (partnership_id),
    instrument_key     TEXT NOT NULL,
    instrument_version BIGINT NOT NULL CHECK (instrument_version >= 1),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    notes              TEXT,
    created_by         BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    submitted_at       BIGINT,
    CHECK (kind NOT IN ('partnership_buyer', 'partnership_supplier') OR partnership_id IS NOT NULL),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX assessment_subject ON assessment (organisation_id, kind, status, assessment_id);
CREATE INDEX assessment_partnership ON assessment (partnership_id);
-- At most one draft per subject (assessors each keep their own, so they are left out).
CREATE UNIQUE INDEX assessment_one_draft ON assessment (organisation_id, kind, COALESCE(partnership_id, 0))
    WHERE status = 'draft' AND kind <> 'assessor';

-- Answered items only; an unanswered item has no row.
CREATE TABLE assessment_answer (
    assessment_id BIGINT NOT NULL REFERENCES assessment (assessment_id) ON DELETE CASCADE,
    item_key      TEXT NOT NULL,
    value         BIGINT NOT NULL CHECK (value BETWEEN 1 AND 7),
    PRIMARY KEY (assessment_id, item_key)
);
