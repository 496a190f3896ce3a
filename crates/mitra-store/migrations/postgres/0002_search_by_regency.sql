-- Searching one regency, ordered by name, is the commonest search: this index serves both the
-- filter and the order, so the first page of Kota Medan's 470,000 demo UMKM needs no sort.
CREATE INDEX organisation_region_name ON organisation (region_code, name_key, organisation_id);
