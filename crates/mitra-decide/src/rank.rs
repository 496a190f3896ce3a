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

/// Sorts `scores` into `keys`, best first: each key packs an unsigned image of the score (in the
/// order of `f64::total_cmp`, complemented when higher is better) above the index, so a plain
/// integer sort orders by score and then by input position — several times faster than sorting
/// indices with a comparison closure. `keys` is scratch space a caller may reuse.
pub(crate) fn sort_keys(scores: &[f64], dir: ScoreOrder, keys: &mut Vec<u128>) {
    const SIGN: u64 = 1 << 63;
    keys.clear();
    keys.extend(scores.iter().enumerate().map(|(i, &x)| {
        let bits = x.to_bits();
        let ascending = if bits & SIGN != 0 { !bits } else { bits | SIGN };
        let key = match dir {
            ScoreOrder::HigherIsBetter => !ascending,
            ScoreOrder::LowerIsBetter => ascending,
        };
        (u128::from(key) << 64) | i as u128
    }));
    if scores.len() >= crate::par::PAR_MIN_ROWS {
        keys.par_sort_unstable();
    } else {
        keys.sort_unstable();
    }
}

/// The input index packed in a key of [`sort_keys`].
fn index_of(key: u128) -> usize {
    key as u64 as usize
}

/// Indices of `scores` from best to worst (equal scores keep input order).
pub fn order(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
    let mut keys = Vec::with_capacity(scores.len());
    sort_keys(scores, dir, &mut keys);
    keys.into_iter().map(index_of).collect()
}

/// Competition ranks ("1224"): rank 1 is best; scores tied with the first of their group share
/// its rank, and the next distinct score takes its position + 1.
pub fn ranks(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
    let (mut keys, mut out) = (Vec::with_capacity(scores.len()), Vec::new());
    ranks_into(scores, dir, &mut keys, &mut out);
    out
}

/// [`ranks`] into `out`, with `keys` as reusable scratch space (SMAA ranks once per draw).
pub(crate) fn ranks_into(
    scores: &[f64],
    dir: ScoreOrder,
    keys: &mut Vec<u128>,
    out: &mut Vec<usize>,
) {
    sort_keys(scores, dir, keys);
    out.clear();
    out.resize(scores.len(), 0);
    let (mut leader, mut leader_rank) = (f64::NAN, 0);
    for (pos, &k) in keys.iter().enumerate() {
        let i = index_of(k);
        if pos == 0 || !tied(scores[i], leader) {
            leader = scores[i];
            leader_rank = pos + 1;
        }
        out[i] = leader_rank;
    }
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

    /// The definition, slowly: sort indices with a comparison, then group ties.
    fn reference(scores: &[f64], dir: ScoreOrder) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        idx.sort_by(|&a, &b| {
            let o = scores[a].total_cmp(&scores[b]);
            let o = if dir == ScoreOrder::HigherIsBetter { o.reverse() } else { o };
            o.then(a.cmp(&b))
        });
        let mut out = vec![0; scores.len()];
        let (mut leader, mut leader_rank) = (f64::NAN, 0);
        for (pos, &i) in idx.iter().enumerate() {
            if pos == 0 || !tied(scores[i], leader) {
                leader = scores[i];
                leader_rank = pos + 1;
            }
            out[i] = leader_rank;
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        #[test]
        fn packed_keys_rank_like_the_definition(
            raw in proptest::collection::vec((0u8..6, -3i32..3, -1.0f64..1.0), 0..200),
            big in proptest::bool::ANY,
        ) {
            let mut scores: Vec<f64> = raw
                .iter()
                .map(|&(kind, k, x)| match kind {
                    0 => 0.0,
                    1 => -0.0,
                    2 => 1.0 + 1e-14,
                    3 => f64::from(k),
                    4 => -1e300 * x,
                    _ => x,
                })
                .collect();
            if big {
                // Past the parallel threshold, the parallel sort must agree too.
                let base = scores.clone();
                while scores.len() < crate::par::PAR_MIN_ROWS && !base.is_empty() {
                    scores.extend_from_slice(&base);
                }
            }
            for dir in [ScoreOrder::HigherIsBetter, ScoreOrder::LowerIsBetter] {
                let r = ranks(&scores, dir);
                proptest::prop_assert_eq!(&r, &reference(&scores, dir));
                // `order` lists best first: ranks never decrease along it.
                let ord = order(&scores, dir);
                proptest::prop_assert_eq!(ord.len(), scores.len());
                proptest::prop_assert!(ord.windows(2).all(|p| r[p[0]] <= r[p[1]]));
            }
        }
    }
}
