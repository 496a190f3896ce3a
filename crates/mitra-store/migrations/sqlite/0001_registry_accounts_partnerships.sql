-- Mitra schema 1: regions, organisations, accounts, sessions, partnerships.
-- Keep in step with ../postgres/0001_registry_accounts_partnerships.sql: same tables, columns and
-- constraints; only the id and floating-point types differ (INTEGER PRIMARY KEY is SQLite's rowid
-- alias). Money is BIGINT rupiah, dates are DATE (ISO text), instants are BIGINT Unix seconds (UTC).

CREATE TABLE province (
    province_code TEXT PRIMARY KEY,
    name          TEXT NOT NULL
);

-- Regencies and cities keyed by BPS code; any province.
CREATE TABLE region (
    region_code     TEXT PRIMARY KEY,
    province_code   TEXT NOT NULL REFERENCES province (province_code),
    kemendagri_code TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('kabupaten', 'kota')),
    name            TEXT NOT NULL,
    area_km2        REAL
);
CREATE INDEX region_province ON region (province_code);

CREATE TABLE organisation (
    organisation_id    INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('umkm', 'buyer', 'institution')),
    legal_name         TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    nib                TEXT UNIQUE CHECK (nib IS NULL OR length(nib) = 13),
    owner_name         TEXT NOT NULL,
    contact_phone      TEXT,
    contact_email      TEXT,
    region_code        TEXT NOT NULL REFERENCES region (region_code),
    sector             TEXT NOT NULL CHECK (sector IN ('crafts', 'garment_textile', 'processed_food', 'agricultural', 'other')),
    workers            BIGINT NOT NULL CHECK (workers >= 0),
    business_capital   BIGINT CHECK (business_capital >= 0),
    annual_sales       BIGINT CHECK (annual_sales >= 0),
    size_class         TEXT CHECK (size_class IN ('micro', 'small', 'medium', 'large')),
    online_presence    TEXT NOT NULL CHECK (online_presence IN ('none', 'social_media', 'marketplace', 'own_website')),
    qc_practice        TEXT NOT NULL CHECK (qc_practice IN ('none', 'manual_inspection', 'documented', 'certified')),
    capacity_per_month BIGINT CHECK (capacity_per_month >= 0),
    capacity_unit      TEXT,
    description        TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX organisation_name ON organisation (name_key, organisation_id);
CREATE INDEX organisation_filter ON organisation (region_code, sector, size_class);
CREATE INDEX organisation_kind ON organisation (kind, name_key);

CREATE TABLE organisation_product (
    organisation_id BIGINT NOT NULL REFERENCES organisation (organisation_id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    product         TEXT NOT NULL,
    product_key     TEXT NOT NULL,
    PRIMARY KEY (organisation_id, position)
);
CREATE INDEX organisation_product_key ON organisation_product (product_key);

CREATE TABLE certificate (
    certificate_id  INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisation (organisation_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('halal', 'pirt', 'sni', 'bpom', 'other')),
    number          TEXT,
    issued_on       DATE,
    expires_on      DATE,
    CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on)
);
CREATE INDEX certificate_organisation ON certificate (organisation_id);

-- "user" is reserved in PostgreSQL; an account is what a user logs in with.
CREATE TABLE account (
    account_id      INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('institution_officer', 'buyer_user', 'supplier_user', 'admin')),
    organisation_id BIGINT REFERENCES organisation (organisation_id),
    password_hash   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    CHECK (role = 'admin' OR organisation_id IS NOT NULL)
);
CREATE INDEX account_organisation ON account (organisation_id);

