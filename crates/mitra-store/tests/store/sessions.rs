use mitra_core::organisation::OrganisationKind;
use mitra_core::user::{Email, NewAccount, RegistrationDraft, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::common::store_test;
use crate::{draft, org, NOW};

fn account(email: &str, role: Role, organisation_id: Option<i64>) -> NewAccount {
    NewAccount {
        email: Email::parse(email).unwrap(),
        display_name: "Siti Rangkuti".into(),
        role,
        organisation_id,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    }
}

async fn accounts_are_unique_by_email(db: Db) {
    let o = db.create_organisation(&org(OrganisationKind::Umkm, "UMKM"), NOW).await.unwrap();
    let id = db
        .create_account(&account("siti@example.com", Role::SupplierUser, Some(o)), NOW)
        .await
        .unwrap();
    match db.create_account(&account("SITI@example.com", Role::SupplierUser, Some(o)), NOW).await {
        Err(StoreError::Conflict { field: "email", code: "email.taken" }) => {}
        other => panic!("expected an email conflict, got {other:?}"),
    }
    let (user, hash) = db.account_by_email(" Siti@Example.com ").await.unwrap().expect("found");
    assert_eq!((user.id, user.role, user.organisation_id), (id, Role::SupplierUser, Some(o)));
    assert!(hash.starts_with("$argon2id$"));
    db.set_password_hash(id, "new-hash").await.unwrap();
    assert_eq!(db.password_hash(id).await.unwrap(), "new-hash");
    assert!(matches!(db.set_password_hash(id + 99, "x").await, Err(StoreError::NotFound)));
    assert!(db.account_by_email("nobody@example.com").await.unwrap().is_none());
    // Non-admin accounts need an organisation (a CHECK constraint backs the core rule).
    assert!(db
        .create_account(&account("x@example.com", Role::BuyerUser, None), NOW)
        .await
        .is_err());
    db.create_account(&account("admin@example.com", Role::Admin, None), NOW).await.unwrap();
}
store_test!(accounts_are_unique_by_email);

async fn registration_is_all_or_nothing(db: Db) {
    let reg = RegistrationDraft {
        display_name: "Dame Tarigan".into(),
        email: "dame@example.com".into(),
        password: "sirup markisa enak".into(),
        password_confirm: "sirup markisa enak".into(),
        organisation: draft("Sirup Markisa Sibayak"),
    }
    .parse()
    .unwrap();
    let acc = NewAccount {
        email: reg.email.clone(),
        display_name: reg.display_name.clone(),
        role: Role::SupplierUser,
        organisation_id: None,
        password_hash: "h".into(),
    };
    let (org_id, user_id) = db.register(&reg.organisation, &acc, NOW).await.unwrap();
    let (user, _) = db.account_by_email("dame@example.com").await.unwrap().unwrap();
    assert_eq!((user.id, user.organisation_id), (user_id, Some(org_id)));
    // A second registration with the same email fails and leaves no orphan organisation.
    let before = db.count_organisations().await.unwrap();
    let err = db.register(&reg.organisation, &acc, NOW).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { field: "email", .. }), "{err:?}");
    assert_eq!(db.count_organisations().await.unwrap(), before);
}
store_test!(registration_is_all_or_nothing);

