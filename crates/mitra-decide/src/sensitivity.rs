//! Weight sensitivity: how the ranking moves when one criterion's weight moves.
//!
//! Both analyses change one weight wⱼ to a value t ∈ [0, 1] and rescale the other weights
//! proportionally so the sum stays 1: wₖ' = wₖ·(1 − t)/Σ_{l≠j} w_l. If the other weights are all
//! zero there is no proportion to keep, so they share 1 − t equally. With a single criterion its
//! weight is always 1, whatever t.
//!
//! - [`one_at_a_time`] re-ranks at the weights you ask for (a sensitivity chart).
//! - [`winner_intervals`] finds, for every criterion, the range of its weight within which the
//!   current winner stays first, and who takes over at each end. For SAW (and WP, whose
//!   log-score behaves the same way) every score is linear in t, so the range is found exactly from
//!   the pairwise crossings; other methods are scanned on a grid and the ends refined by bisection
//!   to 1e-9.

use crate::{matrix::DecisionMatrix, rank, DecideError, Evaluation, Method, Weights};
use rayon::prelude::*;
use serde::Serialize;

/// Grid steps of the scan used for methods without a closed form (101 points plus the current
/// weight).
const GRID_STEPS: usize = 100;
/// Width to which the scanned interval ends are refined.
const BISECTION_TOL: f64 = 1e-9;

fn check_criterion(criterion: usize, n: usize) -> Result<(), DecideError> {
    if criterion < n {
        Ok(())
    } else {
        Err(DecideError::InvalidParameter {
            name: "criterion",
            value: criterion as f64,
            expected: "an index below the number of criteria",
        })
    }
}

fn check_weight(t: f64) -> Result<(), DecideError> {
    if (0.0..=1.0).contains(&t) {
        Ok(())
    } else {
        Err(DecideError::InvalidParameter { name: "weight", value: t, expected: "between 0 and 1" })
    }
}

/// Writes into `out` the weights `w` with entry `j` set to `t` and the rest rescaled (module doc).
fn rescale_into(w: &[f64], j: usize, t: f64, out: &mut [f64]) {
    let n = w.len();
    if n == 1 {
        out[0] = 1.0;
        return;
    }
    let others: f64 = w.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, &x)| x).sum();
    for (k, o) in out.iter_mut().enumerate() {
        *o = if k == j {
            t
        } else if others > 0.0 {
            w[k] * (1.0 - t) / others
        } else {
            (1.0 - t) / (n - 1) as f64
        };
    }
}

fn rescaled(w: &[f64], j: usize, t: f64) -> Weights {
    let mut out = vec![0.0; w.len()];
    rescale_into(w, j, t, &mut out);
    Weights::from_nonnegative(out)
}

/// `weights` with criterion `criterion` set to `t` and the others rescaled proportionally (see
/// the module documentation). Fails when the index is out of range or `t` is outside [0, 1].
pub fn rescaled_weights(
    weights: &Weights,
    criterion: usize,
    t: f64,
) -> Result<Weights, DecideError> {
    check_criterion(criterion, weights.len())?;
    check_weight(t)?;
    Ok(rescaled(weights.as_slice(), criterion, t))
}

/// Re-ranks the problem once per value in `new_weights`, each time giving criterion `criterion`
/// that weight and rescaling the others proportionally; one evaluation per value, in order.
///
/// Fails when the problem does not suit the method, the criterion index is out of range, or a
/// value is outside [0, 1].
pub fn one_at_a_time(
    method: &Method,
    matrix: &DecisionMatrix,
    weights: &Weights,
    criterion: usize,
    new_weights: &[f64],
) -> Result<Vec<Evaluation>, DecideError> {
    method.validate(matrix, weights)?;
    check_criterion(criterion, matrix.n_criteria())?;
    for &t in new_weights {
        check_weight(t)?;
    }
    Ok(new_weights
        .iter()
        .map(|&t| method.evaluate_valid(matrix, &rescaled(weights.as_slice(), criterion, t)))
        .collect())
}

