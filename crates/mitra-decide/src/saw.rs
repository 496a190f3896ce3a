//! SAW — simple additive weighting.

use crate::{
    matrix::DecisionMatrix,
    method::Outcome,
    normalize::{ColumnMap, Normalization},
    par,
};

/// Σⱼ wⱼ·rᵢⱼ with rᵢⱼ from `normalization`. One pass for the column statistics the
/// normalisation reads, one for scores. The weights are folded into the column maps; when all
/// maps are affine (every normalisation but `sum` and `linear` on costs) the score is the
/// constant Σⱼ wⱼ·bⱼ plus a dot product with the row.
pub(crate) fn saw(matrix: &DecisionMatrix, w: &[f64], normalization: Normalization) -> Outcome {
    let maps = ColumnMap::weighted(&normalization.column_maps(matrix), w);
    let scores = match ColumnMap::affine_parts(&maps) {
        Some((a, b)) => {
            let constant: f64 = b.iter().sum();
            par::map_rows(matrix, |row| {
                constant + row.iter().zip(&a).map(|(&x, &aj)| aj * x).sum::<f64>()
            })
        }
        None => par::map_rows(matrix, |row| row.iter().zip(&maps).map(|(&x, m)| m.apply(x)).sum()),
    };
    Outcome { scores, quantities: Vec::new() }
}
