use mitra_core::assessment::advice::{Action, ActionStatus, AdviceEntry, CoachNote};
use mitra_core::assessment::coaching::{CoachingStore, NewAction, PlanCounts, RatingSide};
use mitra_core::assessment::lambert::{Drivers, ExtraFacilitator, Facilitators, PartnershipType};
use mitra_core::assessment::Component;
use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
use mitra_core::partnership::{Parties, PartnershipDraft};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;
use time::{Date, Month};

use crate::common::store_test;
use crate::NOW;

fn day(m: Month, d: u8) -> Date {
    Date::from_calendar_date(2025, m, d).unwrap()
}

async fn organisation(db: &Db, kind: OrganisationKind, name: &str, regency: &str) -> i64 {
    let o =
        OrganisationDraft { regency: regency.into(), ..crate::draft(name) }.parse(kind).unwrap();
    db.create_organisation(&o, NOW).await.unwrap()
}

async fn account(db: &Db, email: &str, name: &str, role: Role, org: i64) -> i64 {
    db.create_account(
        &NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: name.into(),
            role,
            organisation_id: Some(org),
            password_hash: "h".into(),
        },
        NOW,
    )
    .await
    .unwrap()
}

fn new_action(org: i64, by: i64, component: Component, text: &str, due: Date) -> NewAction {
    NewAction {
        organisation_id: org,
        action: Action::new(component, format!("{text} (id)"), text, "Bu Sari", due).unwrap(),
        owner_user_id: None,
        assessment_id: None,
        created_by: by,
    }
}

