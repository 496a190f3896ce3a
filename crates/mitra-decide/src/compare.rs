//! Comparing and combining rankings: rank correlations and consensus rankings.
//!
//! Different methods (or weights, or evaluators) rank the same alternatives differently; these
//! functions say how much two rankings agree ([`spearman`], [`weighted_spearman`],
//! [`ws_coefficient`]) and merge several into one ([`borda`], [`copeland`]).
//! [`compare_methods`] does all of it for a list of methods on one problem.
//!
//! Rankings are slices of ranks in alternative order (rank 1 is best), as in
//! [`Evaluation::ranks`]. Two rankings compared must rank the same alternatives, so they must
//! have the same length: a mismatch is a programming error and panics.

use crate::{
    matrix::DecisionMatrix,
    rank::{self, ScoreOrder},
    DecideError, Evaluation, Method, Weights,
};
use serde::Serialize;

/// Average ("fractional") ranks of `values`, ascending: tied values share the mean of the
/// positions they occupy (scipy's `rankdata(method="average")`).
fn average_ranks(values: &[usize]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by_key(|&i| values[i]);
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    while start < idx.len() {
        let mut end = start + 1;
        while end < idx.len() && values[idx[end]] == values[idx[start]] {
            end += 1;
        }
        // Positions start+1 ..= end share their mean.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &i in &idx[start..end] {
            out[i] = mean;
        }
        start = end;
    }
    out
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // Clamp: rounding may push a perfect correlation a hair past ±1.
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

#[track_caller]
fn check_same_len(a: &[usize], b: &[usize]) {
    assert_eq!(a.len(), b.len(), "rankings of different lengths cannot be compared");
}

/// Spearman's rank correlation ρ between two rankings of the same alternatives.
///
/// Our ranks are competition ranks (a tie for first gives 1, 1, 3), which would bias a plain
/// Pearson correlation on ranks; so both rankings are first turned into average ranks (a tie for
/// first gives 1.5, 1.5, 3) and ρ is the Pearson correlation of those. This is what
/// `scipy.stats.spearmanr` computes, and without ties it equals 1 − 6Σd²/(n(n²−1)) (and
/// `pymcdm.correlations.spearman`, which correlates the given rank vectors as they are).
///
/// Returns NaN when either ranking puts every alternative level (including n < 2): a correlation
/// with no spread is undefined.
///
/// # Panics
/// When `a` and `b` differ in length.
pub fn spearman(a: &[usize], b: &[usize]) -> f64 {
    check_same_len(a, b);
    pearson(&average_ranks(a), &average_ranks(b))
}

/// Weighted Spearman correlation r_w (Pinto da Costa & Soares 2005), which counts disagreements
/// near the top of the rankings more than those near the bottom:
/// r_w = 1 − 6 Σ (xᵢ−yᵢ)² ((n−xᵢ+1) + (n−yᵢ+1)) / (n⁴ + n³ − n² − n).
///
/// The ranks are used as given (as `pymcdm.correlations.weighted_spearman` does). Returns NaN
/// for fewer than two alternatives.
///
/// # Panics
/// When `a` and `b` differ in length.
pub fn weighted_spearman(a: &[usize], b: &[usize]) -> f64 {
    check_same_len(a, b);
    let n = a.len() as f64;
    let num: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| {
            let (x, y) = (x as f64, y as f64);
            (x - y).powi(2) * ((n - x + 1.0) + (n - y + 1.0))
        })
        .sum();
    let den = n.powi(4) + n.powi(3) - n.powi(2) - n;
    if den == 0.0 {
        return f64::NAN;
    }
    1.0 - 6.0 * num / den
}

/// The WS rank similarity coefficient (Sałabun & Urbaniak 2020) of `test` against `reference`:
/// WS = 1 − Σ 2^(−Rxᵢ) |Rxᵢ − Ryᵢ| / max(|Rxᵢ − 1|, |Rxᵢ − n|), with Rx the reference ranks.
///
/// Asymmetric on purpose: a swap at the top of the reference ranking costs far more than one at
/// the bottom. Equals `pymcdm.correlations.rank_similarity_coef(reference, test)`. With a single
/// alternative the only term is 0/0; it is taken as 0 when the ranks agree, so WS of a ranking
/// with itself is always 1.
///
/// # Panics
/// When `reference` and `test` differ in length.
pub fn ws_coefficient(reference: &[usize], test: &[usize]) -> f64 {
    check_same_len(reference, test);
    let n = reference.len() as f64;
    let sum: f64 = reference
        .iter()
        .zip(test)
        .map(|(&x, &y)| {
            let (x, y) = (x as f64, y as f64);
            let diff = (x - y).abs();
            if diff == 0.0 {
                0.0
            } else {
                2f64.powf(-x) * diff / (x - 1.0).abs().max((x - n).abs())
            }
        })
        .sum();
    1.0 - sum
}

/// A consensus ranking: one score and one rank per alternative (input order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consensus<S> {
    /// The consensus score of each alternative; higher is better.
    pub scores: Vec<S>,
    /// Competition ranks from the scores; 1 is best.
    pub ranks: Vec<usize>,
}

