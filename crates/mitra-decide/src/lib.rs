//! # mitra-decide — the decision engine
//!
//! Multi-criteria decision making for supplier selection, with no I/O: a [`DecisionMatrix`]
//! (alternatives × criteria, each a benefit or a cost), [`Weights`] that always sum to one, and
//! ranking [`Method`]s that turn them into an [`Evaluation`] (scores, ranks, and each method's own
//! quantities). Inputs are parsed types: once a matrix, weights and method parameters are built,
//! evaluation cannot fail except for the method's documented preconditions, checked up front by
//! [`Method::validate`].
//!
//! Rank 1 is best; scores equal within 1e-12 (relative) share the best rank.
#![warn(missing_docs)]

pub mod ahp;
mod copras;
mod edas;
mod error;
pub mod matrix;
pub mod method;
mod moora;
pub mod normalize;
pub mod objective;
mod par;
mod promethee;
pub mod rank;
mod saw;
mod topsis;
mod vikor;
mod waspas;
mod weights;
mod wp;

pub use error::DecideError;
pub use matrix::{Criterion, CriterionKind, DecisionMatrix};
pub use method::{Evaluation, Method, Quantity};
pub use normalize::Normalization;
pub use par::PAR_MIN_ROWS;
pub use promethee::{Preference, PreferenceFunction};
pub use rank::ScoreOrder;
pub use vikor::VikorCompromise;
pub use weights::Weights;
