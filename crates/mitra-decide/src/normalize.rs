//! Normalisations, with the common treatment of cost criteria.
//!
//! | name | benefit | cost |
//! |---|---|---|
//! | `min_max` | (x−min)/(max−min) | (max−x)/(max−min) |
//! | `max` | x/max | 1−x/max |
//! | `sum` | x/Σx | (1/x)/Σ(1/x) |
//! | `vector` | x/‖x‖₂ | 1−x/‖x‖₂ |
//! | `linear` | x/max | min/x |
//!
//! A constant column (max = min) maps to 1 under `min_max`: it separates no one, so any constant
//! would do, and 1 keeps the formula defined. A column of zeros maps to 0 (benefit) or 1 (cost)
//! under `vector`. `max`, `sum` and `linear` need strictly positive values.
//!
//! Each normalisation is a per-column map computed from one pass of column statistics, so the
//! streaming methods never build a normalised copy of a large matrix.

use crate::{matrix::DecisionMatrix, par};
use serde::{Deserialize, Serialize};

/// A normalisation of the decision matrix (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalization {
    /// (x−min)/(max−min); cost (max−x)/(max−min).
    MinMax,
    /// x/max; cost 1−x/max.
    Max,
    /// x/Σx; cost (1/x)/Σ(1/x).
    Sum,
    /// x/‖x‖₂; cost 1−x/‖x‖₂.
    Vector,
    /// x/max; cost min/x.
    Linear,
}

impl Normalization {
    /// All normalisations, in documentation order.
    pub const ALL: [Normalization; 5] =
        [Self::MinMax, Self::Max, Self::Sum, Self::Vector, Self::Linear];

    /// The name used on the command line, in the API and in results.
    pub fn key(self) -> &'static str {
        match self {
            Self::MinMax => "min_max",
            Self::Max => "max",
            Self::Sum => "sum",
            Self::Vector => "vector",
            Self::Linear => "linear",
        }
    }

    /// Parses [`Normalization::key`] (also accepts `minmax` and `min-max`).
    pub fn from_key(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        match s.as_str() {
            "min_max" | "minmax" => Some(Self::MinMax),
            "max" => Some(Self::Max),
            "sum" => Some(Self::Sum),
            "vector" => Some(Self::Vector),
            "linear" => Some(Self::Linear),
            _ => None,
        }
    }

    /// Whether this normalisation needs strictly positive values.
    pub fn needs_positive(self) -> bool {
        matches!(self, Self::Max | Self::Sum | Self::Linear)
    }

    /// The per-column maps for `matrix` (one pass over the data).
    pub(crate) fn column_maps(self, matrix: &DecisionMatrix) -> Vec<ColumnMap> {
        self.column_maps_and_stats(matrix).0
    }

    /// The per-column maps and the column statistics they came from.
    pub(crate) fn column_maps_and_stats(
        self,
        matrix: &DecisionMatrix,
    ) -> (Vec<ColumnMap>, Vec<ColumnStats>) {
        let stats = ColumnStats::compute(matrix, self == Self::Sum);
        let maps =
            stats.iter().enumerate().map(|(j, s)| self.column_map(s, matrix.is_cost(j))).collect();
        (maps, stats)
    }

    fn column_map(self, s: &ColumnStats, cost: bool) -> ColumnMap {
        use ColumnMap::{Affine, Reciprocal};
        match (self, cost) {
            (Self::MinMax, _) if s.max <= s.min => Affine { a: 0.0, b: 1.0 },
            (Self::MinMax, false) => {
                Affine { a: 1.0 / (s.max - s.min), b: -s.min / (s.max - s.min) }
            }
            (Self::MinMax, true) => {
                Affine { a: -1.0 / (s.max - s.min), b: s.max / (s.max - s.min) }
            }
            (Self::Max | Self::Linear, false) => Affine { a: 1.0 / s.max, b: 0.0 },
            (Self::Max, true) => Affine { a: -1.0 / s.max, b: 1.0 },
            (Self::Linear, true) => Reciprocal { c: s.min },
            (Self::Sum, false) => Affine { a: 1.0 / s.sum, b: 0.0 },
            (Self::Sum, true) => Reciprocal { c: 1.0 / s.sum_recip },
            (Self::Vector, _) if s.sum_sq == 0.0 => {
                Affine { a: 0.0, b: if cost { 1.0 } else { 0.0 } }
            }
            (Self::Vector, false) => Affine { a: 1.0 / s.sum_sq.sqrt(), b: 0.0 },
            (Self::Vector, true) => Affine { a: -1.0 / s.sum_sq.sqrt(), b: 1.0 },
        }
    }

    /// The normalised matrix, row-major, cost criteria already turned so that more is better.
    pub fn normalize(self, matrix: &DecisionMatrix) -> Vec<f64> {
        let maps = self.column_maps(matrix);
        matrix.rows().flat_map(|row| row.iter().zip(&maps).map(|(&x, m)| m.apply(x))).collect()
    }
}

