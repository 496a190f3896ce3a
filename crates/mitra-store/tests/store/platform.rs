//! Administration (accounts list, organisation + account in one transaction), profile history
//! and programmes, on both backends.

use mitra_core::history::ProfileEventKind;
use mitra_core::organisation::{CertificateDraft, OrganisationDraft, OrganisationKind};
use mitra_core::programme::{ProgrammeDraft, ProgrammeStatus, ProgrammeStore};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::common::store_test;
use crate::{draft, org, NOW};

fn account(email: &str, name: &str, role: Role, organisation_id: Option<i64>) -> NewAccount {
    NewAccount {
        email: Email::parse(email).unwrap(),
        display_name: name.into(),
        role,
        organisation_id,
        password_hash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA".into(),
    }
}

async fn accounts_are_listed_with_their_organisation(db: Db) {
    let buyer =
        db.create_organisation(&org(OrganisationKind::Buyer, "PT Kopi"), NOW).await.unwrap();
    db.create_account(&account("b@x.id", "Budi", Role::BuyerUser, Some(buyer)), NOW).await.unwrap();
    db.create_account(&account("a@x.id", "Admin", Role::Admin, None), NOW).await.unwrap();
    db.create_account(&account("c@x.id", "Cici", Role::BuyerUser, Some(buyer)), NOW).await.unwrap();
    let page = db.accounts(1, 2).await.unwrap();
    assert_eq!((page.total, page.pages()), (3, 2));
    let names: Vec<(&str, Option<&str>)> = page
        .items
        .iter()
        .map(|a| (a.display_name.as_str(), a.organisation_name.as_deref()))
        .collect();
    assert_eq!(names, [("Admin", None), ("Budi", Some("PT Kopi"))]);
    let last = db.accounts(2, 2).await.unwrap();
    assert_eq!(last.items[0].email, "c@x.id");
    assert_eq!(last.items[0].role, Role::BuyerUser);
}
store_test!(accounts_are_listed_with_their_organisation);

async fn an_organisation_and_its_account_are_created_together_or_not_at_all(db: Db) {
    db.create_account(&account("taken@x.id", "Ada", Role::Admin, None), NOW).await.unwrap();
    let before = db.count_organisations().await.unwrap();
    let inst = org(OrganisationKind::Institution, "Dinas Koperasi");
    let clash = account("TAKEN@x.id", "Petugas", Role::InstitutionOfficer, None);
    match db.register(&inst, &clash, NOW).await {
        Err(StoreError::Conflict { field: "email", .. }) => {}
        other => panic!("expected an email conflict, got {other:?}"),
    }
    assert_eq!(db.count_organisations().await.unwrap(), before, "no organisation half-way");
    let ok = account("petugas@x.id", "Petugas", Role::InstitutionOfficer, None);
    let (org_id, user_id) = db.register(&inst, &ok, NOW).await.unwrap();
    let (user, _) = db.account_by_email("petugas@x.id").await.unwrap().unwrap();
    assert_eq!((user.id, user.organisation_id), (user_id, Some(org_id)));
    assert_eq!(db.organisation(org_id).await.unwrap().kind, OrganisationKind::Institution);
}
store_test!(an_organisation_and_its_account_are_created_together_or_not_at_all);

