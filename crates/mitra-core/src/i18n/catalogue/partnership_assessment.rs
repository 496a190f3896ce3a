//! Catalogue section: two-sided partnership assessments, assessor ratings, trend charts and the
//! printable report.

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[];
