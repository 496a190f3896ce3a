-- Mitra schema 5: an assessor's evidence notes per component (the overall note is
-- assessment.notes). Keep in step with ../sqlite/0005_assessor_evidence.sql.

CREATE TABLE assessment_evidence (
    assessment_id BIGINT NOT NULL REFERENCES assessment (assessment_id) ON DELETE CASCADE,
    component     TEXT NOT NULL,
    note          TEXT NOT NULL,
    PRIMARY KEY (assessment_id, component)
);
-- An officer resumes their own draft rating of an UMKM.
CREATE INDEX assessment_author ON assessment (organisation_id, kind, created_by, status);
