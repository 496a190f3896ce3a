-- Mitra schema 7: supplier selection (sourcing events, criteria, candidates, AHP judgments).
-- Keep in step with ../postgres/0007_selection.sql: same tables, columns and constraints; only
-- the id type differs. A decided event is frozen: its snapshot holds the inputs, weights, method
-- and results exactly as shown when the buyer decided.

CREATE TABLE sourcing_event (
    event_id          INTEGER PRIMARY KEY,
    buyer_id          BIGINT NOT NULL REFERENCES organisation (organisation_id),
    revision          BIGINT NOT NULL CHECK (revision >= 1),
    previous_event_id BIGINT REFERENCES sourcing_event (event_id),
    title             TEXT NOT NULL,
    product           TEXT NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity >= 1),
    unit              TEXT NOT NULL,
    period_start      DATE,
    period_end        DATE,
    regency           TEXT REFERENCES region (region_code),
    pattern           TEXT NOT NULL,
    method            TEXT NOT NULL,
    weight_mode       TEXT NOT NULL CHECK (weight_mode IN ('direct', 'ahp')),
    status            TEXT NOT NULL CHECK (status IN ('open', 'decided', 'superseded')),
    version           BIGINT NOT NULL DEFAULT 1,
    created_by        BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    decided_by        BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    decided_at        BIGINT,
    decision_reason   TEXT,
    snapshot          TEXT,
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);
CREATE INDEX sourcing_event_buyer ON sourcing_event (buyer_id, event_id);

CREATE TABLE sourcing_criterion (
    event_id    BIGINT NOT NULL REFERENCES sourcing_event (event_id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    key         TEXT NOT NULL,
    custom_name TEXT,
    cost        BOOLEAN NOT NULL,
    unit        TEXT NOT NULL,
    included    BOOLEAN NOT NULL,
    weight      DOUBLE PRECISION NOT NULL CHECK (weight >= 0),
    PRIMARY KEY (event_id, key)
);

-- Values are one JSON object per candidate ({"trust": [72.5, "buyer"], …}): a pool of 100,000
-- candidates loads as 100,000 rows, not a million.
CREATE TABLE sourcing_candidate (
    event_id             BIGINT NOT NULL REFERENCES sourcing_event (event_id) ON DELETE CASCADE,
    organisation_id      BIGINT NOT NULL REFERENCES organisation (organisation_id),
    origin               TEXT NOT NULL CHECK (origin IN ('registry', 'invited')),
    response             TEXT NOT NULL CHECK (response IN ('pending', 'accepted', 'declined')),
    excluded             BOOLEAN NOT NULL DEFAULT FALSE,
    unit_price           BIGINT CHECK (unit_price IS NULL OR unit_price > 0),
    lead_time_days       BIGINT CHECK (lead_time_days IS NULL OR lead_time_days BETWEEN 0 AND 365),
    min_order            BIGINT CHECK (min_order IS NULL OR min_order >= 0),
    capacity             BIGINT CHECK (capacity IS NULL OR capacity >= 0),
    shared_assessment_id BIGINT REFERENCES assessment (assessment_id),
    criterion_values     TEXT NOT NULL DEFAULT '{}',
    award_quantity       BIGINT CHECK (award_quantity IS NULL OR award_quantity >= 1),
    partnership_id       BIGINT REFERENCES partnership (partnership_id),
    PRIMARY KEY (event_id, organisation_id)
);
CREATE INDEX sourcing_candidate_organisation ON sourcing_candidate (organisation_id);

CREATE TABLE sourcing_judgment (
    event_id     BIGINT NOT NULL REFERENCES sourcing_event (event_id) ON DELETE CASCADE,
    evaluator_id BIGINT NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    row_key      TEXT NOT NULL,
    col_key      TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL CHECK (value > 0),
    PRIMARY KEY (event_id, evaluator_id, row_key, col_key)
);
