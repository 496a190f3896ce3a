//! The complete pairwise comparison matrix and the errors of AHP input.

use serde::Serialize;
use thiserror::Error;

/// How far apart a typed judgment and its typed reciprocal may be: `a_ij · a_ji` must lie
/// within 1 ± this. People type 0.333 for 1/3 (product 0.999) or 0.33 (0.99); 0.14 for 1/7
/// (0.98) is refused — type 0.143, or give the upper triangle only ([`PairwiseMatrix::from_upper`]).
pub const RECIPROCAL_TOLERANCE: f64 = 0.01;

/// Slack for rounding in the tolerance comparisons (0.33 × 3 is 0.98999999999999999).
const SLACK: f64 = 1e-9;

/// Why a set of pairwise judgments was rejected. Indices are zero-based; `row`, `col` name the
/// cell `a[row][col]` ("item `row` compared with item `col`").
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PairwiseError {
    /// A comparison needs at least one item.
    #[error("the comparison matrix has no items")]
    Empty,
    /// The value buffer does not match the declared size.
    #[error("a comparison of {n} items needs {expected} values, found {found}")]
    WrongSize {
        /// Number of items.
        n: usize,
        /// Number of values needed.
        expected: usize,
        /// Number of values given.
        found: usize,
    },
    /// A judgment is NaN or infinite.
    #[error("row {row}, column {col}: the judgment is not a finite number")]
    NotFinite {
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
    },
    /// A judgment is zero or negative: a ratio of importances is always positive.
    #[error("row {row}, column {col}: the judgment {value} must be greater than zero")]
    NotPositive {
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// A diagonal cell is not 1: an item is always exactly as important as itself.
    #[error("row {index}, column {index}: the diagonal must be 1, found {value}")]
    DiagonalNotOne {
        /// Zero-based item.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// `a_ji` is not the reciprocal of `a_ij` (beyond [`RECIPROCAL_TOLERANCE`]).
    #[error(
        "row {row}, column {col}: {a_ij} and its mirror cell (row {col}, column {row}) {a_ji} \
         are not reciprocals (expected {expected})",
        expected = 1.0 / a_ij
    )]
    NotReciprocal {
        /// Zero-based row of the upper-triangle cell.
        row: usize,
        /// Zero-based column of the upper-triangle cell.
        col: usize,
        /// The upper-triangle value.
        a_ij: f64,
        /// The mirror value.
        a_ji: f64,
    },
    /// A judgment names an item that does not exist.
    #[error("row {row}, column {col}: no such item (there are {n})")]
    IndexOutOfRange {
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
        /// Number of items.
        n: usize,
    },
    /// An item was compared with itself with a value other than 1.
    #[error("row {index}, column {index}: an item compared with itself must be 1, found {value}")]
    SelfComparison {
        /// Zero-based item.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// The same pair was judged twice with different values (both expressed as `a[row][col]`).
    #[error("row {row}, column {col}: judged twice, as {first} and as {second}")]
    ConflictingJudgment {
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
        /// The first value, as `a[row][col]`.
        first: f64,
        /// The second value, as `a[row][col]`.
        second: f64,
    },
    /// The known judgments do not link every item to every other through a chain of
    /// comparisons, so the relative weight of the separate groups is undetermined.
    #[error(
        "item {item} is not linked to item 0 by any chain of judgments: the weights are \
         undetermined; add a judgment between the two groups"
    )]
    Disconnected {
        /// The first zero-based item not reachable from item 0.
        item: usize,
    },
    /// Group AHP: an evaluator's matrix has a different size from the first evaluator's.
    #[error("evaluator {evaluator}: compares {found} items, the first evaluator {expected}")]
    SizeMismatch {
        /// Zero-based evaluator.
        evaluator: usize,
        /// Size of the first evaluator's matrix.
        expected: usize,
        /// Size of this evaluator's matrix.
        found: usize,
    },
    /// Group AHP needs at least one evaluator.
    #[error("no evaluators' matrices were given")]
    NoEvaluators,
}

/// A validated positive reciprocal n×n comparison matrix: every cell finite and > 0, diagonal 1,
/// `a_ji = 1/a_ij` exactly. `a_ij` says how many times more important item `i` is than item `j`
/// (Saaty's 1–9 scale is usual, but any positive ratio is accepted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairwiseMatrix {
    n: usize,
    values: Vec<f64>,
}

