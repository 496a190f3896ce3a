//! The analysis layer: rank comparison, consensus, sensitivity, SMAA-2 and explanations.
//!
//! Correlation values were computed independently with scipy 1.17 (`spearmanr`) and with the
//! pymcdm definitions of r_w and WS written out in numpy.

use crate::common::*;
use mitra_decide::{
    borda, compare_methods, copeland, explain, explain_against_winner, one_at_a_time,
    rank::{ranks, ScoreOrder},
    rescaled_weights, smaa2, smaa2_with, spearman, weighted_spearman, winner_intervals,
    ws_coefficient, DecisionMatrix, Evaluation, Method, MethodKey, Normalization, SmaaOptions,
    WeightSampling, Weights,
};
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

/// The methods every analysis must work with: SAW and WP (closed forms), every other method with
/// its defaults (grid and bisection).
fn methods(m: &DecisionMatrix) -> Vec<Method> {
    let mut v = Vec::new();
    for norm in [Normalization::MinMax, Normalization::Max, Normalization::Vector] {
        v.push(Method::Saw { normalization: norm });
    }
    v.push(Method::Topsis { normalization: Normalization::MinMax });
    for key in MethodKey::ALL.iter().map(|k| k.as_str()).filter(|k| *k != "saw") {
        v.push(Method::default_for(key, m.n_criteria()).unwrap());
    }
    v
}

/// A random problem: 2–6 alternatives, 2–4 criteria, integer values 1–100 (positive, so every
/// normalisation applies), random weights.
fn problem() -> impl Strategy<Value = (DecisionMatrix, Weights)> {
    (2usize..=6, 2usize..=4).prop_flat_map(|(m, n)| {
        (
            prop::collection::vec(prop::collection::vec(1u32..=100, n), m),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(1u32..=20, n),
        )
            .prop_map(|(rows, cost, w)| {
                let rows: Vec<Vec<f64>> =
                    rows.iter().map(|r| r.iter().map(|&x| f64::from(x)).collect()).collect();
                let w: Vec<f64> = w.iter().map(|&x| f64::from(x)).collect();
                (matrix(&rows, &cost), Weights::new(&w).unwrap())
            })
    })
}

/// A random permutation of ranks 1..=n.
fn permutation() -> impl Strategy<Value = Vec<usize>> {
    (2usize..=12).prop_flat_map(|n| Just((1..=n).collect::<Vec<_>>()).prop_shuffle())
}

/// Competition ranks with ties, from random small scores.
fn tied_ranking(n: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0u8..4, n).prop_map(|s| {
        ranks(&s.iter().map(|&x| f64::from(x)).collect::<Vec<_>>(), ScoreOrder::HigherIsBetter)
    })
}

