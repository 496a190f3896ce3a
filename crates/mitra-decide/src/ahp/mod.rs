//! The Analytic Hierarchy Process: weights from pairwise comparisons, with their consistency.
//!
//! A judge says, for each pair of items (criteria, or alternatives under one criterion), how many
//! times more important one is than the other, usually on Saaty's 1–9 scale. The judgments form a
//! positive reciprocal matrix ([`PairwiseMatrix`], always valid once built); [`ahp`] turns it into
//! [`Weights`] and says how consistent the judgments were:
//!
//! * **priorities** — the principal right eigenvector (Saaty; power iteration to 1e-12, iterations
//!   reported) or the row geometric means (Crawford & Williams 1985), see [`PriorityMethod`];
//! * **λmax** — `(1/n) Σ_i (A·w)_i / w_i`. For the eigenvector this is the principal eigenvalue;
//!   for the geometric mean it is the same formula applied to the geometric-mean weights (the
//!   usual approximation, slightly above the true λmax);
//! * **CI** = (λmax − n)/(n − 1), **CR** = CI / RI(n) with a chosen [`RandomIndex`] table
//!   (CR = 0 for n ≤ 2; `None` for n beyond the table — no extrapolation);
//! * **GCI** (geometric-mean path) — Aguarón & Moreno-Jiménez (2003), thresholds from
//!   [`gci_threshold`];
//! * **advice** when CR > 0.1 — the judgments that contribute most to the inconsistency, with the
//!   value on Saaty's scale that would lower CR most ([`JudgmentAdvice`]).
//!
//! Judgments may also be given pair by pair with pairs missing ([`PairwiseMatrix::from_judgments`],
//! [`ahp_incomplete`]); several evaluators' matrices combine with [`group_ahp`]; and
//! [`synthesize`] turns criteria weights and local priorities into global priorities.

mod advice;
mod consistency;
mod group;
mod incomplete;
mod pairwise;
mod solve;

pub use advice::{JudgmentAdvice, ADVICE_LEN, SAATY_SCALE};
pub use consistency::{gci_threshold, PriorityMethod, RandomIndex, CR_THRESHOLD, RI_MAX_N};
pub use group::{group_ahp, Aggregation, GroupAhpResult};
pub use incomplete::{IncompleteMatrix, Pairwise};
pub use pairwise::{PairwiseError, PairwiseMatrix, RECIPROCAL_TOLERANCE};

use crate::{DecideError, Weights};
use serde::Serialize;

/// How missing judgments were filled before the consistency was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionMethod {
    /// Harker (1987): eigenvector of the matrix with missing cells 0 and `1 + m_i` on the
    /// diagonal — the eigenvector path.
    Harker1987,
    /// Logarithmic least squares over the known pairs — the geometric-mean path.
    LogLeastSquares,
}

/// For an incomplete matrix: which judgments were missing and the completed matrix
/// (`a_ij = w_i/w_j` in each missing cell) on which λmax, CI, CR and GCI were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completion {
    /// The method that found the weights.
    pub method: CompletionMethod,
    /// The missing pairs `(i, j)`, `i < j`.
    pub missing: Vec<(usize, usize)>,
    /// The matrix completed with the weights' ratios.
    pub completed: PairwiseMatrix,
}

/// Priorities and consistency of one comparison matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AhpResult {
    /// How the priorities were derived.
    pub method: PriorityMethod,
    /// The priorities (sum 1), item order.
    pub weights: Weights,
    /// `(1/n) Σ (A·w)_i / w_i` (see the module documentation).
    pub lambda_max: f64,
    /// Consistency index (λmax − n)/(n − 1); 0 for n ≤ 2, never negative.
    pub ci: f64,
    /// The random-index table asked for.
    pub random_index: RandomIndex,
    /// RI(n) from that table; `None` when n is beyond it.
    pub ri: Option<f64>,
    /// CI / RI; 0 for n ≤ 2; `None` when n is beyond the table.
    pub cr: Option<f64>,
    /// Geometric consistency index, on the geometric-mean path only.
    pub gci: Option<f64>,
    /// The GCI acceptance threshold for this n (geometric-mean path, n ≥ 3).
    pub gci_threshold: Option<f64>,
    /// Power-iteration steps (0 on the geometric-mean path).
    pub iterations: usize,
    /// Whether power iteration met its tolerance (always `true` on the geometric-mean path).
    pub converged: bool,
    /// Present when judgments were missing.
    pub completion: Option<Completion>,
    /// When CR > 0.1: the most inconsistent judgments, worst first, with suggested revisions.
    pub advice: Vec<JudgmentAdvice>,
}