#[track_caller]
fn common_len(rankings: &[Vec<usize>]) -> usize {
    let m = rankings.first().map_or(0, Vec::len);
    assert!(
        rankings.iter().all(|r| r.len() == m),
        "rankings of different lengths cannot be combined"
    );
    m
}

/// Borda count: each ranking gives an alternative n − rank points (the best n − 1, the worst 0),
/// summed over rankings; the consensus ranks follow the points.
///
/// Tied alternatives get the points of their shared (best) competition rank.
///
/// # Panics
/// When the rankings differ in length.
pub fn borda(rankings: &[Vec<usize>]) -> Consensus<f64> {
    let m = common_len(rankings);
    let mut points = vec![0.0; m];
    for r in rankings {
        for (p, &rank) in points.iter_mut().zip(r) {
            *p += m as f64 - rank as f64;
        }
    }
    let ranks = rank::ranks(&points, ScoreOrder::HigherIsBetter);
    Consensus { scores: points, ranks }
}

/// Copeland's method: for every pair of alternatives, the one ranked better by more rankings wins
/// the pair; the score is wins − losses (a pair the rankings split evenly is neither), and the
/// consensus ranks follow the scores.
///
/// Costs O(k·m²) for k rankings of m alternatives.
///
/// # Panics
/// When the rankings differ in length.
pub fn copeland(rankings: &[Vec<usize>]) -> Consensus<i64> {
    let m = common_len(rankings);
    let mut scores = vec![0i64; m];
    for i in 0..m {
        for k in i + 1..m {
            let margin: i64 = rankings
                .iter()
                .map(|r| match r[i].cmp(&r[k]) {
                    std::cmp::Ordering::Less => 1,
                    std::cmp::Ordering::Greater => -1,
                    std::cmp::Ordering::Equal => 0,
                })
                .sum();
            let s = margin.signum();
            scores[i] += s;
            scores[k] -= s;
        }
    }
    let as_f64: Vec<f64> = scores.iter().map(|&s| s as f64).collect();
    let ranks = rank::ranks(&as_f64, ScoreOrder::HigherIsBetter);
    Consensus { scores, ranks }
}

/// Several methods run on one problem, their pairwise agreement and their consensus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodComparison {
    /// One evaluation per method, in the order given.
    pub evaluations: Vec<Evaluation>,
    /// `spearman[p][q]`: Spearman ρ between methods p and q (symmetric).
    pub spearman: Vec<Vec<f64>>,
    /// `weighted_spearman[p][q]`: r_w between methods p and q (symmetric).
    pub weighted_spearman: Vec<Vec<f64>>,
    /// `ws[p][q]`: WS of method q's ranking against method p's as reference (asymmetric).
    pub ws: Vec<Vec<f64>>,
    /// Borda consensus of all the methods' rankings.
    pub borda: Consensus<f64>,
    /// Copeland consensus of all the methods' rankings.
    pub copeland: Consensus<i64>,
}

/// Runs every method on `matrix` with `weights` and compares the rankings; fails if any method
/// rejects the problem (see [`Method::validate`]).
pub fn compare_methods(
    methods: &[Method],
    matrix: &DecisionMatrix,
    weights: &Weights,
) -> Result<MethodComparison, DecideError> {
    let evaluations =
        methods.iter().map(|m| m.evaluate(matrix, weights)).collect::<Result<Vec<_>, _>>()?;
    let rankings: Vec<Vec<usize>> = evaluations.iter().map(|e| e.ranks.clone()).collect();
    let table = |f: fn(&[usize], &[usize]) -> f64| -> Vec<Vec<f64>> {
        rankings.iter().map(|p| rankings.iter().map(|q| f(p, q)).collect()).collect()
    };
    Ok(MethodComparison {
        spearman: table(spearman),
        weighted_spearman: table(weighted_spearman),
        ws: table(ws_coefficient),
        borda: borda(&rankings),
        copeland: copeland(&rankings),
        evaluations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_ranks_of_competition_ranks() {
        assert_eq!(average_ranks(&[1, 1, 3, 4]), vec![1.5, 1.5, 3.0, 4.0]);
        assert_eq!(average_ranks(&[2, 1, 2, 2]), vec![3.0, 1.0, 3.0, 3.0]);
        assert_eq!(average_ranks(&[]), Vec::<f64>::new());
    }

    #[test]
    fn undefined_cases_are_nan() {
        assert!(spearman(&[1, 1, 1], &[1, 2, 3]).is_nan());
        assert!(spearman(&[1], &[1]).is_nan());
        assert!(weighted_spearman(&[1], &[1]).is_nan());
        assert_eq!(ws_coefficient(&[1], &[1]), 1.0);
    }

    #[test]
    #[should_panic(expected = "different lengths")]
    fn length_mismatch_panics() {
        spearman(&[1, 2], &[1, 2, 3]);
    }

    #[test]
    fn empty_consensus() {
        assert_eq!(borda(&[]), Consensus { scores: vec![], ranks: vec![] });
        assert_eq!(copeland(&[]), Consensus { scores: vec![], ranks: vec![] });
    }
}
