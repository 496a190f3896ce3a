use super::*;
use crate::assessment::{score, Instrument, Response};
use proptest::prelude::*;
use PartnershipType::*;

#[test]
fn default_grid_cells() {
    let g = PropensityGrid::default();
    let expect = [
        (Band::Low, Band::Low, ArmsLength),
        (Band::Low, Band::Medium, TypeI),
        (Band::Medium, Band::Low, TypeI),
        (Band::Low, Band::High, TypeI),
        (Band::High, Band::Low, TypeI),
        (Band::Medium, Band::Medium, TypeII),
        (Band::High, Band::Medium, TypeII),
        (Band::Medium, Band::High, TypeII),
        (Band::High, Band::High, TypeIII),
    ];
    for (d, f, t) in expect {
        assert_eq!(g.cell(d, f), t, "{d:?}/{f:?}");
    }
    assert_eq!([g.band(4), g.band(8), g.band(11)], [Band::Low; 3]);
    assert_eq!(
        [g.band(12), g.band(15), g.band(16), g.band(24)],
        [Band::Medium, Band::Medium, Band::High, Band::High]
    );
    assert_eq!(g.band_range(Band::Medium), (12, Some(15)));
    assert_eq!(g.band_range(Band::High), (16, None));
}

#[test]
fn the_less_eager_firm_sets_the_driver_total() {
    let g = PropensityGrid::default();
    let buyer = Drivers::new([5, 5, 4, 4]).unwrap(); // 18, high
    let supplier = Drivers::new([4, 3, 3, 3]).unwrap(); // 13, medium
    let f = Facilitators::new([4, 4, 3, 3], [ExtraFacilitator::PriorHistory]).unwrap(); // 14 + 1
    let p = g.place(&buyer, &supplier, &f);
    assert_eq!((p.buyer_drivers, p.supplier_drivers, p.drivers, p.facilitators), (18, 13, 13, 15));
    assert_eq!(
        (p.driver_band, p.facilitator_band, p.recommended),
        (Band::Medium, Band::Medium, TypeII)
    );
    // Two more extras (one repeated) lift the facilitators to 17: high, but drivers stay medium.
    let f = Facilitators::new(
        [4, 4, 3, 3],
        [
            ExtraFacilitator::PriorHistory,
            ExtraFacilitator::Exclusivity,
            ExtraFacilitator::SharedEndUser,
            ExtraFacilitator::Exclusivity,
        ],
    )
    .unwrap();
    assert_eq!(f.extras().len(), 3);
    let p = g.place(&buyer, &supplier, &f);
    assert_eq!((p.facilitators, p.recommended), (17, TypeII));
    let eager = Drivers::new([4, 4, 4, 4]).unwrap();
    assert_eq!(g.place(&buyer, &eager, &f).recommended, TypeIII);
}

#[test]
fn inputs_are_checked() {
    assert_eq!(
        Drivers::new([3, 6, 3, 3]),
        Err(AssessmentError::OutOfRange { name: "customer_service", value: 6 })
    );
    assert!(Facilitators::new([0, 3, 3, 3], []).is_err());
    assert_eq!(
        PropensityGrid::new(12, 12, 1, PropensityGrid::default().cells),
        Err(AssessmentError::InvalidBands { medium_from: 12, high_from: 12 })
    );
    let custom = PropensityGrid::new(10, 14, 2, [[TypeI; 3]; 3]).unwrap();
    assert_eq!(custom.band(13), Band::Medium);
    let f = Facilitators::new([1, 1, 1, 1], [ExtraFacilitator::Exclusivity]).unwrap();
    assert_eq!(custom.facilitator_total(&f), 6);
    for t in PartnershipType::ALL {
        assert_eq!(PartnershipType::from_key(t.key()), Some(t));
    }
}

#[test]
fn gaps_to_the_target_profile() {
    let i = Instrument::starting();
    // Joint planning 2 (level 2), trust 4 (level 4), scope unscored (one answer of four).
    let r = Response::from_answers(
        &i,
        [("jp1", Some(2)), ("jp2", Some(2)), ("tr1", Some(4)), ("tr2", Some(4)), ("sc1", Some(5))],
    )
    .unwrap();
    let s = score(&i, &r).unwrap();
    let mut targets = TargetProfiles::default();
    assert_eq!(targets.target(TypeII, Component::Trust), Some(3.0));
    assert_eq!(targets.target(ArmsLength, Component::Trust), None);
    let gaps = targets.gaps(TypeII, &s);
    assert_eq!(gaps.len(), 2);
    assert_eq!(
        (gaps[0].component, gaps[0].gap, gaps[0].level),
        (Component::JointPlanning, 1.0, Maturity::Developing)
    );
    assert_eq!((gaps[1].component, gaps[1].gap), (Component::Trust, -1.0));
    // Raising the trust target to 5 makes its gap 1, equal to joint planning's: ties keep
    // display order.
    targets.set(TypeII, Component::Trust, 5.0).unwrap();
    let gaps = targets.gaps(TypeII, &s);
    assert_eq!((gaps[1].component, gaps[1].gap), (Component::Trust, 1.0));
    assert_eq!(gaps[0].component, Component::JointPlanning);
    assert_eq!(
        targets.set(TypeII, Component::Trust, 6.0),
        Err(AssessmentError::InvalidTarget { component: Component::Trust, value: 6.0 })
    );
    assert!(targets.gaps(ArmsLength, &s).is_empty());
}

proptest! {
    #[test]
    fn gaps_are_zero_when_scores_meet_targets(
        answers in proptest::collection::vec(proptest::option::of(1i64..=5), 32),
        ty in proptest::sample::select(vec![TypeI, TypeII, TypeIII]),
    ) {
        let i = Instrument::starting();
        let keys: Vec<String> = i.items().iter().map(|it| it.key.clone()).collect();
        let r = Response::from_answers(&i, keys.iter().zip(answers)).unwrap();
        let s = score(&i, &r).unwrap();
        let mut targets = TargetProfiles::default();
        for c in &s.components {
            if let Some(v) = s.readiness(c.component) {
                targets.set(ty, c.component, v).unwrap();
            }
        }
        let gaps = targets.gaps(ty, &s);
        prop_assert_eq!(gaps.len(), s.components.iter().filter(|c| c.mean().is_some()).count());
        for g in gaps {
            prop_assert_eq!(g.gap, 0.0);
        }
    }
}
