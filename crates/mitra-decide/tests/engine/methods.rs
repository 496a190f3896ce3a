//! The ranking methods beyond SAW and TOPSIS: published cases, hand-checked small cases,
//! parameters and edge cases.

use crate::common::*;
use mitra_decide::{
    Criterion, DecideError, DecisionMatrix, Method, MethodKey, Normalization, Preference,
    PreferenceFunction, ScoreOrder, Weights,
};

fn vikor(v: f64) -> Method {
    Method::Vikor { v }
}

fn matrix(kinds: &str, rows: &[&[f64]]) -> DecisionMatrix {
    let criteria = kinds
        .chars()
        .enumerate()
        .map(|(j, k)| match k {
            'b' => Criterion::benefit(format!("C{}", j + 1)),
            _ => Criterion::cost(format!("C{}", j + 1)),
        })
        .collect();
    let rows: Vec<Vec<f64>> = rows.iter().map(|r| r.to_vec()).collect();
    let names = (1..=rows.len()).map(|i| format!("A{i}")).collect();
    DecisionMatrix::from_rows(names, criteria, &rows).unwrap()
}

// ---- VIKOR -------------------------------------------------------------------------------

#[test]
fn vikor_tzeng_huang() {
    let c = mcdm_case("tzeng_huang2011_topsis");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let e = vikor(0.5).evaluate(&m, &w).unwrap();
    let published = &c["vikor_same_data_skcriteria_test"];
    for (name, key) in [("s", "S"), ("r", "R"), ("q", "Q")] {
        assert_close(e.quantity(name).unwrap(), &floats(&published[key]), 1e-12);
        assert_close(e.quantity(name).unwrap(), &floats(&published["pymcdm"][key]), 1e-9);
    }
    assert_eq!(e.scores, e.quantity("q").unwrap());
    assert_eq!(e.score_order, ScoreOrder::LowerIsBetter);
    assert_eq!(e.ranks, vec![3, 2, 1, 4]);
    let c = e.compromise.unwrap();
    // Q = (0.75, 0.25, 0, 1), DQ = 1/3: Q(A2) − Q(A3) = 0.25 < 1/3, so C1 fails and the
    // compromise set is every alternative within DQ of A3: A3 and A2.
    assert!(!c.acceptable_advantage);
    assert!(c.acceptable_stability);
    assert_eq!(c.compromise_set, vec![2, 1]);
}

#[test]
fn vikor_opricovic_tzeng_2004() {
    let c = mcdm_case("opricovic_tzeng2004_vikor");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let e = vikor(c["v"].as_f64().unwrap()).evaluate(&m, &w).unwrap();
    for (name, key) in [("s", "S"), ("r", "R"), ("q", "Q")] {
        assert_close(e.quantity(name).unwrap(), &floats(&c["published"][key]), 1e-12);
    }
    // "A2 (index 1)": Q(A2) = 0 and the next is 1 ≥ DQ = 0.5; A2 is also best by S and R.
    assert!(c["published"]["compromise"].as_str().unwrap().contains("index 1"));
    let compromise = e.compromise.clone().unwrap();
    assert!(compromise.acceptable_advantage && compromise.acceptable_stability);
    assert_eq!(compromise.compromise_set, vec![1]);
    assert_eq!(e.winner(), 1);
}

#[test]
fn vikor_opricovic_tzeng_2007_weight_sets() {
    let c = mcdm_case("opricovic_tzeng2007_extended_vikor");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let v = c["v"].as_f64().unwrap();
    let sets = c["weight_sets"].as_object().unwrap();
    assert_eq!(sets.len(), 4);
    for (set, data) in sets {
        let w = Weights::new(&floats(&data["weights_raw"])).unwrap();
        assert_close(w.as_slice(), &floats(&data["weights"]), 1e-15);
        let e = vikor(v).evaluate(&m, &w).unwrap();
        for (name, key) in [("s", "S"), ("r", "R"), ("q", "Q")] {
            let got = e.quantity(name).unwrap();
            assert_close(got, &floats(&data["pymcdm"][key]), 1e-9);
            let printed: Vec<f64> = got.iter().map(|&x| round(x, 3)).collect();
            let published = floats(&data["published_3dp"][key]);
            assert_close(&printed, &published, 1e-12);
            let _ = set;
        }
    }
}

