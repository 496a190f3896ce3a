use super::*;
use crate::assessment::{InstrumentSpec, Item, Likert};
use proptest::prelude::*;

fn mixed_instrument(points: i64) -> Instrument {
    let item = |key: &str, component, reverse| Item {
        key: key.into(),
        component,
        text_id: key.into(),
        text_en: key.into(),
        reverse,
        required: false,
    };
    Instrument::new(InstrumentSpec {
        key: "campur".into(),
        version: 1,
        title_id: "Campur".into(),
        title_en: "Mixed".into(),
        scale: LikertScale::new(points).unwrap(),
        items: vec![
            item("t1", Component::Trust, false),
            item("t2", Component::Trust, true),
            item("t3", Component::Trust, false),
            item("c1", Component::Commitment, false),
            item("c2", Component::Commitment, false),
        ],
        component_weights: [(Component::Trust, 3.0), (Component::Commitment, 1.0)].into(),
    })
    .unwrap()
}

#[test]
fn hand_checked_starting_response() {
    let i = Instrument::starting();
    let r = Response::from_answers(
        &i,
        [
            ("jp1", Some(4)),
            ("jp2", Some(5)),
            ("jp3", Some(3)),
            ("jp4", Some(4)),
            ("oc1", Some(2)),
            ("cm1", Some(1)),
            ("cm2", Some(2)),
        ],
    )
    .unwrap();
    let s = score(&i, &r).unwrap();
    let jp = s.component(Component::JointPlanning).unwrap();
    // (4 + 5 + 3 + 4) / 4 = 4; (4 − 1) / 4 · 100 = 75; 4 ≥ 3.5 → level 4.
    assert_eq!((jp.answered, jp.total, jp.mean(), jp.index()), (4, 4, Some(4.0), Some(75.0)));
    assert_eq!(jp.maturity(), Some(Maturity::Managed));
    // One answer of four is fewer than half: no score, two answers needed.
    let oc = s.component(Component::JointOperationControl).unwrap();
    assert_eq!(oc.outcome, ComponentOutcome::Unscored { needed: 2 });
    assert_eq!(oc.answered, 1);
    // Two of four is half: scored. (1 + 2) / 2 = 1.5 → 12.5, level 2 (half rounds up).
    let cm = s.component(Component::Communication).unwrap();
    assert_eq!((cm.mean(), cm.index()), (Some(1.5), Some(12.5)));
    assert_eq!(cm.maturity(), Some(Maturity::Developing));
    // Equal weights over the two scored components: (75 + 12.5) / 2.
    assert_eq!(s.overall.index, Some(43.75));
    assert_eq!(s.overall.weights.len(), 2);
    assert_eq!(s.overall.weights[&Component::JointPlanning], 0.5);
    assert_eq!(s.overall.left_out.len(), 6);
    assert!(!s.overall.left_out.contains(&Component::Communication));
    assert_eq!(s.readiness(Component::JointPlanning), Some(4.0));
}

#[test]
fn reverse_items_and_weights() {
    let i = mixed_instrument(7);
    let r = Response::from_answers(
        &i,
        [("t1", Some(7)), ("t2", Some(2)), ("t3", Some(6)), ("c1", Some(1)), ("c2", Some(4))],
    )
    .unwrap();
    let s = score(&i, &r).unwrap();
    // t2 = 2 on a 7-point scale counts as 8 − 2 = 6; mean (7 + 6 + 6) / 3 = 19/3.
    let t = s.component(Component::Trust).unwrap();
    assert!((t.mean().unwrap() - 19.0 / 3.0).abs() < 1e-12);
    let t_index = (19.0 / 3.0 - 1.0) / 6.0 * 100.0;
    assert!((t.index().unwrap() - t_index).abs() < 1e-12);
    // (1 + 4) / 2 = 2.5 → 25; on the 1–5 scale 2 → level 2.
    let c = s.component(Component::Commitment).unwrap();
    assert_eq!(c.index(), Some(25.0));
    assert_eq!(c.maturity(), Some(Maturity::Developing));
    assert_eq!(s.readiness(Component::Commitment), Some(2.0));
    // Weights 3 : 1.
    let expected = (3.0 * t_index + 25.0) / 4.0;
    assert!((s.overall.index.unwrap() - expected).abs() < 1e-12);
    assert!(s.overall.left_out.is_empty());
}

#[test]
fn nothing_answered_scores_nothing() {
    let i = Instrument::starting();
    let s = score(&i, &Response::new(&i)).unwrap();
    assert_eq!(s.overall.index, None);
    assert_eq!(s.overall.left_out, Component::CORE.to_vec());
    let other = i.copy_as_draft(2).unwrap();
    assert!(matches!(
        score(&other, &Response::new(&i)),
        Err(AssessmentError::InstrumentMismatch { .. })
    ));
}

