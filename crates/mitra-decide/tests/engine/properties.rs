//! Properties every ranking method must have, checked on random problems (proptest), and the
//! fast PROMETHEE II flows checked against the O(m²) definition.

use mitra_decide::{
    Criterion, DecisionMatrix, Evaluation, Method, MethodKey, Normalization, Preference,
    PreferenceFunction, ScoreOrder, Weights, PAR_MIN_ROWS,
};
use proptest::collection::vec;
use proptest::prelude::*;

/// A random problem: row-major values, benefit (`false`) or cost (`true`) per criterion, raw
/// weights.
#[derive(Debug, Clone)]
struct Problem {
    m: usize,
    cost: Vec<bool>,
    values: Vec<f64>,
    weights: Vec<f64>,
}

impl Problem {
    fn n(&self) -> usize {
        self.cost.len()
    }
    fn matrix(&self) -> DecisionMatrix {
        let criteria = self
            .cost
            .iter()
            .enumerate()
            .map(|(j, &c)| {
                let name = format!("C{j}");
                if c {
                    Criterion::cost(name)
                } else {
                    Criterion::benefit(name)
                }
            })
            .collect();
        let names = (0..self.m).map(|i| format!("A{i}")).collect();
        DecisionMatrix::new(names, criteria, self.values.clone()).unwrap()
    }
    fn weights(&self) -> Weights {
        Weights::new(&self.weights).unwrap()
    }
}

/// Positive values; small integers half the time so that ties are common.
fn positive_value() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![(1u8..=6).prop_map(f64::from), 0.5f64..100.0]
}

/// Any sign, with ties.
fn any_value() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![(-3i8..=3).prop_map(f64::from), -50.0f64..50.0]
}

fn problem<V: Strategy<Value = f64> + Clone>(
    rows: std::ops::RangeInclusive<usize>,
    value: V,
) -> impl Strategy<Value = Problem> {
    (rows, 1usize..=5).prop_flat_map(move |(m, n)| {
        (vec(any::<bool>(), n), vec(value.clone(), m * n), vec(0.05f64..1.0, n))
            .prop_map(move |(cost, values, weights)| Problem { m, cost, values, weights })
    })
}

/// Every method with a spread of parameters; thresholds suit values of order 1–100.
fn all_methods(n: usize) -> Vec<Method> {
    let mut methods: Vec<Method> =
        Normalization::ALL.iter().map(|&normalization| Method::Saw { normalization }).collect();
    methods.extend([
        Method::Wp,
        Method::Topsis { normalization: Normalization::Vector },
        Method::Topsis { normalization: Normalization::MinMax },
        Method::Waspas { lambda: 0.5, normalization: Normalization::Linear },
        Method::Waspas { lambda: 0.2, normalization: Normalization::Max },
        Method::Vikor { v: 0.5 },
        Method::Vikor { v: 0.0 },
        Method::Vikor { v: 1.0 },
        Method::Edas,
        Method::Copras,
        Method::Moora,
    ]);
    for pref in [
        Preference::usual(),
        Preference::u_shape(1.0),
        Preference::v_shape(10.0),
        Preference::level(1.0, 5.0),
        Preference::linear(1.0, 20.0),
        Preference::gaussian(5.0),
    ] {
        methods.push(Method::Promethee { preferences: vec![pref; n] });
    }
    methods
}

/// Methods whose ranking does not change when a benefit column is multiplied by c > 0.
fn scale_invariant(n: usize) -> Vec<Method> {
    let mut methods: Vec<Method> =
        Normalization::ALL.iter().map(|&normalization| Method::Saw { normalization }).collect();
    methods
        .extend(Normalization::ALL.iter().map(|&normalization| Method::Topsis { normalization }));
    methods.extend([
        Method::Wp,
        Method::Waspas { lambda: 0.5, normalization: Normalization::Linear },
        Method::Vikor { v: 0.5 },
        Method::Edas,
        Method::Copras,
        Method::Moora,
        Method::Promethee { preferences: vec![Preference::usual(); n] },
    ]);
    methods
}

