//! MOORA ratio system (Brauers & Zavadskas 2006).
//!
//! Each column is divided by its Euclidean norm, rᵢⱼ = xᵢⱼ/‖x·ⱼ‖, and the score is
//! yᵢ = Σ_benefit wⱼ·rᵢⱼ − Σ_cost wⱼ·rᵢⱼ. A column of zeros gives rᵢⱼ = 0.
//!
//! The published "unweighted" scores (Brauers & Zavadskas; Kracka et al. 2010) use wⱼ = 1 for
//! every criterion. The engine's weights sum to one, so with equal weights its scores are the
//! published ones divided by the number of criteria: same ranking, same ratios.

use crate::{
    matrix::DecisionMatrix,
    method::Outcome,
    normalize::{ColumnStats, Need},
    par,
};

pub(crate) fn moora(matrix: &DecisionMatrix, w: &[f64]) -> Outcome {
    let stats = ColumnStats::compute_needed(matrix, Need { sum_sq: true, ..Need::NONE });
    let factors: Vec<f64> = stats
        .iter()
        .zip(w)
        .enumerate()
        .map(|(j, (s, &wj))| {
            let norm = s.norm;
            let f = if norm > 0.0 { wj / norm } else { 0.0 };
            if matrix.is_cost(j) {
                -f
            } else {
                f
            }
        })
        .collect();
    let scores = par::map_rows(matrix, |row| row.iter().zip(&factors).map(|(&x, &f)| f * x).sum());
    Outcome { scores, quantities: Vec::new() }
}