#[test]
fn vikor_compromise_conditions() {
    // Three benefit criteria on [0, 1], w = 1/3 each, so regret_j = (1 − x_j)/3:
    //   a1 (0.55, 0.55, 1)    regrets (0.15, 0.15, 0)     S 0.30  R 0.15
    //   b  (1, 1, 0.25)       regrets (0, 0, 0.25)        S 0.25  R 0.25  (best S)
    //   c  (0.58, 0.58, 0.58) regrets (0.14, 0.14, 0.14)  S 0.42  R 0.14  (best R)
    //   d  (0, 0, 0) × k      regrets 1/3 each            S 1     R 1/3
    // v = 0.5: Q(a1) = 0.5·0.05/0.75 + 0.5·0.01/(1/3 − 0.14) = 0.059195
    //          Q(c)  = 0.5·0.17/0.75 = 0.113333 (a2, gap 0.054138)
    //          Q(b)  = 0.5·0.11/(1/3 − 0.14) = 0.284483,  Q(d) = 1.
    // a1 is best by Q but neither by S nor by R: C2 fails.
    let (a1, b, c, d) = ([0.55, 0.55, 1.0], [1.0, 1.0, 0.25], [0.58, 0.58, 0.58], [0.0; 3]);
    let w = Weights::equal(3).unwrap();
    let build = |k: usize| {
        let mut rows: Vec<&[f64]> = vec![&a1, &b, &c];
        rows.extend(std::iter::repeat_n(&d[..], k));
        matrix("bbb", &rows)
    };
    let r = 1.0 / 3.0 - 0.14;
    let q = [0.5 * 0.05 / 0.75 + 0.5 * 0.01 / r, 0.5 * 0.11 / r, 0.5 * 0.17 / 0.75, 1.0];
    // m = 4: DQ = 1/3 > gap, so C1 fails too; the set is every Q within DQ of a1: a1, c, b.
    let e = vikor(0.5).evaluate(&build(1), &w).unwrap();
    assert_close(&e.scores, &q, 1e-12);
    let comp = e.compromise.unwrap();
    assert!(!comp.acceptable_advantage && !comp.acceptable_stability);
    assert_eq!(comp.compromise_set, vec![0, 2, 1]);
    // m = 20: DQ = 1/19 = 0.0526 ≤ gap, so C1 holds and only C2 fails: the set is {a1, a2}.
    let e = vikor(0.5).evaluate(&build(17), &w).unwrap();
    assert_close(&e.scores[..4], &q, 1e-12);
    let comp = e.compromise.unwrap();
    assert!(comp.acceptable_advantage && !comp.acceptable_stability);
    assert_eq!(comp.compromise_set, vec![0, 2]);
    // m = 2 (a1 and d): a1 is best on everything, gap 1 = DQ.
    let e = vikor(0.5).evaluate(&matrix("bbb", &[&a1, &d]), &w).unwrap();
    let comp = e.compromise.unwrap();
    assert!(comp.acceptable_advantage && comp.acceptable_stability);
    assert_eq!(comp.compromise_set, vec![0]);
}

#[test]
fn vikor_single_alternative_and_constant_columns() {
    let m = matrix("bc", &[&[3.0, 4.0]]);
    let w = Weights::equal(2).unwrap();
    let e = vikor(0.5).evaluate(&m, &w).unwrap();
    assert_eq!(e.scores, vec![0.0]);
    let c = e.compromise.unwrap();
    assert!(c.acceptable_advantage && c.acceptable_stability);
    assert_eq!(c.compromise_set, vec![0]);
    // Constant columns separate no one: every Q is 0 and all share rank 1.
    let m = matrix("bc", &[&[3.0, 4.0], &[3.0, 4.0], &[3.0, 4.0]]);
    let e = vikor(0.5).evaluate(&m, &w).unwrap();
    assert_eq!(e.scores, vec![0.0; 3]);
    assert_eq!(e.ranks, vec![1; 3]);
}