/// For one criterion: the range of its weight over which the winner stays first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightInterval {
    /// Zero-based criterion index.
    pub criterion: usize,
    /// The criterion's current weight (always inside [`lo`, `hi`]).
    ///
    /// [`lo`]: WeightInterval::lo
    /// [`hi`]: WeightInterval::hi
    pub weight: f64,
    /// Smallest weight, in [0, 1], at which the winner is still first.
    pub lo: f64,
    /// Largest weight, in [0, 1], at which the winner is still first.
    pub hi: f64,
    /// The alternative ranked first just below `lo`; `None` when `lo` is 0.
    pub below: Option<usize>,
    /// The alternative ranked first just above `hi`; `None` when `hi` is 1.
    pub above: Option<usize>,
}

/// The stability of the winner against each criterion's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WinnerStability {
    /// The alternative ranked first at the current weights (the first such by index if several
    /// tie).
    pub winner: usize,
    /// `true` when the intervals are exact (closed form, up to rounding); `false` when they were
    /// scanned on a grid and their ends refined to 1e-9.
    pub method_is_closed_form: bool,
    /// One interval per criterion, in criterion order.
    pub intervals: Vec<WeightInterval>,
}

/// How a method's scores depend on one weight, when that is known in closed form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClosedForm {
    /// The score is Σ wₖ·vₖ over the normalised values (SAW): linear in each weight.
    Linear,
    /// The logarithm of the score is Σ ±wₖ·ln xₖ (WP): linear in each weight on log values.
    LogLinear,
}

/// Which closed form, if any, gives `method`'s winner intervals exactly.
pub(crate) fn closed_form_kind(method: &Method) -> Option<ClosedForm> {
    match method {
        Method::Saw { .. } => Some(ClosedForm::Linear),
        Method::Wp => Some(ClosedForm::LogLinear),
        _ => None,
    }
}

/// Per-alternative values whose weighted sum orders the alternatives like `method`'s score
/// (higher is better), row-major.
fn closed_form_values(kind: ClosedForm, method: &Method, matrix: &DecisionMatrix) -> Vec<f64> {
    match kind {
        ClosedForm::Linear => {
            method.normalization().map_or_else(|| matrix.values().to_vec(), |n| n.normalize(matrix))
        }
        ClosedForm::LogLinear => wp_log_columns(matrix),
    }
}

/// ln x for a benefit criterion, −ln x for a cost: the weighted sum of these is the logarithm of
/// the weighted product Π x^(±w). A per-column rescaling of x (x/max, min/x, …) only adds the same
/// constant to every alternative's log-score, so the order is that of any WP normalisation.
/// Values must be positive (WP validates that).
pub(crate) fn wp_log_columns(matrix: &DecisionMatrix) -> Vec<f64> {
    let n = matrix.n_criteria();
    matrix
        .values()
        .iter()
        .enumerate()
        .map(|(k, &x)| if matrix.is_cost(k % n) { -x.ln() } else { x.ln() })
        .collect()
}

/// Crossings closer than this are the same point (rounding): several rivals can overtake the
/// winner at one weight, and the steepest of them is the one ranked first just beyond it.
const CROSSING_TIE: f64 = 1e-12;

/// Leads whose slope is within this fraction of the values' size are flat (rounding): two
/// alternatives whose scores move in parallel never cross, and a noise-sized slope must not
/// invent a crossing.
const PARALLEL: f64 = 1e-12;

