use mitra_core::assessment::instrument_store::{draft_copy, institution_key, InstrumentStore};
use mitra_core::assessment::{Instrument, InstrumentStatus, LikertScale};
use mitra_core::organisation::OrganisationKind;
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::common::store_test;
use crate::NOW;

async fn institution(db: &Db, name: &str) -> (i64, i64) {
    let o = crate::org(OrganisationKind::Institution, name);
    let id = db.create_organisation(&o, NOW).await.unwrap();
    let officer = db
        .create_account(
            &NewAccount {
                email: Email::parse(&format!("officer{id}@x.example")).unwrap(),
                display_name: "Bu Sari".into(),
                role: Role::InstitutionOfficer,
                organisation_id: Some(id),
                password_hash: "h".into(),
            },
            NOW,
        )
        .await
        .unwrap();
    (id, officer)
}

async fn copy_edit_publish_and_published_is_immutable(db: Db) {
    let (inst, officer) = institution(&db, "Dinas Koperasi Medan").await;
    let (other, _) = institution(&db, "PLUT Deli Serdang").await;
    let key = institution_key(inst);
    assert_eq!(db.next_instrument_version(&key).await.unwrap(), 1);
    let mut draft =
        draft_copy(&Instrument::starting(), inst, db.next_instrument_version(&key).await.unwrap())
            .unwrap();
    assert_eq!(draft.version(), 2, "a copy of starting@1 is newer");
    db.create_instrument(inst, &draft, officer, NOW).await.unwrap();
    assert!(matches!(
        db.create_instrument(inst, &draft, officer, NOW).await,
        Err(StoreError::Stale)
    ));
    assert_eq!(db.next_instrument_version(&key).await.unwrap(), 3);

    // Edit the draft: 7-point scale, first item reverse-scored.
    draft
        .edit(|s| {
            s.scale = LikertScale::SEVEN;
            s.items[0].reverse = true;
            s.items[0].text_en = "Edited".into();
        })
        .unwrap();
    db.save_instrument(&draft, NOW + 1).await.unwrap();
    let stored = db.instrument(&key, 2).await.unwrap().unwrap();
    assert_eq!((stored.institution_id, &stored.instrument), (inst, &draft));

    // Publish, then every further save is refused and the row stays as published.
    let mut published = draft.clone();
    published.publish();
    db.save_instrument(&published, NOW + 2).await.unwrap();
    let mut sneaky = draft.clone();
    sneaky.edit(|s| s.items[0].text_en = "Changed after publishing".into()).unwrap();
    assert!(matches!(db.save_instrument(&sneaky, NOW + 3).await, Err(StoreError::Stale)));
    let stored = db.instrument(&key, 2).await.unwrap().unwrap().instrument;
    assert_eq!(stored, published);
    assert_eq!(stored.status(), InstrumentStatus::Published);
    assert_eq!(stored.items()[0].text_en, "Edited");

    // A copy of the published version gets the next version; lists are per institution.
    let next = draft_copy(&stored, inst, db.next_instrument_version(&key).await.unwrap()).unwrap();
    assert_eq!(next.label(), format!("{key}@3"));
    db.create_instrument(inst, &next, officer, NOW + 4).await.unwrap();
    let labels: Vec<String> =
        db.institution_instruments(inst).await.unwrap().iter().map(Instrument::label).collect();
    assert_eq!(labels, [format!("{key}@2"), format!("{key}@3")]);
    assert!(db.institution_instruments(other).await.unwrap().is_empty());
    assert!(db.instrument(&key, 9).await.unwrap().is_none());
    assert!(db.instrument("starting", 1).await.unwrap().is_none(), "built in, not stored");
    // The province's instrument is the latest published version (drafts do not count).
    let province = db.province_instrument("12").await.unwrap().map(|i| i.label());
    assert_eq!(province, Some(format!("{key}@2")));
    assert_eq!(db.province_instrument("31").await.unwrap(), None);
    // So is the institution's latest published version; another institution has none.
    let latest = db.latest_published_instrument(inst).await.unwrap().map(|i| i.label());
    assert_eq!(latest, Some(format!("{key}@2")), "the draft @3 does not count");
    assert_eq!(db.latest_published_instrument(other).await.unwrap(), None);
    let mut third = next.clone();
    third.publish();
    db.save_instrument(&third, NOW + 5).await.unwrap();
    let latest = db.latest_published_instrument(inst).await.unwrap().map(|i| i.label());
    assert_eq!(latest, Some(format!("{key}@3")));
}
store_test!(copy_edit_publish_and_published_is_immutable);