#[test]
fn vikor_parameter_range() {
    let m = matrix("b", &[&[1.0], &[2.0]]);
    let w = Weights::equal(1).unwrap();
    for v in [-0.1, 1.1, f64::NAN] {
        assert!(matches!(
            vikor(v).evaluate(&m, &w),
            Err(DecideError::InvalidParameter { name: "v", .. })
        ));
    }
    assert!(vikor(0.0).evaluate(&m, &w).is_ok());
    assert!(vikor(1.0).evaluate(&m, &w).is_ok());
}

// ---- EDAS, MOORA ---------------------------------------------------------------------------

#[test]
fn edas_ersoy_2021() {
    let c = mcdm_case("ersoy2021_edas");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let e = Method::Edas.evaluate(&m, &w).unwrap();
    let printed: Vec<f64> = e.scores.iter().map(|&s| round(s, 3)).collect();
    assert_close(&printed, &floats(&c["published"]["appraisal_score_3dp"]), 1e-12);
    assert_eq!(e.ranks, vec![3, 5, 2, 4, 1, 6]);
    // AS is the mean of NSP and NSN, and both are normalised to their maximum.
    let (nsp, nsn) = (e.quantity("nsp").unwrap(), e.quantity("nsn").unwrap());
    for i in 0..6 {
        assert!((e.scores[i] - 0.5 * (nsp[i] + nsn[i])).abs() < 1e-15);
    }
    assert_eq!(nsp.iter().copied().fold(0.0, f64::max), 1.0);
    assert_eq!(nsn.iter().copied().fold(1.0, f64::min), 0.0);
}

#[test]
fn edas_zero_average_and_degenerate_halves() {
    let w = Weights::equal(1).unwrap();
    let m = matrix("b", &[&[-1.0], &[1.0]]);
    assert_eq!(
        Method::Edas.evaluate(&m, &w),
        Err(DecideError::ZeroAverage { criterion: 0, needed_by: "edas" })
    );
    // A zero column is constant, so it is accepted and contributes nothing.
    let m = matrix("bb", &[&[0.0, 1.0], &[0.0, 3.0]]);
    let e = Method::Edas.evaluate(&m, &Weights::equal(2).unwrap()).unwrap();
    // AV = 2: SP = (0, 0.25), SN = (0.25, 0): AS = ((0 + 0)/2, (1 + 1)/2).
    assert_close(&e.scores, &[0.0, 1.0], 1e-15);
    // Negative data: AV = −2, distances are relative to |AV| = 2.
    let m = matrix("b", &[&[-3.0], &[-1.0]]);
    let e = Method::Edas.evaluate(&m, &w).unwrap();
    assert_close(e.quantity("sp").unwrap(), &[0.0, 0.5], 1e-15);
    assert_close(e.quantity("sn").unwrap(), &[0.5, 0.0], 1e-15);
}

#[test]
fn moora_kracka_2010() {
    let c = mcdm_case("kracka2010_moora_ratio");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let n = m.n_criteria();
    // The paper's ratio system is unweighted: every wⱼ = 1. Equal engine weights are 1/n, so the
    // published scores are n times the engine's.
    let e = Method::Moora.evaluate(&m, &Weights::equal(n).unwrap()).unwrap();
    let scaled: Vec<f64> = e.scores.iter().map(|&y| y * n as f64).collect();
    assert_close(&scaled, &floats(&c["published_unweighted_ratio_scores"]), 1e-8);
    assert_eq!(e.ranks, vec![5, 1, 3, 6, 4, 2]);
}

// ---- Hand-checked: WP, WASPAS, COPRAS, PROMETHEE --------------------------------------------

