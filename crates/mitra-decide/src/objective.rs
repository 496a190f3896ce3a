//! Objective weights: criterion weights computed from the data instead of asked of a judge.
//!
//! * [`entropy`] (Shannon; e.g. Zeleny 1982, Hwang & Yoon 1981) weights a criterion by how
//!   unevenly its values are spread over the alternatives: a criterion on which everyone scores
//!   the same cannot separate them and gets weight 0.
//! * [`critic`] (Diakoulaki, Mavrotas & Papayannakis 1995) weights a criterion by its contrast
//!   (standard deviation) times its conflict with the other criteria (Σ (1 − correlation)): a
//!   criterion that merely repeats another adds little.
//!
//! Both read the matrix in one or two streaming passes (in parallel on large matrices), and
//! give equal weights when no criterion separates the alternatives at all.

use crate::{matrix::DecisionMatrix, par, DecideError, Weights};

/// Per-column minimum, maximum and sum, from one pass.
fn bounds_and_sums(matrix: &DecisionMatrix) -> Vec<(f64, f64, f64)> {
    let n = matrix.n_criteria();
    par::fold_rows(
        matrix,
        || vec![(f64::INFINITY, f64::NEG_INFINITY, 0.0); n],
        |mut acc, rows| {
            for row in rows.chunks_exact(n) {
                for (s, &x) in acc.iter_mut().zip(row) {
                    *s = (s.0.min(x), s.1.max(x), s.2 + x);
                }
            }
            acc
        },
        |a, b| a.iter().zip(&b).map(|(x, y)| (x.0.min(y.0), x.1.max(y.1), x.2 + y.2)).collect(),
    )
}

/// Entropy weights.
///
/// Each column is normalised to proportions p_ij = x_ij / Σ_i x_ij; its entropy is
/// e_j = −Σ_i p_ij ln p_ij / ln m (with 0·ln 0 = 0), its divergence d_j = 1 − e_j, and
/// w_j = d_j / Σ d. A constant column (including all zeros) has d_j = 0; if every column does,
/// or there is only one alternative, the weights are equal.
///
/// Entropy measures dispersion, which has no direction, so cost criteria are treated exactly
/// like benefit criteria. This is the convention of pymcdm (`entropy_weights`) and of the
/// published entropy–TOPSIS/EDAS example of Ersoy (2021), whose weights this reproduces;
/// pyDecision instead replaces cost values by their reciprocals first. pymcdm differs in one
/// more point: a column containing a zero gets entropy 0 (hence the largest weight) there,
/// where here a zero simply contributes 0·ln 0 = 0.
///
/// Fails when a value is negative (proportions need x ≥ 0).
pub fn entropy(matrix: &DecisionMatrix) -> Result<Weights, DecideError> {
    let (m, n) = (matrix.n_alternatives(), matrix.n_criteria());
    let stats = bounds_and_sums(matrix);
    if stats.iter().any(|s| s.0 < 0.0) {
        let k = matrix.values().iter().position(|&x| x < 0.0).unwrap_or(0);
        return Err(DecideError::Negative {
            row: k / n,
            criterion: k % n,
            value: matrix.values()[k],
            needed_by: "entropy weights",
        });
    }
    if m < 2 {
        return Weights::equal(n);
    }
    let sums: Vec<f64> = stats.iter().map(|s| s.2).collect();
    let plogp = par::fold_rows(
        matrix,
        || vec![0.0; n],
        |mut acc, rows| {
            for row in rows.chunks_exact(n) {
                for ((a, &x), &s) in acc.iter_mut().zip(row).zip(&sums) {
                    if x > 0.0 {
                        let p = x / s;
                        *a += p * p.ln();
                    }
                }
            }
            acc
        },
        |a, b| a.iter().zip(&b).map(|(x, y)| x + y).collect(),
    );
    let ln_m = (m as f64).ln();
    let d = stats
        .iter()
        .zip(&plogp)
        .map(|(s, &h)| if s.0 == s.1 { 0.0 } else { (1.0 + h / ln_m).max(0.0) })
        .collect();
    Ok(Weights::from_nonnegative(d))
}

/// CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).
///
/// Each column is min-max normalised towards its ideal — (x − min)/(max − min) for a benefit,
/// (max − x)/(max − min) for a cost, as in the original method and in pyDecision (pymcdm does
/// not turn costs, which changes the sign of their correlations). Then C_j = σ_j Σ_k (1 − r_jk)
/// with σ_j the standard deviation and r_jk the Pearson correlation of the normalised columns,
/// and w_j = C_j / Σ C.
///
/// σ_j is the population deviation (divide by m). pymcdm and pyDecision divide by m − 1; that
/// multiplies every σ_j by the same factor, so the weights are identical either way.
///
/// Columns that are exactly collinear (correlation ±1 within 1e-12) are taken as exactly so.
/// A constant column has σ = 0 and correlation 0 with every other column (it still counts as
/// fully "in conflict" in the others' sums, as numpy's `nan_to_num` of its NaN correlation
/// does in pyDecision). When every column is constant, or there is one alternative, the
/// weights are equal.
pub fn critic(matrix: &DecisionMatrix) -> Weights {
    let (m, n) = (matrix.n_alternatives(), matrix.n_criteria());
    let stats = bounds_and_sums(matrix);
    // z = a·x + b per column; a constant column maps to 0.
    let maps: Vec<(f64, f64)> = stats
        .iter()
        .enumerate()
        .map(|(j, &(lo, hi, _))| {
            let range = hi - lo;
            match (range > 0.0, matrix.is_cost(j)) {
                (false, _) => (0.0, 0.0),
                (true, false) => (1.0 / range, -lo / range),
                (true, true) => (-1.0 / range, hi / range),
            }
        })
        .collect();
    let mean: Vec<f64> =
        stats.iter().zip(&maps).map(|(s, &(a, b))| a * (s.2 / m as f64) + b).collect();
    let cov = par::fold_rows(
        matrix,
        || vec![0.0; n * n],
        |mut acc, rows| {
            let mut z = vec![0.0; n];
            for row in rows.chunks_exact(n) {
                for (((zj, &x), &(a, b)), &mu) in z.iter_mut().zip(row).zip(&maps).zip(&mean) {
                    *zj = a.mul_add(x, b) - mu;
                }
                for j in 0..n {
                    for k in j..n {
                        acc[j * n + k] += z[j] * z[k];
                    }
                }
            }
            acc
        },
        |a, b| a.iter().zip(&b).map(|(x, y)| x + y).collect(),
    );
    let var = |j: usize| cov[j * n + j].max(0.0);
    let c = (0..n)
        .map(|j| {
            let sigma = (var(j) / m as f64).sqrt();
            let conflict: f64 = (0..n)
                .map(|k| {
                    let (lo, hi) = (j.min(k), j.max(k));
                    let denom = (var(j) * var(k)).sqrt();
                    let r = if denom > 0.0 { cov[lo * n + hi] / denom } else { 0.0 };
                    1.0 - snap_correlation(r)
                })
                .sum();
            sigma * conflict
        })
        .collect();
    Weights::from_nonnegative(c)
}

/// Clamps a computed correlation to [−1, 1] and snaps values within 1e-12 of ±1 to ±1, so that
/// exactly collinear columns (always the case with two alternatives) have no conflict at all
/// rather than a rounding-noise conflict that the normalisation would blow up into weights.
fn snap_correlation(r: f64) -> f64 {
    if 1.0 - r.abs() <= 1e-12 {
        r.signum()
    } else {
        r.clamp(-1.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::test_matrix as matrix;

    #[test]
    fn entropy_edge_cases() {
        // Constant columns and one alternative give equal weights.
        let m = matrix(&[vec![2.0, 0.0], vec![2.0, 0.0]], &[false, true]);
        assert_eq!(entropy(&m).unwrap().as_slice(), &[0.5, 0.5]);
        let m = matrix(&[vec![2.0, 5.0]], &[false, false]);
        assert_eq!(entropy(&m).unwrap().as_slice(), &[0.5, 0.5]);
        // A zero contributes 0·ln 0 = 0: [0, 1, 1] → p = (0, ½, ½), e = ln 2 / ln 3.
        let m = matrix(&[vec![0.0, 1.0], vec![1.0, 1.0], vec![1.0, 1.0]], &[false, false]);
        let w = entropy(&m).unwrap();
        assert_eq!(w.as_slice()[1], 0.0);
        assert!((w.as_slice()[0] - 1.0).abs() < 1e-15);
        let m = matrix(&[vec![1.0, 2.0], vec![3.0, -1.0]], &[false, false]);
        assert_eq!(
            entropy(&m),
            Err(DecideError::Negative {
                row: 1,
                criterion: 1,
                value: -1.0,
                needed_by: "entropy weights"
            })
        );
    }

    #[test]
    fn critic_edge_cases() {
        let m = matrix(&[vec![2.0, 3.0]], &[false, true]);
        assert_eq!(critic(&m).as_slice(), &[0.5, 0.5]);
        // A constant column gets weight 0; two identical informative columns share the rest.
        let m = matrix(&[vec![1.0, 7.0, 1.0], vec![2.0, 7.0, 2.0]], &[false, false, false]);
        let w = critic(&m);
        assert_eq!(w.as_slice()[1], 0.0);
        assert!((w.as_slice()[0] - 0.5).abs() < 1e-15, "{w:?}");
        // Two alternatives: every correlation is ±1. Columns 0 and 1 agree (no conflict with
        // each other), column 2 (a benefit that falls) conflicts with both: C = 2σ, 2σ, 4σ.
        let m = matrix(&[vec![1.0, 10.0, 5.0], vec![3.0, 20.0, 4.0]], &[false, false, false]);
        let w = critic(&m);
        assert!(w.as_slice().iter().zip([0.25, 0.25, 0.5]).all(|(x, y)| (x - y).abs() < 1e-15));
        // The same values with column 2 a cost: it now agrees with the others, there is no
        // conflict anywhere, and the weights are equal.
        let m = matrix(&[vec![1.0, 10.0, 5.0], vec![3.0, 20.0, 4.0]], &[false, false, true]);
        assert_eq!(critic(&m).as_slice(), &[1.0 / 3.0; 3]);
    }
}
