//! The ranking methods behind one entry point, [`Method::evaluate`].
//!
//! Every result is an [`Evaluation`]: the method with its parameters, the weights used, one score
//! and rank per alternative (input order), and the method's own per-alternative quantities
//! (TOPSIS `d_plus`/`d_minus`, VIKOR `s`/`r`/`q`, …) under stable names.

use crate::{
    matrix::DecisionMatrix,
    normalize::Normalization,
    rank::{self, ScoreOrder},
    saw, topsis, DecideError, Weights,
};
use serde::Serialize;

/// A ranking method and its parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// Simple additive weighting: Σ wⱼ·rᵢⱼ over a normalised matrix.
    Saw {
        /// How raw values are normalised (cost criteria turned by the normalisation).
        normalization: Normalization,
    },
    /// TOPSIS: closeness to the ideal and distance from the anti-ideal solution (Euclidean).
    Topsis {
        /// `vector` (Hwang–Yoon) or `min_max`; the others are accepted too.
        normalization: Normalization,
    },
}

impl Method {
    /// The method's key as typed on the command line (`topsis`, `saw`, …).
    pub fn key(&self) -> &'static str {
        match self {
            Self::Saw { .. } => "saw",
            Self::Topsis { .. } => "topsis",
        }
    }

    /// The normalisation the method applies, if it has one.
    pub fn normalization(&self) -> Option<Normalization> {
        match self {
            Self::Saw { normalization } | Self::Topsis { normalization } => Some(*normalization),
        }
    }

    /// Whether a higher score is better for this method.
    pub fn score_order(&self) -> ScoreOrder {
        ScoreOrder::HigherIsBetter
    }

    /// Checks that `matrix` and `weights` suit this method: one weight per criterion, valid
    /// parameters, positive values where the method or its normalisation divides by them.
    pub fn validate(&self, matrix: &DecisionMatrix, weights: &Weights) -> Result<(), DecideError> {
        weights.check_len(matrix.n_criteria())?;
        if let Some(norm) = self.normalization() {
            if norm.needs_positive() {
                matrix.require_positive(norm.key())?;
            }
        }
        Ok(())
    }

    /// Ranks the alternatives of `matrix` with `weights`.
    pub fn evaluate(
        &self,
        matrix: &DecisionMatrix,
        weights: &Weights,
    ) -> Result<Evaluation, DecideError> {
        self.validate(matrix, weights)?;
        Ok(self.evaluate_valid(matrix, weights))
    }

    /// Scores only (no ranks, no quantities), for callers that re-run a validated problem many
    /// times (sensitivity, SMAA). `matrix` and `weights` must have passed [`Method::validate`].
    pub(crate) fn scores_valid(&self, matrix: &DecisionMatrix, weights: &Weights) -> Vec<f64> {
        self.outcome(matrix, weights).scores
    }

    fn outcome(&self, matrix: &DecisionMatrix, weights: &Weights) -> Outcome {
        let w = weights.as_slice();
        match self {
            Self::Saw { normalization } => saw::saw(matrix, w, *normalization),
            Self::Topsis { normalization } => topsis::topsis(matrix, w, *normalization),
        }
    }

    pub(crate) fn evaluate_valid(&self, matrix: &DecisionMatrix, weights: &Weights) -> Evaluation {
        let Outcome { scores, quantities } = self.outcome(matrix, weights);
        let score_order = self.score_order();
        Evaluation {
            method: self.clone(),
            weights: weights.clone(),
            ranks: rank::ranks(&scores, score_order),
            scores,
            score_order,
            quantities,
        }
    }
}

/// What a method computes before ranking.
pub(crate) struct Outcome {
    pub(crate) scores: Vec<f64>,
    pub(crate) quantities: Vec<Quantity>,
}

/// One named per-alternative quantity of a method (`d_plus`, `s`, `phi_minus`, …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Stable snake_case name, used as JSON key and CSV column.
    pub name: &'static str,
    /// One value per alternative, input order.
    pub values: Vec<f64>,
}

/// The result of ranking: everything needed to reproduce and explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The method and its parameters.
    pub method: Method,
    /// The weights used (sum 1).
    pub weights: Weights,
    /// One score per alternative, input order.
    pub scores: Vec<f64>,
    /// One rank per alternative, input order; 1 is best, ties share the best rank.
    pub ranks: Vec<usize>,
    /// Whether higher or lower scores are better.
    pub score_order: ScoreOrder,
    /// The method's own per-alternative quantities.
    pub quantities: Vec<Quantity>,
}

impl Evaluation {
    /// Index of the (first) alternative ranked 1.
    pub fn winner(&self) -> usize {
        self.ranks.iter().position(|&r| r == 1).unwrap_or(0)
    }
    /// A quantity by name.
    pub fn quantity(&self, name: &str) -> Option<&[f64]> {
        self.quantities.iter().find(|q| q.name == name).map(|q| q.values.as_slice())
    }
}
