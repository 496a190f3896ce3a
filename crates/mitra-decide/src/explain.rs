//! Why one alternative ranks above another: per-criterion contributions.
//!
//! For two alternatives a and b the explanation lists, per criterion, the weighted normalised
//! value wⱼ·rᵢⱼ of each and their difference, largest differences first, so a supplier sees which
//! criteria put the winner above it and by how much. The values use the method's own
//! normalisation; methods without one (PROMETHEE, …) are explained with `vector` normalisation,
//! a neutral choice that needs no positive values.
//!
//! For SAW the differences add up exactly to the score difference. For other methods the score
//! is not a weighted sum, so the contributions are a guide to where the gap comes from, not an
//! exact split of it; the method's own scores and ranks are reported beside them.

use crate::{matrix::DecisionMatrix, DecideError, Method, Normalization, Weights};
use serde::Serialize;

/// One criterion's part in the gap between two alternatives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// Zero-based criterion index.
    pub criterion: usize,
    /// Weighted normalised value of alternative `a`.
    pub a: f64,
    /// Weighted normalised value of alternative `b`.
    pub b: f64,
    /// `a − b`: positive when this criterion puts `a` ahead.
    pub difference: f64,
}

/// The comparison of two alternatives, criterion by criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Zero-based index of the first alternative.
    pub a: usize,
    /// Zero-based index of the second alternative.
    pub b: usize,
    /// The normalisation behind the contributions.
    pub normalization: Normalization,
    /// One entry per criterion, by decreasing |difference| (criterion order among equals).
    pub contributions: Vec<Contribution>,
    /// Σ of `a`'s weighted normalised values (its SAW score under `normalization`).
    pub total_a: f64,
    /// Σ of `b`'s weighted normalised values.
    pub total_b: f64,
    /// `total_a − total_b`.
    pub total_difference: f64,
    /// The method's score of `a`.
    pub score_a: f64,
    /// The method's score of `b`.
    pub score_b: f64,
    /// The method's rank of `a`.
    pub rank_a: usize,
    /// The method's rank of `b`.
    pub rank_b: usize,
}

fn check_alternative(i: usize, m: usize) -> Result<(), DecideError> {
    if i < m {
        Ok(())
    } else {
        Err(DecideError::InvalidParameter {
            name: "alternative",
            value: i as f64,
            expected: "an index below the number of alternatives",
        })
    }
}

/// Explains the gap between alternatives `a` and `b` (see the module documentation). Fails when
/// the problem does not suit the method or an index is out of range.
pub fn explain(
    method: &Method,
    matrix: &DecisionMatrix,
    weights: &Weights,
    a: usize,
    b: usize,
) -> Result<Explanation, DecideError> {
    let evaluation = method.evaluate(matrix, weights)?;
    check_alternative(a, matrix.n_alternatives())?;
    check_alternative(b, matrix.n_alternatives())?;
    Ok(explain_valid(method, matrix, weights, &evaluation, a, b))
}

/// Explains why the winner is ranked above alternative `a` (the winner is the explanation's
/// `a`, the given alternative its `b`). If `a` is itself the winner, every difference is zero.
pub fn explain_against_winner(
    method: &Method,
    matrix: &DecisionMatrix,
    weights: &Weights,
    a: usize,
) -> Result<Explanation, DecideError> {
    let evaluation = method.evaluate(matrix, weights)?;
    check_alternative(a, matrix.n_alternatives())?;
    Ok(explain_valid(method, matrix, weights, &evaluation, evaluation.winner(), a))
}

fn explain_valid(
    method: &Method,
    matrix: &DecisionMatrix,
    weights: &Weights,
    evaluation: &crate::Evaluation,
    a: usize,
    b: usize,
) -> Explanation {
    let normalization = method.normalization().unwrap_or(Normalization::Vector);
    let maps = normalization.column_maps(matrix);
    let (ra, rb) = (matrix.row(a), matrix.row(b));
    let mut contributions: Vec<Contribution> = (0..matrix.n_criteria())
        .map(|j| {
            let w = weights.as_slice()[j];
            let (va, vb) = (w * maps[j].apply(ra[j]), w * maps[j].apply(rb[j]));
            Contribution { criterion: j, a: va, b: vb, difference: va - vb }
        })
        .collect();
    let total_a: f64 = contributions.iter().map(|c| c.a).sum();
    let total_b: f64 = contributions.iter().map(|c| c.b).sum();
    contributions.sort_by(|x, y| y.difference.abs().total_cmp(&x.difference.abs()));
    Explanation {
        a,
        b,
        normalization,
        contributions,
        total_a,
        total_b,
        total_difference: total_a - total_b,
        score_a: evaluation.scores[a],
        score_b: evaluation.scores[b],
        rank_a: evaluation.ranks[a],
        rank_b: evaluation.ranks[b],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Criterion;

    #[test]
    fn hand_checked() {
        // Max normalisation: price cost 1 − x/max, quality x/max.
        let m = DecisionMatrix::from_rows(
            vec!["a".into(), "b".into()],
            vec![Criterion::cost("price"), Criterion::benefit("quality")],
            &[vec![50.0, 8.0], vec![100.0, 10.0]],
        )
        .unwrap();
        let w = Weights::new(&[0.6, 0.4]).unwrap();
        let method = Method::Saw { normalization: Normalization::Max };
        let e = explain_against_winner(&method, &m, &w, 1).unwrap();
        // a: price 0.6·0.5 = 0.3, quality 0.4·0.8 = 0.32 → 0.62; b: 0 and 0.4 → 0.4.
        assert_eq!((e.a, e.b, e.rank_a, e.rank_b), (0, 1, 1, 2));
        assert_eq!(e.contributions[0].criterion, 0);
        assert!((e.contributions[0].difference - 0.3).abs() < 1e-15);
        assert!((e.contributions[1].difference + 0.08).abs() < 1e-15);
        assert!((e.total_difference - 0.22).abs() < 1e-15);
        assert!((e.score_a - e.score_b - e.total_difference).abs() < 1e-15);
        assert!(explain(&method, &m, &w, 0, 2).is_err());
    }
}
