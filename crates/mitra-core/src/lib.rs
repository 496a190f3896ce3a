//! # mitra-core — the domain of Mitra
//!
//! The partnership model and its [`assessment`]s (instruments, responses, scores, Lambert's
//! partnership types, advice, survey reliability); organisations ([`organisation`]: UMKM, buyers, institutions, with their size class derived by
//! [`size`] under PP 7/2021), partnerships ([`partnership`]: the ten legal patterns, status
//! transitions, contracts, scope, joint investments), users and roles ([`user`]), the privacy
//! rules ([`access`]), regions keyed by BPS code ([`region`]), the one message catalogue in
//! Indonesian and English ([`i18n`]), per-field validation errors ([`field`]), the storage port
//! ([`store::Store`]), and reproducible demo data ([`demo`]), and supplier selection ([`selection`]:
//! sourcing events, candidates, quotes, criteria, weights, ranking, decisions).
//!
//! Pure: no sqlx, axum, clap or tokio, no clock and no I/O. Inputs arrive as drafts of text and
//! leave as parsed values or per-field errors; everything after parsing is infallible.
#![warn(missing_docs)]

pub mod access;
pub mod assessment;
pub mod demo;
pub mod field;
pub mod i18n;
mod keyed;
pub mod organisation;
pub mod partnership;
pub mod region;
pub mod selection;
pub mod size;
pub mod store;
pub mod user;

pub use access::{Actor, ProfileAccess};
pub use field::{FieldError, FieldErrors};
pub use i18n::{t, Lang};
pub use store::{Store, StoreError};