async fn sessions_expire_and_carry_their_user(db: Db) {
    let o = db.create_organisation(&org(OrganisationKind::Buyer, "Hotel"), NOW).await.unwrap();
    let uid =
        db.create_account(&account("b@example.com", Role::BuyerUser, Some(o)), NOW).await.unwrap();
    db.create_session("anon", None, "csrf-a", NOW, NOW + 60).await.unwrap();
    db.create_session("s1", Some(uid), "csrf-1", NOW, NOW + 3600).await.unwrap();
    db.create_session("s2", Some(uid), "csrf-2", NOW, NOW + 3600).await.unwrap();
    let anon = db.session("anon", NOW).await.unwrap().unwrap();
    assert_eq!((anon.csrf_token.as_str(), anon.user), ("csrf-a", None));
    let s1 = db.session("s1", NOW + 10).await.unwrap().unwrap();
    assert_eq!(s1.user.as_ref().map(|u| u.id), Some(uid));
    assert_eq!(s1.organisation_regency.as_deref(), Some("1275"));
    assert!(db.session("anon", NOW + 60).await.unwrap().is_none(), "expired at expires_at");
    assert!(db.session("nope", NOW).await.unwrap().is_none());
    // A password change ends the user's other sessions.
    db.delete_user_sessions(uid, Some("s1")).await.unwrap();
    assert!(db.session("s1", NOW).await.unwrap().is_some());
    assert!(db.session("s2", NOW).await.unwrap().is_none());
    db.delete_session("s1").await.unwrap();
    assert!(db.session("s1", NOW).await.unwrap().is_none());
    assert_eq!(db.purge_expired(NOW + 61).await.unwrap(), 1, "the anonymous session");
}
store_test!(sessions_expire_and_carry_their_user);

async fn login_failures_are_counted_per_account_and_address(db: Db) {
    let count = |key: &'static str, ip: &'static str, at: i64, since: i64| {
        let db = db.clone();
        async move { db.reserve_login_attempt(key, ip, at, since).await.unwrap() }
    };
    for i in 0..3 {
        let n = count("a@example.com", "10.0.0.1", NOW + i, NOW).await;
        assert_eq!((n.for_account, n.from_address), (i + 1, i + 1));
    }
    let n = count("a@example.com", "10.0.0.2", NOW, NOW).await;
    assert_eq!((n.for_account, n.from_address), (1, 1), "another address");
    let n = count("b@example.com", "10.0.0.1", NOW, NOW).await;
    assert_eq!((n.for_account, n.from_address), (1, 4), "another account, same address");
    let n = count("a@example.com", "10.0.0.1", NOW + 3, NOW + 2).await;
    assert_eq!((n.for_account, n.from_address), (2, 2), "only the window counts");
    db.clear_login_failures("a@example.com", "10.0.0.1").await.unwrap();
    let n = count("a@example.com", "10.0.0.1", NOW + 4, 0).await;
    assert_eq!((n.for_account, n.from_address), (1, 2), "cleared after a success");
    assert_eq!(db.note_attempt("register", "10.0.0.1", NOW, NOW).await.unwrap(), 1);
    assert_eq!(db.note_attempt("register", "10.0.0.1", NOW + 1, NOW).await.unwrap(), 2);
    assert_eq!(db.note_attempt("register", "10.0.0.2", NOW, NOW).await.unwrap(), 1);
    let removed = db.purge_expired(NOW + mitra_store::LOGIN_FAILURE_RETENTION + 5).await.unwrap();
    assert_eq!(removed, 3 + 3, "three failures left, three registrations");
}
store_test!(login_failures_are_counted_per_account_and_address);

async fn concurrent_login_attempts_never_pass_the_limit(db: Db) {
    // 64 attempts at once for one account: each is written before it is counted, so the n-th
    // to be written counts at least n and at most 5 see a count of 5 or less, whatever the
    // interleaving (when all are written before any counts, none does).
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                db.reserve_login_attempt("a@example.com", "10.0.0.1", NOW, NOW).await.unwrap()
            })
        })
        .collect();
    let (mut within, mut most) = (0, 0);
    for t in tasks {
        let n = t.await.unwrap().for_account;
        most = most.max(n);
        if n <= 5 {
            within += 1;
        }
    }
    assert!(within <= 5, "{within} attempts passed a limit of 5");
    assert_eq!(most, 64, "every attempt is recorded");
}
store_test!(concurrent_login_attempts_never_pass_the_limit);

async fn every_server_process_gets_the_first_key(db: Db) {
    let first = db.server_key("csrf", "one").await.unwrap();
    assert_eq!(first, "one");
    assert_eq!(db.server_key("csrf", "two").await.unwrap(), "one");
    assert_eq!(db.server_key("other", "three").await.unwrap(), "three");
}
store_test!(every_server_process_gets_the_first_key);