async fn plans_coaches_and_notes(db: Db) {
    let inst = organisation(&db, OrganisationKind::Institution, "Dinas Koperasi", "1275").await;
    let coach = account(&db, "coach@x.example", "Pak Budi", Role::InstitutionOfficer, inst).await;
    let head = account(&db, "head@x.example", "Bu Kepala", Role::InstitutionOfficer, inst).await;
    let umkm = organisation(&db, OrganisationKind::Umkm, "Bika Medan", "1275").await;
    let owner = account(&db, "sari@x.example", "Bu Sari", Role::SupplierUser, umkm).await;
    let other = organisation(&db, OrganisationKind::Umkm, "Anyaman Deli", "1207").await;

    let officers = db.accounts_of(inst).await.unwrap();
    assert_eq!(officers.iter().map(|u| u.id).collect::<Vec<_>>(), [head, coach], "by name");
    assert_eq!(db.coach_of(umkm).await.unwrap(), None);
    db.assign_coach(umkm, head, inst, head, NOW).await.unwrap();
    db.assign_coach(umkm, coach, inst, head, NOW + 1).await.unwrap();
    let c = db.coach_of(umkm).await.unwrap().unwrap();
    assert_eq!((c.user_id, c.display_name.as_str(), c.institution_id), (coach, "Pak Budi", inst));

    // Added all together, in order.
    let ids = db
        .add_actions(
            &[
                new_action(umkm, owner, Component::Trust, "Keep promises", day(Month::March, 1)),
                new_action(umkm, owner, Component::Scope, "Widen scope", day(Month::May, 1)),
            ],
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    // A batch with a bad row (unknown UMKM) writes nothing.
    let bad = db
        .add_actions(
            &[
                new_action(other, owner, Component::Trust, "ok", day(Month::March, 1)),
                new_action(999_999, owner, Component::Trust, "bad", day(Month::March, 1)),
            ],
            NOW,
        )
        .await;
    assert!(matches!(bad, Err(StoreError::Backend(_))), "{bad:?}");
    assert!(db.actions_of(other).await.unwrap().is_empty());

    let plan = db.actions_of(umkm).await.unwrap();
    assert_eq!(plan.iter().map(|a| a.id).collect::<Vec<_>>(), ids);
    let first = &plan[0];
    assert_eq!(
        (first.action.text().en, first.action.status(), first.version),
        ("Keep promises", ActionStatus::Planned, 1)
    );

    // Update: owner becomes a user, status moves on, due date changes.
    let mut a = first.action.clone();
    a.set_status(ActionStatus::InProgress).unwrap();
    a.set_owner("Bu Sari (pemilik)").unwrap();
    a.set_due(day(Month::April, 1));
    let updated = db.update_action(first.id, &a, Some(owner), 1, NOW + 5).await.unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.owner_user_id, Some(owner));
    assert_eq!(updated.action.due(), day(Month::April, 1));
    assert_eq!(updated.action.status(), ActionStatus::InProgress);
    // A second writer who read version 1 is refused and changes nothing.
    let mut stale = first.action.clone();
    stale.set_status(ActionStatus::Dropped).unwrap();
    let r = db.update_action(first.id, &stale, None, 1, NOW + 6).await;
    assert!(matches!(r, Err(StoreError::Stale)), "{r:?}");
    assert_eq!(db.action(first.id).await.unwrap().action.status(), ActionStatus::InProgress);
    assert!(matches!(db.update_action(424_242, &a, None, 1, NOW).await, Err(StoreError::NotFound)));

    // Notes, oldest first.
    for (d, text) in [(3, "Mulai mencatat."), (9, "Sudah rapi.")] {
        let note =
            CoachNote { date: day(Month::March, d), author: "Pak Budi".into(), text: text.into() };
        db.add_coach_note(first.id, coach, &note, NOW).await.unwrap();
    }
    let notes = db.action(first.id).await.unwrap().action.notes().to_vec();
    assert_eq!(
        notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["Mulai mencatat.", "Sudah rapi."]
    );
    assert_eq!(notes[0].date, day(Month::March, 3));
    assert_eq!(db.actions_of(umkm).await.unwrap()[0].action.notes().len(), 2);

    // The province's list: only UMKM with a plan or a coach; counts and overdue on a date.
    db.assign_coach(other, head, inst, head, NOW).await.unwrap();
    let list = db.action_plans("12", day(Month::April, 15)).await.unwrap();
    let names: Vec<&str> = list.iter().map(|p| p.legal_name.as_str()).collect();
    assert_eq!(names, ["Anyaman Deli", "Bika Medan"]);
    assert_eq!(list[0].counts, PlanCounts::default());
    assert_eq!(list[0].coach.as_ref().map(|c| c.user_id), Some(head));
    assert_eq!(
        list[1].counts,
        PlanCounts { planned: 1, in_progress: 1, done: 0, dropped: 0, overdue: 1 },
        "the in-progress action was due on 1 April"
    );
    assert_eq!(list[1].regency, "1275");
    assert_eq!(db.action_plans("12", day(Month::March, 15)).await.unwrap()[1].counts.overdue, 0);
    assert!(
        db.action_plans("31", day(Month::April, 15)).await.unwrap().is_empty(),
        "only North Sumatra ships"
    );
}
store_test!(plans_coaches_and_notes);

async fn institutions_keep_their_own_advice(db: Db) {
    let first = organisation(&db, OrganisationKind::Institution, "Dinas A", "1275").await;
    let second = organisation(&db, OrganisationKind::Institution, "PLUT B", "1207").await;
    let officer = account(&db, "o@x.example", "Pak Budi", Role::InstitutionOfficer, second).await;
    let umkm = organisation(&db, OrganisationKind::Umkm, "Bika Medan", "1275").await;
    assert_eq!(db.advice_institution(umkm, "12").await.unwrap(), None, "nobody edited yet");
    let entry = |level: u8, en: &str| AdviceEntry {
        component: Component::Trust,
        level,
        text_id: format!("{en} (id)"),
        text_en: en.into(),
    };
    db.set_advice(second, &entry(2, "Second's text"), officer, NOW).await.unwrap();
    assert_eq!(db.advice_institution(umkm, "12").await.unwrap(), Some(second));
    db.set_advice(first, &entry(1, "First's text"), officer, NOW).await.unwrap();
    db.set_advice(first, &entry(1, "First's text, edited"), officer, NOW + 1).await.unwrap();
    assert_eq!(db.advice_institution(umkm, "12").await.unwrap(), Some(first), "lowest id");
    assert_eq!(db.advice_entries(first).await.unwrap(), [entry(1, "First's text, edited")]);
    // The coach's institution wins.
    db.assign_coach(umkm, officer, second, officer, NOW).await.unwrap();
    assert_eq!(db.advice_institution(umkm, "12").await.unwrap(), Some(second));
    db.remove_advice(second, Component::Trust, 2).await.unwrap();
    assert!(db.advice_entries(second).await.unwrap().is_empty());
    assert_eq!(db.advice_institution(umkm, "12").await.unwrap(), Some(second), "still coached");
}
store_test!(institutions_keep_their_own_advice);