/// How one column's raw values become normalised values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnMap {
    /// a·x + b.
    Affine { a: f64, b: f64 },
    /// c / x.
    Reciprocal { c: f64 },
}

impl ColumnMap {
    #[inline]
    pub(crate) fn apply(self, x: f64) -> f64 {
        match self {
            Self::Affine { a, b } => a.mul_add(x, b),
            Self::Reciprocal { c } => c / x,
        }
    }

    /// The map multiplied by `w`: w·(a·x + b) = (w·a)·x + w·b, w·c/x = (w·c)/x. Folding the
    /// weight into the map saves a multiplication per value in the row loops.
    #[inline]
    pub(crate) fn scaled(self, w: f64) -> Self {
        match self {
            Self::Affine { a, b } => Self::Affine { a: w * a, b: w * b },
            Self::Reciprocal { c } => Self::Reciprocal { c: w * c },
        }
    }

    /// `maps[j]` scaled by `w[j]`.
    pub(crate) fn weighted(maps: &[Self], w: &[f64]) -> Vec<Self> {
        maps.iter().zip(w).map(|(m, &wj)| m.scaled(wj)).collect()
    }
}

/// Column statistics gathered in one pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColumnStats {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) sum: f64,
    pub(crate) sum_sq: f64,
    /// Σ 1/x; only computed when asked for (it costs a division per value).
    pub(crate) sum_recip: f64,
}

impl ColumnStats {
    const EMPTY: Self =
        Self { min: f64::INFINITY, max: f64::NEG_INFINITY, sum: 0.0, sum_sq: 0.0, sum_recip: 0.0 };

    fn merge(mut self, o: &Self) -> Self {
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
        self.sum_recip += o.sum_recip;
        self
    }

    /// Statistics of every column; in parallel on large matrices.
    pub(crate) fn compute(matrix: &DecisionMatrix, recip: bool) -> Vec<Self> {
        let n = matrix.n_criteria();
        par::fold_rows(
            matrix,
            || vec![Self::EMPTY; n],
            |mut acc, rows| {
                for row in rows.chunks_exact(n) {
                    for (s, &x) in acc.iter_mut().zip(row) {
                        s.min = s.min.min(x);
                        s.max = s.max.max(x);
                        s.sum += x;
                        s.sum_sq = x.mul_add(x, s.sum_sq);
                        if recip {
                            s.sum_recip += 1.0 / x;
                        }
                    }
                }
                acc
            },
            |a, b| a.iter().zip(&b).map(|(x, y)| x.merge(y)).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Criterion;

    fn m() -> DecisionMatrix {
        DecisionMatrix::from_rows(
            vec!["a".into(), "b".into(), "c".into()],
            vec![Criterion::benefit("q"), Criterion::cost("price")],
            &[vec![1.0, 2.0], vec![2.0, 4.0], vec![4.0, 8.0]],
        )
        .unwrap()
    }

    fn check(norm: Normalization, expected: &[f64]) {
        let got = norm.normalize(&m());
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-12, "{norm:?}: got {got:?}, expected {expected:?}");
        }
    }

    #[test]
    fn table() {
        check(Normalization::MinMax, &[0.0, 1.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 0.0]);
        check(Normalization::Max, &[0.25, 0.75, 0.5, 0.5, 1.0, 0.0]);
        let r = 0.5 + 0.25 + 0.125;
        check(Normalization::Sum, &[1.0 / 7.0, 0.5 / r, 2.0 / 7.0, 0.25 / r, 4.0 / 7.0, 0.125 / r]);
        let (n1, n2) = (21f64.sqrt(), 84f64.sqrt());
        check(
            Normalization::Vector,
            &[1.0 / n1, 1.0 - 2.0 / n2, 2.0 / n1, 1.0 - 4.0 / n2, 4.0 / n1, 1.0 - 8.0 / n2],
        );
        check(Normalization::Linear, &[0.25, 1.0, 0.5, 0.5, 1.0, 0.25]);
    }

    #[test]
    fn keys_round_trip() {
        for n in Normalization::ALL {
            assert_eq!(Normalization::from_key(n.key()), Some(n));
        }
        assert_eq!(Normalization::from_key("Min-Max"), Some(Normalization::MinMax));
        assert_eq!(Normalization::from_key("zscore"), None);
    }
}