#[test]
fn wp_hand_checked() {
    // A1 = (4, 2), A2 = (1, 1), A3 = (9, 4); C1 benefit, C2 cost; w = (0.5, 0.5).
    // WP: A1 = 4^0.5 · 2^-0.5 = √2, A2 = 1, A3 = 3/2.
    let m = matrix("bc", &[&[4.0, 2.0], &[1.0, 1.0], &[9.0, 4.0]]);
    let e = Method::Wp.evaluate(&m, &Weights::equal(2).unwrap()).unwrap();
    assert_close(&e.scores, &[2f64.sqrt(), 1.0, 1.5], 1e-14);
    assert_eq!(e.ranks, vec![2, 3, 1]);
    // Zero or negative values are rejected.
    let m = matrix("bc", &[&[4.0, 0.0], &[1.0, 1.0]]);
    assert!(matches!(
        Method::Wp.evaluate(&m, &Weights::equal(2).unwrap()),
        Err(DecideError::NonPositive { row: 0, criterion: 1, needed_by: "wp", .. })
    ));
}

#[test]
fn waspas_hand_checked() {
    // A1 = (2, 1), A2 = (4, 2); C1 benefit, C2 cost; w = (0.75, 0.25); linear normalisation:
    //   C1 x/max: (0.5, 1); C2 min/x: (1, 0.5).
    //   WSM: A1 0.75·0.5 + 0.25·1 = 0.625;  A2 0.75 + 0.25·0.5 = 0.875
    //   WPM: A1 0.5^0.75 · 1 = 0.5946;      A2 1 · 0.5^0.25 = 0.8409
    let m = matrix("bc", &[&[2.0, 1.0], &[4.0, 2.0]]);
    let w = Weights::new(&[0.75, 0.25]).unwrap();
    let (wsm, wpm) = ([0.625, 0.875], [0.5f64.powf(0.75), 0.5f64.powf(0.25)]);
    for lambda in [0.0, 0.3, 0.5, 1.0] {
        let method = Method::Waspas { lambda, normalization: Normalization::Linear };
        let e = method.evaluate(&m, &w).unwrap();
        assert_close(e.quantity("wsm").unwrap(), &wsm, 1e-15);
        assert_close(e.quantity("wpm").unwrap(), &wpm, 1e-15);
        let q: Vec<f64> = (0..2).map(|i| lambda * wsm[i] + (1.0 - lambda) * wpm[i]).collect();
        assert_close(&e.scores, &q, 1e-15);
    }
    let bad = Method::Waspas { lambda: 1.5, normalization: Normalization::Linear };
    assert!(matches!(
        bad.evaluate(&m, &w),
        Err(DecideError::InvalidParameter { name: "lambda", .. })
    ));
    // Under min_max the column minimum normalises to 0, which zeroes the product.
    let method = Method::Waspas { lambda: 0.5, normalization: Normalization::MinMax };
    let e = method.evaluate(&m, &w).unwrap();
    assert_close(e.quantity("wpm").unwrap(), &[0.0, 0.0], 0.0);
}

#[test]
fn copras_hand_checked() {
    // C1 benefit (2, 3, 5) → d = (0.2, 0.3, 0.5); C2 cost (4, 2, 4) → d = (0.4, 0.2, 0.4).
    // w = (0.6, 0.4): S+ = (0.12, 0.18, 0.30), S− = (0.16, 0.08, 0.16).
    // S−min = 0.08, ΣS− = 0.4, Σ S−min/S− = 0.5 + 1 + 0.5 = 2, numerator 0.032:
    // Q = (0.12 + 0.032/0.32, 0.18 + 0.032/0.16, 0.30 + 0.032/0.32) = (0.22, 0.38, 0.40);
    // utility = (55, 95, 100).
    let m = matrix("bc", &[&[2.0, 4.0], &[3.0, 2.0], &[5.0, 4.0]]);
    let w = Weights::new(&[0.6, 0.4]).unwrap();
    let e = Method::Copras.evaluate(&m, &w).unwrap();
    assert_close(e.quantity("s_plus").unwrap(), &[0.12, 0.18, 0.30], 1e-15);
    assert_close(e.quantity("s_minus").unwrap(), &[0.16, 0.08, 0.16], 1e-15);
    assert_close(&e.scores, &[0.22, 0.38, 0.40], 1e-15);
    assert_close(e.quantity("q").unwrap(), &[0.22, 0.38, 0.40], 1e-15);
    assert_close(e.quantity("utility").unwrap(), &[55.0, 95.0, 100.0], 1e-12);
    assert_eq!(e.ranks, vec![3, 2, 1]);
    // Benefit criteria only: Q = S+.
    let m = matrix("bb", &[&[2.0, 4.0], &[3.0, 2.0], &[5.0, 4.0]]);
    let e = Method::Copras.evaluate(&m, &w).unwrap();
    assert_close(&e.scores, &[0.12 + 0.16, 0.18 + 0.08, 0.30 + 0.16], 1e-15);
}

