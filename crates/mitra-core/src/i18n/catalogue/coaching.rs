//! Catalogue section: action plans, coach assignment, Lambert drivers and facilitators, survey
//! import (coaching).

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[];
