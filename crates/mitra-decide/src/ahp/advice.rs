//! Which judgments to revise when a matrix is too inconsistent, and to what.
//!
//! With weights w, a judgment a_ij would be perfectly consistent at w_i/w_j; its error is
//! ε_ij = a_ij·w_j/w_i, and |ln ε_ij| measures how far it is off (a factor of 3 too high and a
//! factor of 3 too low count the same). The worst [`ADVICE_LEN`] judgments are reported, and for
//! each one every value of Saaty's scale is tried in its place, keeping the one that lowers CR
//! most (ties go to the value closest to w_i/w_j).

use super::{core, Core, PriorityMethod, RandomIndex, CR_THRESHOLD};
use serde::Serialize;

/// Saaty's fundamental scale with reciprocals: 1/9, 1/8, …, 1/2, 1, 2, …, 9.
pub const SAATY_SCALE: [f64; 17] = [
    1.0 / 9.0,
    1.0 / 8.0,
    1.0 / 7.0,
    1.0 / 6.0,
    1.0 / 5.0,
    1.0 / 4.0,
    1.0 / 3.0,
    1.0 / 2.0,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    7.0,
    8.0,
    9.0,
];

/// How many judgments the advice lists at most (fewer when the matrix has fewer pairs).
pub const ADVICE_LEN: usize = 5;

/// A judgment that contributes to the inconsistency, and a revision that would help.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgmentAdvice {
    /// Zero-based row of the judgment (`row < col`).
    pub row: usize,
    /// Zero-based column of the judgment.
    pub col: usize,
    /// The judgment as given, `a[row][col]`.
    pub current: f64,
    /// The value consistent with the current weights, `w_row / w_col`.
    pub consistent: f64,
    /// |ln(current / consistent)|: the contribution this advice is sorted by.
    pub deviation: f64,
    /// The value on Saaty's scale that lowers CR most when put in place of `current`; `None`
    /// when no scale value lowers it.
    pub suggested: Option<f64>,
    /// CR after that substitution (weights recomputed with the same method and table).
    pub cr_after: Option<f64>,
}

/// Advice for `a` when its CR exceeds [`CR_THRESHOLD`]; empty otherwise (or when CR is unknown).
pub(crate) fn advise(
    n: usize,
    a: &[f64],
    incomplete: bool,
    method: PriorityMethod,
    ri: RandomIndex,
    c: &Core,
) -> Vec<JudgmentAdvice> {
    let Some(cr) = c.cr.filter(|&cr| cr > CR_THRESHOLD) else {
        return Vec::new();
    };
    let w = &c.w;
    let mut pairs: Vec<(usize, usize, f64)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .filter(|&(i, j)| a[i * n + j] > 0.0)
        .map(|(i, j)| (i, j, (a[i * n + j] * w[j] / w[i]).ln().abs()))
        .collect();
    pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    pairs.truncate(ADVICE_LEN);
    let mut trial = a.to_vec();
    pairs
        .into_iter()
        .map(|(i, j, deviation)| {
            let current = a[i * n + j];
            let consistent = w[i] / w[j];
            let mut best: Option<(f64, f64)> = None;
            for s in SAATY_SCALE {
                if s == current {
                    continue;
                }
                trial[i * n + j] = s;
                trial[j * n + i] = 1.0 / s;
                let Some(cr_s) = core(n, &trial, incomplete, method, ri).cr else { continue };
                let closer = |b: f64| (s / consistent).ln().abs() < (b / consistent).ln().abs();
                best = match best {
                    Some((b, cr_b)) if cr_b < cr_s || (cr_b == cr_s && !closer(b)) => best,
                    _ => Some((s, cr_s)),
                };
            }
            trial[i * n + j] = a[i * n + j];
            trial[j * n + i] = a[j * n + i];
            let best = best.filter(|&(_, cr_s)| cr_s < cr);
            JudgmentAdvice {
                row: i,
                col: j,
                current,
                consistent,
                deviation,
                suggested: best.map(|b| b.0),
                cr_after: best.map(|b| b.1),
            }
        })
        .collect()
}
