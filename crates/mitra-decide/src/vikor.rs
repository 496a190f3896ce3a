//! VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, 2007).
//!
//! With f*ⱼ the best and f⁻ⱼ the worst value of criterion j (max and min for a benefit, min and
//! max for a cost), each alternative's weighted regret on j is wⱼ·(f*ⱼ − xᵢⱼ)/(f*ⱼ − f⁻ⱼ). The
//! group utility Sᵢ is their sum, the individual regret Rᵢ their maximum, and
//!
//! Qᵢ = v·(Sᵢ − S*)/(S⁻ − S*) + (1 − v)·(Rᵢ − R*)/(R⁻ − R*),
//!
//! with S* = min S, S⁻ = max S, R* = min R, R⁻ = max R. Lower Q is better.
//!
//! The regret is computed as −cⱼ·x + cⱼ·f*ⱼ with cⱼ = wⱼ/(f*ⱼ − f⁻ⱼ), one multiply-add per value.
//!
//! Degenerate cases, where the formulas divide by zero: a constant criterion (f*ⱼ = f⁻ⱼ)
//! separates no one and contributes a regret of 0; when every S is equal (S* = S⁻) the S term of
//! Q is 0, and likewise the R term when every R is equal. So a matrix of constant columns ties
//! every alternative at Q = 0. "Equal" allows for rounding: a spread of S (or R) within 1e-12 of
//! its size is treated as none, since dividing by it would turn the last bits of the sums into
//! a difference of a whole unit of Q (two alternatives tied in exact arithmetic would otherwise be
//! ranked by rounding noise, and a weight change too small to matter could swap them).
//!
//! The compromise solution (Opricovic & Tzeng 2004): with a₁, a₂ the first two alternatives by
//! Q and DQ = 1/(m − 1), *acceptable advantage* (C1) holds when Q(a₂) − Q(a₁) ≥ DQ, and
//! *acceptable stability* (C2) when a₁ is also best (possibly tied) by S or by R. If both hold,
//! a₁ alone is the compromise; if only C2 fails, {a₁, a₂}; if C1 fails, every a_k with
//! Q(a_k) − Q(a₁) < DQ. With one alternative, C1 and C2 hold trivially. Comparisons with DQ
//! allow 1e-12 for rounding (Q lies in \[0, 1\]).

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::{ColumnStats, Need},
    par,
    rank::tied,
};
use serde::Serialize;

/// The compromise solution of VIKOR: whether the best alternative by Q is clearly and stably
/// best, and which alternatives share the compromise when it is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VikorCompromise {
    /// C1: the second alternative by Q is at least DQ = 1/(m − 1) behind the first.
    pub acceptable_advantage: bool,
    /// C2: the first alternative by Q is also best by S or by R.
    pub acceptable_stability: bool,
    /// The compromise solutions (input indices), ordered by Q (ties by input order).
    pub compromise_set: Vec<usize>,
}

/// Rounding allowance in the comparisons with DQ.
const DQ_TOLERANCE: f64 = 1e-12;

/// Spreads of S or R at most this fraction of their largest value are rounding, not a spread.
const SPREAD_TOLERANCE: f64 = 1e-12;

/// `share / (worst − best)`, or 0 when the spread is none or within rounding of none.
fn q_factor(share: f64, best: f64, worst: f64) -> f64 {
    let spread = worst - best;
    if spread > SPREAD_TOLERANCE * best.abs().max(worst.abs()) {
        share / spread
    } else {
        0.0
    }
}

pub(crate) fn vikor(matrix: &DecisionMatrix, w: &[f64], v: f64, detail: bool) -> Outcome {
    let stats = ColumnStats::compute_needed(matrix, Need::BOUNDS);
    // Regret on j is cⱼ·(f*ⱼ − x) = −cⱼ·x + cⱼ·f*ⱼ.
    let (slope, offset): (Vec<f64>, Vec<f64>) = stats
        .iter()
        .zip(w)
        .enumerate()
        .map(|(j, (st, &wj))| {
            let (best, worst) = if matrix.is_cost(j) { (st.min, st.max) } else { (st.max, st.min) };
            let c = if st.max > st.min { wj / (best - worst) } else { 0.0 };
            (-c, c * best)
        })
        .unzip();
    let regrets = |row: &[f64]| {
        let (mut sum, mut max) = (0.0f64, 0.0f64);
        for ((&x, &a), &b) in row.iter().zip(&slope).zip(&offset) {
            let regret = a * x + b;
            sum += regret;
            max = if regret > max { regret } else { max };
        }
        (sum, max)
    };
    let (mut s, r) = par::map_rows_2(matrix, regrets);
    let (s_best, s_worst) = par::min_max(&s);
    let (r_best, r_worst) = par::min_max(&r);
    let s_factor = q_factor(v, s_best, s_worst);
    let r_factor = q_factor(1.0 - v, r_best, r_worst);
    let q = |s: f64, r: f64| s_factor * (s - s_best) + r_factor * (r - r_best);
    if !detail {
        par::zip_in_place(&mut s, &r, q);
        return Outcome { scores: s, quantities: Vec::new() };
    }
    let scores = par::map_index(s.len(), |i| q(s[i], r[i]));
    Outcome {
        quantities: vec![
            Quantity { name: "s", values: s },
            Quantity { name: "r", values: r },
            Quantity { name: "q", values: scores.clone() },
        ],
        scores,
    }
}

/// The compromise solution from S, R and Q (one entry per alternative, at least one).
pub(crate) fn compromise(s: &[f64], r: &[f64], q: &[f64]) -> VikorCompromise {
    let m = q.len();
    // First by Q, ties by input order — the same order as the ranking.
    let first_by_q = |skip: Option<usize>| {
        (0..m).filter(|&k| Some(k) != skip).reduce(|a, k| if q[k] < q[a] { k } else { a })
    };
    let Some(a1) = first_by_q(None) else {
        return VikorCompromise {
            acceptable_advantage: true,
            acceptable_stability: true,
            compromise_set: Vec::new(),
        };
    };
    let dq = if m > 1 { 1.0 / (m - 1) as f64 } else { 0.0 };
    let close = |k: usize| q[k] - q[a1] < dq - DQ_TOLERANCE;
    let a2 = first_by_q(Some(a1));
    let acceptable_advantage = a2.is_none_or(|a2| !close(a2));
    let best_by = |x: &[f64]| {
        let min = x.iter().copied().fold(f64::INFINITY, f64::min);
        x[a1] <= min || tied(x[a1], min)
    };
    let acceptable_stability = best_by(s) || best_by(r);
    let compromise_set = match (acceptable_advantage, acceptable_stability, a2) {
        (false, _, _) => {
            let mut set: Vec<usize> = (0..m).filter(|&k| close(k)).collect();
            set.sort_by(|&a, &b| q[a].total_cmp(&q[b]).then(a.cmp(&b)));
            set
        }
        (true, false, Some(a2)) => vec![a1, a2],
        _ => vec![a1],
    };
    VikorCompromise { acceptable_advantage, acceptable_stability, compromise_set }
}