async fn institutions_keep_their_own_targets(db: Db) {
    let first = organisation(&db, OrganisationKind::Institution, "Dinas A", "1275").await;
    let second = organisation(&db, OrganisationKind::Institution, "PLUT B", "1207").await;
    let officer = account(&db, "o@x.example", "Pak Budi", Role::InstitutionOfficer, second).await;
    let umkm = organisation(&db, OrganisationKind::Umkm, "Bika Medan", "1275").await;
    assert_eq!(db.target_institution(umkm, "12").await.unwrap(), None, "nobody set targets");
    let entries = [
        (PartnershipType::TypeII, Component::Trust, 4.5),
        (PartnershipType::TypeIII, Component::Scope, 5.0),
    ];
    db.set_target_entries(second, &entries, officer, NOW).await.unwrap();
    assert_eq!(db.target_institution(umkm, "12").await.unwrap(), Some(second));
    let mut back = db.target_entries(second).await.unwrap();
    back.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(back, entries);
    // Replaced as a whole; the lowest id of the province wins until a coach is assigned.
    db.set_target_entries(first, &entries[..1], officer, NOW).await.unwrap();
    assert_eq!(db.target_institution(umkm, "12").await.unwrap(), Some(first));
    db.assign_coach(umkm, officer, second, officer, NOW).await.unwrap();
    assert_eq!(db.target_institution(umkm, "12").await.unwrap(), Some(second), "the coach's");
    db.set_target_entries(second, &[], officer, NOW).await.unwrap();
    assert!(db.target_entries(second).await.unwrap().is_empty(), "reset to the defaults");
    // Out of range is refused by the database too.
    let bad = [(PartnershipType::TypeI, Component::Trust, 7.0)];
    assert!(db.set_target_entries(first, &bad, officer, NOW).await.is_err());
    assert_eq!(db.target_entries(first).await.unwrap().len(), 1, "nothing half-way");
}
store_test!(institutions_keep_their_own_targets);

async fn lambert_ratings_per_side(db: Db) {
    let buyer = organisation(&db, OrganisationKind::Buyer, "PT Sawit", "1212").await;
    let supplier = organisation(&db, OrganisationKind::Umkm, "UD Plasma", "1275").await;
    let user = account(&db, "s@x.example", "Bu Sari", Role::SupplierUser, supplier).await;
    let draft = PartnershipDraft {
        buyer_id: buyer.to_string(),
        supplier_id: supplier.to_string(),
        pattern: "subkontrak".into(),
        path: "natural".into(),
        contract_style: "short_term".into(),
        ..Default::default()
    };
    let parties = Parties {
        buyer_kind: Some(OrganisationKind::Buyer),
        supplier_kind: Some(OrganisationKind::Umkm),
    };
    let new = draft.parse(supplier, parties).unwrap();
    let p = db.create_partnership(&new, user, day(Month::June, 1), NOW).await.unwrap();
    assert_eq!(db.lambert_ratings(p).await.unwrap(), Default::default());
    let d = Drivers::new([5, 4, 4, 3]).unwrap();
    db.save_drivers(p, RatingSide::Buyer, &d, user, NOW).await.unwrap();
    let f = Facilitators::new(
        [3, 3, 3, 3],
        [ExtraFacilitator::PriorHistory, ExtraFacilitator::Exclusivity],
    )
    .unwrap();
    db.save_facilitators(p, &f, user, NOW).await.unwrap();
    let r = db.lambert_ratings(p).await.unwrap();
    assert_eq!((r.buyer, r.supplier.as_ref(), r.facilitators.as_ref()), (Some(d), None, Some(&f)));
    // Saving again replaces the side: an extra no longer ticked is gone.
    let f2 = Facilitators::new([4, 4, 4, 4], [ExtraFacilitator::SharedEndUser]).unwrap();
    db.save_facilitators(p, &f2, user, NOW + 1).await.unwrap();
    db.save_drivers(p, RatingSide::Supplier, &Drivers::new([4, 4, 4, 4]).unwrap(), user, NOW)
        .await
        .unwrap();
    let r = db.lambert_ratings(p).await.unwrap();
    assert_eq!(r.facilitators.as_ref(), Some(&f2));
    let placed = r.placement(&Default::default()).unwrap();
    assert_eq!((placed.drivers, placed.facilitators), (16, 17));
    assert_eq!(placed.recommended, PartnershipType::TypeIII);
}
store_test!(lambert_ratings_per_side);