#[test]
fn promethee_hand_checked() {
    // C1 benefit (10, 14, 20), linear q = 2, p = 8; C2 cost (5, 3, 3), usual; w = (0.5, 0.5).
    // C1: P(A2,A1): d = 4 → (4−2)/6 = 1/3; P(A3,A1): d = 10 → 1; P(A3,A2): d = 6 → 2/3.
    // C2: P(A2,A1) = P(A3,A1) = 1 (3 < 5); A2 and A3 tie.
    // m − 1 = 2:
    //   φ+ = (0, (0.5/3 + 0.5)/2, (0.5·5/3 + 0.5)/2) = (0, 1/3, 2/3)
    //   φ− = ((0.5·4/3 + 0.5·2)/2, (0.5·2/3)/2, 0) = (5/6, 1/6, 0)
    let m = matrix("bc", &[&[10.0, 5.0], &[14.0, 3.0], &[20.0, 3.0]]);
    let w = Weights::equal(2).unwrap();
    let method =
        Method::Promethee { preferences: vec![Preference::linear(2.0, 8.0), Preference::usual()] };
    let e = method.evaluate(&m, &w).unwrap();
    assert_close(e.quantity("phi_plus").unwrap(), &[0.0, 1.0 / 3.0, 2.0 / 3.0], 1e-15);
    assert_close(e.quantity("phi_minus").unwrap(), &[5.0 / 6.0, 1.0 / 6.0, 0.0], 1e-15);
    assert_close(&e.scores, &[-5.0 / 6.0, 1.0 / 6.0, 2.0 / 3.0], 1e-15);
    assert_eq!(e.ranks, vec![3, 2, 1]);

    // The same column under every function, one criterion, values (0, 1, 3), benefit:
    // differences 1 (A2>A1), 3 (A3>A1), 2 (A3>A2); φ = (−P(1) − P(3), P(1) − P(2), P(3) + P(2))/2.
    let m = matrix("b", &[&[0.0], &[1.0], &[3.0]]);
    let w = Weights::equal(1).unwrap();
    let g = |d: f64| 1.0 - (-d * d / 2.0).exp();
    let cases: [(Preference, [f64; 3]); 6] = [
        (Preference::usual(), [1.0, 1.0, 1.0]),
        (Preference::u_shape(1.0), [0.0, 1.0, 1.0]),
        (Preference::v_shape(2.0), [0.5, 1.0, 1.0]),
        (Preference::level(1.0, 2.0), [0.0, 0.5, 1.0]),
        (Preference::linear(1.0, 3.0), [0.0, 0.5, 1.0]),
        (Preference::gaussian(1.0), [g(1.0), g(2.0), g(3.0)]),
    ];
    for (pref, [p1, p2, p3]) in cases {
        let e = Method::Promethee { preferences: vec![pref] }.evaluate(&m, &w).unwrap();
        let expected = [(-p1 - p3) / 2.0, (p1 - p2) / 2.0, (p3 + p2) / 2.0];
        assert_close(&e.scores, &expected, 1e-15);
        assert!((pref.value(2.0) - p2).abs() < 1e-15, "{pref:?}");
    }
}