/// Exact interval for criterion `j` when alternative i's score is Σₖ wₖ·v[i·n + k].
///
/// Under proportional rescaling sᵢ(t) = Bᵢ + t·(vᵢⱼ − Bᵢ), with Bᵢ the rescaled weighted sum of
/// the other criteria, so the winner's lead over each rival is linear in t and vanishes at one
/// crossing; the interval runs between the nearest crossings on either side of the current weight.
fn linear_interval(v: &[f64], w: &[f64], j: usize, winner: usize) -> WeightInterval {
    let n = w.len();
    let t0 = w[j];
    if n == 1 {
        return WeightInterval {
            criterion: j,
            weight: t0,
            lo: 1.0,
            hi: 1.0,
            below: None,
            above: None,
        };
    }
    let others: f64 = w.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, &x)| x).sum();
    let base = |row: &[f64]| -> f64 {
        let s: f64 =
            row.iter().zip(w).enumerate().filter(|&(k, _)| k != j).map(|(_, (x, wk))| x * wk).sum();
        if others > 0.0 {
            s / others
        } else {
            row.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, x)| x).sum::<f64>()
                / (n - 1) as f64
        }
    };
    let rw = &v[winner * n..(winner + 1) * n];
    let bw = base(rw);
    let slope_w = rw[j] - bw;
    // (crossing, slope of the lead, rival) of the tightest bound on each side.
    let mut lower: Option<(f64, f64, usize)> = None;
    let mut upper: Option<(f64, f64, usize)> = None;
    for (i, row) in v.chunks_exact(n).enumerate() {
        if i == winner {
            continue;
        }
        let bi = base(row);
        let (d0, d1) = (bw - bi, slope_w - (row[j] - bi));
        let flat = PARALLEL
            * [rw[j], bw, row[j], bi].iter().fold(f64::MIN_POSITIVE, |m, x| m.max(x.abs()));
        if d1 > flat {
            // Lead grows with t: the rival is ahead below the crossing. The rival with the
            // steepest slope at the latest crossing is the one first just below it.
            let c = -d0 / d1;
            if lower.is_none_or(|(lc, ls, _)| {
                c > lc + CROSSING_TIE || (c >= lc - CROSSING_TIE && d1 > ls)
            }) {
                lower = Some((c, d1, i));
            }
        } else if d1 < -flat {
            let c = -d0 / d1;
            if upper.is_none_or(|(uc, us, _)| {
                c < uc - CROSSING_TIE || (c <= uc + CROSSING_TIE && d1 < us)
            }) {
                upper = Some((c, d1, i));
            }
        }
    }
    let (lo, below) = match lower {
        Some((c, _, i)) if c > 0.0 => (c.min(t0), Some(i)),
        _ => (0.0, None),
    };
    let (hi, above) = match upper {
        Some((c, _, i)) if c < 1.0 => (c.max(t0), Some(i)),
        _ => (1.0, None),
    };
    WeightInterval { criterion: j, weight: t0, lo, hi, below, above }
}

/// Whether `winner` is ranked first at weight `t` for criterion `j`, and who is first.
fn leader_at(
    method: &Method,
    matrix: &DecisionMatrix,
    w: &[f64],
    j: usize,
    t: f64,
    winner: usize,
) -> (bool, usize) {
    let scores = method.scores_valid(matrix, &rescaled(w, j, t));
    let ranks = rank::ranks(&scores, method.score_order());
    if ranks[winner] == 1 {
        (true, winner)
    } else {
        (false, ranks.iter().position(|&r| r == 1).unwrap_or(0))
    }
}

/// Interval for criterion `j` found by scanning a grid from the current weight outwards and
/// bisecting the first change on each side to [`BISECTION_TOL`]. Reports the connected range
/// around the current weight; a loss narrower than a grid step (0.01) can be missed.
fn scanned_interval(
    method: &Method,
    matrix: &DecisionMatrix,
    w: &[f64],
    j: usize,
    winner: usize,
) -> WeightInterval {
    let t0 = w[j];
    if w.len() == 1 {
        return WeightInterval {
            criterion: j,
            weight: t0,
            lo: 1.0,
            hi: 1.0,
            below: None,
            above: None,
        };
    }
    let grid = (0..=GRID_STEPS).map(|k| k as f64 / GRID_STEPS as f64);
    let up: Vec<f64> = grid.clone().filter(|&t| t > t0).collect();
    let down: Vec<f64> = grid.rev().filter(|&t| t < t0).collect();
    let probe = |t: f64| leader_at(method, matrix, w, j, t, winner);
    // Walks `points` away from t0; returns the last point where the winner is first and, if it
    // lost somewhere, who leads just beyond.
    let walk = |points: &[f64], end: f64| -> (f64, Option<usize>) {
        let mut good = t0;
        for &p in points {
            let (first, _) = probe(p);
            if first {
                good = p;
                continue;
            }
            let mut bad = p;
            while (bad - good).abs() > BISECTION_TOL {
                let mid = 0.5 * (good + bad);
                if probe(mid).0 {
                    good = mid;
                } else {
                    bad = mid;
                }
            }
            return (good, Some(probe(bad).1));
        }
        (end, None)
    };
    let (hi, above) = walk(&up, 1.0);
    let (lo, below) = walk(&down, 0.0);
    WeightInterval { criterion: j, weight: t0, lo, hi, below, above }
}

