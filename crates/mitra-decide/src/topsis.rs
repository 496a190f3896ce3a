//! TOPSIS (Hwang & Yoon 1981) with Euclidean distance.
//!
//! Cost criteria are turned by the normalisation (e.g. 1 − x/‖x‖ for `vector`); for the affine
//! normalisations this gives exactly the distances of the textbook form, which keeps x/‖x‖ and
//! takes the minimum as the ideal of a cost criterion. Closeness is D⁻/(D⁺ + D⁻); when both are
//! zero (every criterion constant) it is 0.5, so all alternatives tie.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::Normalization,
    par,
};

pub(crate) fn topsis(matrix: &DecisionMatrix, w: &[f64], normalization: Normalization) -> Outcome {
    let (maps, stats) = normalization.column_maps_and_stats(matrix);
    // Every column map is monotone, so the ideal and anti-ideal sit at the column's extremes.
    let (ideal, anti): (Vec<f64>, Vec<f64>) = maps
        .iter()
        .zip(&stats)
        .zip(w)
        .map(|((m, s), &wj)| {
            let (a, b) = (wj * m.apply(s.min), wj * m.apply(s.max));
            (a.max(b), a.min(b))
        })
        .unzip();
    let d = par::map_rows(matrix, |row| {
        let (mut dp, mut dm) = (0.0f64, 0.0f64);
        for j in 0..row.len() {
            let v = w[j] * maps[j].apply(row[j]);
            let (p, q) = (v - ideal[j], v - anti[j]);
            dp = p.mul_add(p, dp);
            dm = q.mul_add(q, dm);
        }
        (dp.sqrt(), dm.sqrt())
    });
    let mut scores = Vec::with_capacity(d.len());
    let mut d_plus = Vec::with_capacity(d.len());
    let mut d_minus = Vec::with_capacity(d.len());
    for (dp, dm) in d {
        let total = dp + dm;
        scores.push(if total > 0.0 { dm / total } else { 0.5 });
        d_plus.push(dp);
        d_minus.push(dm);
    }
    Outcome {
        scores,
        quantities: vec![
            Quantity { name: "d_plus", values: d_plus },
            Quantity { name: "d_minus", values: d_minus },
        ],
    }
}
