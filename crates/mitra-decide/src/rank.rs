//! From scores to ranks: rank 1 is best, ties share the best rank (1, 1, 3).

use rayon::prelude::*;

/// Relative tolerance under which two scores count as equal.
pub const TIE_TOLERANCE: f64 = 1e-12;

/// Whether a method's score is better when higher (TOPSIS closeness) or lower (VIKOR Q).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreOrder {
    /// Larger scores rank first.
    HigherIsBetter,
    /// Smaller scores rank first.
    LowerIsBetter,
}

/// `true` when `a` and `b` are equal within [`TIE_TOLERANCE`] of the larger magnitude.
pub fn tied(a: f64, b: f64) -> bool {
    (a - b).abs() <= TIE_TOLERANCE * a.abs().max(b.abs()) || a == b
}

/// Indices of `scores` from best to worst (stable: equal scores keep input order).
///
/// Sorts (key, index) pairs, where the key is the score's bit pattern mapped so that unsigned
/// order is [`f64::total_cmp`] order (flipped when higher is better): the sort then compares
/// integers held next to each other instead of looking the scores up through the indices,
/// several times faster on large inputs.
pub fn order(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> =
        scores.iter().enumerate().map(|(i, &s)| (sort_key(s, dir), i)).collect();
    if scores.len() >= crate::par::PAR_MIN_ROWS {
        keyed.par_sort_unstable();
    } else {
        keyed.sort_unstable();
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// An unsigned key whose order is the best-first order of `score`.
fn sort_key(score: f64, dir: ScoreOrder) -> u64 {
    let bits = score.to_bits();
    // Negative numbers: flip all bits (larger magnitude sorts first); positive: set the sign
    // bit so they sort after every negative.
    let ascending = if bits >> 63 == 1 { !bits } else { bits | (1 << 63) };
    match dir {
        ScoreOrder::LowerIsBetter => ascending,
        ScoreOrder::HigherIsBetter => !ascending,
    }
}

/// Competition ranks ("1224"): rank 1 is best; scores tied with the first of their group share
/// its rank, and the next distinct score takes its position + 1.
pub fn ranks(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
    let ord = order(scores, dir);
    let mut ranks = vec![0; scores.len()];
    let mut leader = f64::NAN;
    let mut leader_rank = 0;
    for (pos, &i) in ord.iter().enumerate() {
        if pos == 0 || !tied(scores[i], leader) {
            leader = scores[i];
            leader_rank = pos + 1;
        }
        ranks[i] = leader_rank;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranking() {
        assert_eq!(ranks(&[0.5, 0.9, 0.9, 0.1], ScoreOrder::HigherIsBetter), vec![3, 1, 1, 4]);
        assert_eq!(ranks(&[0.5, 0.9, 0.9, 0.1], ScoreOrder::LowerIsBetter), vec![2, 3, 3, 1]);
        assert_eq!(ranks(&[1.0, 1.0 + 1e-14], ScoreOrder::HigherIsBetter), vec![1, 1]);
        assert_eq!(ranks(&[0.0, 0.0, -1.0], ScoreOrder::HigherIsBetter), vec![1, 1, 3]);
        assert_eq!(ranks(&[1.0, 1.0 + 1e-9], ScoreOrder::HigherIsBetter), vec![2, 1]);
    }

    #[test]
    fn order_is_total_cmp_order_with_index_ties() {
        let scores = [0.5, -0.0, 0.0, -3.0, 2.0, f64::MAX, -f64::MAX, 0.5, 1e-300, -1e-300];
        for dir in [ScoreOrder::HigherIsBetter, ScoreOrder::LowerIsBetter] {
            let mut expected: Vec<usize> = (0..scores.len()).collect();
            expected.sort_by(|&a, &b| {
                let o = scores[a].total_cmp(&scores[b]);
                let o = if dir == ScoreOrder::HigherIsBetter { o.reverse() } else { o };
                o.then(a.cmp(&b))
            });
            assert_eq!(order(&scores, dir), expected, "{dir:?}");
        }
    }
}