-- session_id is the SHA-256 of the cookie token, never the token itself.
CREATE TABLE session (
    session_id  TEXT PRIMARY KEY,
    account_id  BIGINT REFERENCES account (account_id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX session_account ON session (account_id);
CREATE INDEX session_expiry ON session (expires_at);

-- Failed logins per account key and client address, shared by every server process.
CREATE TABLE login_failure (
    login_failure_id INTEGER PRIMARY KEY,
    account_key      TEXT NOT NULL,
    ip               TEXT NOT NULL,
    at               BIGINT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (account_key, ip, at);

CREATE TABLE partnership (
    partnership_id               INTEGER PRIMARY KEY,
    buyer_id                     BIGINT NOT NULL REFERENCES organisation (organisation_id),
    supplier_id                  BIGINT NOT NULL REFERENCES organisation (organisation_id),
    proposed_by_organisation_id  BIGINT NOT NULL REFERENCES organisation (organisation_id),
    pattern                      TEXT NOT NULL CHECK (pattern IN ('inti_plasma', 'subkontrak', 'waralaba', 'perdagangan_umum', 'distribusi_keagenan', 'rantai_pasok', 'bagi_hasil', 'kerja_sama_operasional', 'usaha_patungan', 'penyumberluaran')),
    path                         TEXT NOT NULL CHECK (path IN ('natural', 'facilitated')),
    facilitator                  TEXT,
    status                       TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'suspended', 'ended')),
    status_since                 DATE NOT NULL,
    status_reason                TEXT,
    contract_written             BOOLEAN NOT NULL,
    contract_style               TEXT NOT NULL CHECK (contract_style IN ('spot', 'short_term', 'long_term', 'open_ended')),
    start_on                     DATE,
    end_on                       DATE,
    payment_terms_days           BIGINT CHECK (payment_terms_days BETWEEN 0 AND 365),
    contract_file_ref            TEXT,
    institution_consent          BOOLEAN NOT NULL,
    version                      BIGINT NOT NULL DEFAULT 1,
    created_at                   BIGINT NOT NULL,
    updated_at                   BIGINT NOT NULL,
    CHECK (buyer_id <> supplier_id),
    CHECK (proposed_by_organisation_id IN (buyer_id, supplier_id)),
    CHECK (end_on IS NULL OR start_on IS NULL OR end_on >= start_on),
    CHECK (path = 'natural' OR facilitator IS NOT NULL)
);
CREATE INDEX partnership_buyer ON partnership (buyer_id);
CREATE INDEX partnership_supplier ON partnership (supplier_id);

CREATE TABLE partnership_scope (
    partnership_id BIGINT NOT NULL REFERENCES partnership (partnership_id) ON DELETE CASCADE,
    scope          TEXT NOT NULL CHECK (scope IN ('procurement', 'processing', 'distribution', 'transport', 'marketing', 'r_and_d')),
    PRIMARY KEY (partnership_id, scope)
);

CREATE TABLE joint_investment (
    joint_investment_id INTEGER PRIMARY KEY,
    partnership_id      BIGINT NOT NULL REFERENCES partnership (partnership_id) ON DELETE CASCADE,
    purpose             TEXT NOT NULL,
    amount              BIGINT NOT NULL CHECK (amount >= 0),
    buyer_share_pct     BIGINT NOT NULL CHECK (buyer_share_pct BETWEEN 0 AND 100),
    supplier_share_pct  BIGINT NOT NULL CHECK (supplier_share_pct BETWEEN 0 AND 100),
    CHECK (buyer_share_pct + supplier_share_pct = 100)
);
CREATE INDEX joint_investment_partnership ON joint_investment (partnership_id);

CREATE TABLE partnership_event (
    partnership_event_id INTEGER PRIMARY KEY,
    partnership_id       BIGINT NOT NULL REFERENCES partnership (partnership_id) ON DELETE CASCADE,
    at                   BIGINT NOT NULL,
    account_id           BIGINT REFERENCES account (account_id) ON DELETE SET NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('created', 'status', 'consent')),
    from_status          TEXT,
    to_status            TEXT,
    reason               TEXT
);
CREATE INDEX partnership_event_partnership ON partnership_event (partnership_id, partnership_event_id);