async fn profile_changes_and_certificates_write_history(db: Db) {
    let id = db.create_organisation(&org(OrganisationKind::Umkm, "UD Bika"), NOW).await.unwrap();
    let user = db
        .create_account(&account("ros@x.id", "Rosmawati", Role::SupplierUser, Some(id)), NOW)
        .await
        .unwrap();
    assert_eq!(db.organisation_history(id).await.unwrap(), []);
    // The same values written differently are no change and leave no entry.
    let same = OrganisationDraft { business_capital: "Rp 750.000.000".into(), ..draft("UD Bika") }
        .parse(OrganisationKind::Umkm)
        .unwrap();
    db.update_organisation(id, &same, Some(user), NOW + 1).await.unwrap();
    assert_eq!(db.organisation_history(id).await.unwrap(), []);
    let nasty = "Bika 'Ambon'; DROP TABLE organisation_event;--";
    let changed = OrganisationDraft {
        legal_name: nasty.into(),
        annual_sales: "16.000.000.000".into(),
        ..draft("UD Bika")
    }
    .parse(OrganisationKind::Umkm)
    .unwrap();
    db.update_organisation(id, &changed, Some(user), NOW + 2).await.unwrap();
    let cert =
        CertificateDraft { kind: "halal".into(), number: "ID1".into(), ..Default::default() }
            .parse()
            .unwrap();
    db.add_certificate(id, &cert, None, NOW + 3).await.unwrap();

    let h = db.organisation_history(id).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].kind, h[0].at, h[0].account_id),
        (ProfileEventKind::Certificate, NOW + 3, None)
    );
    let cert_fields: Vec<(&str, &str)> =
        h[0].changes.iter().map(|c| (c.field.as_str(), c.new.as_str())).collect();
    assert_eq!(cert_fields, [("certificate.kind", "halal"), ("certificate.number", "ID1")]);
    assert_eq!(h[1].kind, ProfileEventKind::Profile);
    assert_eq!((h[1].account_id, h[1].account_name.as_deref()), (Some(user), Some("Rosmawati")));
    let fields: Vec<(&str, &str, &str)> =
        h[1].changes.iter().map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str())).collect();
    assert_eq!(
        fields,
        [("legal_name", "UD Bika", nasty), ("annual_sales", "3000000000", "16000000000")]
    );
    // A failed update (unknown organisation) writes nothing.
    assert!(matches!(
        db.update_organisation(id + 1000, &changed, Some(user), NOW).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(db.organisation_history(id + 1000).await.unwrap(), []);
}
store_test!(profile_changes_and_certificates_write_history);

async fn programmes_and_enrolments(db: Db) {
    let inst =
        db.create_organisation(&org(OrganisationKind::Institution, "Dinas"), NOW).await.unwrap();
    let other =
        db.create_organisation(&org(OrganisationKind::Institution, "BDC"), NOW).await.unwrap();
    let officer = db
        .create_account(&account("o@x.id", "Petugas", Role::InstitutionOfficer, Some(inst)), NOW)
        .await
        .unwrap();
    let a = db.create_organisation(&org(OrganisationKind::Umkm, "UMKM A"), NOW).await.unwrap();
    let b = db.create_organisation(&org(OrganisationKind::Umkm, "UMKM B"), NOW).await.unwrap();
    let d = ProgrammeDraft {
        name: "Kelas 'Kemitraan'; --".into(),
        description: "Delapan komponen".into(),
        start_on: "2025-03-01".into(),
        end_on: "2025-08-31".into(),
        target_regencies: vec!["1275".into(), "1207".into()],
        target_sectors: vec!["processed_food".into(), "crafts".into()],
        status: "planned".into(),
    };
    let p1 = db.create_programme(inst, &d.parse("12").unwrap(), NOW).await.unwrap();
    let later = ProgrammeDraft {
        name: "Kelas 2026".into(),
        start_on: "2026-01-05".into(),
        end_on: "2026-02-05".into(),
        target_regencies: vec![],
        target_sectors: vec![],
        ..d.clone()
    };
    let p2 = db.create_programme(inst, &later.parse("12").unwrap(), NOW).await.unwrap();
    db.create_programme(other, &later.parse("12").unwrap(), NOW).await.unwrap();

    let got = db.programme(p1).await.unwrap();
    assert_eq!(got.name, d.name);
    assert_eq!(got.institution_name, "Dinas");
    assert_eq!(got.target_regencies, ["1207", "1275"]);
    assert_eq!(got.to_draft().parse("12").unwrap(), d.parse("12").unwrap());
    let mine: Vec<i64> =
        db.programmes_of_institution(inst).await.unwrap().iter().map(|p| p.id).collect();
    assert_eq!(mine, [p2, p1], "newest start first, only its own");

    db.enrol(p1, b, officer, NOW).await.unwrap();
    db.enrol(p1, a, officer, NOW + 1).await.unwrap();
    db.enrol(p1, a, officer, NOW + 2).await.unwrap();
    db.enrol(p2, a, officer, NOW).await.unwrap();
    let names: Vec<String> =
        db.enrolments(p1).await.unwrap().into_iter().map(|e| e.legal_name).collect();
    assert_eq!(names, ["UMKM A", "UMKM B"], "by name, enrolling twice is one enrolment");
    assert_eq!(db.programme(p1).await.unwrap().enrolled, 2);
    let of_a: Vec<i64> = db.programmes_of_member(a).await.unwrap().iter().map(|p| p.id).collect();
    assert_eq!(of_a, [p2, p1]);

    db.remove_enrolment(p1, a).await.unwrap();
    assert!(matches!(db.remove_enrolment(p1, a).await, Err(StoreError::NotFound)));
    let of_a: Vec<i64> = db.programmes_of_member(a).await.unwrap().iter().map(|p| p.id).collect();
    assert_eq!(of_a, [p2]);

    let closed = ProgrammeDraft { status: "closed".into(), target_sectors: vec![], ..d };
    db.update_programme(p1, &closed.parse("12").unwrap(), NOW + 5).await.unwrap();
    let got = db.programme(p1).await.unwrap();
    assert_eq!((got.status, got.target_sectors.len()), (ProgrammeStatus::Closed, 0));
    assert!(matches!(
        db.update_programme(p1 + 1000, &closed.parse("12").unwrap(), NOW).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(db.programme(p1 + 1000).await, Err(StoreError::NotFound)));
}
store_test!(programmes_and_enrolments);

/// Names and products chosen to catch a wrong substring search: case, accents, LIKE and FTS
/// metacharacters, overlaps, and keys shorter than a trigram.
const SEARCH_ROWS: &[(&str, &str)] = &[
    ("Kopi Sidikalang", "kopi bubuk, gula aren"),
    ("KOPI LINTONG", "kopi arabika"),
    ("Kedai Kopikita", "roti"),
    ("Diskon 50% \"Ulos\"", "ulos, songket 100%"),
    ("Diskon 500 Ulos", "kain_tenun"),
    ("Tenun Gulö Nias", "ulos nias"),
    ("Bika Ambon 'Ibu' Ros", "bika ambon"),
    ("Ab", "ab"),
];

const SEARCH_TERMS: &[&str] = &[
    "kopi",
    "KoPi",
    "opi",
    "op",
    "o",
    "ulos",
    "50%",
    "0%",
    "n_t",
    "\"ulos\"",
    "gulö",
    "lö",
    "'ibu'",
    "bika ambon",
    "ka am",
    "ab",
    "tidak ada",
    "kain_tenun",
    "100%",
    "s\"",
    " ",
    "roti",
    "baru",
];

async fn substring_search_matches_a_plain_scan_on_both_paths(db: Db) {
    use mitra_core::organisation::search_key;
    use mitra_core::store::OrganisationFilter;

    let mut ids = Vec::new();
    for (name, products) in SEARCH_ROWS {
        let o = OrganisationDraft { products: (*products).into(), ..draft(name) }
            .parse(OrganisationKind::Umkm)
            .unwrap();
        ids.push(db.create_organisation(&o, NOW).await.unwrap());
    }
    // Renaming and replacing products must move the indexes along (triggers).
    let renamed =
        OrganisationDraft { products: "kopi luwak".into(), ..draft("Kedai Kopikita Baru") }
            .parse(OrganisationKind::Umkm)
            .unwrap();
    db.update_organisation(ids[2], &renamed, None, NOW).await.unwrap();
    let mut rows: Vec<(String, String)> =
        SEARCH_ROWS.iter().map(|(n, p)| ((*n).to_owned(), (*p).to_owned())).collect();
    rows[2] = ("Kedai Kopikita Baru".into(), "kopi luwak".into());

    let search = |f: OrganisationFilter| {
        let db = db.clone();
        async move {
            let page = db.search_organisations(&OrganisationFilter { per_page: 100, ..f }).await;
            let mut names: Vec<String> =
                page.unwrap().items.into_iter().map(|o| o.legal_name).collect();
            names.sort();
            names
        }
    };
    for term in SEARCH_TERMS {
        let key = search_key(term);
        let mut by_name: Vec<String> = rows
            .iter()
            .filter(|(n, _)| search_key(n).contains(&key))
            .map(|(n, _)| n.clone())
            .collect();
        let mut by_product: Vec<String> = rows
            .iter()
            .filter(|(_, p)| p.split(',').any(|p| search_key(p).contains(&key)))
            .map(|(n, _)| n.clone())
            .collect();
        by_name.sort();
        by_product.sort();
        let name = OrganisationFilter { name: Some((*term).into()), ..Default::default() };
        assert_eq!(search(name).await, by_name, "name contains {term:?}");
        let product = OrganisationFilter { product: Some((*term).into()), ..Default::default() };
        assert_eq!(search(product).await, by_product, "a product contains {term:?}");
    }
}
store_test!(substring_search_matches_a_plain_scan_on_both_paths);
