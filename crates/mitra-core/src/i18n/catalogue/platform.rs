//! Catalogue section: Administration, programmes and profile history (the platform).

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[];
