//! Sourcing events on both backends: candidates from the registry, answers, values, judgments,
//! the frozen decision with its partnerships, revisions.

use std::collections::BTreeMap;

use mitra_core::organisation::{CertificateDraft, OrganisationKind};
use mitra_core::partnership::Status;
use mitra_core::selection::problem::Judgments;
use mitra_core::selection::store::{DecisionRecord, SelectionStore};
use mitra_core::selection::{
    standard_criteria, CandidateFilterDraft, CandidateOrigin, CandidateResponse, CriterionValue,
    EventDraft, EventStatus, Quote, ValueSource, WeightMode,
};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;
use time::{Date, Month};

use crate::common::store_test;
use crate::{draft, org, NOW};

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 1).unwrap()
}

fn need() -> EventDraft {
    EventDraft {
        title: "Kopi 'arabika'; Q1".into(),
        product: "kopi arabika".into(),
        quantity: "12000".into(),
        unit: "kg".into(),
        period_start: "2027-01-01".into(),
        period_end: "2027-03-31".into(),
        regency: "1211".into(),
        pattern: "rantai_pasok".into(),
        method: "topsis".into(),
    }
}

struct World {
    buyer: i64,
    buyer_user: i64,
    halal: i64,
    plain: i64,
    expired: i64,
    other_sector: i64,
}

async fn world(db: &Db) -> World {
    let buyer =
        db.create_organisation(&org(OrganisationKind::Buyer, "PT Kopi Sumut"), NOW).await.unwrap();
    let umkm = |name: &str, sector: &str| {
        let mut d = draft(name);
        d.sector = sector.into();
        d.parse(OrganisationKind::Umkm).unwrap()
    };
    let halal =
        db.create_organisation(&umkm("Kopi Sidikalang", "processed_food"), NOW).await.unwrap();
    let plain = db.create_organisation(&umkm("Kopi Lintong", "processed_food"), NOW).await.unwrap();
    let expired =
        db.create_organisation(&umkm("Kopi Mandailing", "processed_food"), NOW).await.unwrap();
    let other_sector =
        db.create_organisation(&umkm("Ulos Tarutung", "garment_textile"), NOW).await.unwrap();
    let cert = |expires: &str| {
        CertificateDraft { kind: "halal".into(), expires_on: expires.into(), ..Default::default() }
            .parse()
            .unwrap()
    };
    db.add_certificate(halal, &cert("2028-01-01"), None, NOW).await.unwrap();
    db.add_certificate(expired, &cert("2025-01-01"), None, NOW).await.unwrap();
    let buyer_user = db
        .create_account(
            &NewAccount {
                email: Email::parse("beli@kopi.example").unwrap(),
                display_name: "Pembeli".into(),
                role: Role::BuyerUser,
                organisation_id: Some(buyer),
                password_hash: "h".into(),
            },
            NOW,
        )
        .await
        .unwrap();
    World { buyer, buyer_user, halal, plain, expired, other_sector }
}

