//! TOPSIS (Hwang & Yoon 1981) with Euclidean distance.
//!
//! Cost criteria are turned by the normalisation (e.g. 1 − x/‖x‖ for `vector`); for the affine
//! normalisations this gives exactly the distances of the textbook form, which keeps x/‖x‖ and
//! takes the minimum as the ideal of a cost criterion. Closeness is D⁻/(D⁺ + D⁻); when both are
//! zero (every criterion constant) it is 0.5, so all alternatives tie.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::{ColumnMap, Need, Normalization},
    par,
};

pub(crate) fn topsis(
    matrix: &DecisionMatrix,
    w: &[f64],
    normalization: Normalization,
    detail: bool,
) -> Outcome {
    let (maps, stats) = normalization.column_maps_with(matrix, Need::BOUNDS);
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
    match ColumnMap::affine_parts(&maps) {
        // v − ideal = a·x + (b − ideal): no branch and one multiplication per value.
        Some((a, b)) => {
            let to_ideal: Vec<f64> = b.iter().zip(&ideal).map(|(b, i)| b - i).collect();
            let to_anti: Vec<f64> = b.iter().zip(&anti).map(|(b, i)| b - i).collect();
            if !detail {
                let coef: Vec<[f64; 3]> =
                    (0..a.len()).map(|j| [a[j], to_ideal[j], to_anti[j]]).collect();
                let scores = par::map_row_pairs(
                    matrix,
                    |r0, r1| {
                        let (mut dp, mut dm) = ([0.0f64; 2], [0.0f64; 2]);
                        for ((&x0, &x1), c) in r0.iter().zip(r1).zip(&coef) {
                            let (ax0, ax1) = (c[0] * x0, c[0] * x1);
                            let (p0, p1) = (ax0 + c[1], ax1 + c[1]);
                            let (q0, q1) = (ax0 + c[2], ax1 + c[2]);
                            dp[0] += p0 * p0;
                            dp[1] += p1 * p1;
                            dm[0] += q0 * q0;
                            dm[1] += q1 * q1;
                        }
                        let (p0, p1) = (dp[0].sqrt(), dp[1].sqrt());
                        let (q0, q1) = (dm[0].sqrt(), dm[1].sqrt());
                        [closeness(p0, q0), closeness(p1, q1)]
                    },
                    |row| {
                        let (mut dp, mut dm) = (0.0f64, 0.0f64);
                        for (&x, c) in row.iter().zip(&coef) {
                            let ax = c[0] * x;
                            let (p, q) = (ax + c[1], ax + c[2]);
                            dp += p * p;
                            dm += q * q;
                        }
                        closeness(dp.sqrt(), dm.sqrt())
                    },
                );
                return Outcome { scores, quantities: Vec::new() };
            }
            closeness_rows(matrix, detail, |row| {
                let (mut dp, mut dm) = (0.0f64, 0.0f64);
                for (((&x, &aj), &bi), &ba) in row.iter().zip(&a).zip(&to_ideal).zip(&to_anti) {
                    let ax = aj * x;
                    let (p, q) = (ax + bi, ax + ba);
                    dp += p * p;
                    dm += q * q;
                }
                (dp.sqrt(), dm.sqrt())
            })
        }
        None => closeness_rows(matrix, detail, |row| {
            let (mut dp, mut dm) = (0.0f64, 0.0f64);
            for (((&x, m), &hi), &lo) in row.iter().zip(&maps).zip(&ideal).zip(&anti) {
                let v = m.apply(x);
                let (p, q) = (v - hi, v - lo);
                dp += p * p;
                dm += q * q;
            }
            (dp.sqrt(), dm.sqrt())
        }),
    }
}

/// Closeness D⁻/(D⁺ + D⁻); 0.5 when both are zero.
#[inline]
fn closeness(dp: f64, dm: f64) -> f64 {
    let total = dp + dm;
    if total > 0.0 {
        dm / total
    } else {
        0.5
    }
}

/// Closeness per row from `distances`, with D⁺ and D⁻ when `detail` is set.
fn closeness_rows<F>(matrix: &DecisionMatrix, detail: bool, distances: F) -> Outcome
where
    F: Fn(&[f64]) -> (f64, f64) + Sync + Send,
{
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