#[test]
fn promethee_validation() {
    let m = matrix("bb", &[&[1.0, 2.0], &[2.0, 1.0]]);
    let w = Weights::equal(2).unwrap();
    let one = Method::Promethee { preferences: vec![Preference::usual()] };
    assert_eq!(one.evaluate(&m, &w), Err(DecideError::PreferenceCount { expected: 2, found: 1 }));
    let bad = [
        (Preference::u_shape(-1.0), "q"),
        (Preference::v_shape(0.0), "p"),
        (Preference::level(2.0, 2.0), "p"),
        (Preference::linear(-0.5, 1.0), "q"),
        (Preference::linear(1.0, 0.5), "p"),
        (Preference::gaussian(0.0), "s"),
        (Preference { q: f64::NAN, ..Preference::usual() }, "q"),
        (Preference { p: f64::INFINITY, ..Preference::usual() }, "p"),
    ];
    for (pref, param) in bad {
        let method = Method::Promethee { preferences: vec![Preference::usual(), pref] };
        match method.evaluate(&m, &w) {
            Err(DecideError::InvalidParameter { name, .. }) => assert_eq!(name, param, "{pref:?}"),
            other => panic!("{pref:?}: {other:?}"),
        }
    }
    // A single alternative has no one to outrank: every flow is 0.
    let m = matrix("b", &[&[1.0]]);
    let e = Method::Promethee { preferences: vec![Preference::usual()] }
        .evaluate(&m, &Weights::equal(1).unwrap())
        .unwrap();
    assert_eq!(e.scores, vec![0.0]);
}

#[test]
fn preference_function_keys() {
    for f in PreferenceFunction::ALL {
        assert_eq!(PreferenceFunction::from_key(f.key()), Some(f));
    }
    for (s, f) in [
        ("U-Shape", PreferenceFunction::UShape),
        ("ushape", PreferenceFunction::UShape),
        ("v-shape", PreferenceFunction::VShape),
        (" Gaussian ", PreferenceFunction::Gaussian),
    ] {
        assert_eq!(PreferenceFunction::from_key(s), Some(f));
    }
    assert_eq!(PreferenceFunction::from_key("triangle"), None);
    let json = serde_json::to_value(Preference::level(1.0, 2.0)).unwrap();
    assert_eq!(json["function"], "level");
}

// ---- All methods -------------------------------------------------------------------------

#[test]
fn keys_defaults_and_serialisation() {
    assert_eq!(MethodKey::ALL.len(), 9);
    for key in MethodKey::ALL.map(MethodKey::as_str) {
        let method = Method::default_for(key, 3).unwrap();
        assert_eq!(method.key(), key);
        let json = serde_json::to_value(&method).unwrap();
        assert_eq!(json["method"], key);
        let m = matrix("bcb", &[&[1.0, 2.0, 3.0], &[2.0, 1.0, 5.0], &[3.0, 3.0, 1.0]]);
        let e = method.evaluate(&m, &Weights::equal(3).unwrap()).unwrap();
        assert_eq!(e.compromise.is_some(), key == "vikor");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["method"]["method"], key);
        assert_eq!(json.get("compromise").is_some(), key == "vikor");
        assert_eq!(method.scores(&m, &Weights::equal(3).unwrap()).unwrap(), e.scores);
    }
    assert_eq!(
        Method::default_for(" TOPSIS", 1),
        Some(Method::Topsis { normalization: Normalization::Vector })
    );
    assert_eq!(Method::default_for("electre", 3), None);
    let json = serde_json::to_value(Method::default_for("waspas", 1).unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"method": "waspas", "lambda": 0.5, "normalization": "linear"})
    );
    let json = serde_json::to_value(Method::default_for("promethee", 1).unwrap()).unwrap();
    assert_eq!(json["preferences"][0]["function"], "usual");
}

#[test]
fn constant_matrix_ties_everyone() {
    let m = matrix("bcb", &[&[2.0, 3.0, 4.0], &[2.0, 3.0, 4.0], &[2.0, 3.0, 4.0]]);
    let w = Weights::new(&[0.2, 0.3, 0.5]).unwrap();
    for key in MethodKey::ALL.map(MethodKey::as_str) {
        let e = Method::default_for(key, 3).unwrap().evaluate(&m, &w).unwrap();
        assert!(e.scores.iter().all(|s| s.is_finite()), "{key}: {:?}", e.scores);
        assert_eq!(e.ranks, vec![1, 1, 1], "{key}: {:?}", e.scores);
    }
}

