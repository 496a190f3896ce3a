//! Storage tests. Every test runs twice, on SQLite and on PostgreSQL, through `store_test!`.

mod assessments;
mod coaching;
mod common;
mod instruments;
mod organisations;
mod partnerships;
mod platform;
mod schema;
mod selection;
mod sessions;

use mitra_core::organisation::{NewOrganisation, OrganisationDraft, OrganisationKind};

/// A valid organisation draft for tests to vary.
pub fn draft(name: &str) -> OrganisationDraft {
    OrganisationDraft {
        legal_name: name.into(),
        owner_name: "Rosmawati Siregar".into(),
        regency: "1275".into(),
        sector: "processed_food".into(),
        products: "bika ambon, bolu meranti".into(),
        workers: "6".into(),
        business_capital: "750.000.000".into(),
        annual_sales: "3.000.000.000".into(),
        ..Default::default()
    }
}

/// A parsed organisation of `kind`.
pub fn org(kind: OrganisationKind, name: &str) -> NewOrganisation {
    draft(name).parse(kind).expect("valid test organisation")
}

/// A fixed "now" (Unix seconds) so that tests do not depend on the clock.
pub const NOW: i64 = 1_750_000_000;
