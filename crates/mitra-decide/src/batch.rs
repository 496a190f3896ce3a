//! Scoring and ranking one problem under many weight vectors (SMAA draws).
//!
//! [`Prepared`] computes once what does not depend on the weights (for SAW the normalised matrix,
//! for TOPSIS the squared distances of each normalised value to the ideal and anti-ideal), so each
//! further weight vector costs one pass over precomputed numbers; other methods are re-run in
//! full; SMAA ranks the scores with `rank::ranks_into`, which reuses its buffers between draws.

use crate::{matrix::DecisionMatrix, normalize::Normalization, Method, Weights};

/// Which fast scorer applies.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PreparedKind {
    Saw(Normalization),
    Topsis(Normalization),
    /// Re-run the method in full for every weight vector.
    Generic,
}

/// A method made ready to score many weight vectors on one matrix: everything that does not
/// depend on the weights is computed once by [`Prepared::refresh`], so a weight vector costs one
/// pass over m × n (SAW) or m × 2n (TOPSIS) precomputed numbers.
///
/// SAW scores agree with [`Method::evaluate`] to rounding (it folds weights into its column
/// maps; here they multiply the normalised values). TOPSIS uses
/// (wⱼrᵢⱼ − wⱼr⁺ⱼ)² = wⱼ²(rᵢⱼ − r⁺ⱼ)² (weights are non-negative, so the weighted ideal is the
/// weight times the normalised ideal) with the squares precomputed; it agrees with
/// [`Method::evaluate`] to rounding (about 1e-16), far inside the 1e-12 tie tolerance.
pub(crate) struct Prepared {
    kind: PreparedKind,
    /// SAW: the normalised matrix, row-major. TOPSIS: per alternative, the n values
    /// (rᵢⱼ − r⁺ⱼ)² then the n values (rᵢⱼ − r⁻ⱼ)².
    table: Vec<f64>,
}

impl Prepared {
    pub(crate) fn new(method: &Method) -> Self {
        let kind = if let Method::Saw { normalization } = method {
            PreparedKind::Saw(*normalization)
        } else if let Method::Topsis { normalization } = method {
            PreparedKind::Topsis(*normalization)
        } else {
            PreparedKind::Generic
        };
        Self { kind, table: Vec::new() }
    }

    /// A scorer that re-runs the method for every weight vector, whatever the method.
    pub(crate) fn generic() -> Self {
        Self { kind: PreparedKind::Generic, table: Vec::new() }
    }

    /// Recomputes the weight-independent part for `matrix`'s current values.
    pub(crate) fn refresh(&mut self, matrix: &DecisionMatrix) {
        self.table.clear();
        match self.kind {
            PreparedKind::Saw(norm) => {
                let maps = norm.column_maps(matrix);
                self.table.extend(
                    matrix.rows().flat_map(|row| row.iter().zip(&maps).map(|(&x, m)| m.apply(x))),
                );
            }
            PreparedKind::Topsis(norm) => {
                let (maps, stats) = norm.column_maps_and_stats(matrix);
                // Every column map is monotone: the ideal and anti-ideal are the images of the
                // column's extremes.
                let (ideal, anti): (Vec<f64>, Vec<f64>) = maps
                    .iter()
                    .zip(&stats)
                    .map(|(m, s)| {
                        let (a, b) = (m.apply(s.min), m.apply(s.max));
                        (a.max(b), a.min(b))
                    })
                    .unzip();
                for row in matrix.rows() {
                    let r = row.iter().zip(&maps).map(|(&x, m)| m.apply(x));
                    self.table.extend(r.clone().zip(&ideal).map(|(r, i)| (r - i) * (r - i)));
                    self.table.extend(r.zip(&anti).map(|(r, a)| (r - a) * (r - a)));
                }
            }
            PreparedKind::Generic => {}
        }
    }

    /// The method's scores at weights `w` (summing to 1) into `out`. `matrix` must be the one
    /// last passed to [`Prepared::refresh`] and have passed [`Method::validate`].
    pub(crate) fn scores_into(
        &self,
        method: &Method,
        matrix: &DecisionMatrix,
        w: &[f64],
        out: &mut Vec<f64>,
    ) {
        let n = w.len();
        out.clear();
        match self.kind {
            PreparedKind::Saw(_) => out.extend(
                self.table
                    .chunks_exact(n)
                    .map(|row| row.iter().zip(w).map(|(r, wj)| wj * r).sum::<f64>()),
            ),
            PreparedKind::Topsis(_) => {
                let w2: Vec<f64> = w.iter().map(|x| x * x).collect();
                out.extend(self.table.chunks_exact(2 * n).map(|row| {
                    let (p, q) = row.split_at(n);
                    let dp: f64 = p.iter().zip(&w2).map(|(a, b)| a * b).sum();
                    let dm: f64 = q.iter().zip(&w2).map(|(a, b)| a * b).sum();
                    let (dp, dm) = (dp.sqrt(), dm.sqrt());
                    let total = dp + dm;
                    if total > 0.0 {
                        dm / total
                    } else {
                        0.5
                    }
                }));
            }
            PreparedKind::Generic => {
                out.extend(method.scores_valid(matrix, &Weights::from_nonnegative(w.to_vec())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::sample_matrix;

    /// The fast scorers give exactly the method's own scores.
    #[test]
    fn prepared_matches_method() {
        let m = sample_matrix();
        let w = Weights::new(&[0.2, 0.5, 0.3]).unwrap();
        for norm in Normalization::ALL {
            for method in
                [Method::Saw { normalization: norm }, Method::Topsis { normalization: norm }]
            {
                let mut p = Prepared::new(&method);
                assert_ne!(p.kind, PreparedKind::Generic);
                p.refresh(&m);
                let mut fast = Vec::new();
                p.scores_into(&method, &m, w.as_slice(), &mut fast);
                let full = method.scores_valid(&m, &w);
                // SAW folds the weights into its column maps, so the two differ by rounding only.
                for (f, e) in fast.iter().zip(&full) {
                    assert!((f - e).abs() <= 1e-15, "{method:?}: {fast:?} vs {full:?}");
                }
                let mut generic = Prepared::generic();
                generic.refresh(&m);
                let mut slow = Vec::new();
                generic.scores_into(&method, &m, w.as_slice(), &mut slow);
                assert_eq!(slow, full, "{method:?}");
            }
        }
    }
}
