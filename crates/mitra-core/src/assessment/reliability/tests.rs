use super::*;
use crate::assessment::{InstrumentSpec, Item, LikertScale};
use proptest::prelude::*;

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Hand-checked case (3 items, 6 respondents, the last skips x2 and is left out listwise):
///
/// ```text
///        x1 x2 x3 | total
///   R1    2  3  1 |   6
///   R2    3  3  2 |   8
///   R3    3  4  3 |  10
///   R4    4  4  3 |  11
///   R5    5  5  4 |  14
///   R6    4  –  5 |  (left out)
/// ```
/// Means 3.4, 3.8, 2.6; total mean 9.8. Sample variances (n − 1 = 4):
/// x1: (1.96+0.16+0.16+0.36+2.56)/4 = 1.3; x2: (0.64+0.64+0.04+0.04+1.44)/4 = 0.7;
/// x3: (2.56+0.36+0.16+0.16+1.96)/4 = 1.3; total: (14.44+3.24+0.04+1.44+17.64)/4 = 9.2.
/// α = 3/2 · (1 − 3.3/9.2) = 8.85/9.2 = 177/184 = 0.961956521739…
/// α if deleted: without x1, x2+x3 = 4,5,7,7,9 has variance 3.8 → 2·(1 − 2.0/3.8) = 18/19;
/// without x2: 3,5,6,7,9 → 5.0 → 2·(1 − 2.6/5) = 24/25; without x3: 5,6,7,8,10 → 3.7 →
/// 2·(1 − 2.0/3.7) = 34/37.
/// Corrected item–total r of x1: cov(x1, x2+x3) = (3.36+0.56−0.24+0.36+4.16)/4 = 2.05,
/// r = 2.05/√(1.3·3.8) = 0.922338604…
///
/// Confirmed with pingouin 0.7.0 (`cronbach_alpha(df, nan_policy='listwise')` →
/// 0.9619565217391304) and numpy 2.4.6 (`corrcoef` of each item with the sum of the others:
/// 0.9223386048649874, 0.9354143466934853, 0.9575175804338616; pandas `std(ddof=1)`).
#[test]
fn hand_checked_case() {
    let rows: Vec<Vec<Option<f64>>> = [
        [Some(2.0), Some(3.0), Some(1.0)],
        [Some(3.0), Some(3.0), Some(2.0)],
        [Some(3.0), Some(4.0), Some(3.0)],
        [Some(4.0), Some(4.0), Some(3.0)],
        [Some(5.0), Some(5.0), Some(4.0)],
        [Some(4.0), None, Some(5.0)],
    ]
    .map(|r| r.to_vec())
    .to_vec();
    let r = Reliability::compute(&keys(&["x1", "x2", "x3"]), rows.iter().map(Vec::as_slice));
    assert_eq!((r.k, r.n_used, r.n_left_out), (3, 5, 1));
    assert!(close(r.alpha.unwrap(), 177.0 / 184.0), "{:?}", r.alpha);
    assert!(close(r.alpha.unwrap(), 0.9619565217391304));
    assert!(!r.below_threshold);
    let means: Vec<f64> = r.items.iter().map(|i| i.mean).collect();
    let sds: Vec<f64> = r.items.iter().map(|i| i.sd).collect();
    let rit: Vec<f64> = r.items.iter().map(|i| i.corrected_item_total.unwrap()).collect();
    let del: Vec<f64> = r.items.iter().map(|i| i.alpha_if_deleted.unwrap()).collect();
    for (got, want) in [
        (means, [3.4, 3.8, 2.6]),
        (sds, [1.3f64.sqrt(), 0.7f64.sqrt(), 1.3f64.sqrt()]),
        (rit, [0.9223386048649874, 0.9354143466934853, 0.9575175804338616]),
        (del, [18.0 / 19.0, 24.0 / 25.0, 34.0 / 37.0]),
    ] {
        for (g, w) in got.iter().zip(want) {
            assert!(close(*g, w), "{got:?} vs {want:?}");
        }
    }
    assert!(close(r.items[0].sd, 1.140175425099138));
}

/// A scale that does not hang together: 4 items, 8 respondents, α negative. Values from
/// pingouin 0.7.0 (`cronbach_alpha`) and numpy 2.4.6 (`corrcoef`, `std(ddof=1)`).
#[test]
fn unreliable_scale_is_flagged() {
    let data = [
        [3, 4, 2, 5],
        [2, 2, 3, 4],
        [4, 5, 3, 2],
        [3, 3, 4, 4],
        [5, 4, 2, 3],
        [1, 2, 2, 5],
        [4, 3, 5, 1],
        [2, 3, 1, 3],
    ];
    let rows: Vec<Vec<Option<f64>>> =
        data.iter().map(|r| r.iter().map(|&v| Some(f64::from(v))).collect()).collect();
    let r = Reliability::compute(&keys(&["a", "b", "c", "d"]), rows.iter().map(Vec::as_slice));
    assert!(close(r.alpha.unwrap(), -0.6694560669456069));
    assert!(r.below_threshold);
    let want = [
        (3.0, 1.3093073414159542, 0.2513123449750173, -2.652631578947368),
        (3.25, 1.0350983390135313, 0.24444444444444444, -1.8222222222222222),
        (2.75, 1.2817398889233114, -0.1659633083340413, -0.5968586387434555),
        (3.375, 1.407885953173359, -0.670122711944946, 0.6057692307692308),
    ];
    for (item, (mean, sd, rit, del)) in r.items.iter().zip(want) {
        assert!(close(item.mean, mean) && close(item.sd, sd), "{item:?}");
        assert!(close(item.corrected_item_total.unwrap(), rit), "{item:?}");
        assert!(close(item.alpha_if_deleted.unwrap(), del), "{item:?}");
    }
}

