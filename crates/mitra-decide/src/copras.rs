//! COPRAS — complex proportional assessment (Zavadskas, Kaklauskas & Šarka 1994).
//!
//! Every column is sum-normalised on the raw values, dᵢⱼ = xᵢⱼ/Σₖ xₖⱼ (cost columns too), then
//! S⁺ᵢ = Σ_benefit wⱼ·dᵢⱼ and S⁻ᵢ = Σ_cost wⱼ·dᵢⱼ. The relative significance is
//!
//! Qᵢ = S⁺ᵢ + (S⁻_min · Σₖ S⁻ₖ) / (S⁻ᵢ · Σₖ (S⁻_min / S⁻ₖ)),
//!
//! and the utility degree Nᵢ = Qᵢ/Q_max · 100 %. The method needs positive values (it divides by
//! the cost sums). When no cost criterion carries weight, S⁻ is zero everywhere and Q = S⁺.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::{ColumnStats, Need},
    par,
};

pub(crate) fn copras(matrix: &DecisionMatrix, w: &[f64], detail: bool) -> Outcome {
    let stats = ColumnStats::compute_needed(matrix, Need { sum: true, ..Need::NONE });
    // Weighted sum-normalisation factor per column; costs negative to tell them apart.
    let factors: Vec<f64> = stats
        .iter()
        .zip(w)
        .enumerate()
        .map(|(j, (s, &wj))| if matrix.is_cost(j) { -wj / s.sum } else { wj / s.sum })
        .collect();
    let [s_plus, s_minus] = par::map_rows_k(matrix, |row| {
        let (mut plus, mut minus) = (0.0, 0.0);
        for (&x, &f) in row.iter().zip(&factors) {
            if f >= 0.0 {
                plus += f * x;
            } else {
                minus -= f * x;
            }
        }
        [plus, minus]
    });
    let (min_minus, _) = par::min_max(&s_minus);
    let scores = if min_minus > 0.0 {
        let total: f64 = s_minus.iter().sum();
        let ratio_sum: f64 = s_minus.iter().map(|&s| min_minus / s).sum();
        let numerator = min_minus * total;
        par::map_index(s_plus.len(), |i| s_plus[i] + numerator / (s_minus[i] * ratio_sum))
    } else {
        s_plus.clone()
    };
    if !detail {
        return Outcome { scores, quantities: Vec::new() };
    }
    let (_, q_max) = par::min_max(&scores);
    let utility: Vec<f64> =
        scores.iter().map(|&q| if q_max > 0.0 { q / q_max * 100.0 } else { 0.0 }).collect();
    Outcome {
        quantities: vec![
            Quantity { name: "s_plus", values: s_plus },
            Quantity { name: "s_minus", values: s_minus },
            Quantity { name: "q", values: scores.clone() },
            Quantity { name: "utility", values: utility },
        ],
        scores,
    }
}
