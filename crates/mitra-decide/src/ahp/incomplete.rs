//! Judgments given pair by pair, possibly with pairs left out.
//!
//! A judge with many items rarely compares every pair (15 items are 105 pairs). Missing
//! judgments are fine as long as the known ones link every item to every other through some
//! chain of comparisons; the weights are then determined, by Harker's (1987) method on the
//! eigenvector path and by logarithmic least squares over the known pairs on the
//! geometric-mean path.

use super::pairwise::{reciprocal_enough, PairwiseError, PairwiseMatrix};
use super::{AhpResult, PriorityMethod, RandomIndex};
use serde::Serialize;

/// A positive reciprocal comparison matrix with some judgments missing; the known judgments
/// connect all items. Build it with [`PairwiseMatrix::from_judgments`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncompleteMatrix {
    n: usize,
    /// Row-major; 0.0 marks a missing judgment.
    values: Vec<f64>,
}

impl IncompleteMatrix {
    /// Number of items.
    pub fn n(&self) -> usize {
        self.n
    }
    /// `a_ij`, or `None` when the pair was not judged.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        let v = self.values[i * self.n + j];
        (v > 0.0).then_some(v)
    }
    /// The missing pairs `(i, j)`, `i < j`, in row order.
    pub fn missing(&self) -> Vec<(usize, usize)> {
        let n = self.n;
        (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .filter(|&(i, j)| self.values[i * n + j] == 0.0)
            .collect()
    }
    /// Row-major cells with 0.0 for missing (engine internal).
    pub(crate) fn raw(&self) -> &[f64] {
        &self.values
    }
    /// Built from a buffer already known to be valid and connected (engine internal).
    pub(crate) fn from_valid(n: usize, values: Vec<f64>) -> Self {
        Self { n, values }
    }
}

/// The outcome of reading judgments pair by pair: complete when every pair was judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "matrix", rename_all = "snake_case")]
pub enum Pairwise {
    /// Every pair was judged.
    Complete(PairwiseMatrix),
    /// Some pairs are missing; the known ones connect all items.
    Incomplete(IncompleteMatrix),
}

impl Pairwise {
    /// Number of items.
    pub fn n(&self) -> usize {
        match self {
            Self::Complete(m) => m.n(),
            Self::Incomplete(m) => m.n(),
        }
    }

    /// Priorities and consistency: [`super::ahp`] or [`super::ahp_incomplete`].
    pub fn evaluate(&self, method: PriorityMethod, ri: RandomIndex) -> AhpResult {
        match self {
            Self::Complete(m) => super::ahp(m, method, ri),
            Self::Incomplete(m) => super::ahp_incomplete(m, method, ri),
        }
    }
}

impl PairwiseMatrix {
    /// Reads judgments `(i, j, a_ij)` ("item i is a_ij times as important as item j"), zero-based,
    /// in any order and either orientation; the mirror cell gets the exact reciprocal.
    ///
    /// Fails when an index is out of range, a value is not finite and positive, an item is
    /// compared with itself with a value other than 1 (a 1 is ignored), the same pair is judged
    /// twice with values further apart than [`super::RECIPROCAL_TOLERANCE`] (the first is kept
    /// otherwise), or the known judgments do not connect all items.
    pub fn from_judgments(
        n: usize,
        judgments: &[(usize, usize, f64)],
    ) -> Result<Pairwise, PairwiseError> {
        if n == 0 {
            return Err(PairwiseError::Empty);
        }
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            a[i * n + i] = 1.0;
        }
        for &(i, j, v) in judgments {
            if i >= n || j >= n {
                return Err(PairwiseError::IndexOutOfRange { row: i, col: j, n });
            }
            if !v.is_finite() {
                return Err(PairwiseError::NotFinite { row: i, col: j });
            }
            if v <= 0.0 {
                return Err(PairwiseError::NotPositive { row: i, col: j, value: v });
            }
            if i == j {
                if reciprocal_enough(v, 1.0) {
                    continue;
                }
                return Err(PairwiseError::SelfComparison { index: i, value: v });
            }
            let first = a[i * n + j];
            if first > 0.0 {
                if !reciprocal_enough(first, 1.0 / v) {
                    return Err(PairwiseError::ConflictingJudgment {
                        row: i,
                        col: j,
                        first,
                        second: v,
                    });
                }
                continue;
            }
            a[i * n + j] = v;
            a[j * n + i] = 1.0 / v;
        }
        if let Some(item) = first_unreachable(n, &a) {
            return Err(PairwiseError::Disconnected { item });
        }
        if a.iter().all(|&v| v > 0.0) {
            Ok(Pairwise::Complete(PairwiseMatrix::from_valid(n, a)))
        } else {
            Ok(Pairwise::Incomplete(IncompleteMatrix::from_valid(n, a)))
        }
    }
}

/// The first item not reachable from item 0 through known judgments.
fn first_unreachable(n: usize, a: &[f64]) -> Option<usize> {
    let mut seen = vec![false; n];
    let mut stack = vec![0];
    seen[0] = true;
    while let Some(i) = stack.pop() {
        for j in 0..n {
            if !seen[j] && a[i * n + j] > 0.0 {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen.iter().position(|s| !s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_when_every_pair_is_judged() {
        let p = PairwiseMatrix::from_judgments(3, &[(0, 1, 2.0), (2, 0, 0.25), (1, 2, 2.0)]);
        let expected = PairwiseMatrix::from_upper(3, &[2.0, 4.0, 2.0]).unwrap();
        assert_eq!(p, Ok(Pairwise::Complete(expected)));
    }

    #[test]
    fn incomplete_connected_and_errors() {
        let p = PairwiseMatrix::from_judgments(3, &[(0, 1, 2.0), (1, 2, 3.0), (1, 1, 1.0)]);
        let Ok(Pairwise::Incomplete(m)) = p else { panic!("expected incomplete, got {p:?}") };
        assert_eq!(m.missing(), vec![(0, 2)]);
        assert_eq!((m.get(2, 1), m.get(0, 2)), (Some(1.0 / 3.0), None));
        assert_eq!(
            PairwiseMatrix::from_judgments(3, &[(0, 1, 2.0)]),
            Err(PairwiseError::Disconnected { item: 2 })
        );
        assert_eq!(
            PairwiseMatrix::from_judgments(2, &[(0, 1, 2.0), (1, 0, 3.0)]),
            Err(PairwiseError::ConflictingJudgment { row: 1, col: 0, first: 0.5, second: 3.0 })
        );
        assert!(PairwiseMatrix::from_judgments(2, &[(0, 1, 3.0), (1, 0, 0.333)]).is_ok());
        assert_eq!(
            PairwiseMatrix::from_judgments(2, &[(1, 1, 2.0)]),
            Err(PairwiseError::SelfComparison { index: 1, value: 2.0 })
        );
        assert_eq!(
            PairwiseMatrix::from_judgments(2, &[(0, 2, 2.0)]),
            Err(PairwiseError::IndexOutOfRange { row: 0, col: 2, n: 2 })
        );
        assert_eq!(
            PairwiseMatrix::from_judgments(2, &[(0, 1, -2.0)]),
            Err(PairwiseError::NotPositive { row: 0, col: 1, value: -2.0 })
        );
        assert_eq!(
            PairwiseMatrix::from_judgments(1, &[]),
            Ok(Pairwise::Complete(PairwiseMatrix::from_upper(1, &[]).unwrap()))
        );
    }
}