fn check_cell(row: usize, col: usize, value: f64) -> Result<(), PairwiseError> {
    if !value.is_finite() {
        Err(PairwiseError::NotFinite { row, col })
    } else if value <= 0.0 {
        Err(PairwiseError::NotPositive { row, col, value })
    } else {
        Ok(())
    }
}

/// `true` when `a · b` is 1 within [`RECIPROCAL_TOLERANCE`].
pub(crate) fn reciprocal_enough(a: f64, b: f64) -> bool {
    (a * b - 1.0).abs() <= RECIPROCAL_TOLERANCE + SLACK
}

impl PairwiseMatrix {
    /// Validates a full n×n matrix given row-major.
    ///
    /// Checks, in this order, naming the first bad cell: the size; every cell finite and
    /// positive; the diagonal 1 (within 1e-9); every mirror pair reciprocal within
    /// [`RECIPROCAL_TOLERANCE`]. Of each mirror pair, the value ≥ 1 is then taken as the judgment
    /// (people type whole numbers exactly and fractions rounded) and the other cell replaced by
    /// its exact reciprocal, so a typed 0.333 opposite a 3 becomes 1/3 on either side.
    pub fn new(n: usize, values: &[f64]) -> Result<Self, PairwiseError> {
        if n == 0 {
            return Err(PairwiseError::Empty);
        }
        let expected = n * n;
        if values.len() != expected {
            return Err(PairwiseError::WrongSize { n, expected, found: values.len() });
        }
        for (k, &v) in values.iter().enumerate() {
            check_cell(k / n, k % n, v)?;
        }
        for i in 0..n {
            let value = values[i * n + i];
            if (value - 1.0).abs() > SLACK {
                return Err(PairwiseError::DiagonalNotOne { index: i, value });
            }
        }
        let mut m = Self { n, values: vec![1.0; expected] };
        for i in 0..n {
            for j in i + 1..n {
                let (a_ij, a_ji) = (values[i * n + j], values[j * n + i]);
                if !reciprocal_enough(a_ij, a_ji) {
                    return Err(PairwiseError::NotReciprocal { row: i, col: j, a_ij, a_ji });
                }
                if a_ij >= 1.0 {
                    m.set(i, j, a_ij);
                } else {
                    m.set(j, i, a_ji);
                }
            }
        }
        Ok(m)
    }

