//! Seeding the demo world into a database: the cast of `mitra_core::demo::DemoWorld` (with
//! hashed passwords and partnerships moved through their statuses by the proper parties, so
//! their history reads right) and any number of generated UMKM in fast batches.

use mitra_core::demo::{DemoWorld, OrgRef, UmkmGenerator};
use mitra_core::organisation::CertificateDraft;
use mitra_core::partnership::{
    check_status_change, Contract, JointInvestment, NewPartnership, Status, StatusChangeDraft,
};
use mitra_core::programme::{ProgrammeDraft, ProgrammeStore};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::{Store, StoreError};
use mitra_store::Db;

use crate::auth::{hash_password, HashCost};
use crate::clock;
use crate::error::AppError;

/// A demo account to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededAccount {
    /// Role.
    pub role: Role,
    /// Login email.
    pub email: String,
    /// Password: drawn at random when the world is seeded, so no two demo instances share it;
    /// `None` when the world was already there (its passwords were printed when it was made).
    pub password: Option<String>,
}

/// What [`seed_world`] did.
#[derive(Debug, Clone)]
pub struct WorldReport {
    /// The demo accounts (with the passwords they were seeded with).
    pub accounts: Vec<SeededAccount>,
    /// False when the world was already there and nothing was added.
    pub created: bool,
}

impl WorldReport {
    /// The password `email` was seeded with (`None`: no such account, or an older world).
    pub fn password_of(&self, email: &str) -> Option<&str> {
        self.accounts.iter().find(|a| a.email == email).and_then(|a| a.password.as_deref())
    }
}

/// Rows per transaction when generating UMKM.
pub const BATCH: usize = 10_000;

