//! Catalogue section: action plans, coach assignment, Lambert drivers and facilitators, survey
//! import (coaching).

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[
    // ---- domain values -----------------------------------------------------------------------
    ("action.status.planned", "Direncanakan", "Planned"),
    ("action.status.in_progress", "Sedang berjalan", "In progress"),
    ("action.status.done", "Selesai", "Done"),
    ("action.status.dropped", "Dibatalkan", "Dropped"),
    ("lambert.side.buyer", "Pembeli", "Buyer"),
    ("lambert.side.supplier", "Pemasok", "Supplier"),
    ("lambert.side.joint", "Bersama", "Joint"),
];
