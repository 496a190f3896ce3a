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
pub fn order(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    let cmp = |a: &usize, b: &usize| {
        let o = scores[*a].total_cmp(&scores[*b]);
        let o = if dir == ScoreOrder::HigherIsBetter { o.reverse() } else { o };
        o.then(a.cmp(b))
    };
    if scores.len() >= crate::par::PAR_MIN_ROWS {
        idx.par_sort_unstable_by(cmp);
    } else {
        idx.sort_unstable_by(cmp);
    }
    idx
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
}
