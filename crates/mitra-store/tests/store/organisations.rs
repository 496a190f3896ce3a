use mitra_core::organisation::{
    CertificateDraft, CertificateKind, OrganisationDraft, OrganisationKind, Sector,
};
use mitra_core::size::SizeClass;
use mitra_core::store::OrganisationFilter;
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::common::store_test;
use crate::{draft, org, NOW};

async fn migrations_are_idempotent_and_load_regions(db: Db) {
    db.migrate().await.expect("second migration run is a no-op");
    db.ping().await.expect("ping");
    // A regency of every kind can be referenced: an organisation in Gunungsitoli (kota, 1278)
    // and one in Pakpak Bharat (kabupaten, 1216).
    for code in ["1278", "1216"] {
        let o = OrganisationDraft { regency: code.into(), ..draft("Usaha") }
            .parse(OrganisationKind::Umkm)
            .unwrap();
        db.create_organisation(&o, NOW).await.expect("regency exists in the region table");
    }
}
store_test!(migrations_are_idempotent_and_load_regions);

async fn organisations_round_trip_verbatim(db: Db) {
    let nasty = "Robert'); DROP TABLE organisation;-- \"Ulos\" <b>&amp; 100% _x_ \\ Gulö";
    let mut new = org(OrganisationKind::Umkm, nasty);
    new.description = "baris satu\nbaris dua ' \" ;".into();
    let id = db.create_organisation(&new, NOW).await.unwrap();
    let got = db.organisation(id).await.unwrap();
    assert_eq!(got.legal_name, nasty);
    assert_eq!(got.description, new.description);
    assert_eq!(got.products, ["bika ambon", "bolu meranti"]);
    assert_eq!(got.size_class, Some(SizeClass::Small));
    assert_eq!(got.business_capital, Some(750_000_000));
    assert_eq!(got.annual_sales, Some(3_000_000_000));
    assert_eq!(got.sector, Sector::ProcessedFood);
    assert_eq!(
        db.organisation_kind(id).await.unwrap(),
        Some((OrganisationKind::Umkm, "1275".into()))
    );
    assert!(matches!(db.organisation(id + 1000).await, Err(StoreError::NotFound)));
    assert_eq!(db.organisation_kind(id + 1000).await.unwrap(), None);

    // Update replaces the profile and products, keeps the kind.
    let changed = OrganisationDraft {
        products: "kopi bubuk".into(),
        business_capital: "6.000.000.000".into(),
        ..draft("Nama Baru")
    }
    .parse(OrganisationKind::Buyer)
    .unwrap();
    db.update_organisation(id, &changed, None, NOW + 1).await.unwrap();
    let got = db.organisation(id).await.unwrap();
    assert_eq!((got.legal_name.as_str(), got.kind), ("Nama Baru", OrganisationKind::Umkm));
    assert_eq!(got.products, ["kopi bubuk"]);
    assert_eq!(got.size_class, Some(SizeClass::Medium));
    assert!(matches!(
        db.update_organisation(id + 1000, &changed, None, NOW).await,
        Err(StoreError::NotFound)
    ));
}
store_test!(organisations_round_trip_verbatim);

async fn nib_is_unique(db: Db) {
    let with_nib = OrganisationDraft { nib: "8120001234567".into(), ..draft("A") };
    db.create_organisation(&with_nib.parse(OrganisationKind::Umkm).unwrap(), NOW).await.unwrap();
    let again = OrganisationDraft { legal_name: "B".into(), ..with_nib };
    match db.create_organisation(&again.parse(OrganisationKind::Umkm).unwrap(), NOW).await {
        Err(StoreError::Conflict { field: "nib", code: "nib.taken" }) => {}
        other => panic!("expected a NIB conflict, got {other:?}"),
    }
    // Many organisations without an NIB are fine.
    db.create_organisation(&org(OrganisationKind::Umkm, "C"), NOW).await.unwrap();
    db.create_organisation(&org(OrganisationKind::Umkm, "D"), NOW).await.unwrap();
}
store_test!(nib_is_unique);

async fn certificates_keep_their_dates(db: Db) {
    let id = db.create_organisation(&org(OrganisationKind::Umkm, "Halal"), NOW).await.unwrap();
    let cert = CertificateDraft {
        kind: "halal".into(),
        number: "ID12110000123450524".into(),
        issued_on: "2024-05-02".into(),
        expires_on: "2028-02-29".into(),
    }
    .parse()
    .unwrap();
    db.add_certificate(id, &cert, None, NOW).await.unwrap();
    db.add_certificate(
        id,
        &CertificateDraft { kind: "pirt".into(), ..Default::default() }.parse().unwrap(),
        None,
        NOW,
    )
    .await
    .unwrap();
    let got = db.organisation(id).await.unwrap().certificates;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].kind, CertificateKind::Halal);
    assert_eq!(got[0].issued_on, cert.issued_on);
    assert_eq!(got[0].expires_on.map(|d| d.to_string()), Some("2028-02-29".into()));
    assert_eq!(got[1].expires_on, None);
}
store_test!(certificates_keep_their_dates);

