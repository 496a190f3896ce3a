//! The one error type of the engine.
//!
//! Every variant carries the indices (row = alternative, column = criterion) that a caller needs
//! to point at the bad input. The engine does not know names or languages: callers (the command
//! line, the server) turn a [`DecideError`] into a message in the user's language.

use thiserror::Error;

/// Why a decision problem was rejected. Raised only while parsing inputs: once a problem is
/// built, the methods cannot fail.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DecideError {
    /// The matrix has no alternatives (rows).
    #[error("the decision matrix has no alternatives")]
    NoAlternatives,
    /// The matrix has no criteria (columns).
    #[error("the decision matrix has no criteria")]
    NoCriteria,
    /// A row has the wrong number of values, or the flat value buffer the wrong length.
    #[error("row {row}: expected {expected} values, found {found}")]
    RowLength {
        /// Zero-based alternative index.
        row: usize,
        /// Number of criteria.
        expected: usize,
        /// Number of values given.
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error("row {row}, criterion {criterion}: value is not a finite number")]
    NonFinite {
        /// Zero-based alternative index.
        row: usize,
        /// Zero-based criterion index.
        criterion: usize,
    },
    /// A value is zero or negative where the chosen method or normalisation needs it positive.
    #[error("row {row}, criterion {criterion}: {value} must be greater than zero for {needed_by}")]
    NonPositive {
        /// Zero-based alternative index.
        row: usize,
        /// Zero-based criterion index.
        criterion: usize,
        /// The offending value.
        value: f64,
        /// The method or normalisation that needs positive values.
        needed_by: &'static str,
    },
    /// Two criteria or two alternatives share a name.
    #[error("duplicate name '{name}'")]
    DuplicateName {
        /// The repeated name.
        name: String,
    },
    /// The number of weights differs from the number of criteria.
    #[error("expected {expected} weights, found {found}")]
    WeightCount {
        /// Number of criteria.
        expected: usize,
        /// Number of weights given.
        found: usize,
    },
    /// A weight is negative or not finite.
    #[error("weight {index} is {value}; weights must be finite and not negative")]
    InvalidWeight {
        /// Zero-based criterion index.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// All weights are zero, so they cannot be normalised.
    #[error("all weights are zero")]
    ZeroWeights,
    /// A method parameter is out of its range.
    #[error("parameter {name} = {value}: {expected}")]
    InvalidParameter {
        /// Parameter name as the user types it (`v`, `lambda`, `q`, …).
        name: &'static str,
        /// The offending value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// AHP pairwise judgments were rejected (the error names the cell).
    #[error(transparent)]
    Pairwise(#[from] crate::ahp::PairwiseError),
    /// A value is negative where the method needs values ≥ 0 (entropy weights).
    #[error("row {row}, criterion {criterion}: {value} must not be negative for {needed_by}")]
    Negative {
        /// Zero-based alternative index.
        row: usize,
        /// Zero-based criterion index.
        criterion: usize,
        /// The offending value.
        value: f64,
        /// The method that needs non-negative values.
        needed_by: &'static str,
    },
    /// PROMETHEE was given a different number of preference functions than there are criteria.
    #[error("expected {expected} preference functions (one per criterion), found {found}")]
    PreferenceCount {
        /// Number of criteria.
        expected: usize,
        /// Number of preference functions given.
        found: usize,
    },
    /// A criterion's average is zero, so distances relative to it are undefined (EDAS).
    #[error("criterion {criterion}: the average is zero, but {needed_by} divides by it")]
    ZeroAverage {
        /// Zero-based criterion index.
        criterion: usize,
        /// The method that divides by the average.
        needed_by: &'static str,
    },
}