async fn sourcing_event_lifecycle(db: Db) {
    let w = world(&db).await;
    let criteria = standard_criteria();
    let id = db
        .create_event(w.buyer, &need().parse().unwrap(), &criteria, w.buyer_user, NOW)
        .await
        .unwrap();
    let e = db.event(id).await.unwrap();
    assert_eq!(
        (e.status, e.revision, e.need.title.as_str()),
        (EventStatus::Open, 1, "Kopi 'arabika'; Q1")
    );
    assert_eq!(db.criteria(id).await.unwrap(), criteria);

    // Registry filters: sector and a valid halal certificate.
    let f = CandidateFilterDraft {
        sector: "processed_food".into(),
        certificate: "halal".into(),
        ..Default::default()
    };
    let added =
        db.add_candidates_from_registry(id, &f.parse().unwrap(), today(), 1000).await.unwrap();
    assert_eq!(added, 1, "only the UMKM with a valid halal certificate");
    let f = CandidateFilterDraft { sector: "processed_food".into(), ..Default::default() };
    assert_eq!(
        db.add_candidates_from_registry(id, &f.parse().unwrap(), today(), 1).await.unwrap(),
        1,
        "limit"
    );
    assert_eq!(
        db.add_candidates_from_registry(id, &f.parse().unwrap(), today(), 10).await.unwrap(),
        1,
        "no duplicates"
    );
    db.add_candidate(id, w.other_sector, CandidateOrigin::Invited).await.unwrap();
    assert!(matches!(
        db.add_candidate(id, w.halal, CandidateOrigin::Invited).await,
        Err(StoreError::Conflict { code: "selection.already_candidate", .. })
    ));
    let cands = db.candidates(id).await.unwrap();
    let ids: Vec<i64> = cands.iter().map(|c| c.organisation_id).collect();
    assert_eq!(ids.len(), 4);
    for o in [w.halal, w.plain, w.expired, w.other_sector] {
        assert!(ids.contains(&o));
    }

    // The candidate answers with a quote and shares its scores; the buyer rates and excludes.
    let quote = Quote {
        unit_price: 85_000,
        lead_time_days: 7,
        min_order: Some(100),
        capacity: Some(8_000),
    };
    let shared = vec![(
        "trust".to_owned(),
        CriterionValue { value: 75.0, source: ValueSource::SelfAssessment },
    )];
    db.respond(id, w.halal, CandidateResponse::Accepted, Some(&quote), None).await.unwrap();
    db.set_values(
        id,
        &[(
            w.halal,
            "trust".into(),
            Some(CriterionValue { value: 60.0, source: ValueSource::Buyer }),
        )],
    )
    .await
    .unwrap();
    // Sharing an assessment that does not exist is refused as a whole.
    db.respond(id, w.halal, CandidateResponse::Accepted, Some(&quote), Some((0, &shared)))
        .await
        .expect_err("no such assessment: the foreign key refuses it");
    let c = db.candidate(id, w.halal).await.unwrap();
    assert_eq!(c.quote, Some(quote));
    assert_eq!(c.values["trust"].source, ValueSource::Buyer, "the failed share changed nothing");
    db.set_values(
        id,
        &[
            (
                w.halal,
                "quality".into(),
                Some(CriterionValue { value: 97.5, source: ValueSource::Entered }),
            ),
            (w.halal, "trust".into(), None),
        ],
    )
    .await
    .unwrap();
    let c = db.candidate(id, w.halal).await.unwrap();
    assert_eq!(c.values.len(), 1);
    assert_eq!(c.values["quality"].value, 97.5);
    db.set_excluded(id, &[w.expired, w.other_sector], true).await.unwrap();
    let excluded: Vec<i64> = db
        .candidates(id)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.excluded)
        .map(|c| c.organisation_id)
        .collect();
    assert_eq!(excluded.len(), 2);

    // Ranking rows: the ranked candidates only, by organisation id, values aligned with the
    // criteria, the quote's price standing in for the missing price.
    let rows = db.ranking_rows(id, &criteria).await.unwrap();
    let mut ranked = vec![w.halal, w.plain];
    ranked.sort_unstable();
    assert_eq!(rows.iter().map(|r| r.organisation_id).collect::<Vec<_>>(), ranked);
    let halal = rows.iter().find(|r| r.organisation_id == w.halal).unwrap();
    assert_eq!(halal.values.len(), criteria.len());
    for (k, v) in criteria.iter().zip(&halal.values) {
        let expected = match k.key.as_str() {
            "quality" => Some(CriterionValue { value: 97.5, source: ValueSource::Entered }),
            "price" => Some(CriterionValue { value: 85_000.0, source: ValueSource::Quote }),
            _ => None,
        };
        assert_eq!(*v, expected, "{}", k.key);
    }
    let whole = db.candidate(id, w.halal).await.unwrap();
    assert_eq!(*halal, whole.ranking_row(&criteria), "the same values as the whole row");
    // Names only of this event's candidates.
    let mut names = db.candidate_names(id, &[w.plain, w.buyer, w.halal, 999_999]).await.unwrap();
    names.sort_unstable();
    let mut expected =
        vec![(w.halal, "Kopi Sidikalang".to_owned()), (w.plain, "Kopi Lintong".to_owned())];
    expected.sort_unstable();
    assert_eq!(names, expected);

    // Judgments round trip.
    let j = Judgments {
        evaluator_id: w.buyer_user,
        evaluator_name: String::new(),
        values: BTreeMap::from([
            (("trust".to_owned(), "price".to_owned()), 3.0),
            (("quality".to_owned(), "price".to_owned()), 0.5),
        ]),
    };
    db.set_judgments(id, &j).await.unwrap();
    let back = db.judgments(id).await.unwrap();
    assert_eq!((back.len(), back[0].evaluator_name.as_str()), (1, "Pembeli"));
    assert_eq!(back[0].values, j.values);
    let mut weighted = criteria.clone();
    weighted[0].weight = 5.0;
    weighted[4].included = false;
    db.set_criteria(id, &weighted, WeightMode::Ahp, NOW).await.unwrap();
    assert_eq!(db.criteria(id).await.unwrap(), weighted);
    assert_eq!(db.event(id).await.unwrap().weight_mode, WeightMode::Ahp);

    // The decision freezes the event and creates the proposed partnership, all at once.
    let e = db.event(id).await.unwrap();
    let record = DecisionRecord {
        awards: vec![(w.halal, 12_000)],
        reason: "Skor tertinggi; harga wajar".into(),
        decided_by: w.buyer_user,
        decided_at: NOW + 10,
        snapshot: "{\"frozen\":true}".into(),
        partnerships: vec![e.proposed_partnership(w.halal)],
    };
    assert!(matches!(db.decide(id, e.version - 1, &record, today()).await, Err(StoreError::Stale)));
    let pids = db.decide(id, e.version, &record, today()).await.unwrap();
    let p = db.partnership(pids[0]).await.unwrap();
    assert_eq!(
        (p.buyer_id, p.supplier_id, p.status, p.pattern.key()),
        (w.buyer, w.halal, Status::Proposed, "rantai_pasok")
    );
    let e = db.event(id).await.unwrap();
    assert_eq!(e.status, EventStatus::Decided);
    let d = e.decision.unwrap();
    assert_eq!(
        (d.awards, d.reason.as_str(), d.decided_by),
        (vec![(w.halal, 12_000)], "Skor tertinggi; harga wajar", w.buyer_user)
    );
    assert_eq!(db.snapshot(id).await.unwrap().as_deref(), Some("{\"frozen\":true}"));
    assert_eq!(db.candidate(id, w.halal).await.unwrap().partnership_id, Some(pids[0]));
    // Frozen: every write is refused, nothing changes.
    assert!(matches!(db.set_excluded(id, &[w.halal], true).await, Err(StoreError::Stale)));
    assert!(matches!(db.set_judgments(id, &j).await, Err(StoreError::Stale)));
    assert!(matches!(
        db.add_candidate(id, w.plain, CandidateOrigin::Invited).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(db.decide(id, e.version, &record, today()).await, Err(StoreError::Stale)));
    assert!(matches!(db.set_values(999_999, &[],).await, Err(StoreError::NotFound)));

    // A revision copies everything but the decision; the old one is superseded.
    let r = db.reopen(id, w.buyer_user, NOW + 20).await.unwrap();
    let e2 = db.event(r).await.unwrap();
    assert_eq!(
        (e2.revision, e2.previous_id, e2.status, e2.decision.is_none()),
        (2, Some(id), EventStatus::Open, true)
    );
    assert_eq!(db.event(id).await.unwrap().status, EventStatus::Superseded);
    assert_eq!(db.criteria(r).await.unwrap(), weighted);
    let copied = db.candidates(r).await.unwrap();
    assert_eq!(copied.len(), 4);
    assert!(copied.iter().all(|c| c.award_quantity.is_none() && c.partnership_id.is_none()));
    assert_eq!(db.judgments(r).await.unwrap()[0].values, j.values);
    assert!(matches!(db.reopen(id, w.buyer_user, NOW).await, Err(StoreError::Stale)));

    // The candidate's list shows the open revision, not the superseded one.
    let inv = db.invitations_of(w.halal).await.unwrap();
    assert_eq!(inv.iter().map(|i| i.event.id).collect::<Vec<_>>(), vec![r]);
    assert_eq!(db.events_of(w.buyer, 1, 20).await.unwrap().total, 2);
}
store_test!(sourcing_event_lifecycle);