/// For every criterion, the interval of its weight within which the current winner stays ranked
/// first (ties for first count as first), the other weights rescaled proportionally, and who
/// takes over at each end.
///
/// Exact for methods with a closed form (SAW, WP); otherwise each criterion is scanned at 101
/// evenly spaced weights from the current one outwards and the first change on each side is
/// bisected to 1e-9 ([`WinnerStability::method_is_closed_form`] says which). Either way the
/// interval reported is the connected range around the current weight: for methods other than
/// SAW and WP the winner might come back further out, and a loss narrower than 0.01 can be missed
/// by the scan. Criteria are scanned in parallel.
pub fn winner_intervals(
    method: &Method,
    matrix: &DecisionMatrix,
    weights: &Weights,
) -> Result<WinnerStability, DecideError> {
    method.validate(matrix, weights)?;
    let winner = method.evaluate_valid(matrix, weights).winner();
    let w = weights.as_slice();
    let n = w.len();
    let kind = closed_form_kind(method);
    let intervals = match kind {
        Some(kind) => {
            let v = closed_form_values(kind, method, matrix);
            (0..n).map(|j| linear_interval(&v, w, j, winner)).collect()
        }
        None => {
            (0..n).into_par_iter().map(|j| scanned_interval(method, matrix, w, j, winner)).collect()
        }
    };
    Ok(WinnerStability { winner, method_is_closed_form: kind.is_some(), intervals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::test_matrix as matrix;
    use crate::{Normalization, ScoreOrder};

    #[test]
    fn rescaling() {
        let mut out = [0.0; 3];
        rescale_into(&[0.5, 0.3, 0.2], 0, 0.8, &mut out);
        assert!((out[1] - 0.12).abs() < 1e-15 && (out[2] - 0.08).abs() < 1e-15);
        rescale_into(&[1.0, 0.0, 0.0], 0, 0.4, &mut out);
        assert_eq!(out, [0.4, 0.3, 0.3]);
        let mut one = [0.0];
        rescale_into(&[1.0], 0, 0.3, &mut one);
        assert_eq!(one, [1.0]);
    }

    #[test]
    fn hand_checked_saw_interval() {
        // Max normalisation: a0 = (1, 0.5), a1 = (0.5, 1); weights (0.6, 0.4).
        // s0(t) = 0.5 + 0.5t, s1(t) = 1 − 0.5t: a0 is first for t ≥ 0.5 on criterion 0.
        let m = matrix(&[vec![2.0, 1.0], vec![1.0, 2.0]], &[false, false]);
        let w = Weights::new(&[0.6, 0.4]).unwrap();
        let method = Method::Saw { normalization: Normalization::Max };
        let s = winner_intervals(&method, &m, &w).unwrap();
        assert!(s.method_is_closed_form);
        assert_eq!(s.winner, 0);
        let c0 = &s.intervals[0];
        assert!((c0.lo - 0.5).abs() < 1e-15 && c0.hi == 1.0, "{c0:?}");
        assert_eq!((c0.below, c0.above), (Some(1), None));
        let c1 = &s.intervals[1];
        assert!(c1.lo == 0.0 && (c1.hi - 0.5).abs() < 1e-15, "{c1:?}");
        assert_eq!((c1.below, c1.above), (None, Some(1)));
    }

    /// The closed form and the scan agree on SAW problems (the scan does not know SAW is linear).
    #[test]
    fn closed_form_matches_scan() {
        let m = matrix(
            &[
                vec![7.0, 9.0, 9.0, 8.0],
                vec![8.0, 7.0, 8.0, 7.0],
                vec![9.0, 6.0, 8.0, 9.0],
                vec![6.0, 7.0, 8.0, 6.0],
            ],
            &[false, false, true, false],
        );
        let w = Weights::new(&[0.1, 0.4, 0.3, 0.2]).unwrap();
        for norm in Normalization::ALL {
            let method = Method::Saw { normalization: norm };
            let winner = method.evaluate(&m, &w).unwrap().winner();
            let v = closed_form_values(ClosedForm::Linear, &method, &m);
            for j in 0..4 {
                let exact = linear_interval(&v, w.as_slice(), j, winner);
                let scan = scanned_interval(&method, &m, w.as_slice(), j, winner);
                assert!((exact.lo - scan.lo).abs() < 2e-9, "{norm:?} {exact:?} {scan:?}");
                assert!((exact.hi - scan.hi).abs() < 2e-9, "{norm:?} {exact:?} {scan:?}");
                assert_eq!((exact.below, exact.above), (scan.below, scan.above));
            }
        }
    }

    /// The log-linear closed form, checked against weighted products computed here.
    #[test]
    fn wp_log_closed_form() {
        let m = matrix(
            &[vec![3.0, 200.0, 5.0], vec![4.0, 250.0, 4.0], vec![2.0, 150.0, 6.0]],
            &[false, true, false],
        );
        let w = [0.3, 0.4, 0.3];
        let v = wp_log_columns(&m);
        let wp = |wt: &[f64]| -> Vec<f64> {
            m.rows()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .map(|(k, &x)| x.powf(if m.is_cost(k) { -wt[k] } else { wt[k] }))
                        .product()
                })
                .collect()
        };
        let scores = wp(&w);
        let winner =
            rank::ranks(&scores, ScoreOrder::HigherIsBetter).iter().position(|&r| r == 1).unwrap();
        for j in 0..3 {
            let iv = linear_interval(&v, &w, j, winner);
            assert!(iv.lo <= w[j] && w[j] <= iv.hi);
            let first_at = |t: f64| {
                let mut wt = [0.0; 3];
                rescale_into(&w, j, t, &mut wt);
                rank::ranks(&wp(&wt), ScoreOrder::HigherIsBetter)[winner] == 1
            };
            for k in 1..10 {
                assert!(first_at(iv.lo + (iv.hi - iv.lo) * k as f64 / 10.0), "{iv:?}");
            }
            if iv.lo > 1e-6 {
                assert!(!first_at(iv.lo - 1e-6), "{iv:?}");
            }
            if iv.hi < 1.0 - 1e-6 {
                assert!(!first_at(iv.hi + 1e-6), "{iv:?}");
            }
        }
    }

    #[test]
    fn rejects_bad_arguments() {
        let m = matrix(&[vec![1.0, 2.0], vec![2.0, 1.0]], &[false, false]);
        let w = Weights::equal(2).unwrap();
        let method = Method::Saw { normalization: Normalization::MinMax };
        assert!(one_at_a_time(&method, &m, &w, 2, &[0.5]).is_err());
        assert!(one_at_a_time(&method, &m, &w, 0, &[1.5]).is_err());
        assert!(one_at_a_time(&method, &m, &w, 0, &[f64::NAN]).is_err());
        assert!(rescaled_weights(&w, 0, -0.1).is_err());
        let e = one_at_a_time(&method, &m, &w, 0, &[0.0, 1.0]).unwrap();
        // All weight on criterion 1 favours a0, all on criterion 0 favours a1.
        assert_eq!(e[0].ranks, vec![1, 2]);
        assert_eq!(e[1].ranks, vec![2, 1]);
        assert_eq!(e[1].weights.as_slice(), &[1.0, 0.0]);
    }
}
