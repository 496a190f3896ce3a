-- Mitra schema 6: coaching — coach assignment, action plans with coach notes, the institution's
-- own advice texts, Lambert drivers and facilitators of a partnership.
-- Keep in step with ../postgres/0006_coaching.sql: same tables, columns and constraints; only the
-- id type differs.

-- At most one coach per UMKM: an institution officer, assigned by an officer of its institution.
CREATE TABLE coach_assignment (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisation (organisation_id),
    coach_id        BIGINT NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    institution_id  BIGINT NOT NULL REFERENCES organisation (organisation_id),
    assigned_by     BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    assigned_at     BIGINT NOT NULL
);
CREATE INDEX coach_assignment_coach ON coach_assignment (coach_id);
CREATE INDEX coach_assignment_institution ON coach_assignment (institution_id);

-- One row per action of an UMKM's plan; version makes concurrent edits refuse, not overwrite.
CREATE TABLE plan_action (
    plan_action_id  INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisation (organisation_id),
    component       TEXT NOT NULL CHECK (component IN ('joint_planning', 'joint_operation_control', 'communication', 'trust', 'commitment', 'contract_style', 'scope', 'joint_investment', 'risk_reward_sharing')),
    text_id         TEXT NOT NULL,
    text_en         TEXT NOT NULL,
    owner_name      TEXT NOT NULL,
    owner_id        BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    assessment_id   BIGINT REFERENCES assessment (assessment_id),
    version         BIGINT NOT NULL,
    created_by      BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX plan_action_organisation ON plan_action (organisation_id, plan_action_id);

CREATE TABLE coach_note (
    coach_note_id  INTEGER PRIMARY KEY,
    plan_action_id BIGINT NOT NULL REFERENCES plan_action (plan_action_id) ON DELETE CASCADE,
    noted_on       DATE NOT NULL,
    author_id      BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    author_name    TEXT NOT NULL,
    text           TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX coach_note_action ON coach_note (plan_action_id, coach_note_id);

-- An institution's own advice per component and maturity level; the shipped texts fill the rest.
CREATE TABLE advice_text (
    institution_id BIGINT NOT NULL REFERENCES organisation (organisation_id),
    component      TEXT NOT NULL,
    level          BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    text_id        TEXT NOT NULL,
    text_en        TEXT NOT NULL,
    updated_by     BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (institution_id, component, level)
);

-- Lambert's drivers (side buyer or supplier, 1-5) and facilitators (side joint: the four core
-- ones 1-5, the extras present as 1).
CREATE TABLE lambert_rating (
    partnership_id BIGINT NOT NULL REFERENCES partnership (partnership_id),
    side           TEXT NOT NULL CHECK (side IN ('buyer', 'supplier', 'joint')),
    factor         TEXT NOT NULL,
    value          BIGINT NOT NULL CHECK (value BETWEEN 1 AND 5),
    rated_by       BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    rated_at       BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, side, factor)
);

-- Survey imports (mitra assess import, the officers' upload): one row per file imported. A
-- respondent linked to an UMKM (by NIB or name) becomes a submitted assessment of that UMKM;
-- an anonymous respondent keeps its answers here, in survey_answer.
CREATE TABLE survey_import (
    survey_import_id   INTEGER PRIMARY KEY,
    institution_id     BIGINT NOT NULL REFERENCES organisation (organisation_id),
    kind               TEXT NOT NULL CHECK (kind IN ('readiness', 'assessor')),
    file_name          TEXT NOT NULL,
    instrument_key     TEXT NOT NULL,
    instrument_version BIGINT NOT NULL CHECK (instrument_version >= 1),
    rejected_rows      BIGINT NOT NULL CHECK (rejected_rows >= 0),
    imported_by        BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    imported_at        BIGINT NOT NULL
);
CREATE INDEX survey_import_institution ON survey_import (institution_id, survey_import_id);

CREATE TABLE survey_respondent (
    survey_respondent_id INTEGER PRIMARY KEY,
    survey_import_id     BIGINT NOT NULL REFERENCES survey_import (survey_import_id) ON DELETE CASCADE,
    row_number           BIGINT NOT NULL,
    label                TEXT,
    organisation_id      BIGINT REFERENCES organisation (organisation_id),
    assessment_id        BIGINT REFERENCES assessment (assessment_id),
    CHECK ((organisation_id IS NULL) = (assessment_id IS NULL))
);
CREATE INDEX survey_respondent_import ON survey_respondent (survey_import_id, row_number);

-- Answers of anonymous respondents only (a linked one's are its assessment's).
CREATE TABLE survey_answer (
    survey_respondent_id BIGINT NOT NULL REFERENCES survey_respondent (survey_respondent_id) ON DELETE CASCADE,
    item_key             TEXT NOT NULL,
    value                BIGINT NOT NULL CHECK (value BETWEEN 1 AND 7),
    PRIMARY KEY (survey_respondent_id, item_key)
);
