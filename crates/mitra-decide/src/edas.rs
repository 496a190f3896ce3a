//! EDAS — evaluation based on distance from average solution (Keshavarz Ghorabaee, Zavadskas,
//! Olfat & Turskis 2015).
//!
//! AVⱼ is the column average. For a benefit criterion PDAᵢⱼ = max(0, xᵢⱼ − AVⱼ)/|AVⱼ| and
//! NDAᵢⱼ = max(0, AVⱼ − xᵢⱼ)/|AVⱼ| (swapped for a cost); SPᵢ = Σⱼ wⱼ·PDAᵢⱼ, SNᵢ = Σⱼ wⱼ·NDAᵢⱼ,
//! NSPᵢ = SPᵢ/max SP, NSNᵢ = 1 − SNᵢ/max SN and the appraisal score ASᵢ = (NSPᵢ + NSNᵢ)/2.
//!
//! Conventions where the paper divides by zero: the paper divides by AVⱼ (positive data); the
//! engine divides by |AVⱼ| so that distances keep their sign on negative data, and rejects a
//! non-constant column whose average is zero. A constant column contributes nothing (no
//! alternative is above or below its average; this also keeps rounding noise in AVⱼ out). When
//! no alternative is above average anywhere (max SP = 0) every NSP is 0, and when none is below
//! (max SN = 0) every NSN is 1: 0/0 is taken as 0, so all alternatives tie on that half.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::{ColumnStats, Need},
    par, DecideError,
};

/// Rejects a non-constant column with a zero average.
pub(crate) fn validate(matrix: &DecisionMatrix) -> Result<(), DecideError> {
    let stats = ColumnStats::compute_needed(matrix, Need { bounds: true, sum: true, ..Need::NONE });
    match stats.iter().position(|s| s.sum == 0.0 && s.max > s.min) {
        Some(criterion) => Err(DecideError::ZeroAverage { criterion, needed_by: "edas" }),
        None => Ok(()),
    }
}

pub(crate) fn edas(matrix: &DecisionMatrix, w: &[f64], detail: bool) -> Outcome {
    let m = matrix.n_alternatives() as f64;
    let stats = ColumnStats::compute_needed(matrix, Need { bounds: true, sum: true, ..Need::NONE });
    let average: Vec<f64> = stats.iter().map(|s| s.sum / m).collect();
    // gⱼ·(x − AVⱼ) is wⱼ times the signed distance: positive when better than average.
    let g: Vec<f64> = stats
        .iter()
        .zip(&average)
        .zip(w)
        .enumerate()
        .map(|(j, ((s, &av), &wj))| {
            if s.max <= s.min || av == 0.0 {
                0.0
            } else if matrix.is_cost(j) {
                -wj / av.abs()
            } else {
                wj / av.abs()
            }
        })
        .collect();
    let [sp, sn] = par::map_rows_k(matrix, |row| {
        let (mut p, mut n) = (0.0f64, 0.0f64);
        for ((&x, &av), &gj) in row.iter().zip(&average).zip(&g) {
            let t = gj * (x - av);
            p += t.max(0.0);
            n += (-t).max(0.0);
        }
        [p, n]
    });
    let (_, sp_max) = par::min_max(&sp);
    let (_, sn_max) = par::min_max(&sn);
    let nsp = |i: usize| if sp_max > 0.0 { sp[i] / sp_max } else { 0.0 };
    let nsn = |i: usize| if sn_max > 0.0 { 1.0 - sn[i] / sn_max } else { 1.0 };
    let scores = par::map_index(sp.len(), |i| 0.5 * (nsp(i) + nsn(i)));
    if !detail {
        return Outcome { scores, quantities: Vec::new() };
    }
    let nsp_values = par::map_index(sp.len(), nsp);
    let nsn_values = par::map_index(sp.len(), nsn);
    Outcome {
        scores,
        quantities: vec![
            Quantity { name: "sp", values: sp },
            Quantity { name: "sn", values: sn },
            Quantity { name: "nsp", values: nsp_values },
            Quantity { name: "nsn", values: nsn_values },
        ],
    }
}
