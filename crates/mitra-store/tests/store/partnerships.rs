use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
use mitra_core::partnership::{
    check_status_change, EventKind, JointInvestmentDraft, Parties, PartnershipDraft, Pattern,
    Scope, Status, StatusChangeDraft,
};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;
use time::{Date, Month};

use crate::common::store_test;
use crate::{draft, org, NOW};

fn today() -> Date {
    Date::from_calendar_date(2025, Month::June, 15).unwrap()
}

struct World {
    buyer: i64,
    supplier: i64,
    supplier_user: i64,
    buyer_user: i64,
}

async fn world(db: &Db) -> World {
    let buyer =
        db.create_organisation(&org(OrganisationKind::Buyer, "PT Sawit"), NOW).await.unwrap();
    let supplier =
        db.create_organisation(&org(OrganisationKind::Umkm, "UD Plasma"), NOW).await.unwrap();
    let acc = |email: &str, role, o| NewAccount {
        email: Email::parse(email).unwrap(),
        display_name: email.split('@').next().unwrap().into(),
        role,
        organisation_id: Some(o),
        password_hash: "h".into(),
    };
    let buyer_user =
        db.create_account(&acc("b@x.example", Role::BuyerUser, buyer), NOW).await.unwrap();
    let supplier_user =
        db.create_account(&acc("s@x.example", Role::SupplierUser, supplier), NOW).await.unwrap();
    World { buyer, supplier, supplier_user, buyer_user }
}

fn proposal(w: &World) -> PartnershipDraft {
    PartnershipDraft {
        buyer_id: w.buyer.to_string(),
        supplier_id: w.supplier.to_string(),
        pattern: "inti_plasma".into(),
        path: "facilitated".into(),
        facilitator: "Dinas Koperasi dan UKM Provinsi Sumatera Utara".into(),
        contract_written: "on".into(),
        contract_style: "open_ended".into(),
        start_on: "2025-07-01".into(),
        payment_terms_days: "14".into(),
        contract_file_ref: "arsip/2025/07/plasma-'01'.pdf".into(),
        scope: vec!["r_and_d".into(), "procurement".into()],
        joint_investments: vec![JointInvestmentDraft {
            purpose: "bibit unggul".into(),
            amount: "Rp 250.000.000".into(),
            buyer_share_pct: "80".into(),
            supplier_share_pct: "20".into(),
        }],
        institution_consent: "on".into(),
        ..Default::default()
    }
}

const KINDS: Parties = Parties {
    buyer_kind: Some(OrganisationKind::Buyer),
    supplier_kind: Some(OrganisationKind::Umkm),
};

