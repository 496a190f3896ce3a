//! TOPSIS (Hwang & Yoon 1981) with Euclidean distance.
//!
//! Cost criteria are turned by the normalisation (e.g. 1 − x/‖x‖ for `vector`); for the affine
//! normalisations this gives exactly the distances of the textbook form, which keeps x/‖x‖ and
//! takes the minimum as the ideal of a cost criterion. Closeness is D⁻/(D⁺ + D⁻); when both are
//! zero (every criterion constant) it is 0.5, so all alternatives tie.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::{ColumnMap, Normalization},
    par,
};

pub(crate) fn topsis(
    matrix: &DecisionMatrix,
    w: &[f64],
    normalization: Normalization,
    detail: bool,
) -> Outcome {
    let (maps, stats) = normalization.column_maps_and_stats(matrix);
    let maps = ColumnMap::weighted(&maps, w);
    // Every column map is monotone, so the ideal and anti-ideal sit at the column's extremes.
    let (ideal, anti): (Vec<f64>, Vec<f64>) = maps
        .iter()
        .zip(&stats)
        .map(|(m, s)| {
            let (a, b) = (m.apply(s.min), m.apply(s.max));
            (a.max(b), a.min(b))
        })
        .unzip();
    let distances = |row: &[f64]| {
        let (mut dp, mut dm) = (0.0f64, 0.0f64);
        for (((&x, m), &hi), &lo) in row.iter().zip(&maps).zip(&ideal).zip(&anti) {
            let v = m.apply(x);
            let (p, q) = (v - hi, v - lo);
            dp = p.mul_add(p, dp);
            dm = q.mul_add(q, dm);
        }
        (dp.sqrt(), dm.sqrt())
    };
    let closeness = |dp: f64, dm: f64| {
        let total = dp + dm;
        if total > 0.0 {
            dm / total
        } else {
            0.5
        }
    };
    if !detail {
        let scores = par::map_rows(matrix, |row| {
            let (dp, dm) = distances(row);
            closeness(dp, dm)
        });
        return Outcome { scores, quantities: Vec::new() };
    }
    let [scores, d_plus, d_minus] = par::map_rows_k(matrix, |row| {
        let (dp, dm) = distances(row);
        [closeness(dp, dm), dp, dm]
    });
    Outcome {
        scores,
        quantities: vec![
            Quantity { name: "d_plus", values: d_plus },
            Quantity { name: "d_minus", values: d_minus },
        ],
    }
}
