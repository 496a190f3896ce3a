//! # mitra-core — Mitra's domain
//!
//! The partnership model of Lambert et al. as the paper uses it (eight components, optional
//! risk/reward sharing) and the [`assessment`]s built on it: instruments, responses, scores,
//! partnership types, advice and survey reliability. Pure: no I/O, no async, no storage.
#![warn(missing_docs)]

pub mod assessment;

#[cfg(test)]
mod tests {
    /// Core stays pure: the architecture's arrows point away from it.
    #[test]
    fn core_depends_on_no_io_framework() {
        let manifest = include_str!("../Cargo.toml");
        for forbidden in ["tokio", "sqlx", "axum", "clap", "calamine", "csv", "reqwest"] {
            assert!(
                !manifest.lines().any(|l| l.trim_start().starts_with(forbidden)),
                "mitra-core must not depend on {forbidden}"
            );
        }
    }
}
