//! SAW — simple additive weighting.

use crate::{matrix::DecisionMatrix, method::Outcome, normalize::Normalization, par};

/// Σⱼ wⱼ·rᵢⱼ with rᵢⱼ from `normalization`. One pass for column statistics, one for scores.
pub(crate) fn saw(matrix: &DecisionMatrix, w: &[f64], normalization: Normalization) -> Outcome {
    let maps = normalization.column_maps(matrix);
    let scores = par::map_rows(matrix, |row| {
        row.iter().zip(&maps).zip(w).map(|((&x, m), &wj)| wj * m.apply(x)).sum()
    });
    Outcome { scores, quantities: Vec::new() }
}
