//! # mitra-core — the domain of Mitra
//!
//! Organisations ([`organisation`]: UMKM, buyers, institutions, with their size class derived by
//! [`size`] under PP 7/2021), partnerships ([`partnership`]: the ten legal patterns, status
//! transitions, contracts, scope, joint investments), users and roles ([`user`]), the privacy
//! rules ([`access`]), regions keyed by BPS code ([`region`]), the one message catalogue in
//! Indonesian and English ([`i18n`]), per-field validation errors ([`field`]), the storage port
//! ([`store::Store`]), and reproducible demo data ([`demo`]).
//!
//! Pure: no sqlx, axum, clap or tokio, no clock and no I/O. Inputs arrive as drafts of text and
//! leave as parsed values or per-field errors; everything after parsing is infallible.
#![warn(missing_docs)]

pub mod access;
pub mod demo;
pub mod field;
pub mod i18n;
mod keyed;
pub mod organisation;
pub mod partnership;
pub mod region;
pub mod size;
pub mod store;
pub mod user;

pub use access::{Actor, ProfileAccess};
pub use field::{FieldError, FieldErrors};
pub use i18n::{t, Lang};
pub use store::{Store, StoreError};

/// The crate graph points one way — cli → server → store → core → decide — and core stays pure.
/// Checked from the manifests so that a new dependency that breaks the shape fails a test.
#[cfg(test)]
mod architecture {
    fn dependencies(krate: &str) -> Vec<String> {
        let path = format!("{}/../{krate}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut in_deps = false;
        let mut out = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_deps = line == "[dependencies]";
            } else if in_deps && !line.is_empty() && !line.starts_with('#') {
                if let Some(name) = line.split(['=', '.']).next() {
                    out.push(name.trim().to_owned());
                }
            }
        }
        out
    }

    #[test]
    fn crates_depend_only_downwards() {
        let forbidden: &[(&str, &[&str])] = &[
            (
                "mitra-core",
                &[
                    "sqlx",
                    "axum",
                    "tokio",
                    "clap",
                    "askama",
                    "reqwest",
                    "mitra-store",
                    "mitra-server",
                    "mitra-cli",
                ],
            ),
            ("mitra-store", &["axum", "askama", "clap", "mitra-server", "mitra-cli"]),
            ("mitra-server", &["clap", "mitra-cli"]),
            (
                "mitra-decide",
                &["mitra-core", "mitra-store", "mitra-server", "mitra-cli", "sqlx", "tokio"],
            ),
        ];
        for (krate, banned) in forbidden {
            let deps = dependencies(krate);
            assert!(!deps.is_empty(), "{krate} has no [dependencies]?");
            for b in *banned {
                assert!(!deps.iter().any(|d| d == b), "{krate} must not depend on {b}");
            }
        }
        assert!(dependencies("mitra-store").iter().any(|d| d == "mitra-core"));
        assert!(dependencies("mitra-server").iter().any(|d| d == "mitra-store"));
    }
}
