//! Objective weights: entropy and CRITIC against a published case, a hand-checked case, and
//! properties.

use crate::common::*;
use mitra_decide::objective::{critic, entropy};
use mitra_decide::{Criterion, DecisionMatrix};
use proptest::prelude::*;

/// Five suppliers: quality score, delivery score, price (a cost).
fn suppliers() -> DecisionMatrix {
    let rows = [
        [7.0, 9.0, 250.0],
        [8.0, 7.0, 310.0],
        [9.0, 6.0, 280.0],
        [6.0, 7.0, 220.0],
        [5.0, 9.0, 300.0],
    ];
    let rows: Vec<Vec<f64>> = rows.iter().map(|r| r.to_vec()).collect();
    let criteria = vec![
        Criterion::benefit("quality"),
        Criterion::benefit("delivery"),
        Criterion::cost("price"),
    ];
    let names = (1..=5).map(|i| format!("S{i}")).collect();
    DecisionMatrix::from_rows(names, criteria, &rows).unwrap()
}

#[test]
fn entropy_ersoy2021() {
    // Ersoy (2021) derives the EDAS weights by the entropy method on this matrix; cost criteria
    // are treated like benefit ones (the published weights say so: turning costs changes them).
    let c = mcdm_case("ersoy2021_edas");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = entropy(&m).unwrap();
    let printed: Vec<f64> = w.as_slice().iter().map(|&x| round(x, 3)).collect();
    assert_eq!(printed, floats(&c["weights"]));
}

#[test]
fn entropy_and_critic_hand_case() {
    // Independent plain-Python computation (/tmp script, no numpy):
    //   entropy: d_j = 1 + Σ p ln p / ln 5 with p = x/Σx, costs as benefits;
    //   CRITIC: costs turned (max−x)/(max−min), statistics.stdev (m − 1!) and
    //   statistics.correlation — the m − 1 cancels in the normalisation.
    let m = suppliers();
    let e = entropy(&m).unwrap();
    assert_close(
        e.as_slice(),
        &[0.5076553011301859, 0.3064336124202429, 0.1859110864495713],
        1e-12,
    );
    let c = critic(&m);
    assert_close(
        c.as_slice(),
        &[0.3506141188940469, 0.37040089287448597, 0.2789849882314671],
        1e-12,
    );
}

fn matrices() -> impl Strategy<Value = (DecisionMatrix, Vec<bool>)> {
    (2usize..=12, 1usize..=6).prop_flat_map(|(m, n)| {
        (prop::collection::vec(0.0f64..100.0, m * n), prop::collection::vec(any::<bool>(), n))
            .prop_map(move |(v, cost)| {
                let names = (0..m).map(|i| format!("a{i}")).collect();
                (DecisionMatrix::new(names, Criterion::numbered(&cost), v).unwrap(), cost)
            })
    })
}

/// The same matrix with column `j` mapped by `f` and its kind possibly flipped.
fn remap(m: &DecisionMatrix, f: impl Fn(usize, f64) -> f64, flip: bool) -> DecisionMatrix {
    let n = m.n_criteria();
    let values = m.values().iter().enumerate().map(|(k, &x)| f(k % n, x)).collect();
    let criteria = m
        .criteria()
        .iter()
        .map(|c| match (flip, c.kind) {
            (true, mitra_decide::CriterionKind::Benefit) => Criterion::cost(c.name.clone()),
            (true, mitra_decide::CriterionKind::Cost) => Criterion::benefit(c.name.clone()),
            (false, _) => c.clone(),
        })
        .collect();
    DecisionMatrix::new(m.alternatives().to_vec(), criteria, values).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn objective_weights_sum_to_one((m, _) in matrices()) {
        for w in [entropy(&m).unwrap(), critic(&m)] {
            let s: f64 = w.as_slice().iter().sum();
            prop_assert!((s - 1.0).abs() <= 1e-12 && w.as_slice().iter().all(|&x| x >= 0.0));
        }
    }

    #[test]
    fn entropy_ignores_units_and_direction((m, _) in matrices(), scale in 0.01f64..100.0) {
        // p = x/Σx does not change when a column is rescaled, nor when its kind flips.
        let scaled = remap(&m, |j, x| if j == 0 { x * scale } else { x }, true);
        assert_close(entropy(&scaled).unwrap().as_slice(), entropy(&m).unwrap().as_slice(), 1e-9);
    }

    #[test]
    fn critic_ignores_affine_units((m, _) in matrices(), a in 0.01f64..100.0, b in -50.0f64..50.0) {
        // Min-max normalisation removes any increasing affine change of units…
        let changed = remap(&m, |j, x| if j == 0 { a * x + b } else { x }, false);
        assert_close(critic(&changed).as_slice(), critic(&m).as_slice(), 1e-9);
        // …and turning every criterion round (x → −x, benefit ↔ cost) changes nothing either.
        let turned = remap(&m, |_, x| -x, true);
        assert_close(critic(&turned).as_slice(), critic(&m).as_slice(), 1e-9);
    }
}
