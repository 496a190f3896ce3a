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
        self.column_maps_with(matrix, Need::NONE).0
    }

    /// The per-column maps and all the column statistics (Σ1/x only for `sum`).
    #[allow(dead_code)] // for engine modules that want every statistic
    pub(crate) fn column_maps_and_stats(
        self,
        matrix: &DecisionMatrix,
    ) -> (Vec<ColumnMap>, Vec<ColumnStats>) {
        let all = Need { bounds: true, sum: true, sum_sq: true, recip: self == Self::Sum };
        self.column_maps_with(matrix, all)
    }

    /// The statistics this normalisation reads.
    pub(crate) fn need(self) -> Need {
        match self {
            Self::MinMax | Self::Max | Self::Linear => Need::BOUNDS,
            Self::Sum => Need { sum: true, recip: true, ..Need::NONE },
            Self::Vector => Need { sum_sq: true, ..Need::NONE },
        }
    }

    /// The per-column maps and column statistics, including the `extra` statistics the caller
    /// needs beyond what the normalisation reads (all in the same pass).
    pub(crate) fn column_maps_with(
        self,
        matrix: &DecisionMatrix,
        extra: Need,
    ) -> (Vec<ColumnMap>, Vec<ColumnStats>) {
        let stats = ColumnStats::compute_needed(matrix, self.need().or(extra));
        let maps =
            stats.iter().enumerate().map(|(j, s)| self.column_map(s, matrix.is_cost(j))).collect();
        (maps, stats)
    }

    fn column_map(self, s: &ColumnStats, cost: bool) -> ColumnMap {
        use ColumnMap::Reciprocal;
        // `zero`: the raw value the map sends to exactly 0 (the worst end of a min-max column,
        // a cost column's maximum under `max`), which `a·x + b` misses by a rounding
        // (1 − 49·(1/49) = 1.1e-16), enough to make a product or a division count it.
        let affine = |a: f64, b: f64, zero: f64| ColumnMap::Affine { a, b, zero };
        match (self, cost) {
            (Self::MinMax, _) if s.max <= s.min => affine(0.0, 1.0, f64::NAN),
            (Self::MinMax, false) => affine(1.0 / (s.max - s.min), -s.min / (s.max - s.min), s.min),
            (Self::MinMax, true) => affine(-1.0 / (s.max - s.min), s.max / (s.max - s.min), s.max),
            (Self::Max | Self::Linear, false) => affine(1.0 / s.max, 0.0, 0.0),
            (Self::Max, true) => affine(-1.0 / s.max, 1.0, s.max),
            (Self::Linear, true) => Reciprocal { c: s.min },
            (Self::Sum, false) => affine(1.0 / s.sum, 0.0, 0.0),
            (Self::Sum, true) => Reciprocal { c: 1.0 / s.sum_recip },
            (Self::Vector, _) if s.norm == 0.0 => {
                affine(0.0, if cost { 1.0 } else { 0.0 }, f64::NAN)
            }
            (Self::Vector, false) => affine(1.0 / s.norm, 0.0, 0.0),
            (Self::Vector, true) => affine(-1.0 / s.norm, 1.0, s.norm),
        }
    }

    /// The normalised matrix, row-major, cost criteria already turned so that more is better.
    pub fn normalize(self, matrix: &DecisionMatrix) -> Vec<f64> {
        let maps = self.column_maps(matrix);
        matrix.rows().flat_map(|row| row.iter().zip(&maps).map(|(&x, m)| m.apply(x))).collect()
    }
}

/// How one column's raw values become normalised values.
///
/// The hot loops use `a * x + b`, not `mul_add`: without the `fma` target feature (the default
/// x86-64 target) `mul_add` is a library call per value, an order of magnitude slower.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnMap {
    /// a·x + b, and exactly 0 at x = `zero` (NaN: nowhere).
    Affine {
        /// Slope.
        a: f64,
        /// Intercept.
        b: f64,
        /// The raw value mapped to exactly 0.
        zero: f64,
    },
    /// c / x.
    Reciprocal { c: f64 },
}

