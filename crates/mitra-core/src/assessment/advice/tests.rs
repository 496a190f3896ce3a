use super::*;
use crate::assessment::lambert::{PartnershipType, TargetProfiles};
use crate::assessment::{score, Instrument, Response};
use time::{Date, Month};

fn date(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap()
}

fn gap(component: Component, gap: f64, level: u8) -> Gap {
    Gap {
        component,
        score: 3.0 - gap,
        target: 3.0,
        gap,
        level: Maturity::from_level(level).unwrap(),
    }
}

#[test]
fn shipped_library_covers_every_component_and_level() {
    let lib = AdviceLibrary::default();
    for c in Component::ALL {
        for level in 1..=4 {
            let text = lib.get(c, Maturity::from_level(level).unwrap()).unwrap();
            for t in [text.id, text.en] {
                // About two short sentences a small business owner can act on.
                let sentences = t.matches(". ").count() + 1;
                assert!((1..=3).contains(&sentences) && t.ends_with('.'), "{c} {level}: {t}");
                assert!(t.len() < 320, "{c} {level} is too long: {}", t.len());
            }
        }
        assert!(lib.get(c, Maturity::Integrated).is_none());
    }
    let mut texts: Vec<&str> =
        lib.entries().iter().flat_map(|e| [&*e.text_id, &*e.text_en]).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), 72, "every text is its own");
}

#[test]
fn recommendations_follow_the_gaps() {
    let gaps = [
        gap(Component::Trust, 2.0, 1),
        gap(Component::JointPlanning, 1.0, 2),
        gap(Component::Scope, 0.0, 3),
        gap(Component::Commitment, -0.5, 4),
        // Level 5 with a target above it: the nearest lower entry (level 4) is used.
        gap(Component::Communication, 0.2, 5),
    ];
    let recs = recommend(&gaps);
    let got: Vec<(Component, u8)> = recs.iter().map(|r| (r.component, r.level.level())).collect();
    assert_eq!(
        got,
        [(Component::Trust, 1), (Component::JointPlanning, 2), (Component::Communication, 5)]
    );
    let lib = AdviceLibrary::default();
    assert_eq!(recs[1].text(), lib.get(Component::JointPlanning, Maturity::Developing).unwrap());
    assert!(recs[1].text_en.contains("monthly delivery plan"));
    assert_eq!(recs[2].text(), lib.get(Component::Communication, Maturity::Managed).unwrap());
}

#[test]
fn institutions_edit_their_library() {
    let mut lib = AdviceLibrary::default();
    lib.set(Component::Trust, Maturity::Initial, "Kirim tepat waktu.", "Deliver on time.").unwrap();
    assert_eq!(lib.get(Component::Trust, Maturity::Initial).unwrap().en, "Deliver on time.");
    lib.set(Component::Trust, Maturity::Integrated, "Pertahankan.", "Keep it up.").unwrap();
    assert_eq!(lib.entries().len(), 37);
    assert!(lib.set(Component::Trust, Maturity::Initial, " ", "x").is_err());
    let recs = lib.recommend(&[gap(Component::Trust, 1.0, 1)]);
    assert_eq!(recs[0].text_id, "Kirim tepat waktu.");
}

#[test]
fn status_transitions() {
    use ActionStatus::*;
    let all = [Planned, InProgress, Done, Dropped];
    let allowed = [
        (Planned, InProgress),
        (Planned, Done),
        (Planned, Dropped),
        (InProgress, Planned),
        (InProgress, Done),
        (InProgress, Dropped),
        (Done, InProgress),
        (Dropped, Planned),
    ];
    for from in all {
        assert_eq!(ActionStatus::from_key(from.key()), Some(from));
        for to in all {
            assert_eq!(from.can_move_to(to), allowed.contains(&(from, to)), "{from:?} → {to:?}");
        }
    }
}

#[test]
fn plan_from_gaps_with_coach_and_notes() {
    let recs = recommend(&[gap(Component::Trust, 2.0, 1), gap(Component::Scope, 1.0, 2)]);
    let start = date(2025, Month::January, 31);
    let mut plan = ActionPlan::from_recommendations(&recs, "Bu Sari", start, 30).unwrap();
    assert_eq!(plan.actions().len(), 2);
    assert_eq!(plan.actions()[1].due(), date(2025, Month::March, 2));
    assert_eq!(plan.actions()[0].component(), Component::Trust);
    assert_eq!(plan.coach(), None);
    plan.assign_coach("Pak Budi").unwrap();
    assert_eq!(plan.coach(), Some("Pak Budi"));
    let a = plan.action_mut(0).unwrap();
    a.set_status(ActionStatus::InProgress).unwrap();
    a.add_note(date(2025, Month::February, 3), "Pak Budi", "Sudah mulai mencatat janji kirim.")
        .unwrap();
    assert_eq!(
        a.set_status(ActionStatus::InProgress),
        Err(AssessmentError::StatusTransition { from: "in_progress", to: "in_progress" })
    );
    assert!(a.is_overdue(date(2025, Month::February, 1)));
    a.set_status(ActionStatus::Done).unwrap();
    assert!(!a.is_overdue(date(2025, Month::February, 1)));
    assert_eq!(
        a.set_status(ActionStatus::Dropped),
        Err(AssessmentError::StatusTransition { from: "done", to: "dropped" })
    );
    assert_eq!(plan.counts(), [1, 0, 1, 0]);
    assert_eq!(plan.action_mut(5).unwrap_err(), AssessmentError::NoSuchAction { index: 5 });
    assert!(Action::new(Component::Trust, "a", "b", "  ", start).is_err());
}

#[test]
fn reassessment_shows_the_change() {
    let i = Instrument::starting();
    let before = Response::from_answers(
        &i,
        [("jp1", Some(2)), ("jp2", Some(2)), ("tr1", Some(3)), ("tr2", Some(3))],
    )
    .unwrap();
    let after = Response::from_answers(
        &i,
        [("jp1", Some(3)), ("jp2", Some(4)), ("tr1", Some(3)), ("tr3", Some(3))],
    )
    .unwrap();
    let (b, a) = (score(&i, &before).unwrap(), score(&i, &after).unwrap());
    let p = compare(&b, &a);
    assert_eq!(p.components.len(), 8);
    let jp = p.components[0];
    // 2 → 3.5 on 1–5: 25 → 62.5, +37.5; level 2 → 4.
    assert_eq!((jp.previous, jp.current, jp.change), (Some(25.0), Some(62.5), Some(37.5)));
    assert_eq!(
        (jp.previous_level, jp.current_level),
        (Some(Maturity::Developing), Some(Maturity::Managed))
    );
    let tr = p.components.iter().find(|c| c.component == Component::Trust).unwrap();
    assert_eq!(tr.change, Some(0.0));
    let sc = p.components.iter().find(|c| c.component == Component::Scope).unwrap();
    assert_eq!((sc.previous, sc.change), (None, None));
    // Overall: (25 + 50) / 2 = 37.5 → (62.5 + 50) / 2 = 56.25.
    assert_eq!(p.overall, Some(18.75));
    // From the same scores, the whole chain: gaps to Type II, advice, plan.
    let gaps = TargetProfiles::default().gaps(PartnershipType::TypeII, &b);
    let recs = recommend(&gaps);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].component, Component::JointPlanning);
}