#[test]
fn two_sides_sorted_by_disagreement() {
    let i = mixed_instrument(5);
    let buyer =
        Response::from_answers(&i, [("t1", Some(5)), ("t2", Some(1)), ("c1", Some(3))]).unwrap();
    let supplier = Response::from_answers(&i, [("t1", Some(2)), ("t3", Some(2))]).unwrap();
    let (b, s) = (score(&i, &buyer).unwrap(), score(&i, &supplier).unwrap());
    let gaps = compare_sides(&b, &s);
    assert_eq!(gaps.len(), 2);
    // Buyer trust: 5, 5 (reversed 1) → 100; supplier: 2, 2 → 25.
    assert_eq!(gaps[0].component, Component::Trust);
    assert_eq!(
        (gaps[0].buyer, gaps[0].supplier, gaps[0].gap),
        (Some(100.0), Some(25.0), Some(75.0))
    );
    assert_eq!(gaps[0].higher, Some(Side::Buyer));
    // The supplier did not answer commitment: no gap, listed last.
    assert_eq!(gaps[1].component, Component::Commitment);
    assert_eq!((gaps[1].gap, gaps[1].supplier), (None, None));
}

#[test]
fn partnership_comparison_names_the_perception_gaps() {
    let i = Instrument::starting();
    // Buyer: joint planning 4,4 → 75; trust 2,2 → 25; communication 3,3 → 50.
    let buyer = Response::from_answers(
        &i,
        [
            ("jp1", Some(4)),
            ("jp2", Some(4)),
            ("tr1", Some(2)),
            ("tr2", Some(2)),
            ("cm1", Some(3)),
            ("cm2", Some(3)),
        ],
    )
    .unwrap();
    // Supplier: joint planning 2,2 → 25; trust 3,3 → 50; communication 3,4 → 62.5; scope 5,5.
    let supplier = Response::from_answers(
        &i,
        [
            ("jp1", Some(2)),
            ("jp2", Some(2)),
            ("tr1", Some(3)),
            ("tr2", Some(3)),
            ("cm1", Some(3)),
            ("cm2", Some(4)),
            ("sc1", Some(5)),
            ("sc2", Some(5)),
        ],
    )
    .unwrap();
    let (b, s) = (score(&i, &buyer).unwrap(), score(&i, &supplier).unwrap());
    let c = compare_partnership(&b, &s);
    // Rows in display order, one per measured component, each side's own score kept.
    assert_eq!(c.rows.len(), i.components().len());
    assert_eq!(c.rows[0].component, Component::JointPlanning);
    assert_eq!(c.rows[0].buyer.and_then(|x| x.mean()), Some(4.0));
    assert_eq!(c.rows[0].supplier.and_then(|x| x.maturity()), Some(Maturity::Developing));
    assert_eq!((c.rows[0].gap, c.rows[0].higher), (Some(50.0), Some(Side::Buyer)));
    let scope = c.rows.iter().find(|r| r.component == Component::Scope).unwrap();
    assert_eq!((scope.gap, scope.supplier.and_then(|x| x.index())), (None, Some(100.0)));
    // Findings: gaps of 25 or more, largest first; communication's 12.5 is not one.
    let found: Vec<(Component, Option<f64>, Option<Side>)> =
        c.findings.iter().map(|g| (g.component, g.gap, g.higher)).collect();
    assert_eq!(
        found,
        [
            (Component::JointPlanning, Some(50.0), Some(Side::Buyer)),
            (Component::Trust, Some(25.0), Some(Side::Supplier)),
        ]
    );
    assert_eq!(c.gaps[2].component, Component::Communication);
    // Overall: buyer (75 + 25 + 50) / 3 = 50; supplier (25 + 50 + 62.5 + 100) / 4 = 59.375.
    assert_eq!((c.buyer_overall, c.supplier_overall), (Some(50.0), Some(59.375)));
    assert_eq!(c.overall_difference, Some(-9.375));
    // Two identical views: no finding at all.
    assert!(compare_partnership(&b, &b).findings.is_empty());
}

proptest! {
    #[test]
    fn out_of_scale_never_constructs(v in -1000i64..1000, seven in any::<bool>()) {
        let scale = if seven { LikertScale::SEVEN } else { LikertScale::FIVE };
        let ok = (1..=i64::from(scale.points())).contains(&v);
        prop_assert_eq!(Likert::new(v, &scale).is_ok(), ok);
    }

    #[test]
    fn reversing_twice_is_identity(v in 1i64..=7, seven in any::<bool>()) {
        let scale = if seven { LikertScale::SEVEN } else { LikertScale::FIVE };
        if let Ok(l) = Likert::new(v, &scale) {
            prop_assert_eq!(l.reversed().reversed(), l);
            prop_assert!((1..=scale.points()).contains(&l.reversed().value()));
        }
    }

    #[test]
    fn scores_stay_on_their_scales(
        seven in any::<bool>(),
        answers in proptest::collection::vec(proptest::option::of(1i64..=7), 5),
    ) {
        let points = if seven { 7 } else { 5 };
        let i = mixed_instrument(points);
        let keys = ["t1", "t2", "t3", "c1", "c2"];
        let pairs = keys.iter().zip(&answers).map(|(k, a)| (*k, a.map(|v| v.min(points))));
        let s = score(&i, &Response::from_answers(&i, pairs).unwrap()).unwrap();
        for c in &s.components {
            if let Some(m) = c.mean() {
                prop_assert!((1.0..=points as f64).contains(&m), "mean {}", m);
                prop_assert!((0.0..=100.0).contains(&c.index().unwrap()));
                prop_assert!(2 * c.answered >= c.total);
            } else {
                prop_assert!(2 * c.answered < c.total);
            }
        }
        if let Some(x) = s.overall.index {
            prop_assert!((0.0..=100.0).contains(&x));
            let sum: f64 = s.overall.weights.values().sum();
            prop_assert!((sum - 1.0).abs() < 1e-12);
        }
    }
}