async fn partnerships_round_trip_with_history(db: Db) {
    let w = world(&db).await;
    let new = proposal(&w).parse(w.supplier, KINDS).unwrap();
    let id = db.create_partnership(&new, w.supplier_user, today(), NOW).await.unwrap();
    let p = db.partnership(id).await.unwrap();
    assert_eq!((p.buyer_name.as_str(), p.supplier_name.as_str()), ("PT Sawit", "UD Plasma"));
    assert_eq!((p.status, p.status_since, p.version), (Status::Proposed, today(), 1));
    assert_eq!(p.pattern, Pattern::IntiPlasma);
    assert_eq!(p.scope, [Scope::Procurement, Scope::RAndD]);
    assert_eq!(p.contract, new.contract);
    assert_eq!(p.joint_investments, new.joint_investments);
    assert!(p.institution_consent);
    assert_eq!(p.facilitator, new.facilitator);

    // The buyer accepts the supplier's proposal; a stale second accept is refused by the store.
    let accept = check_status_change(
        &p,
        w.buyer,
        &StatusChangeDraft { status: "active".into(), ..Default::default() },
    )
    .unwrap();
    db.change_partnership_status(id, &accept, w.buyer_user, today(), NOW + 10).await.unwrap();
    assert!(matches!(
        db.change_partnership_status(id, &accept, w.buyer_user, today(), NOW + 11).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        db.change_partnership_status(id + 50, &accept, w.supplier_user, today(), NOW).await,
        Err(StoreError::NotFound)
    ));
    let p = db.partnership(id).await.unwrap();
    assert_eq!((p.status, p.version), (Status::Active, 2));
    let suspend = check_status_change(
        &p,
        w.buyer,
        &StatusChangeDraft {
            status: "suspended".into(),
            reason: "banjir; gudang 'A' rusak".into(),
            version: "2".into(),
        },
    )
    .unwrap();
    db.change_partnership_status(id, &suspend, w.buyer_user, today(), NOW + 20).await.unwrap();
    let p = db.partnership(id).await.unwrap();
    assert_eq!(p.status_reason.as_deref(), Some("banjir; gudang 'A' rusak"));

    db.set_institution_consent(id, false, w.supplier_user, NOW + 30).await.unwrap();
    let p = db.partnership(id).await.unwrap();
    assert!(!p.institution_consent);
    assert!(matches!(
        db.set_institution_consent(id + 99, true, w.supplier_user, NOW).await,
        Err(StoreError::NotFound)
    ));

    let h = db.partnership_history(id).await.unwrap();
    let kinds: Vec<_> = h.iter().map(|e| (e.kind, e.from_status, e.to_status)).collect();
    assert_eq!(
        kinds,
        [
            (EventKind::Created, None, Some(Status::Proposed)),
            (EventKind::Status, Some(Status::Proposed), Some(Status::Active)),
            (EventKind::Status, Some(Status::Active), Some(Status::Suspended)),
            (EventKind::Consent, None, None),
        ]
    );
    assert_eq!(h[3].reason.as_deref(), Some("withdrawn"));
    assert_eq!(h[1].actor.as_deref(), Some("b"));
    assert_eq!(h[2].reason.as_deref(), Some("banjir; gudang 'A' rusak"));
}
store_test!(partnerships_round_trip_with_history);

async fn partnerships_are_listed_per_party_and_counted(db: Db) {
    let w = world(&db).await;
    let other_buyer =
        db.create_organisation(&org(OrganisationKind::Buyer, "Hotel"), NOW).await.unwrap();
    let elsewhere = OrganisationDraft { regency: "1211".into(), ..draft("Jeruk Karo") };
    let other_supplier = db
        .create_organisation(&elsewhere.parse(OrganisationKind::Umkm).unwrap(), NOW)
        .await
        .unwrap();
    let mk = |b: i64, s: i64, pattern: &str| PartnershipDraft {
        buyer_id: b.to_string(),
        supplier_id: s.to_string(),
        pattern: pattern.into(),
        path: "natural".into(),
        contract_style: "spot".into(),
        ..Default::default()
    };
    for (b, s, pattern) in [
        (w.buyer, w.supplier, "subkontrak"),
        (other_buyer, w.supplier, "subkontrak"),
        (other_buyer, other_supplier, "perdagangan_umum"),
    ] {
        let new = mk(b, s, pattern).parse(b, KINDS).unwrap();
        db.create_partnership(&new, w.buyer_user, today(), NOW).await.unwrap();
    }
    let of = |o: i64| {
        let db = db.clone();
        async move { db.partnerships_of(o, 1, 20).await.unwrap() }
    };
    assert_eq!(of(w.supplier).await.total, 2);
    assert_eq!(of(w.buyer).await.total, 1);
    let hotel = of(other_buyer).await;
    assert_eq!(hotel.total, 2);
    assert!(hotel.items[0].id > hotel.items[1].id, "newest first");
    let paged = db.partnerships_of(other_buyer, 2, 1).await.unwrap();
    assert_eq!((paged.items.len(), paged.total), (1, 2));

    let stats = db.partnership_stats(Some("12")).await.unwrap();
    let count =
        |pattern| stats.iter().filter(|s| s.pattern == pattern).map(|s| s.count).sum::<i64>();
    assert_eq!((count(Pattern::Subkontrak), count(Pattern::PerdaganganUmum)), (2, 1));
    assert!(stats.iter().all(|s| s.status == Status::Proposed));
    assert!(db.partnership_stats(Some("31")).await.unwrap().is_empty());
    assert_eq!(db.partnership_stats(None).await.unwrap(), stats);
}
store_test!(partnerships_are_listed_per_party_and_counted);
