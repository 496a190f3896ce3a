use std::collections::BTreeMap;

use mitra_core::assessment::store::{
    AssessmentKind, AssessmentStatus, AssessmentStore, NewAssessment,
};
use mitra_core::assessment::{score, Component, Instrument};
use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::common::store_test;
use crate::{org, NOW};

async fn umkm_with_user(db: &Db, name: &str, regency: &str, email: &str) -> (i64, i64) {
    let o = OrganisationDraft { regency: regency.into(), ..crate::draft(name) }
        .parse(OrganisationKind::Umkm)
        .unwrap();
    let id = db.create_organisation(&o, NOW).await.unwrap();
    let user = db
        .create_account(
            &NewAccount {
                email: Email::parse(email).unwrap(),
                display_name: name.into(),
                role: Role::SupplierUser,
                organisation_id: Some(id),
                password_hash: "h".into(),
            },
            NOW,
        )
        .await
        .unwrap();
    (id, user)
}

fn readiness(organisation_id: i64, user: i64) -> NewAssessment {
    NewAssessment {
        kind: AssessmentKind::Readiness,
        organisation_id,
        partnership_id: None,
        instrument_key: "starting".into(),
        instrument_version: 1,
        created_by: user,
    }
}

fn answers(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

async fn drafts_are_resumed_and_submissions_are_final(db: Db) {
    let (umkm, user) = umkm_with_user(&db, "UD Kopi Sidikalang", "1211", "k@x.example").await;
    let d = db.start_assessment(&readiness(umkm, user), NOW).await.unwrap();
    assert_eq!((d.status, d.answers.len(), d.created_by), (AssessmentStatus::Draft, 0, Some(user)));
    // Starting again resumes the same draft.
    let again = db.start_assessment(&readiness(umkm, user), NOW + 1).await.unwrap();
    assert_eq!(again.id, d.id);
    let saved = db
        .save_assessment(d.id, &answers(&[("jp1", 4), ("jp2", 5)]), None, false, NOW + 10)
        .await
        .unwrap();
    assert_eq!(saved.answers, answers(&[("jp1", 4), ("jp2", 5)]));
    assert_eq!(
        (saved.status, saved.updated_at, saved.submitted_at),
        (AssessmentStatus::Draft, NOW + 10, None)
    );
    // A later save replaces the answers: a cleared item is gone.
    let saved = db
        .save_assessment(
            d.id,
            &answers(&[("jp1", 3), ("tr1", 2)]),
            Some("catatan"),
            false,
            NOW + 20,
        )
        .await
        .unwrap();
    assert_eq!(saved.answers, answers(&[("jp1", 3), ("tr1", 2)]));
    assert_eq!(saved.notes.as_deref(), Some("catatan"));
    let found = db.assessment_draft(umkm, AssessmentKind::Readiness, None).await.unwrap();
    assert_eq!(found.map(|f| f.id), Some(d.id));
    // Submit: final, then refused.
    let sub = db
        .save_assessment(d.id, &answers(&[("jp1", 3), ("jp2", 3)]), None, true, NOW + 30)
        .await
        .unwrap();
    assert_eq!((sub.status, sub.submitted_at), (AssessmentStatus::Submitted, Some(NOW + 30)));
    let refused = db.save_assessment(d.id, &answers(&[("jp1", 1)]), None, false, NOW + 40).await;
    assert!(matches!(refused, Err(StoreError::Stale)), "{refused:?}");
    assert_eq!(db.assessment(d.id).await.unwrap().answers, answers(&[("jp1", 3), ("jp2", 3)]));
    assert!(matches!(
        db.save_assessment(9_999, &BTreeMap::new(), None, false, NOW).await,
        Err(StoreError::NotFound)
    ));
    assert!(db.assessment_draft(umkm, AssessmentKind::Readiness, None).await.unwrap().is_none());
    // The stored answers score through the domain.
    let i = Instrument::starting();
    let s = score(&i, &sub.response(&i).unwrap()).unwrap();
    assert_eq!(s.components[0].mean(), Some(3.0));
    // A new start after submission makes a new draft; the history lists submissions newest first.
    let d2 = db.start_assessment(&readiness(umkm, user), NOW + 50).await.unwrap();
    assert_ne!(d2.id, d.id);
    db.save_assessment(d2.id, &answers(&[("jp1", 5)]), None, true, NOW + 60).await.unwrap();
    let hist = db.submitted_assessments(umkm, AssessmentKind::Readiness, None, 5).await.unwrap();
    assert_eq!(hist.iter().map(|h| h.id).collect::<Vec<_>>(), [d2.id, d.id]);
    assert_eq!(hist[1].answers.len(), 2);
    let one = db.submitted_assessments(umkm, AssessmentKind::Readiness, None, 1).await.unwrap();
    assert_eq!(one.len(), 1);
}
store_test!(drafts_are_resumed_and_submissions_are_final);

async fn subjects_are_kept_apart(db: Db) {
    let (a, ua) = umkm_with_user(&db, "UMKM A", "1275", "a@x.example").await;
    let (b, ub) = umkm_with_user(&db, "UMKM B", "1275", "b@x.example").await;
    let da = db.start_assessment(&readiness(a, ua), NOW).await.unwrap();
    let db_ = db.start_assessment(&readiness(b, ub), NOW).await.unwrap();
    assert_ne!(da.id, db_.id);
    db.save_assessment(da.id, &answers(&[("cm1", 2)]), None, false, NOW).await.unwrap();
    assert!(db.assessment(db_.id).await.unwrap().answers.is_empty());
    // A partnership side needs its partnership (the schema refuses one without).
    let bad = NewAssessment { kind: AssessmentKind::PartnershipSupplier, ..readiness(a, ua) };
    assert!(matches!(db.start_assessment(&bad, NOW).await, Err(StoreError::Backend(_))));
    // A value outside every scale is refused by the schema, and nothing is half-written.
    let r = db.save_assessment(da.id, &answers(&[("cm1", 4), ("cm2", 9)]), None, true, NOW).await;
    assert!(matches!(r, Err(StoreError::Backend(_))), "{r:?}");
    let kept = db.assessment(da.id).await.unwrap();
    assert_eq!((kept.status, kept.answers), (AssessmentStatus::Draft, answers(&[("cm1", 2)])));
    assert!(matches!(db.assessment(123_456).await, Err(StoreError::NotFound)));
}
store_test!(subjects_are_kept_apart);

async fn latest_readiness_per_province(db: Db) {
    let (a, ua) = umkm_with_user(&db, "Bika Medan", "1275", "a@x.example").await;
    let (_b, _) = umkm_with_user(&db, "Anyaman Deli", "1207", "b@x.example").await;
    // Only North Sumatra ships as region data, so another province is simply empty.
    db.create_organisation(&org(OrganisationKind::Buyer, "PT Pembeli"), NOW).await.unwrap();
    for (o, u, v) in [(a, ua, 2), (a, ua, 4)] {
        let d = db.start_assessment(&readiness(o, u), NOW).await.unwrap();
        db.save_assessment(d.id, &answers(&[("jp1", v), ("jp2", v)]), None, true, NOW + v)
            .await
            .unwrap();
    }
    // A draft does not count.
    let d = db.start_assessment(&readiness(a, ua), NOW + 100).await.unwrap();
    db.save_assessment(d.id, &answers(&[("jp1", 1)]), None, false, NOW + 100).await.unwrap();
    let list = db.latest_readiness("12").await.unwrap();
    let names: Vec<&str> = list.iter().map(|l| l.legal_name.as_str()).collect();
    assert_eq!(names, ["Anyaman Deli", "Bika Medan"]);
    assert!(list[0].latest.is_none());
    let latest = list[1].latest.as_ref().expect("Bika Medan has one");
    assert_eq!(latest.answers, answers(&[("jp1", 4), ("jp2", 4)]));
    assert_eq!(list[1].regency, "1275");
    assert!(db.latest_readiness("31").await.unwrap().is_empty());
}
store_test!(latest_readiness_per_province);

async fn assessor_ratings_keep_evidence_per_officer(db: Db) {
    let (umkm, _) = umkm_with_user(&db, "UD Tenun Ulos", "1275", "t@x.example").await;
    let inst = db.create_organisation(&org(OrganisationKind::Institution, "Dinas"), NOW).await;
    let inst = inst.unwrap();
    let mut officers = Vec::new();
    for email in ["o1@x.example", "o2@x.example"] {
        let account = NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: email.into(),
            role: Role::InstitutionOfficer,
            organisation_id: Some(inst),
            password_hash: "h".into(),
        };
        officers.push(db.create_account(&account, NOW).await.unwrap());
    }
    let rating = |user| NewAssessment {
        kind: AssessmentKind::Assessor,
        created_by: user,
        ..readiness(umkm, user)
    };
    assert!(db.assessor_draft(umkm, officers[0]).await.unwrap().is_none());
    // Each officer keeps their own draft.
    let d1 = db.start_assessment(&rating(officers[0]), NOW).await.unwrap();
    let d2 = db.start_assessment(&rating(officers[1]), NOW).await.unwrap();
    assert_ne!(d1.id, d2.id);
    assert_eq!(db.assessor_draft(umkm, officers[0]).await.unwrap().map(|d| d.id), Some(d1.id));
    assert_eq!(db.assessor_draft(umkm, officers[1]).await.unwrap().map(|d| d.id), Some(d2.id));
    // Answers, the overall note and the evidence per component are saved together…
    let evidence: BTreeMap<Component, String> = [
        (Component::Trust, "Pembeli membayar tepat waktu selama 6 bulan.".to_owned()),
        (Component::ContractStyle, "Kontrak tertulis dilihat.".to_owned()),
    ]
    .into();
    db.save_assessor_rating(
        d1.id,
        &answers(&[("tr1", 4)]),
        Some("Kunjungan 1"),
        &evidence,
        false,
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(db.assessment_evidence(d1.id).await.unwrap(), evidence);
    // …and replaced together: a note left out is gone.
    let fewer: BTreeMap<Component, String> =
        [(Component::Trust, "Dikonfirmasi pembeli.".to_owned())].into();
    let sub = db
        .save_assessor_rating(
            d1.id,
            &answers(&[("tr1", 5), ("tr2", 4)]),
            Some("Akhir"),
            &fewer,
            true,
            NOW + 5,
        )
        .await
        .unwrap();
    assert_eq!((sub.status, sub.notes.as_deref()), (AssessmentStatus::Submitted, Some("Akhir")));
    assert_eq!(db.assessment_evidence(d1.id).await.unwrap(), fewer);
    // A submitted rating refuses changes, evidence included.
    let r =
        db.save_assessor_rating(d1.id, &answers(&[]), None, &BTreeMap::new(), false, NOW + 9).await;
    assert!(matches!(r, Err(StoreError::Stale)), "{r:?}");
    assert_eq!(db.assessment_evidence(d1.id).await.unwrap(), fewer);
    assert!(db.assessor_draft(umkm, officers[0]).await.unwrap().is_none());
    let listed = db.submitted_assessments(umkm, AssessmentKind::Assessor, None, 10).await.unwrap();
    assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [d1.id]);
    // Other kinds have no evidence.
    assert!(db.assessment_evidence(d2.id).await.unwrap().is_empty());
}
store_test!(assessor_ratings_keep_evidence_per_officer);