/// `a` is better than `b` by more than rounding.
fn clearly_better(a: f64, b: f64, order: ScoreOrder) -> bool {
    let margin = 1e-9 * a.abs().max(b.abs()).max(1.0);
    match order {
        ScoreOrder::HigherIsBetter => a > b + margin,
        ScoreOrder::LowerIsBetter => a < b - margin,
    }
}

/// Every pair that `reference` orders clearly is ordered the same way by the ranks of `other`.
fn assert_same_order(reference: &Evaluation, other: &Evaluation, map: impl Fn(usize) -> usize) {
    let s = &reference.scores;
    for i in 0..s.len() {
        for k in 0..s.len() {
            if clearly_better(s[i], s[k], reference.score_order) {
                assert!(
                    other.ranks[map(i)] < other.ranks[map(k)],
                    "{:?}: {i} before {k} in {s:?} but ranks {:?}",
                    reference.method,
                    other.ranks
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// An alternative at least as good on every criterion and strictly better on one never
    /// ranks below the alternative it dominates.
    #[test]
    fn dominated_never_ranks_above_its_dominator(
        p in problem(2..=8, positive_value()),
        pick in any::<(prop::sample::Index, prop::sample::Index, prop::sample::Index)>(),
        gains in vec(0.0f64..0.5, 5),
        strict_gain in 0.1f64..1.0,
    ) {
        let (m, n) = (p.m, p.n());
        let dominated = pick.0.index(m);
        let dominator = (dominated + 1 + pick.1.index(m - 1)) % m;
        let strict = pick.2.index(n);
        let mut p = p;
        for (j, &gain) in gains.iter().enumerate().take(n) {
            let x = p.values[dominated * n + j];
            let g = if j == strict { strict_gain } else { gain };
            p.values[dominator * n + j] = if p.cost[j] { x / (1.0 + g) } else { x * (1.0 + g) };
        }
        let (matrix, w) = (p.matrix(), p.weights());
        for method in all_methods(n) {
            let e = method.evaluate(&matrix, &w).unwrap();
            let (sd, si) = (e.scores[dominator], e.scores[dominated]);
            prop_assert!(!clearly_better(si, sd, e.score_order), "{method:?}: {:?}", e.scores);
            if clearly_better(sd, si, e.score_order) {
                prop_assert!(e.ranks[dominator] < e.ranks[dominated], "{method:?}");
            }
        }
    }

    /// Reordering the alternatives reorders scores and ranks the same way.
    #[test]
    fn permuting_alternatives_permutes_results(
        (p, order) in problem(1..=9, positive_value()).prop_flat_map(|p| {
            let order = Just((0..p.m).collect::<Vec<_>>()).prop_shuffle();
            (Just(p), order)
        }),
    ) {
        let (matrix, w) = (p.matrix(), p.weights());
        let permuted = matrix.permuted(&order);
        for method in all_methods(p.n()) {
            let a = method.evaluate(&matrix, &w).unwrap();
            let b = method.evaluate(&permuted, &w).unwrap();
            for (k, &i) in order.iter().enumerate() {
                let tol = 1e-12 * a.scores[i].abs().max(1.0);
                prop_assert!((b.scores[k] - a.scores[i]).abs() <= tol, "{method:?}");
                prop_assert_eq!(b.ranks[k], a.ranks[i], "{:?}", method);
                for (qa, qb) in a.quantities.iter().zip(&b.quantities) {
                    let tol = 1e-12 * qa.values[i].abs().max(1.0);
                    prop_assert!((qb.values[k] - qa.values[i]).abs() <= tol);
                }
            }
            if let (Some(ca), Some(cb)) = (&a.compromise, &b.compromise) {
                let mapped: Vec<usize> = cb.compromise_set.iter().map(|&k| order[k]).collect();
                prop_assert_eq!(ca.acceptable_advantage, cb.acceptable_advantage);
                prop_assert_eq!(ca.acceptable_stability, cb.acceptable_stability);
                let mut sa = ca.compromise_set.clone();
                let mut sb = mapped;
                sa.sort_unstable();
                sb.sort_unstable();
                prop_assert_eq!(sa, sb);
            }
        }
    }

    /// Measuring a benefit criterion in another unit (× c) does not change the ranking of the
    /// scale-free methods.
    #[test]
    fn scaling_a_benefit_column_keeps_the_ranking(
        p in problem(2..=8, positive_value()),
        column in any::<prop::sample::Index>(),
        c in prop_oneof![0.01f64..0.9, 1.1f64..100.0],
    ) {
        let n = p.n();
        let mut p = p;
        let j = column.index(n);
        p.cost[j] = false;
        let mut scaled = p.clone();
        for i in 0..p.m {
            scaled.values[i * n + j] *= c;
        }
        let (a, b, w) = (p.matrix(), scaled.matrix(), p.weights());
        for method in scale_invariant(n) {
            let ea = method.evaluate(&a, &w).unwrap();
            let eb = method.evaluate(&b, &w).unwrap();
            assert_same_order(&ea, &eb, |i| i);
            assert_same_order(&eb, &ea, |i| i);
        }
    }

    /// Weights are non-negative and sum to one, however they were given; every evaluation
    /// reports such weights.
    #[test]
    fn weights_sum_to_one(raw in vec(prop_oneof![Just(0.0), 0.0f64..1e6], 1..12)) {
        prop_assume!(raw.iter().any(|&w| w > 0.0));
        let w = Weights::new(&raw).unwrap();
        prop_assert!((w.as_slice().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        prop_assert!(w.as_slice().iter().all(|&x| x >= 0.0));
        let m = Problem { m: 1, cost: vec![false; raw.len()], values: vec![1.0; raw.len()], weights: raw };
        for method in all_methods(m.n()) {
            let e = method.evaluate(&m.matrix(), &w).unwrap();
            prop_assert!((e.weights.as_slice().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }

    /// Valid inputs give finite scores and quantities; methods that need positive values reject
    /// the others up front.
    #[test]
    fn valid_inputs_give_finite_results(p in problem(1..=8, any_value())) {
        let (matrix, w) = (p.matrix(), p.weights());
        for method in all_methods(p.n()) {
            match method.evaluate(&matrix, &w) {
                Ok(e) => {
                    prop_assert!(e.scores.iter().all(|s| s.is_finite()), "{method:?}: {:?}", e.scores);
                    for q in &e.quantities {
                        prop_assert!(q.values.iter().all(|s| s.is_finite()), "{method:?} {}", q.name);
                    }
                    prop_assert_eq!(method.scores(&matrix, &w).unwrap(), e.scores);
                }
                Err(err) => {
                    let positive = p.values.iter().all(|&x| x > 0.0);
                    prop_assert!(!positive || matches!(method, Method::Edas), "{method:?}: {err}");
                }
            }
        }
    }
}

// ---- PROMETHEE II: fast flows against the definition --------------------------------------

/// P(d) straight from Brans & Vincke's table.
fn preference(pref: &Preference, d: f64) -> f64 {
    use PreferenceFunction::*;
    let (q, p, s) = (pref.q, pref.p, pref.s);
    if d <= 0.0 {
        return 0.0;
    }
    match pref.function {
        Usual => 1.0,
        UShape => {
            if d > q {
                1.0
            } else {
                0.0
            }
        }
        VShape => (d / p).min(1.0),
        Level => {
            if d > p {
                1.0
            } else if d > q {
                0.5
            } else {
                0.0
            }
        }
        Linear => {
            if d > p {
                1.0
            } else if d > q {
                (d - q) / (p - q)
            } else {
                0.0
            }
        }
        Gaussian => 1.0 - (-d * d / (2.0 * s * s)).exp(),
    }
}

/// φ⁺ and φ⁻ by comparing every pair: O(m²·n), indexed as in the definition.
#[allow(clippy::needless_range_loop)]
fn reference_flows(p: &Problem, prefs: &[Preference]) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = (p.m, p.n());
    let w = p.weights();
    let mut plus = vec![0.0; m];
    let mut minus = vec![0.0; m];
    if m < 2 {
        return (plus, minus);
    }
    for a in 0..m {
        for b in 0..m {
            for j in 0..n {
                let (xa, xb) = (p.values[a * n + j], p.values[b * n + j]);
                let d = if p.cost[j] { xb - xa } else { xa - xb };
                let pref = w.as_slice()[j] * preference(&prefs[j], d) / (m - 1) as f64;
                plus[a] += pref;
                minus[b] += pref;
            }
        }
    }
    (plus, minus)
}

fn any_preference() -> impl Strategy<Value = Preference> {
    // Integer thresholds half the time, so that differences land exactly on q and p.
    let threshold = prop_oneof![(0u8..=4).prop_map(f64::from), 0.0f64..20.0];
    let width = prop_oneof![(1u8..=6).prop_map(f64::from), 0.01f64..30.0];
    (0usize..6, threshold, width, 0.05f64..20.0).prop_map(|(f, q, width, s)| Preference {
        function: PreferenceFunction::ALL[f],
        q,
        p: q + width,
        s,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn promethee_flows_match_the_pairwise_definition(
        (p, prefs) in problem(1..=40, any_value())
            .prop_flat_map(|p| { let n = p.n(); (Just(p), vec(any_preference(), n)) }),
    ) {
        let (plus, minus) = reference_flows(&p, &prefs);
        let e = Method::Promethee { preferences: prefs.clone() }
            .evaluate(&p.matrix(), &p.weights())
            .unwrap();
        let close = |got: &[f64], expected: &[f64]| {
            got.iter().zip(expected).all(|(g, e)| (g - e).abs() <= 1e-9 * e.abs().max(1.0))
        };
        let phi: Vec<f64> = plus.iter().zip(&minus).map(|(a, b)| a - b).collect();
        prop_assert!(close(e.quantity("phi_plus").unwrap(), &plus), "{:?} vs {plus:?}", e.quantity("phi_plus"));
        prop_assert!(close(e.quantity("phi_minus").unwrap(), &minus), "{:?} vs {minus:?}", e.quantity("phi_minus"));
        prop_assert!(close(&e.scores, &phi));
        for (pref, d) in prefs.iter().zip(&p.values) {
            prop_assert!((pref.value(d.abs()) - preference(pref, d.abs())).abs() < 1e-15);
        }
    }
}

// ---- Large inputs: the parallel paths agree with the small problem ------------------------

/// Each of `rows` repeated until there are at least [`PAR_MIN_ROWS`] alternatives: row r of the
/// result is row r mod m of the original.
fn replicated(p: &Problem) -> (Problem, usize) {
    let copies = PAR_MIN_ROWS.div_ceil(p.m);
    let mut big = p.clone();
    big.m = p.m * copies;
    big.values = p.values.repeat(copies);
    (big, copies)
}

#[test]
fn parallel_paths_agree_with_the_small_problem() {
    let p = Problem {
        m: 5,
        cost: vec![false, true, false],
        values: vec![
            3.0, 10.0, 0.5, //
            7.0, 12.0, 0.9, //
            5.0, 8.0, 0.7, //
            9.0, 15.0, 0.2, //
            1.0, 9.0, 0.4,
        ],
        weights: vec![0.5, 0.3, 0.2],
    };
    let (big, copies) = replicated(&p);
    assert!(big.m >= PAR_MIN_ROWS);
    let (small_m, big_m, w) = (p.matrix(), big.matrix(), p.weights());
    // These methods only look at column minima, maxima and averages (and the rows themselves),
    // which replication does not change.
    let invariant = [
        Method::Saw { normalization: Normalization::MinMax },
        Method::Saw { normalization: Normalization::Linear },
        Method::Topsis { normalization: Normalization::MinMax },
        Method::Wp,
        Method::Waspas { lambda: 0.5, normalization: Normalization::Linear },
        Method::Vikor { v: 0.5 },
        Method::Edas,
    ];
    for method in invariant {
        let a = method.evaluate(&small_m, &w).unwrap();
        let b = method.evaluate(&big_m, &w).unwrap();
        for (r, s) in b.scores.iter().enumerate() {
            assert!((s - a.scores[r % p.m]).abs() < 1e-9, "{method:?} row {r}");
            assert_eq!(b.ranks[r], (a.ranks[r % p.m] - 1) * copies + 1, "{method:?} row {r}");
        }
        for (qa, qb) in a.quantities.iter().zip(&b.quantities) {
            for (r, v) in qb.values.iter().enumerate() {
                assert!((v - qa.values[r % p.m]).abs() < 1e-9, "{method:?} {}", qa.name);
            }
        }
    }
    // The vector norm grows by √copies: MOORA scores shrink by that factor.
    let a = Method::Moora.evaluate(&small_m, &w).unwrap();
    let b = Method::Moora.evaluate(&big_m, &w).unwrap();
    let f = (copies as f64).sqrt();
    assert!(b.scores.iter().enumerate().all(|(r, s)| (s * f - a.scores[r % p.m]).abs() < 1e-9));
    // PROMETHEE: each alternative meets every other `copies` times (and its own copies, at
    // d = 0, never): Σ_b P grows by `copies` while m − 1 becomes copies·m − 1.
    let scale = (copies * (p.m - 1)) as f64 / (copies * p.m - 1) as f64;
    for prefs in [
        vec![Preference::usual(); 3],
        vec![Preference::linear(1.0, 5.0), Preference::level(1.0, 3.0), Preference::v_shape(0.3)],
        vec![Preference::u_shape(1.5), Preference::gaussian(0.1), Preference::gaussian(0.01)],
    ] {
        let method = Method::Promethee { preferences: prefs };
        let a = method.evaluate(&small_m, &w).unwrap();
        let b = method.evaluate(&big_m, &w).unwrap();
        for name in ["phi_plus", "phi_minus", "phi"] {
            let (qa, qb) = (a.quantity(name).unwrap(), b.quantity(name).unwrap());
            for (r, v) in qb.iter().enumerate() {
                assert!((v - qa[r % p.m] * scale).abs() < 1e-9, "{method:?} {name} row {r}");
            }
        }
    }
}

/// Above the parallel threshold, running a method twice gives the same bits: parallel sums are
/// merged in a fixed order, never in the order threads happen to finish.
#[test]
fn parallel_results_are_reproducible() {
    let m = mitra_decide::PAR_MIN_ROWS + 1_000;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        1.0 + (state % 10_000) as f64 / 100.0
    };
    let values: Vec<f64> = (0..m * 4).map(|_| next()).collect();
    let criteria = vec![
        Criterion::benefit("a"),
        Criterion::cost("b"),
        Criterion::benefit("c"),
        Criterion::benefit("d"),
    ];
    let names = (0..m).map(|i| i.to_string()).collect();
    let matrix = DecisionMatrix::new(names, criteria, values).unwrap();
    let w = Weights::new(&[0.4, 0.3, 0.2, 0.1]).unwrap();
    for key in MethodKey::ALL.map(MethodKey::as_str) {
        let method = Method::default_for(key, 4).unwrap();
        let first = method.evaluate(&matrix, &w).unwrap();
        for _ in 0..3 {
            let again = method.evaluate(&matrix, &w).unwrap();
            let bits = |e: &mitra_decide::Evaluation| {
                e.scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>()
            };
            assert_eq!(bits(&first), bits(&again), "{key}");
            assert_eq!(first.quantities, again.quantities, "{key}");
        }
    }
}