impl ColumnMap {
    #[inline]
    pub(crate) fn apply(self, x: f64) -> f64 {
        match self {
            Self::Affine { a, b, zero } => {
                if x == zero {
                    0.0
                } else {
                    a * x + b
                }
            }
            Self::Reciprocal { c } => c / x,
        }
    }

    /// The map multiplied by `w`: w·(a·x + b) = (w·a)·x + w·b, w·c/x = (w·c)/x. Folding the
    /// weight into the map saves a multiplication per value in the row loops.
    #[inline]
    pub(crate) fn scaled(self, w: f64) -> Self {
        match self {
            Self::Affine { a, b, zero } => Self::Affine { a: w * a, b: w * b, zero },
            Self::Reciprocal { c } => Self::Reciprocal { c: w * c },
        }
    }

    /// The coefficients (a, b) of every map when all are affine, so that row loops can run
    /// without a branch per value.
    pub(crate) fn affine_parts(maps: &[Self]) -> Option<(Vec<f64>, Vec<f64>)> {
        maps.iter()
            .map(|m| match *m {
                Self::Affine { a, b, .. } => Some((a, b)),
                Self::Reciprocal { .. } => None,
            })
            .collect()
    }

    /// `maps[j]` scaled by `w[j]`.
    pub(crate) fn weighted(maps: &[Self], w: &[f64]) -> Vec<Self> {
        maps.iter().zip(w).map(|(m, &wj)| m.scaled(wj)).collect()
    }
}

/// Which column statistics a pass gathers; the others stay at their empty values
/// (min +∞, max −∞, sums 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Need {
    /// Minimum and maximum.
    pub(crate) bounds: bool,
    /// Σx.
    pub(crate) sum: bool,
    /// Σx².
    pub(crate) sum_sq: bool,
    /// Σ1/x (a division per value).
    pub(crate) recip: bool,
}

impl Need {
    /// Nothing.
    pub(crate) const NONE: Self = Self { bounds: false, sum: false, sum_sq: false, recip: false };
    /// Minimum and maximum only.
    pub(crate) const BOUNDS: Self = Self { bounds: true, ..Self::NONE };

    /// Everything either of `self` and `other` needs.
    pub(crate) fn or(self, other: Self) -> Self {
        Self {
            bounds: self.bounds || other.bounds,
            sum: self.sum || other.sum,
            sum_sq: self.sum_sq || other.sum_sq,
            recip: self.recip || other.recip,
        }
    }
}

/// Column statistics gathered in one pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColumnStats {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) sum: f64,
    /// √Σx², the Euclidean norm, exact also where Σx² itself would overflow or underflow.
    pub(crate) norm: f64,
    /// Σ 1/x; only computed when asked for (it costs a division per value).
    pub(crate) sum_recip: f64,
}

/// Calls `ColumnStats::fold` with the four flags of a [`Need`] as constants.
macro_rules! dispatch_need {
    ($need:expr, $matrix:expr; $(($b:literal, $s:literal, $q:literal, $r:literal))*) => {
        match ($need.bounds, $need.sum, $need.sum_sq, $need.recip) {
            $(($b, $s, $q, $r) => Self::fold::<$b, $s, $q, $r>($matrix),)*
        }
    };
}

impl ColumnStats {
    /// All statistics of every column (Σ1/x only when `recip`); in parallel on large matrices.
    #[allow(dead_code)] // for engine modules that want every statistic
    pub(crate) fn compute(matrix: &DecisionMatrix, recip: bool) -> Vec<Self> {
        Self::compute_needed(matrix, Need { bounds: true, sum: true, sum_sq: true, recip })
    }

    /// The statistics in `need` of every column, in one pass; in parallel on large matrices.
    /// Each combination of needs gets its own loop, so a pass does only the work it must.
    pub(crate) fn compute_needed(matrix: &DecisionMatrix, need: Need) -> Vec<Self> {
        dispatch_need!(need, matrix;
            (false, false, false, false) (false, false, false, true)
            (false, false, true, false) (false, false, true, true)
            (false, true, false, false) (false, true, false, true)
            (false, true, true, false) (false, true, true, true)
            (true, false, false, false) (true, false, false, true)
            (true, false, true, false) (true, false, true, true)
            (true, true, false, false) (true, true, false, true)
            (true, true, true, false) (true, true, true, true)
        )
    }