async fn search_filters_and_pages(db: Db) {
    let mk = |name: &str, regency: &str, sector: &str, products: &str, capital: &str| {
        OrganisationDraft {
            regency: regency.into(),
            sector: sector.into(),
            products: products.into(),
            business_capital: capital.into(),
            annual_sales: "".into(),
            ..draft(name)
        }
    };
    let rows = [
        mk("Kopi Lintong Jaya", "1215", "agricultural", "kopi arabika", "500.000.000"),
        mk("Kopi Sidikalang", "1210", "processed_food", "kopi bubuk", "3.000.000.000"),
        mk("Ulos Boru Sinaga", "1206", "garment_textile", "ulos", "100.000.000"),
        mk("Diskon 50% Ulos", "1275", "garment_textile", "ulos, songket", "7.000.000.000"),
        mk("Diskon 500 Ulos", "1275", "garment_textile", "songket", "100.000.000"),
    ];
    for r in &rows {
        db.create_organisation(&r.parse(OrganisationKind::Umkm).unwrap(), NOW).await.unwrap();
    }
    db.create_organisation(&org(OrganisationKind::Buyer, "Hotel Kopi"), NOW).await.unwrap();
    let search = |f: OrganisationFilter| {
        let db = db.clone();
        async move {
            let page =
                db.search_organisations(&OrganisationFilter { per_page: 20, ..f }).await.unwrap();
            page.items.into_iter().map(|o| o.legal_name).collect::<Vec<_>>()
        }
    };
    let name = |s: &str| OrganisationFilter { name: Some(s.into()), ..Default::default() };
    assert_eq!(search(name("KOPI")).await, ["Hotel Kopi", "Kopi Lintong Jaya", "Kopi Sidikalang"]);
    assert_eq!(
        search(OrganisationFilter { kinds: vec![OrganisationKind::Umkm], ..name("kopi") }).await,
        ["Kopi Lintong Jaya", "Kopi Sidikalang"]
    );
    // A literal % is searched for, not treated as a wildcard.
    assert_eq!(search(name("50%")).await, ["Diskon 50% Ulos"]);
    assert_eq!(
        search(OrganisationFilter { regency: Some("1275".into()), ..Default::default() })
            .await
            .len(),
        3
    );
    assert_eq!(
        search(OrganisationFilter { sector: Some(Sector::GarmentTextile), ..Default::default() })
            .await,
        ["Diskon 50% Ulos", "Diskon 500 Ulos", "Ulos Boru Sinaga"]
    );
    assert_eq!(
        search(OrganisationFilter { size_class: Some(SizeClass::Medium), ..Default::default() })
            .await,
        ["Diskon 50% Ulos"]
    );
    assert_eq!(
        search(OrganisationFilter { product: Some("SONGKET".into()), ..Default::default() }).await,
        ["Diskon 50% Ulos", "Diskon 500 Ulos"]
    );
    // Pages.
    let p1 = db
        .search_organisations(&OrganisationFilter { page: 1, per_page: 4, ..Default::default() })
        .await
        .unwrap();
    let p2 = db
        .search_organisations(&OrganisationFilter { page: 2, per_page: 4, ..Default::default() })
        .await
        .unwrap();
    assert_eq!((p1.total, p1.items.len(), p2.items.len()), (6, 4, 2));
    assert!(p1.has_next() && !p2.has_next());
    assert!(p1.items.iter().all(|a| p2.items.iter().all(|b| a.id != b.id)));
    // Counts by class, for the province and for a province with nothing.
    let counts = db.umkm_by_size_class(Some("12")).await.unwrap();
    let total: i64 = counts.iter().map(|c| c.count).sum();
    assert_eq!(total, 5);
    assert!(db.umkm_by_size_class(Some("31")).await.unwrap().is_empty());
}
store_test!(search_filters_and_pages);

async fn bulk_insert_continues_ids(db: Db) {
    let before =
        db.create_organisation(&org(OrganisationKind::Buyer, "Pembeli"), NOW).await.unwrap();
    let orgs: Vec<_> = mitra_core::demo::UmkmGenerator::new(1).take(1_234).collect();
    let mut bulk = db.bulk_inserter().await.unwrap();
    let first = bulk.insert(&orgs[..1000], NOW).await.unwrap();
    let second = bulk.insert(&orgs[1000..], NOW).await.unwrap();
    bulk.finish().await.unwrap();
    assert_eq!((first, second), (before + 1, before + 1001));
    assert_eq!(db.count_organisations().await.unwrap(), 1_235);
    let got = db.organisation(second + 233).await.unwrap();
    assert_eq!(got.legal_name, orgs[1233].legal_name);
    assert_eq!(got.products, orgs[1233].products.as_slice());
    // Ordinary inserts go on after the bulk ids (PostgreSQL's sequence was moved).
    let after = db.create_organisation(&org(OrganisationKind::Umkm, "Sesudah"), NOW).await.unwrap();
    assert_eq!(after, before + 1_235);
}
store_test!(bulk_insert_continues_ids);