impl AhpResult {
    /// Whether the judgments are acceptably consistent: CR ≤ 0.1. When n is beyond the RI table
    /// the GCI decides on the geometric-mean path; on the eigenvector path the answer is then
    /// unknown and this returns `false`.
    pub fn consistent(&self) -> bool {
        match (self.cr, self.gci, self.gci_threshold) {
            (Some(cr), _, _) => cr <= CR_THRESHOLD,
            (None, Some(g), Some(t)) => g <= t,
            _ => false,
        }
    }
}

/// What [`core`] computes for one (possibly incomplete) matrix.
pub(crate) struct Core {
    pub(crate) w: Vec<f64>,
    pub(crate) lambda_max: f64,
    pub(crate) ci: f64,
    pub(crate) ri: Option<f64>,
    pub(crate) cr: Option<f64>,
    pub(crate) gci: Option<f64>,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
    /// The completed matrix, for incomplete input.
    pub(crate) completed: Option<Vec<f64>>,
}

/// Priorities and consistency of `a` (row-major, 0.0 = missing when `incomplete`).
pub(crate) fn core(
    n: usize,
    a: &[f64],
    incomplete: bool,
    method: PriorityMethod,
    ri: RandomIndex,
) -> Core {
    use solve::*;
    let Priorities { w, iterations, converged } = match (method, incomplete) {
        (PriorityMethod::Eigenvector, false) => power_iteration(n, a, geometric_mean(n, a)),
        (PriorityMethod::Eigenvector, true) => {
            power_iteration(n, &harker(n, a), log_least_squares(n, a))
        }
        (PriorityMethod::GeometricMean, false) => {
            Priorities { w: geometric_mean(n, a), iterations: 0, converged: true }
        }
        (PriorityMethod::GeometricMean, true) => {
            Priorities { w: log_least_squares(n, a), iterations: 0, converged: true }
        }
    };
    let completed = incomplete.then(|| complete(n, a, &w));
    let full = completed.as_deref().unwrap_or(a);
    let lambda_max = mean_ratio(n, full, &w);
    let ci = if n <= 2 { 0.0 } else { ((lambda_max - n as f64) / (n - 1) as f64).max(0.0) };
    let ri_value = ri.value(n);
    let cr = ri_value.map(|r| if n <= 2 { 0.0 } else { ci / r });
    let gci = (method == PriorityMethod::GeometricMean).then(|| gci(n, full, &w));
    Core { w, lambda_max, ci, ri: ri_value, cr, gci, iterations, converged, completed }
}

fn result(
    n: usize,
    a: &[f64],
    incomplete: bool,
    method: PriorityMethod,
    ri: RandomIndex,
    missing: Vec<(usize, usize)>,
) -> AhpResult {
    let c = core(n, a, incomplete, method, ri);
    let advice = advice::advise(n, a, incomplete, method, ri, &c);
    let completion = c.completed.map(|full| Completion {
        method: match method {
            PriorityMethod::Eigenvector => CompletionMethod::Harker1987,
            PriorityMethod::GeometricMean => CompletionMethod::LogLeastSquares,
        },
        missing,
        completed: PairwiseMatrix::from_valid(n, full),
    });
    AhpResult {
        method,
        weights: Weights::from_nonnegative(c.w),
        lambda_max: c.lambda_max,
        ci: c.ci,
        random_index: ri,
        ri: c.ri,
        cr: c.cr,
        gci: c.gci,
        gci_threshold: c.gci.and(gci_threshold(n)),
        iterations: c.iterations,
        converged: c.converged,
        completion,
        advice,
    }
}