    fn fold<const B: bool, const S: bool, const Q: bool, const R: bool>(
        matrix: &DecisionMatrix,
    ) -> Vec<Self> {
        let n = matrix.n_criteria();
        let acc = par::fold_rows(
            matrix,
            || Columns::new(n),
            |mut acc, rows| {
                // One short loop per statistic over the row (in L1 by then): each is a plain
                // element-wise loop over equal-length slices, which the compiler vectorises.
                for row in rows.chunks_exact(n) {
                    // Values are finite (checked when the matrix was built), so plain
                    // comparisons do what `f64::min`/`max` do, without the NaN handling.
                    if B {
                        for (lo, &x) in acc.min.iter_mut().zip(row) {
                            *lo = if x < *lo { x } else { *lo };
                        }
                        for (hi, &x) in acc.max.iter_mut().zip(row) {
                            *hi = if x > *hi { x } else { *hi };
                        }
                    }
                    if S {
                        for (s, &x) in acc.sum.iter_mut().zip(row) {
                            *s += x;
                        }
                    }
                    if Q {
                        for (s, &x) in acc.sum_sq.iter_mut().zip(row) {
                            *s += x * x;
                        }
                    }
                    if R {
                        for (s, &x) in acc.sum_recip.iter_mut().zip(row) {
                            *s += 1.0 / x;
                        }
                    }
                }
                acc
            },
            Columns::merge,
        );
        (0..n)
            .map(|j| Self {
                min: acc.min[j],
                max: acc.max[j],
                sum: acc.sum[j],
                norm: if Q { column_norm(matrix, j, acc.sum_sq[j]) } else { 0.0 },
                sum_recip: acc.sum_recip[j],
            })
            .collect()
    }
}

/// √Σx² of column `j` from the plain sum of squares, or — where that overflowed (values above
/// about 1.3e154) or lost its digits to underflow (values below about 1.5e-154) — from the
/// column scaled by its largest magnitude, so that a column multiplied by any power of ten
/// keeps its normalised values.
fn column_norm(matrix: &DecisionMatrix, j: usize, sum_sq: f64) -> f64 {
    // Below this, squares of the values were subnormal or rounded to zero.
    const TINY: f64 = 1e-280;
    if sum_sq.is_finite() && (sum_sq == 0.0 || sum_sq > TINY) {
        let any_tiny = sum_sq == 0.0 && matrix.column(j).any(|x| x != 0.0);
        if !any_tiny {
            return sum_sq.sqrt();
        }
    }
    let largest = matrix.column(j).fold(0.0_f64, |m, x| m.max(x.abs()));
    if largest == 0.0 {
        return 0.0;
    }
    let scaled: f64 = matrix.column(j).map(|x| (x / largest) * (x / largest)).sum();
    largest * scaled.sqrt()
}

/// Column statistics as one vector per statistic, the layout the accumulation loops want.
struct Columns {
    min: Vec<f64>,
    max: Vec<f64>,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
    sum_recip: Vec<f64>,
}

impl Columns {
    fn new(n: usize) -> Self {
        Self {
            min: vec![f64::INFINITY; n],
            max: vec![f64::NEG_INFINITY; n],
            sum: vec![0.0; n],
            sum_sq: vec![0.0; n],
            sum_recip: vec![0.0; n],
        }
    }

    fn merge(mut self, o: Self) -> Self {
        let add = |a: &mut Vec<f64>, b: &[f64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        self.min.iter_mut().zip(&o.min).for_each(|(x, &y)| *x = x.min(y));
        self.max.iter_mut().zip(&o.max).for_each(|(x, &y)| *x = x.max(y));
        add(&mut self.sum, &o.sum);
        add(&mut self.sum_sq, &o.sum_sq);
        add(&mut self.sum_recip, &o.sum_recip);
        self
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