/// Whether alternatives `a` and `b` score the same up to rounding (1e-9 of the scores' size):
/// such a tie in exact arithmetic is decided by the last bits, so which one is first there is
/// not something a property can assert.
fn rounding_tie(e: &Evaluation, a: usize, b: usize) -> bool {
    let (x, y) = (e.scores[a], e.scores[b]);
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

/// The alternative ranked first (the lowest index among ties).
fn leader(e: &Evaluation) -> usize {
    e.ranks.iter().position(|&r| r == 1).unwrap()
}

// ---------------------------------------------------------------- correlations

#[test]
fn correlations_match_scipy_and_pymcdm() {
    // (a, b, scipy spearmanr, r_w, WS(a→b), WS(b→a)); the second case has ties.
    type Case<'a> = (&'a [usize], &'a [usize], f64, f64, f64, f64);
    let cases: [Case; 4] = [
        (&[1, 2, 3, 4, 5], &[2, 1, 3, 5, 4], 0.8, 0.8, 0.7630208333333334, 0.7630208333333334),
        (
            &[1, 1, 3, 4, 5],
            &[1, 2, 2, 4, 5],
            0.9210526315789475,
            0.8666666666666667,
            0.8125,
            0.8333333333333334,
        ),
        (
            &[3, 1, 4, 2, 5, 6],
            &[1, 3, 2, 4, 6, 5],
            0.48571428571428577,
            0.3877551020408163,
            0.5390625,
            0.5390625,
        ),
        (&[1, 2, 3, 4, 5], &[5, 4, 3, 2, 1], -1.0, -1.0, 0.26041666666666674, 0.26041666666666674),
    ];
    for (a, b, rho, rw, ws_ab, ws_ba) in cases {
        assert_close(&[spearman(a, b)], &[rho], 1e-12);
        assert_close(&[weighted_spearman(a, b)], &[rw], 1e-12);
        assert_close(&[ws_coefficient(a, b), ws_coefficient(b, a)], &[ws_ab, ws_ba], 1e-12);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn spearman_properties(p in permutation(), q in permutation()) {
        let n = p.len();
        let reverse: Vec<usize> = p.iter().map(|&r| n + 1 - r).collect();
        prop_assert!((spearman(&p, &p) - 1.0).abs() < 1e-12);
        prop_assert!((spearman(&p, &reverse) + 1.0).abs() < 1e-12);
        prop_assert!((weighted_spearman(&p, &p) - 1.0).abs() < 1e-12);
        prop_assert!((weighted_spearman(&p, &reverse) + 1.0).abs() < 1e-12);
        prop_assert_eq!(ws_coefficient(&p, &p), 1.0);
        if q.len() == n {
            // Without ties ρ is the textbook 1 − 6Σd²/(n(n²−1)).
            let d2: f64 = p.iter().zip(&q).map(|(&a, &b)| (a as f64 - b as f64).powi(2)).sum();
            let nf = n as f64;
            prop_assert!((spearman(&p, &q) - (1.0 - 6.0 * d2 / (nf * (nf * nf - 1.0)))).abs() < 1e-12);
            prop_assert_eq!(spearman(&p, &q), spearman(&q, &p));
            prop_assert_eq!(weighted_spearman(&p, &q), weighted_spearman(&q, &p));
            let ws = ws_coefficient(&p, &q);
            prop_assert!(ws > 0.0 && ws <= 1.0, "WS {}", ws);
        }
    }

    #[test]
    fn spearman_with_ties(a in tied_ranking(8), b in tied_ranking(8)) {
        let rho = spearman(&a, &b);
        let levels = |r: &[usize]| r.iter().any(|&x| x != r[0]);
        if levels(&a) && levels(&b) {
            prop_assert!((-1.0..=1.0).contains(&rho));
            prop_assert_eq!(rho, spearman(&b, &a));
            prop_assert!((spearman(&a, &a) - 1.0).abs() < 1e-12);
        } else {
            prop_assert!(rho.is_nan());
        }
    }

    #[test]
    fn consensus_of_identical_rankings(r in tied_ranking(7), k in 1usize..5) {
        let rankings = vec![r.clone(); k];
        prop_assert_eq!(&borda(&rankings).ranks, &r);
        prop_assert_eq!(&copeland(&rankings).ranks, &r);
    }
}

#[test]
fn consensus_hand_checked() {
    let r = vec![vec![1, 2, 3], vec![2, 1, 3], vec![1, 3, 2]];
    let b = borda(&r);
    assert_eq!(b.scores, vec![5.0, 3.0, 1.0]);
    assert_eq!(b.ranks, vec![1, 2, 3]);
    let c = copeland(&r);
    assert_eq!(c.scores, vec![2, 0, -2]);
    assert_eq!(c.ranks, vec![1, 2, 3]);
    // A Condorcet cycle: every alternative wins one pair and loses one; Borda also ties.
    let cycle = vec![vec![1, 2, 3], vec![2, 3, 1], vec![3, 1, 2]];
    assert_eq!(copeland(&cycle).scores, vec![0, 0, 0]);
    assert_eq!(copeland(&cycle).ranks, vec![1, 1, 1]);
    assert_eq!(borda(&cycle).ranks, vec![1, 1, 1]);
}

#[test]
fn compare_methods_on_published_case() {
    let c = mcdm_case("tzeng_huang2011_topsis");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let methods = methods(&m);
    let cmp = compare_methods(&methods, &m, &w).unwrap();
    assert_eq!(cmp.evaluations.len(), methods.len());
    for p in 0..methods.len() {
        assert!((cmp.spearman[p][p] - 1.0).abs() < 1e-12);
        assert_eq!(cmp.ws[p][p], 1.0);
        for q in 0..methods.len() {
            assert_eq!(cmp.spearman[p][q], cmp.spearman[q][p]);
            let direct = spearman(&cmp.evaluations[p].ranks, &cmp.evaluations[q].ranks);
            assert_eq!(cmp.spearman[p][q], direct);
        }
    }
    let all: Vec<Vec<usize>> = cmp.evaluations.iter().map(|e| e.ranks.clone()).collect();
    assert_eq!(cmp.borda, borda(&all));
}

// ---------------------------------------------------------------- sensitivity

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Inside its interval the winner is first — anywhere for the closed forms (SAW, WP), at
    /// every point of the 0.01 grid the scan checks for the other methods (a loss narrower than
    /// a grid step can be missed, as documented); just outside (when the end is not 0 or 1) the
    /// alternative reported as taking over is first and the winner is not.
    #[test]
    fn winner_intervals_hold((m, w) in problem()) {
        for method in methods(&m) {
            let s = winner_intervals(&method, &m, &w).unwrap();
            prop_assert_eq!(s.method_is_closed_form, matches!(method, Method::Saw { .. } | Method::Wp));
            prop_assert_eq!(s.winner, method.evaluate(&m, &w).unwrap().winner());
            for iv in &s.intervals {
                let j = iv.criterion;
                prop_assert!(0.0 <= iv.lo && iv.lo <= iv.weight && iv.weight <= iv.hi && iv.hi <= 1.0);
                if iv.hi - iv.lo > 1e-6 {
                    let inside: Vec<f64> = if s.method_is_closed_form {
                        (1..10).map(|k| iv.lo + (iv.hi - iv.lo) * f64::from(k) / 10.0).collect()
                    } else {
                        (0..=100).map(|k| f64::from(k) / 100.0).filter(|t| (iv.lo..=iv.hi).contains(t) && *t != iv.weight).collect()
                    };
                    for t in inside {
                        let e = method.evaluate(&m, &rescaled_weights(&w, j, t).unwrap()).unwrap();
                        let first = e.ranks[s.winner] == 1 || rounding_tie(&e, s.winner, leader(&e));
                        prop_assert!(first, "{:?} {:?} t={}", method, iv, t);
                    }
                }
                prop_assert_eq!(iv.below.is_some(), iv.lo > 0.0);
                prop_assert_eq!(iv.above.is_some(), iv.hi < 1.0);
                // VIKOR's Q is not continuous in the weights (it divides by S⁻ − S* and R⁻ − R*,
                // and a regret tie zeroes a term), so its winning region can come in slivers and
                // a point just beyond a bound may win again; the bounds themselves still hold.
                let outside = [(iv.below, iv.lo - 1e-6), (iv.above, iv.hi + 1e-6)];
                let continuous = !matches!(method, Method::Vikor { .. });
                for (taker, t) in outside.into_iter().filter(|_| continuous) {
                    if let (Some(taker), true) = (taker, (0.0..=1.0).contains(&t)) {
                        let e = method.evaluate(&m, &rescaled_weights(&w, j, t).unwrap()).unwrap();
                        // The winner is no longer first, and the rival reported as taking over
                        // is ahead of it (another rival crossing within the offset may lead).
                        let lost = e.ranks[s.winner] > 1 || rounding_tie(&e, s.winner, leader(&e));
                        prop_assert!(lost, "{:?} {:?} t={}", method, iv, t);
                        let took = e.ranks[taker] < e.ranks[s.winner] || rounding_tie(&e, taker, s.winner);
                        prop_assert!(took, "{:?} {:?} t={}", method, iv, t);
                    }
                }
            }
        }
    }

    #[test]
    fn one_at_a_time_rescales((m, w) in problem(), t in 0.0f64..=1.0) {
        let method = Method::Saw { normalization: Normalization::MinMax };
        let e = one_at_a_time(&method, &m, &w, 0, &[t, w.as_slice()[0]]).unwrap();
        let (moved, same) = (e[0].weights.as_slice(), e[1].weights.as_slice());
        prop_assert!((moved[0] - t).abs() < 1e-12);
        prop_assert!((moved.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The other weights keep their proportions.
        for k in 2..moved.len() {
            prop_assert!((moved[k] * w.as_slice()[1] - moved[1] * w.as_slice()[k]).abs() < 1e-12);
        }
        // Setting the current weight reproduces the ranking.
        prop_assert_eq!(&e[1].ranks, &method.evaluate(&m, &w).unwrap().ranks);
        prop_assert!(same.iter().zip(w.as_slice()).all(|(a, b)| (a - b).abs() < 1e-12));
    }
}

#[test]
fn winner_interval_hand_checked_topsis() {
    // Two alternatives, min-max TOPSIS: a0 = (1, 0), a1 = (0, 1) after normalisation, so
    // closeness(a0) = w0/(w0 + w1) = t and a0 is first exactly while t ≥ 0.5.
    let m = matrix(&[vec![10.0, 1.0], vec![5.0, 3.0]], &[false, false]);
    let w = Weights::new(&[0.7, 0.3]).unwrap();
    let method = Method::Topsis { normalization: Normalization::MinMax };
    let s = winner_intervals(&method, &m, &w).unwrap();
    assert!(!s.method_is_closed_form);
    assert_eq!(s.winner, 0);
    let iv = &s.intervals[0];
    assert!((iv.lo - 0.5).abs() <= 1e-9 && iv.hi == 1.0, "{iv:?}");
    assert_eq!((iv.below, iv.above), (Some(1), None));
    let iv = &s.intervals[1];
    assert!(iv.lo == 0.0 && (iv.hi - 0.5).abs() <= 1e-9, "{iv:?}");
}

#[test]
fn single_criterion_interval_is_fixed() {
    let m = matrix(&[vec![1.0], vec![2.0]], &[false]);
    let w = Weights::equal(1).unwrap();
    for method in methods(&m) {
        let s = winner_intervals(&method, &m, &w).unwrap();
        assert_eq!(s.winner, 1);
        assert_eq!((s.intervals[0].lo, s.intervals[0].hi), (1.0, 1.0));
    }
}

// ---------------------------------------------------------------- SMAA-2

fn smaa_problem() -> impl Strategy<Value = DecisionMatrix> {
    problem().prop_map(|(m, _)| m)
}

#[track_caller]
fn assert_stochastic(table: &[Vec<f64>]) {
    let m = table.len();
    for row in table {
        assert_eq!(row.len(), m);
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9, "row {row:?}");
        assert!(row.iter().all(|&b| (0.0..=1.0 + 1e-12).contains(&b)));
    }
    for r in 0..m {
        let col: f64 = table.iter().map(|row| row[r]).sum();
        assert!((col - 1.0).abs() < 1e-9, "column {r}: {col}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn smaa_tables_are_stochastic(m in smaa_problem(), seed in any::<u64>(), noisy in any::<bool>()) {
        for method in methods(&m) {
            let options = SmaaOptions {
                sampling: WeightSampling::Simplex,
                samples: 300,
                seed,
                value_noise: noisy.then_some(0.2),
            };
            let r = smaa2_with(&method, &m, &options).unwrap();
            assert_stochastic(&r.rank_acceptability);
            let b1 = r.first_rank_acceptability();
            for (i, cw) in r.central_weights.iter().enumerate() {
                prop_assert_eq!(cw.is_some(), b1[i] > 0.0);
                prop_assert_eq!(r.confidence[i].is_some(), cw.is_some());
                if let Some(cw) = cw {
                    prop_assert!((cw.iter().sum::<f64>() - 1.0).abs() < 1e-12);
                    prop_assert!(cw.iter().all(|&x| x >= 0.0));
                    let pc = r.confidence[i].unwrap();
                    prop_assert!((0.0..=1.0).contains(&pc));
                    if !noisy {
                        // Exact values: the confidence factor is whether i is first there.
                        let e = method.evaluate(&m, &Weights::new(cw).unwrap()).unwrap();
                        prop_assert_eq!(pc, if e.ranks[i] == 1 { 1.0 } else { 0.0 });
                    }
                }
            }
            for (h, row) in r.holistic_acceptability.iter().zip(&r.rank_acceptability) {
                prop_assert!(*h >= row[0] - 1e-12 && *h <= 1.0 + 1e-12);
            }
        }
    }

    /// An alternative beaten on every criterion is never first.
    #[test]
    fn dominated_never_first(m in smaa_problem(), seed in any::<u64>()) {
        // Append a copy of alternative 0 made worse by at least 1 on every criterion.
        let n = m.n_criteria();
        let mut rows: Vec<Vec<f64>> = m.rows().map(<[f64]>::to_vec).collect();
        let worse: Vec<f64> = (0..n)
            .map(|j| if m.is_cost(j) { rows[0][j] + 1.0 } else { rows[0][j] * 0.5 })
            .collect();
        rows.push(worse);
        let cost: Vec<bool> = (0..n).map(|j| m.is_cost(j)).collect();
        let big = matrix(&rows, &cost);
        let last = rows.len() - 1;
        for method in methods(&big) {
            let r = smaa2(&method, &big, WeightSampling::Simplex, 300, seed).unwrap();
            prop_assert_eq!(r.rank_acceptability[last][0], 0.0, "{:?}", method);
            prop_assert!(r.central_weights[last].is_none());
        }
    }
}

#[test]
fn smaa_is_reproducible_across_thread_counts() {
    let c = mcdm_case("hwang_yoon1981_aircraft_topsis");
    let m = matrix_from(&c["matrix"], &c["types"]);
    for method in methods(&m) {
        for value_noise in [None, Some(0.1)] {
            let options = SmaaOptions {
                sampling: WeightSampling::Intervals(vec![(0.05, 0.4); 6]),
                samples: 2000,
                seed: 42,
                value_noise,
            };
            let a = smaa2_with(&method, &m, &options).unwrap();
            let b = smaa2_with(&method, &m, &options).unwrap();
            assert_eq!(a, b);
            let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            let c1 = one.install(|| smaa2_with(&method, &m, &options).unwrap());
            assert_eq!(a, c1);
            let three = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
            let c3 = three.install(|| smaa2_with(&method, &m, &options).unwrap());
            assert_eq!(a, c3);
            let other = smaa2_with(&method, &m, &SmaaOptions { seed: 43, ..options }).unwrap();
            assert_ne!(a.rank_acceptability, other.rank_acceptability);
        }
    }
}

#[test]
fn smaa_hand_checked_two_alternatives() {
    // SAW, max normalisation: a0 = (1, 0.5), a1 = (0.5, 1); a0 is first iff w0 > 1/2.
    let m = matrix(&[vec![2.0, 1.0], vec![1.0, 2.0]], &[false, false]);
    let saw = Method::Saw { normalization: Normalization::Max };
    let r = smaa2(&saw, &m, WeightSampling::Simplex, 20_000, 1).unwrap();
    // With two criteria w0 is uniform on [0, 1]: b¹ = 1/2 each, central weights (3/4, 1/4).
    assert_close(&r.first_rank_acceptability(), &[0.5, 0.5], 0.015);
    assert_close(r.central_weights[0].as_ref().unwrap(), &[0.75, 0.25], 0.01);
    assert_close(r.central_weights[1].as_ref().unwrap(), &[0.25, 0.75], 0.01);
    assert_eq!(r.confidence, vec![Some(1.0), Some(1.0)]);
    // Holistic acceptability with two ranks is b¹.
    assert_eq!(r.holistic_acceptability, r.first_rank_acceptability());
    // With w0 ≤ 0.4, a1 always wins and w0 is uniform on [0, 0.4].
    let bounded = WeightSampling::Intervals(vec![(0.0, 0.4), (0.0, 1.0)]);
    let r = smaa2(&saw, &m, bounded, 20_000, 2).unwrap();
    assert_eq!(r.first_rank_acceptability(), vec![0.0, 1.0]);
    assert_eq!(r.central_weights[0], None);
    assert_eq!(r.confidence[0], None);
    assert_close(r.central_weights[1].as_ref().unwrap(), &[0.2, 0.8], 0.005);
}

#[test]
fn smaa_hand_checked_symmetric_three() {
    // Each alternative is best on one criterion and the problem is symmetric, so b¹ = 1/3 each;
    // the central weight of a0 is E[w | w0 largest] = (11/18, 7/36, 7/36) for uniform weights.
    let m = matrix(
        &[vec![2.0, 1.0, 1.0], vec![1.0, 2.0, 1.0], vec![1.0, 1.0, 2.0]],
        &[false, false, false],
    );
    let saw = Method::Saw { normalization: Normalization::Max };
    let r = smaa2(&saw, &m, WeightSampling::Simplex, 30_000, 3).unwrap();
    assert_close(&r.first_rank_acceptability(), &[1.0 / 3.0; 3], 0.015);
    assert_close(
        r.central_weights[0].as_ref().unwrap(),
        &[11.0 / 18.0, 7.0 / 36.0, 7.0 / 36.0],
        0.01,
    );
    assert_close(
        r.central_weights[2].as_ref().unwrap(),
        &[7.0 / 36.0, 7.0 / 36.0, 11.0 / 18.0],
        0.01,
    );
}

#[test]
fn smaa_ties_share_positions() {
    // Two identical alternatives and a worse one: each twin gets half of ranks 1 and 2.
    let m = matrix(&[vec![5.0, 5.0], vec![5.0, 5.0], vec![1.0, 1.0]], &[false, false]);
    for method in methods(&m) {
        let r = smaa2(&method, &m, WeightSampling::Simplex, 500, 9).unwrap();
        assert_eq!(r.rank_acceptability[0], vec![0.5, 0.5, 0.0], "{method:?}");
        assert_eq!(r.rank_acceptability[1], vec![0.5, 0.5, 0.0]);
        assert_eq!(r.rank_acceptability[2], vec![0.0, 0.0, 1.0]);
        assert_eq!(r.confidence, vec![Some(1.0), Some(1.0), None]);
    }
}

#[test]
fn smaa_rejects_bad_options() {
    let m = matrix(&[vec![2.0, 1.0], vec![1.0, 2.0]], &[false, false]);
    let saw = Method::Saw { normalization: Normalization::Max };
    assert!(smaa2(&saw, &m, WeightSampling::Simplex, 0, 1).is_err());
    let infeasible = WeightSampling::Intervals(vec![(0.6, 1.0), (0.6, 1.0)]);
    assert!(smaa2(&saw, &m, infeasible, 10, 1).is_err());
    let short = WeightSampling::Intervals(vec![(0.0, 0.3), (0.0, 0.3)]);
    assert!(smaa2(&saw, &m, short, 10, 1).is_err());
    let bad_noise = SmaaOptions {
        sampling: WeightSampling::Simplex,
        samples: 10,
        seed: 1,
        value_noise: Some(1.0),
    };
    assert!(smaa2_with(&saw, &m, &bad_noise).is_err());
    // Max normalisation needs positive values.
    let zero = matrix(&[vec![0.0, 1.0], vec![1.0, 2.0]], &[false, false]);
    assert!(smaa2(&saw, &zero, WeightSampling::Simplex, 10, 1).is_err());
}

// ---------------------------------------------------------------- explanations

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// For SAW the contributions add up to the score difference, and come largest first.
    #[test]
    fn saw_explanation_adds_up((m, w) in problem(), a in 0usize..6, b in 0usize..6) {
        let (a, b) = (a % m.n_alternatives(), b % m.n_alternatives());
        for norm in Normalization::ALL {
            let method = Method::Saw { normalization: norm };
            let e = explain(&method, &m, &w, a, b).unwrap();
            let sum: f64 = e.contributions.iter().map(|c| c.difference).sum();
            prop_assert!((sum - (e.score_a - e.score_b)).abs() < 1e-12);
            prop_assert!((e.total_difference - (e.score_a - e.score_b)).abs() < 1e-12);
            prop_assert!(e.contributions.windows(2).all(|p| p[0].difference.abs() >= p[1].difference.abs()));
            let mut seen: Vec<usize> = e.contributions.iter().map(|c| c.criterion).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..m.n_criteria()).collect::<Vec<_>>());
        }
        let topsis = Method::Topsis { normalization: Normalization::Vector };
        let e = explain_against_winner(&topsis, &m, &w, a).unwrap();
        prop_assert_eq!(e.rank_a, 1);
        prop_assert_eq!(e.b, a);
    }
}