/// Priorities and consistency of a complete comparison matrix. Cannot fail: the matrix was
/// validated when it was built.
pub fn ahp(m: &PairwiseMatrix, method: PriorityMethod, ri: RandomIndex) -> AhpResult {
    result(m.n(), m.values(), false, method, ri, Vec::new())
}

/// Priorities and consistency of a matrix with missing judgments: Harker's method on the
/// eigenvector path, logarithmic least squares on the geometric-mean path. λmax, CI, CR and GCI
/// are those of the matrix completed with `w_i/w_j` (reported in [`AhpResult::completion`]); for
/// Harker's method this λmax is exactly the eigenvalue of Harker's matrix. Advice considers the
/// known judgments only.
pub fn ahp_incomplete(m: &IncompleteMatrix, method: PriorityMethod, ri: RandomIndex) -> AhpResult {
    result(m.n(), m.raw(), true, method, ri, m.missing())
}

/// Global priorities of the alternatives in a criteria → alternatives hierarchy: Σ_c w_c ·
/// local_c, where `local[c]` are the alternatives' priorities under criterion `c`. Apply it level
/// by level for deeper hierarchies.
///
/// Fails when there is not one local vector per criterion, or the local vectors differ in
/// length.
pub fn synthesize(criteria: &Weights, local: &[Weights]) -> Result<Weights, DecideError> {
    criteria.check_len(local.len())?;
    let m = local.first().map_or(0, Weights::len);
    let mut global = vec![0.0; m];
    for (l, wc) in local.iter().zip(criteria.as_slice()) {
        l.check_len(m)?;
        for (g, x) in global.iter_mut().zip(l.as_slice()) {
            *g += wc * x;
        }
    }
    Ok(Weights::from_nonnegative(global))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_items_are_always_consistent() {
        let m = PairwiseMatrix::from_upper(2, &[7.0]).unwrap();
        for method in PriorityMethod::ALL {
            let r = ahp(&m, method, RandomIndex::default());
            assert!((r.weights.as_slice()[0] - 0.875).abs() < 1e-12);
            assert_eq!((r.ci, r.cr), (0.0, Some(0.0)));
            assert!(r.consistent() && r.advice.is_empty());
        }
        let one = PairwiseMatrix::from_upper(1, &[]).unwrap();
        let r = ahp(&one, PriorityMethod::Eigenvector, RandomIndex::default());
        assert_eq!((r.weights.as_slice(), r.lambda_max, r.cr), (&[1.0][..], 1.0, Some(0.0)));
    }

    #[test]
    fn beyond_the_table_cr_is_unknown() {
        let ratios: Vec<f64> = (1..=16).map(f64::from).collect();
        let m = PairwiseMatrix::from_ratios(&ratios).unwrap();
        let r = ahp(&m, PriorityMethod::Eigenvector, RandomIndex::default());
        assert_eq!((r.ri, r.cr), (None, None));
        assert!(!r.consistent());
        let r = ahp(&m, PriorityMethod::GeometricMean, RandomIndex::default());
        assert!(r.cr.is_none() && r.gci.unwrap() < 1e-20 && r.consistent());
    }

    #[test]
    fn synthesize_checks_shapes() {
        let c = Weights::new(&[1.0, 3.0]).unwrap();
        let l = [Weights::new(&[1.0, 1.0]).unwrap(), Weights::new(&[1.0, 0.0]).unwrap()];
        assert_eq!(synthesize(&c, &l).unwrap().as_slice(), &[0.875, 0.125]);
        assert!(synthesize(&c, &l[..1]).is_err());
        let bad = [l[0].clone(), Weights::new(&[1.0, 1.0, 1.0]).unwrap()];
        assert!(synthesize(&c, &bad).is_err());
    }
}
