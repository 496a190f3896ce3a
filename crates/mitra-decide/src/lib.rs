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
//!
//! On top of a ranking: [`compare`] measures how far rankings agree and merges them,
//! [`sensitivity`] shows how the ranking moves with one weight and how far each weight can move
//! before the winner changes, [`smaa`] ranks under uncertain weights (SMAA-2), and [`explain`](mod@explain)
//! splits the gap between two alternatives into per-criterion contributions.
#![warn(missing_docs)]

pub mod ahp;
mod batch;
pub mod compare;
mod copras;
mod edas;
mod error;
pub mod explain;
pub mod matrix;
pub mod method;
mod moora;
pub mod normalize;
pub mod objective;
mod par;
mod promethee;
pub mod rank;
mod saw;
pub mod sensitivity;
pub mod smaa;
mod topsis;
mod vikor;
mod waspas;
mod weights;
mod wp;

pub use compare::{
    borda, compare_methods, copeland, spearman, weighted_spearman, ws_coefficient, Consensus,
    MethodComparison,
};
pub use error::DecideError;
pub use explain::{explain, explain_against_winner, Contribution, Explanation};
pub use matrix::{Criterion, CriterionKind, DecisionMatrix};
pub use method::{Evaluation, Method, MethodKey, Quantity};
pub use normalize::Normalization;
pub use par::PAR_MIN_ROWS;
pub use promethee::{Preference, PreferenceFunction};
pub use rank::ScoreOrder;
pub use sensitivity::{
    one_at_a_time, rescaled_weights, winner_intervals, WeightInterval, WinnerStability,
};
pub use smaa::{smaa2, smaa2_with, SmaaOptions, SmaaResult, WeightSampling, SMAA_MAX_ALTERNATIVES};
pub use vikor::VikorCompromise;
pub use weights::Weights;