async fn survey_imports_are_whole(db: Db) {
    use mitra_core::assessment::coaching::{ImportedRespondent, SurveyImport};
    use mitra_core::assessment::store::{AssessmentKind, AssessmentStatus, AssessmentStore};
    let inst = organisation(&db, OrganisationKind::Institution, "Dinas Koperasi", "1275").await;
    let o = OrganisationDraft {
        nib: "1234567890123".into(),
        regency: "1275".into(),
        ..crate::draft("Bika Medan")
    }
    .parse(OrganisationKind::Umkm)
    .unwrap();
    let umkm = db.create_organisation(&o, NOW).await.unwrap();
    assert_eq!(db.umkm_by_nib("1234567890123").await.unwrap(), Some((umkm, "1275".to_owned())));
    assert_eq!(db.umkm_by_nib("9999999999999").await.unwrap(), None);
    assert_eq!(db.umkm_by_name(" bika MEDAN ", "12").await.unwrap(), [umkm]);
    assert!(db.umkm_by_name("Bika Medan", "31").await.unwrap().is_empty());
    assert!(db.umkm_by_name("Dinas Koperasi", "12").await.unwrap().is_empty(), "UMKM only");
    let answers = |v: i64| -> std::collections::BTreeMap<String, i64> {
        [("jp1".to_owned(), v), ("jp2".to_owned(), v)].into()
    };
    let respondent = |row, org, v| ImportedRespondent {
        row,
        label: Some(format!("R{row}")),
        organisation_id: org,
        assessment_id: None,
        answers: answers(v),
    };
    let mut import = SurveyImport {
        institution_id: inst,
        kind: AssessmentKind::Readiness,
        file_name: "survei.csv".into(),
        instrument_key: "starting".into(),
        instrument_version: 1,
        rejected_rows: 1,
        imported_by: None,
        respondents: vec![respondent(2, Some(umkm), 4), respondent(3, None, 2)],
    };
    // A bad answer anywhere: nothing at all is stored.
    import.respondents.push(respondent(5, None, 9));
    assert!(matches!(db.import_survey(&import, NOW).await, Err(StoreError::Backend(_))));
    assert!(db
        .submitted_assessments(umkm, AssessmentKind::Readiness, None, 5)
        .await
        .unwrap()
        .is_empty());
    import.respondents.pop();
    let id = db.import_survey(&import, NOW).await.unwrap();
    let back = db.survey_respondents(id).await.unwrap();
    assert_eq!(back.len(), 2);
    let linked = back[0].assessment_id.expect("the linked respondent has an assessment");
    assert_eq!(
        (back[0].row, back[0].label.as_deref(), back[0].answers.clone()),
        (2, Some("R2"), answers(4))
    );
    assert_eq!(
        (back[1].organisation_id, back[1].assessment_id, back[1].answers.clone()),
        (None, None, answers(2))
    );
    let a = db.assessment(linked).await.unwrap();
    assert_eq!(
        (a.status, a.submitted_at, a.answers),
        (AssessmentStatus::Submitted, Some(NOW), answers(4))
    );
    assert_eq!(a.created_by, None, "imported from the command line");
    let hist = db.submitted_assessments(umkm, AssessmentKind::Readiness, None, 5).await.unwrap();
    assert_eq!(hist.iter().map(|h| h.id).collect::<Vec<_>>(), [linked]);
}
store_test!(survey_imports_are_whole);
