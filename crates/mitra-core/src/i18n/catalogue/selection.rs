//! Catalogue section: Sourcing events: candidates, quotes, weights, ranking and decisions (supplier selection).

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[];
