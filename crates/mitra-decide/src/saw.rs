//! SAW — simple additive weighting.

use crate::{
    matrix::DecisionMatrix,
    method::Outcome,
    normalize::{ColumnMap, Normalization},
    par,
};

/// Σⱼ wⱼ·rᵢⱼ with rᵢⱼ from `normalization`. One pass for column statistics, one for scores; the
/// weights are folded into the column maps, so each value costs one multiply-add.
pub(crate) fn saw(matrix: &DecisionMatrix, w: &[f64], normalization: Normalization) -> Outcome {
    let maps = ColumnMap::weighted(&normalization.column_maps(matrix), w);
    let scores = par::map_rows(matrix, |row| row.iter().zip(&maps).map(|(&x, m)| m.apply(x)).sum());
    Outcome { scores, quantities: Vec::new() }
}