/// Three alternatives meet at one weight (integer data make this common): the taker reported
/// above the interval must be the one ranked first just beyond it, not merely the first to tie.
#[test]
fn winner_interval_taker_when_three_lines_meet() {
    let m = matrix(
        &[vec![90.0, 43.0], vec![32.0, 1.0], vec![89.0, 83.0], vec![91.0, 3.0]],
        &[false, false],
    );
    let w = Weights::equal(2).unwrap();
    let method = Method::Saw { normalization: Normalization::MinMax };
    let s = winner_intervals(&method, &m, &w).unwrap();
    assert_eq!(s.winner, 2);
    let iv = &s.intervals[0];
    let beyond = method.evaluate(&m, &rescaled_weights(&w, 0, iv.hi + 1e-6).unwrap()).unwrap();
    assert_eq!(iv.above, Some(beyond.winner()));
    assert_eq!(iv.above, Some(3));
}

#[test]
fn vikor_ties_that_differ_only_by_rounding_stay_ties() {
    // a0 is worst on c2 and a1 on c1; with w1 = w2 their S and R are equal in exact arithmetic
    // at every weight of c0 (constant, it separates no one). Rescaled weights carry rounding
    // in the last bits, which VIKOR's division by S⁻ − S* would blow up into a whole rank.
    let m = DecisionMatrix::new(
        vec!["a0".into(), "a1".into()],
        vec![
            mitra_decide::Criterion::benefit("c0"),
            mitra_decide::Criterion::cost("c1"),
            mitra_decide::Criterion::benefit("c2"),
        ],
        vec![1.0, 1.0, 1.0, 1.0, 5.0, 10.0],
    )
    .unwrap();
    let w = Weights::new(&[1.0, 6.0, 6.0]).unwrap();
    let vikor = Method::Vikor { v: 0.5 };
    for k in 0..=1000 {
        let t = f64::from(k) / 1000.0;
        let e = vikor.evaluate(&m, &rescaled_weights(&w, 0, t).unwrap()).unwrap();
        assert_eq!(e.ranks, vec![1, 1], "t = {t}: {:?}", e.scores);
    }
}