    /// Builds the matrix from its upper triangle, row by row: `a_01, a_02, …, a_0(n−1), a_12, …`
    /// (n(n−1)/2 values; none for n = 1). The lower triangle is filled with reciprocals.
    pub fn from_upper(n: usize, upper: &[f64]) -> Result<Self, PairwiseError> {
        if n == 0 {
            return Err(PairwiseError::Empty);
        }
        let expected = n * (n - 1) / 2;
        if upper.len() != expected {
            return Err(PairwiseError::WrongSize { n, expected, found: upper.len() });
        }
        let mut m = Self { n, values: vec![1.0; n * n] };
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                check_cell(i, j, upper[k])?;
                m.set(i, j, upper[k]);
                k += 1;
            }
        }
        Ok(m)
    }

    /// The perfectly consistent matrix `a_ij = r_i / r_j` of positive ratios `r` (weights,
    /// measurements): what a judge who knew the true weights would write.
    pub fn from_ratios(ratios: &[f64]) -> Result<Self, PairwiseError> {
        let n = ratios.len();
        if n == 0 {
            return Err(PairwiseError::Empty);
        }
        for (i, &r) in ratios.iter().enumerate() {
            check_cell(i, i, r)?;
        }
        let mut m = Self { n, values: vec![1.0; n * n] };
        for i in 0..n {
            for j in i + 1..n {
                let v = ratios[i] / ratios[j];
                check_cell(i, j, v)?;
                m.set(i, j, v);
            }
        }
        Ok(m)
    }

    /// Built from values already known to be valid (engine internal).
    pub(crate) fn from_valid(n: usize, values: Vec<f64>) -> Self {
        debug_assert_eq!(values.len(), n * n);
        Self { n, values }
    }

    /// Sets `a_ij = v` and `a_ji = 1/v`.
    fn set(&mut self, i: usize, j: usize, v: f64) {
        self.values[i * self.n + j] = v;
        self.values[j * self.n + i] = 1.0 / v;
    }

    /// A copy with one judgment replaced (`a_ij = value`, `a_ji = 1/value`), for trying out a
    /// revision such as a [`crate::ahp::JudgmentAdvice`] suggestion.
    pub fn with_judgment(&self, i: usize, j: usize, value: f64) -> Result<Self, PairwiseError> {
        let n = self.n;
        if i >= n || j >= n {
            return Err(PairwiseError::IndexOutOfRange { row: i, col: j, n });
        }
        check_cell(i, j, value)?;
        if i == j {
            if (value - 1.0).abs() > SLACK {
                return Err(PairwiseError::SelfComparison { index: i, value });
            }
            return Ok(self.clone());
        }
        let mut m = self.clone();
        m.set(i, j, value);
        Ok(m)
    }

    /// A copy with the items reordered: item `k` of the result is item `order[k]` of `self`.
    /// `order` must be a permutation of `0..n` (engine and test use).
    pub fn permuted(&self, order: &[usize]) -> Self {
        let n = self.n;
        let values = order
            .iter()
            .flat_map(|&i| order.iter().map(move |&j| self.values[i * n + j]))
            .collect();
        Self { n, values }
    }

    /// Number of items compared.
    pub fn n(&self) -> usize {
        self.n
    }
    /// `a_ij`: how many times more important item `i` is than item `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.n + j]
    }
    /// All cells, row-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
    /// One row of the matrix.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.n..(i + 1) * self.n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetrises_typed_reciprocals() {
        let m = PairwiseMatrix::new(2, &[1.0, 3.0, 0.333, 1.0]).unwrap();
        assert_eq!(m.get(1, 0), 1.0 / 3.0);
        let m = PairwiseMatrix::new(2, &[1.0, 0.33, 3.0, 1.0]).unwrap();
        assert_eq!((m.get(0, 1), m.get(1, 0)), (1.0 / 3.0, 3.0));
        assert!(matches!(
            PairwiseMatrix::new(2, &[1.0, 7.0, 0.14, 1.0]),
            Err(PairwiseError::NotReciprocal { row: 0, col: 1, .. })
        ));
    }

    #[test]
    fn names_the_cell() {
        let e = PairwiseMatrix::new(3, &[1.0, 2.0, 3.0, 0.5, 1.0, 0.0, 1.0 / 3.0, 1.0, 1.0]);
        assert_eq!(e, Err(PairwiseError::NotPositive { row: 1, col: 2, value: 0.0 }));
        let e = PairwiseMatrix::new(2, &[2.0, 1.0, 1.0, 1.0]);
        assert_eq!(e, Err(PairwiseError::DiagonalNotOne { index: 0, value: 2.0 }));
        assert_eq!(PairwiseMatrix::new(0, &[]), Err(PairwiseError::Empty));
        assert_eq!(
            PairwiseMatrix::from_upper(3, &[1.0]),
            Err(PairwiseError::WrongSize { n: 3, expected: 3, found: 1 })
        );
        assert_eq!(
            PairwiseMatrix::from_upper(3, &[1.0, 2.0, f64::INFINITY]),
            Err(PairwiseError::NotFinite { row: 1, col: 2 })
        );
    }

    #[test]
    fn upper_and_full_agree_and_permute() {
        let a = PairwiseMatrix::from_upper(3, &[2.0, 4.0, 2.0]).unwrap();
        let b = PairwiseMatrix::new(3, &[1.0, 2.0, 4.0, 0.5, 1.0, 2.0, 0.25, 0.5, 1.0]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, PairwiseMatrix::from_ratios(&[4.0, 2.0, 1.0]).unwrap());
        let p = a.permuted(&[2, 0, 1]);
        assert_eq!(p.get(0, 1), a.get(2, 0));
        assert_eq!(p.get(1, 2), a.get(0, 1));
        let c = a.with_judgment(2, 0, 5.0).unwrap();
        assert_eq!((c.get(2, 0), c.get(0, 2)), (5.0, 0.2));
    }
}