/// Seeds the demo cast once, with passwords drawn at random: if its first account exists,
/// nothing is added.
pub async fn seed_world(db: &Db, cost: HashCost) -> Result<WorldReport, AppError> {
    let world = DemoWorld::new(rand::random());
    let exists = match world.accounts.first() {
        Some(first) => db.account_by_email(&first.email).await?.is_some(),
        None => false,
    };
    let accounts: Vec<SeededAccount> = world
        .accounts
        .iter()
        .map(|a| SeededAccount {
            role: a.role,
            email: a.email.clone(),
            password: (!exists).then(|| a.password.clone()),
        })
        .collect();
    if exists {
        return Ok(WorldReport { accounts, created: false });
    }
    let now = clock::now();
    let institution = db.create_organisation(&world.institution, now).await?;
    let mut buyers = Vec::new();
    for b in &world.buyers {
        buyers.push(db.create_organisation(b, now).await?);
    }
    let mut showcase = Vec::new();
    for s in &world.showcase {
        showcase.push(db.create_organisation(s, now).await?);
    }
    // Certificates of the food businesses, one of them expired (the profile flags it).
    for (i, kind, number, issued, expires) in [
        (0, "halal", "ID12110000123450522", "2022-05-10", ""),
        (0, "pirt", "2071275010123-27", "2022-01-15", "2027-01-15"),
        (10, "pirt", "2011212020456-24", "2019-03-01", "2024-03-01"),
        (11, "bpom", "MD 265911001234", "2023-08-01", "2028-08-01"),
        (11, "halal", "ID12110000765430823", "2023-08-20", ""),
    ] {
        let cert = CertificateDraft {
            kind: kind.into(),
            number: number.into(),
            issued_on: issued.into(),
            expires_on: expires.into(),
        }
        .parse()?;
        db.add_certificate(showcase[i], &cert, None, crate::clock::now()).await?;
    }
    let id_of = |r: OrgRef| match r {
        OrgRef::Institution => institution,
        OrgRef::Buyer(i) => buyers[i],
        OrgRef::Showcase(i) => showcase[i],
    };
    let mut user_of_org = std::collections::HashMap::new();
    let mut admin = None;
    for a in &world.accounts {
        let email =
            Email::parse(&a.email).map_err(|c| AppError::Internal(format!("demo email: {c}")))?;
        let account = NewAccount {
            email,
            display_name: a.display_name.clone(),
            role: a.role,
            organisation_id: a.organisation.map(id_of),
            password_hash: hash_password(&a.password, cost).await?,
        };
        let id = db.create_account(&account, now).await?;
        match a.organisation {
            Some(o) => {
                user_of_org.entry(id_of(o)).or_insert(id);
            }
            None => admin = Some(id),
        }
    }
    let admin = admin.ok_or_else(|| AppError::Internal("the demo has no administrator".into()))?;
    let today = clock::today();
    for d in &world.partnerships {
        let (buyer, supplier) = (id_of(d.buyer), id_of(d.supplier));
        let actor = |org: i64| *user_of_org.get(&org).unwrap_or(&admin);
        let new = NewPartnership {
            buyer_id: buyer,
            supplier_id: supplier,
            proposed_by: buyer,
            pattern: d.pattern,
            path: d.path,
            facilitator: d.facilitator.clone(),
            contract: Contract {
                written: d.contract_written,
                style: d.contract_style,
                start_on: Some(today),
                end_on: None,
                payment_terms_days: d.payment_terms_days,
                file_reference: None,
            },
            scope: d.scope.clone(),
            joint_investments: d
                .joint_investment
                .iter()
                .filter_map(|(purpose, amount, buyer_pct)| {
                    Some(JointInvestment {
                        purpose: purpose.clone(),
                        amount: mitra_core::organisation::Rupiah::new(*amount).ok()?,
                        buyer_share_pct: *buyer_pct,
                        supplier_share_pct: 100 - buyer_pct,
                    })
                })
                .collect(),
            institution_consent: d.institution_consent,
        };
        let id = db.create_partnership(&new, actor(buyer), today, now).await?;
        // Walk the partnership to its demo status, each step by the party that would take it.
        let steps: &[(Status, i64, &str)] = match d.status {
            Status::Proposed => &[],
            Status::Active => &[(Status::Active, supplier, "")],
            Status::Suspended => &[
                (Status::Active, supplier, ""),
                (Status::Suspended, buyer, "musim hujan: pasokan terhenti"),
            ],
            Status::Ended => {
                &[(Status::Active, supplier, ""), (Status::Ended, buyer, "pesanan musiman selesai")]
            }
        };
        for (to, org, reason) in steps {
            let p = db.partnership(id).await?;
            let draft = StatusChangeDraft {
                status: to.key().into(),
                reason: (*reason).into(),
                version: String::new(),
            };
            let change = check_status_change(&p, *org, &draft)?;
            db.change_partnership_status(id, &change, actor(*org), today, now).await?;
        }
    }
    // One running programme of the institution with three showcase UMKM enrolled, so the
    // officer's and those suppliers' dashboards show what a programme looks like.
    let day = |offset: i64| mitra_core::field::format_date(today + time::Duration::days(offset));
    let programme = ProgrammeDraft {
        name: "Kelas Kesiapan Kemitraan".into(),
        description: "Pendampingan delapan komponen kemitraan bagi UMKM binaan, dengan \
                      penilaian kesiapan di awal dan akhir program."
            .into(),
        start_on: day(-30),
        end_on: day(150),
        target_regencies: Vec::new(),
        target_sectors: Vec::new(),
        status: "running".into(),
    }
    .parse(world.institution.regency.province_code())?;
    let officer = *user_of_org.get(&institution).unwrap_or(&admin);
    let programme_id = db.create_programme(institution, &programme, now).await?;
    for &umkm in showcase.iter().take(3) {
        db.enrol(programme_id, umkm, officer, now).await?;
    }
    // Coaching of the first showcase UMKM by the institution's officer.
    // The institution's (first) account is its officer.
    let officer = user_of_org.get(&institution).copied();
    if let (Some(officer), Some(&umkm), Some(&umkm_user)) =
        (officer, showcase.first(), showcase.first().and_then(|s| user_of_org.get(s)))
    {
        let coaching = crate::demo_coaching::DemoCoaching {
            institution,
            officer,
            umkm,
            umkm_user,
            user_of_org: user_of_org.clone(),
        };
        crate::demo_coaching::seed(db, &coaching).await?;
    }
    Ok(WorldReport { accounts, created: true })
}

/// Adds `n` generated UMKM in batches of [`BATCH`], calling `progress` with the number added so
/// far after each batch. Returns how many were added.
pub async fn seed_umkm(
    db: &Db,
    n: u64,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> Result<u64, StoreError> {
    let mut bulk = db.bulk_inserter().await?;
    let existing = u64::try_from(db.count_organisations().await?).unwrap_or(0);
    let mut generator = UmkmGenerator::starting_at(seed, existing);
    let mut done = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    while done < n {
        let take = usize::try_from((n - done).min(BATCH as u64)).unwrap_or(BATCH);
        batch.clear();
        batch.extend((&mut generator).take(take));
        bulk.insert(&batch, clock::now()).await?;
        done += take as u64;
        progress(done);
    }
    bulk.finish().await?;
    Ok(done)
}