#[test]
fn single_alternative_is_rank_one() {
    let m = matrix("bc", &[&[2.0, 3.0]]);
    let w = Weights::equal(2).unwrap();
    for key in MethodKey::ALL.map(MethodKey::as_str) {
        let e = Method::default_for(key, 2).unwrap().evaluate(&m, &w).unwrap();
        assert!(e.scores[0].is_finite(), "{key}");
        assert_eq!(e.ranks, vec![1]);
        for q in &e.quantities {
            assert!(q.values[0].is_finite(), "{key} {}", q.name);
        }
    }
}

#[test]
fn the_worst_end_of_a_column_normalises_to_exactly_zero() {
    // 1 − 49·(1/49) is 1.1e-16 in floating point; to the power 0.05 that is 0.159, so an
    // alternative at a cost column's maximum kept most of WASPAS's product part and could win.
    let m = matrix("bc", &[&[0.9, 10.0], &[0.5, 49.0], &[0.7, 20.0]]);
    for n in [Normalization::Max, Normalization::MinMax, Normalization::Vector] {
        let v = n.normalize(&m);
        if n != Normalization::Vector {
            assert_eq!(v[3], 0.0, "{n:?}: the cost column's maximum");
        }
        assert!(v.iter().all(|x| x.is_finite() && *x >= 0.0), "{n:?}: {v:?}");
    }
    let v = Normalization::MinMax.normalize(&matrix("bb", &[&[0.1, 1.0], &[0.7, 2.0]]));
    assert_eq!((v[0], v[3]), (0.0, 1.0), "a benefit column's minimum and maximum");
    let w = Weights::new(&[0.95, 0.05]).unwrap();
    for normalization in [Normalization::Max, Normalization::MinMax] {
        let e = Method::Waspas { lambda: 0.5, normalization }.evaluate(&m, &w).unwrap();
        let (wsm, wpm) = (e.quantity("wsm").unwrap(), e.quantity("wpm").unwrap());
        assert_eq!(wpm[1], 0.0, "{normalization:?}: the product part of the worst price");
        assert_eq!(e.scores[1], 0.5 * wsm[1], "{normalization:?}");
    }
}

#[test]
fn vector_normalisation_holds_for_any_power_of_ten() {
    // Above about 1.3e154 a square is infinite, below about 1.5e-154 it is lost: the column then
    // stopped counting (the winner changed). Scaling a column keeps every normalised value.
    let rows: [[f64; 3]; 5] = [
        [7.0, 3.5, 120.0],
        [9.0, 2.0, 150.0],
        [4.0, 4.5, 90.0],
        [8.0, 3.0, 200.0],
        [6.0, 5.0, 110.0],
    ];
    let w = Weights::new(&[0.3, 0.2, 0.5]).unwrap();
    let methods = [
        Method::Topsis { normalization: Normalization::Vector },
        Method::Moora,
        Method::Saw { normalization: Normalization::Vector },
        Method::Waspas { lambda: 0.5, normalization: Normalization::Vector },
    ];
    let scaled = |k: i32| {
        let f = 10f64.powi(k);
        let r: Vec<[f64; 3]> = rows.iter().map(|r| [r[0], r[1], r[2] * f]).collect();
        let refs: Vec<&[f64]> = r.iter().map(|r| r.as_slice()).collect();
        matrix("bbc", &refs)
    };
    for method in &methods {
        let base = method.evaluate(&scaled(0), &w).unwrap();
        for k in [-300, -250, -200, -160, -155, -100, 100, 150, 155, 160, 200, 250, 300] {
            let e = method.evaluate(&scaled(k), &w).unwrap();
            assert_eq!(e.ranks, base.ranks, "{} at 10^{k}", method.key());
            for (a, b) in e.scores.iter().zip(&base.scores) {
                assert!(
                    a.is_finite() && (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "{} 10^{k}",
                    method.key()
                );
            }
        }
    }
}
