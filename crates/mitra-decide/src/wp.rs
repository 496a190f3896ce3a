//! WP — the weighted product model (Bridgman 1922; Miller & Starr 1969).
//!
//! Score Πⱼ xᵢⱼ^wⱼ, with exponent −wⱼ on cost criteria. It needs strictly positive values and no
//! normalisation: the ratio of two alternatives' scores does not depend on the criteria's units.
//! The product is computed as exp(Σⱼ ±wⱼ·ln xᵢⱼ), which cannot overflow in the middle of a
//! row. Because the weights sum to one, the score is a weighted geometric mean and stays within
//! the range of the values (and their reciprocals for costs); it is capped at `f64::MAX`, which
//! only matters for cost values below 1e-308.

use crate::{matrix::DecisionMatrix, method::Outcome, par};

pub(crate) fn wp(matrix: &DecisionMatrix, w: &[f64]) -> Outcome {
    let exponents: Vec<f64> =
        w.iter().enumerate().map(|(j, &wj)| if matrix.is_cost(j) { -wj } else { wj }).collect();
    let scores = par::map_rows(matrix, |row| {
        let log: f64 = row.iter().zip(&exponents).map(|(&x, &e)| e * x.ln()).sum();
        log.exp().min(f64::MAX)
    });
    Outcome { scores, quantities: Vec::new() }
}
