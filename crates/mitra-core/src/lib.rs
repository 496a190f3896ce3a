//! # mitra-core — Mitra's domain
//!
//! The partnership model of Lambert et al. as the paper uses it (eight components, optional
//! risk/reward sharing) and the [`assessment`]s built on it: instruments, responses, scores,
//! partnership types, advice and survey reliability. Pure: no I/O, no async, no storage.
#![warn(missing_docs)]

pub mod assessment;
