//! The decision matrix: alternatives × criteria, each criterion a benefit or a cost.

use crate::DecideError;
use serde::{Deserialize, Serialize};

/// Whether more of a criterion is better (benefit) or worse (cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// More is better (quality, trust, on-time rate).
    Benefit,
    /// Less is better (price, lead time).
    Cost,
}

/// A named criterion with its direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Name shown to users, unique within a matrix.
    pub name: String,
    /// Benefit or cost.
    pub kind: CriterionKind,
}

impl Criterion {
    /// A criterion where more is better.
    pub fn benefit(name: impl Into<String>) -> Self {
        Self { name: name.into(), kind: CriterionKind::Benefit }
    }
    /// A criterion where less is better.
    pub fn cost(name: impl Into<String>) -> Self {
        Self { name: name.into(), kind: CriterionKind::Cost }
    }

    /// Criteria `c0`, `c1`, … from cost flags (`true` = cost), for tests and generated problems.
    pub fn numbered(cost: &[bool]) -> Vec<Self> {
        cost.iter()
            .enumerate()
            .map(|(j, &c)| {
                let name = format!("c{j}");
                if c {
                    Self::cost(name)
                } else {
                    Self::benefit(name)
                }
            })
            .collect()
    }
}

/// A validated decision matrix: at least one alternative and one criterion, every value finite,
/// stored row-major (`values[i * n + j]` is alternative `i` on criterion `j`).
///
/// Row-major keeps one alternative's values together, which is what the streaming methods
/// (SAW, TOPSIS, VIKOR) read, and lets rayon split the work by rows.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionMatrix {
    alternatives: Vec<String>,
    criteria: Vec<Criterion>,
    values: Vec<f64>,
}

impl DecisionMatrix {
    /// Builds a matrix from a flat row-major buffer.
    ///
    /// Fails when there are no alternatives or criteria, when the buffer length is not
    /// `alternatives × criteria`, when a value is NaN or infinite, or when two criteria share a
    /// name. Alternative names may repeat (two suppliers can share a trade name).
    pub fn new(
        alternatives: Vec<String>,
        criteria: Vec<Criterion>,
        values: Vec<f64>,
    ) -> Result<Self, DecideError> {
        let (m, n) = (alternatives.len(), criteria.len());
        if m == 0 {
            return Err(DecideError::NoAlternatives);
        }
        if n == 0 {
            return Err(DecideError::NoCriteria);
        }
        if values.len() != m * n {
            let row = values.len() / n;
            return Err(DecideError::RowLength {
                row: row.min(m - 1),
                expected: n,
                found: values.len() % n,
            });
        }
        // Hashed: linear in the number of criteria (100,000 columns took 80 s compared pairwise).
        let mut seen = std::collections::HashSet::with_capacity(n);
        for c in &criteria {
            if !seen.insert(c.name.as_str()) {
                return Err(DecideError::DuplicateName { name: c.name.clone() });
            }
        }
        if let Some(k) = values.iter().position(|v| !v.is_finite()) {
            return Err(DecideError::NonFinite { row: k / n, criterion: k % n });
        }
        Ok(Self { alternatives, criteria, values })
    }

    /// Builds a matrix from rows; each row must have one value per criterion.
    pub fn from_rows(
        alternatives: Vec<String>,
        criteria: Vec<Criterion>,
        rows: &[Vec<f64>],
    ) -> Result<Self, DecideError> {
        let n = criteria.len();
        let mut values = Vec::with_capacity(rows.len() * n);
        for (i, r) in rows.iter().enumerate() {
            if r.len() != n {
                return Err(DecideError::RowLength { row: i, expected: n, found: r.len() });
            }
            values.extend_from_slice(r);
        }
        if rows.len() != alternatives.len() {
            return Err(DecideError::RowLength { row: rows.len(), expected: n, found: 0 });
        }
        Self::new(alternatives, criteria, values)
    }

    /// Number of alternatives (rows).
    pub fn n_alternatives(&self) -> usize {
        self.alternatives.len()
    }
    /// Number of criteria (columns).
    pub fn n_criteria(&self) -> usize {
        self.criteria.len()
    }
    /// Alternative names in input order.
    pub fn alternatives(&self) -> &[String] {
        &self.alternatives
    }
    /// Criteria in input order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }
    /// The whole row-major buffer.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
    /// The values for engine code that perturbs its own copy of a matrix (SMAA value noise); the
    /// caller keeps every value finite.
    pub(crate) fn values_mut(&mut self) -> &mut [f64] {
        &mut self.values
    }
    /// One alternative's values.
    pub fn row(&self, i: usize) -> &[f64] {
        let n = self.criteria.len();
        &self.values[i * n..(i + 1) * n]
    }
    /// All rows in order.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.criteria.len())
    }
    /// Value of alternative `i` on criterion `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.criteria.len() + j]
    }
    /// One criterion's values, top to bottom.
    pub fn column(&self, j: usize) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.values.iter().skip(j).step_by(self.criteria.len()).copied()
    }
    /// `true` when criterion `j` is a cost.
    pub fn is_cost(&self, j: usize) -> bool {
        self.criteria[j].kind == CriterionKind::Cost
    }

    /// Checks that every value is strictly positive, naming the first that is not.
    pub fn require_positive(&self, needed_by: &'static str) -> Result<(), DecideError> {
        let n = self.criteria.len();
        match self.values.iter().position(|&v| v <= 0.0) {
            Some(k) => Err(DecideError::NonPositive {
                row: k / n,
                criterion: k % n,
                value: self.values[k],
                needed_by,
            }),
            None => Ok(()),
        }
    }

    /// A copy with the rows reordered: row `k` of the result is row `order[k]` of `self`.
    pub fn permuted(&self, order: &[usize]) -> Self {
        let mut values = Vec::with_capacity(self.values.len());
        for &i in order {
            values.extend_from_slice(self.row(i));
        }
        Self {
            alternatives: order.iter().map(|&i| self.alternatives[i].clone()).collect(),
            criteria: self.criteria.clone(),
            values,
        }
    }

    /// Per-criterion minimum and maximum, in one pass.
    pub fn column_bounds(&self) -> Vec<(f64, f64)> {
        let mut b = vec![(f64::INFINITY, f64::NEG_INFINITY); self.n_criteria()];
        for row in self.rows() {
            for (bj, &x) in b.iter_mut().zip(row) {
                bj.0 = bj.0.min(x);
                bj.1 = bj.1.max(x);
            }
        }
        b
    }
}

/// A matrix with alternatives `a0`, `a1`, … and criteria from [`Criterion::numbered`].
#[cfg(test)]
pub(crate) fn test_matrix(rows: &[Vec<f64>], cost: &[bool]) -> DecisionMatrix {
    let names = (0..rows.len()).map(|i| format!("a{i}")).collect();
    DecisionMatrix::from_rows(names, Criterion::numbered(cost), rows).unwrap()
}

/// Five suppliers on quality, price (cost) and trust: the engine's shared unit-test problem.
#[cfg(test)]
pub(crate) fn sample_matrix() -> DecisionMatrix {
    DecisionMatrix::from_rows(
        (0..5).map(|i| format!("a{i}")).collect(),
        vec![Criterion::benefit("q"), Criterion::cost("price"), Criterion::benefit("trust")],
        &[
            vec![7.0, 120.0, 3.0],
            vec![9.0, 150.0, 4.0],
            vec![6.0, 90.0, 2.5],
            vec![8.0, 130.0, 5.0],
            vec![5.0, 160.0, 2.0],
        ],
    )
    .unwrap()
}
