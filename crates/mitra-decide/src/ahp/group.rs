//! Group AHP: several evaluators' comparison matrices combined into one set of weights.
//!
//! Forman & Peniwati (1998): when the group acts as one unit, aggregate the individual judgments
//! (AIJ) by their weighted geometric mean — the only mean that keeps the result reciprocal
//! (Aczél & Saaty 1983) — and derive priorities from that matrix; when the evaluators act as
//! separate individuals, aggregate their individual priorities (AIP), here also by weighted
//! geometric mean, renormalised. With the geometric-mean priority method the two coincide.

use super::{ahp, AhpResult, PairwiseError, PairwiseMatrix, PriorityMethod, RandomIndex};
use crate::{DecideError, Weights};
use serde::{Deserialize, Serialize};

/// How the evaluators' judgments are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Aggregation of individual judgments: element-wise weighted geometric mean, then
    /// priorities of the aggregated matrix.
    #[default]
    Aij,
    /// Aggregation of individual priorities: weighted geometric mean of each evaluator's
    /// priority vector, renormalised.
    Aip,
}

impl Aggregation {
    /// The name used on the command line, in the API and in results.
    pub fn key(self) -> &'static str {
        match self {
            Self::Aij => "aij",
            Self::Aip => "aip",
        }
    }
    /// Parses [`Aggregation::key`] (case-insensitive).
    pub fn from_key(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aij" => Some(Self::Aij),
            "aip" => Some(Self::Aip),
            _ => None,
        }
    }
}

/// The group's weights with each evaluator's own result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAhpResult {
    /// How the evaluators were combined.
    pub aggregation: Aggregation,
    /// The evaluators' weights as used (sum 1; equal when none were given).
    pub evaluator_weights: Weights,
    /// Each evaluator's priorities and consistency, input order.
    pub evaluators: Vec<AhpResult>,
    /// The group's weights.
    pub weights: Weights,
    /// AIJ: the aggregated matrix's priorities and consistency (its `weights` are the group's).
    pub aggregated: Option<AhpResult>,
    /// AIJ: the aggregated matrix.
    pub aggregated_matrix: Option<PairwiseMatrix>,
}

/// Combines several evaluators' matrices of the same items.
///
/// `evaluator_weights` (any non-negative scale, normalised; equal when `None`) say how much each
/// evaluator counts. Fails when there are no matrices, when they differ in size, or when the
/// evaluator weights are the wrong number, negative or all zero.
pub fn group_ahp(
    matrices: &[PairwiseMatrix],
    evaluator_weights: Option<&[f64]>,
    aggregation: Aggregation,
    method: PriorityMethod,
    ri: RandomIndex,
) -> Result<GroupAhpResult, DecideError> {
    let first = matrices.first().ok_or(PairwiseError::NoEvaluators)?;
    let n = first.n();
    for (evaluator, m) in matrices.iter().enumerate() {
        if m.n() != n {
            let e = PairwiseError::SizeMismatch { evaluator, expected: n, found: m.n() };
            return Err(e.into());
        }
    }
    let lambda = match evaluator_weights {
        Some(raw) => {
            let w = Weights::new(raw)?;
            w.check_len(matrices.len())?;
            w
        }
        None => Weights::equal(matrices.len())?,
    };
    let evaluators: Vec<AhpResult> = matrices.iter().map(|m| ahp(m, method, ri)).collect();
    let lw = lambda.as_slice();
    let (weights, aggregated, aggregated_matrix) = match aggregation {
        Aggregation::Aij => {
            let mut upper = Vec::with_capacity(n * n.saturating_sub(1) / 2);
            for i in 0..n {
                for j in i + 1..n {
                    let log: f64 = matrices.iter().zip(lw).map(|(m, l)| l * m.get(i, j).ln()).sum();
                    upper.push(log.exp());
                }
            }
            let agg = PairwiseMatrix::from_upper(n, &upper)?;
            let r = ahp(&agg, method, ri);
            (r.weights.clone(), Some(r), Some(agg))
        }
        Aggregation::Aip => {
            let logs: Vec<f64> = (0..n)
                .map(|i| {
                    evaluators.iter().zip(lw).map(|(r, l)| l * r.weights.as_slice()[i].ln()).sum()
                })
                .collect();
            let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let raw = logs.iter().map(|v| (v - top).exp()).collect();
            (Weights::from_nonnegative(raw), None, None)
        }
    };
    Ok(GroupAhpResult {
        aggregation,
        evaluator_weights: lambda,
        evaluators,
        weights,
        aggregated,
        aggregated_matrix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_groups() {
        let a = PairwiseMatrix::from_upper(2, &[3.0]).unwrap();
        let b = PairwiseMatrix::from_upper(3, &[3.0, 1.0, 1.0]).unwrap();
        let go = |ms: &[PairwiseMatrix], w: Option<&[f64]>| {
            group_ahp(ms, w, Aggregation::Aij, PriorityMethod::Eigenvector, RandomIndex::default())
        };
        assert_eq!(go(&[], None).unwrap_err(), PairwiseError::NoEvaluators.into());
        assert_eq!(
            go(&[a.clone(), b], None).unwrap_err(),
            PairwiseError::SizeMismatch { evaluator: 1, expected: 2, found: 3 }.into()
        );
        assert!(go(&[a.clone(), a.clone()], Some(&[1.0])).is_err());
        assert!(go(&[a.clone(), a], Some(&[1.0, -1.0])).is_err());
    }

    #[test]
    fn two_evaluators_meet_in_the_middle() {
        // 4 and 1/4 average geometrically to 1: equal weights under both aggregations.
        let a = PairwiseMatrix::from_upper(2, &[4.0]).unwrap();
        let b = PairwiseMatrix::from_upper(2, &[0.25]).unwrap();
        for agg in [Aggregation::Aij, Aggregation::Aip] {
            let r = group_ahp(
                &[a.clone(), b.clone()],
                None,
                agg,
                PriorityMethod::Eigenvector,
                RandomIndex::default(),
            )
            .unwrap();
            assert!((r.weights.as_slice()[0] - 0.5).abs() < 1e-12, "{agg:?}: {:?}", r.weights);
            assert_eq!(r.evaluators.len(), 2);
            assert_eq!(r.aggregated.is_some(), agg == Aggregation::Aij);
        }
    }
}