#[test]
fn undefined_cases_say_none() {
    let one = [vec![Some(1.0), Some(2.0)]];
    let r = Reliability::compute(&keys(&["a", "b"]), one.iter().map(Vec::as_slice));
    assert_eq!((r.n_used, r.alpha, r.items.len()), (1, None, 0));
    // Two items: α if deleted leaves one item, which has no α.
    let rows = [vec![Some(1.0), Some(2.0)], vec![Some(3.0), Some(3.0)], vec![Some(2.0), Some(5.0)]];
    let r = Reliability::compute(&keys(&["a", "b"]), rows.iter().map(Vec::as_slice));
    assert!(r.alpha.is_some());
    assert!(r.items.iter().all(|i| i.alpha_if_deleted.is_none()));
    // Nobody varies: no α, no correlations, but means and sds.
    let flat = [vec![Some(3.0); 3], vec![Some(3.0); 3]];
    let r = Reliability::compute(&keys(&["a", "b", "c"]), flat.iter().map(Vec::as_slice));
    assert_eq!((r.alpha, r.below_threshold), (None, false));
    assert!(r.items.iter().all(|i| i.sd == 0.0 && i.corrected_item_total.is_none()));
}

#[test]
fn by_component_uses_scored_answers_listwise() {
    let item = |key: &str, reverse| Item {
        key: key.into(),
        component: Component::Trust,
        text_id: key.into(),
        text_en: key.into(),
        reverse,
        required: false,
    };
    let i = Instrument::new(InstrumentSpec {
        key: "t".into(),
        version: 1,
        title_id: "T".into(),
        title_en: "T".into(),
        scale: LikertScale::FIVE,
        items: vec![item("t1", false), item("t2", true)],
        component_weights: [(Component::Trust, 1.0)].into(),
    })
    .unwrap();
    // t2 is reverse-worded: answered as the mirror image of t1, so once turned round the two
    // items agree perfectly and α = 1.
    let answers = [(1, 5), (2, 4), (4, 2), (5, 1)];
    let mut responses: Vec<Response> = answers
        .iter()
        .map(|&(a, b)| Response::from_answers(&i, [("t1", Some(a)), ("t2", Some(b))]).unwrap())
        .collect();
    responses.push(Response::from_answers(&i, [("t1", Some(3))]).unwrap());
    let rel = by_component(&i, &responses);
    assert_eq!(rel.len(), 1);
    let (c, r) = &rel[0];
    assert_eq!(*c, Component::Trust);
    assert_eq!((r.n_used, r.n_left_out), (4, 1));
    assert!(close(r.alpha.unwrap(), 1.0));
    assert!(close(r.items[1].mean, 3.0));
}

proptest! {
    #[test]
    fn identical_items_have_alpha_one(
        k in 2usize..8,
        column in proptest::collection::vec(1u8..=7, 2..60),
    ) {
        prop_assume!(column.iter().any(|&v| v != column[0]));
        let rows: Vec<Vec<Option<f64>>> =
            column.iter().map(|&v| vec![Some(f64::from(v)); k]).collect();
        let names: Vec<String> = (0..k).map(|j| format!("i{j}")).collect();
        let r = Reliability::compute(&names, rows.iter().map(Vec::as_slice));
        prop_assert!((r.alpha.unwrap() - 1.0).abs() < 1e-9, "{:?}", r.alpha);
        for item in &r.items {
            prop_assert!((item.corrected_item_total.unwrap() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn alpha_is_at_most_one_and_statistics_are_sane(
        rows in proptest::collection::vec(proptest::collection::vec(1u8..=5, 4), 2..40),
    ) {
        let rows: Vec<Vec<Option<f64>>> =
            rows.iter().map(|r| r.iter().map(|&v| Some(f64::from(v))).collect()).collect();
        let r = Reliability::compute(&keys(&["a", "b", "c", "d"]), rows.iter().map(Vec::as_slice));
        prop_assert_eq!(r.n_used, rows.len());
        if let Some(a) = r.alpha {
            prop_assert!(a <= 1.0 + 1e-12);
        }
        for item in &r.items {
            prop_assert!((1.0..=5.0).contains(&item.mean) && item.sd >= 0.0);
            if let Some(x) = item.corrected_item_total {
                prop_assert!((-1.0..=1.0).contains(&x));
            }
        }
    }
}
