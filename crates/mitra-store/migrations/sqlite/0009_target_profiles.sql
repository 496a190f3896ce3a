-- Mitra schema 9: an institution's own target profiles (Lambert's partnership types × the
-- components, on the 1–5 readiness scale). Keep in step with ../postgres/0009_target_profiles.sql.
-- An institution without rows here uses Mitra's defaults (Type I 2, Type II 3, Type III 4).

CREATE TABLE target_profile (
    institution_id   BIGINT NOT NULL REFERENCES organisation (organisation_id),
    partnership_type TEXT NOT NULL CHECK (partnership_type IN ('type_i', 'type_ii', 'type_iii')),
    component        TEXT NOT NULL,
    target           DOUBLE PRECISION NOT NULL CHECK (target >= 1 AND target <= 5),
    updated_by       BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (institution_id, partnership_type, component)
);
