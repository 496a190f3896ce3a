//! Coaching in the demo world, so a fresh `mitra serve --demo` shows it: the first showcase UMKM
//! took the readiness assessment twice (three months apart), the institution's officer coaches
//! it, its plan holds the steps drawn from its latest gaps (one under way with a coach's note, one
//! overdue), and both sides of its first partnership rated Lambert's drivers and facilitators.

use std::collections::BTreeMap;

use mitra_core::assessment::advice::{ActionPlan, ActionStatus, CoachNote};
use mitra_core::assessment::coaching::{CoachingStore, NewAction, RatingSide};
use mitra_core::assessment::lambert::{
    Drivers, ExtraFacilitator, Facilitators, PartnershipType, TargetProfiles,
};
use mitra_core::assessment::store::{AssessmentKind, AssessmentStore, NewAssessment};
use mitra_core::assessment::{score, Instrument};
use mitra_core::Store;
use mitra_store::Db;
use time::Duration;

use crate::clock;
use crate::error::AppError;

/// Who the demo's coaching involves.
pub struct DemoCoaching {
    /// The institution.
    pub institution: i64,
    /// Its officer (the coach).
    pub officer: i64,
    /// The UMKM coached.
    pub umkm: i64,
    /// Its supplier user.
    pub umkm_user: i64,
    /// Organisation id → one of its users, to rate partnerships as the right side.
    pub user_of_org: std::collections::HashMap<i64, i64>,
}

/// Answers per component prefix, every item of the component the same.
fn answers(values: &[(&str, i64)]) -> BTreeMap<String, i64> {
    Instrument::starting()
        .items()
        .iter()
        .filter_map(|it| {
            values.iter().find(|(p, _)| it.key.starts_with(p)).map(|(_, v)| (it.key.clone(), *v))
        })
        .collect()
}

/// Seeds the demo's coaching (see the module documentation).
pub async fn seed(db: &Db, d: &DemoCoaching) -> Result<(), AppError> {
    let now = clock::now();
    let instrument = Instrument::starting();
    let new = NewAssessment {
        kind: AssessmentKind::Readiness,
        organisation_id: d.umkm,
        partnership_id: None,
        instrument_key: instrument.key().to_owned(),
        instrument_version: instrument.version(),
        created_by: d.umkm_user,
    };
    let before =
        [("jp", 1), ("oc", 2), ("cm", 2), ("tr", 3), ("co", 3), ("cs", 1), ("sc", 2), ("ji", 1)];
    let after =
        [("jp", 2), ("oc", 2), ("cm", 3), ("tr", 4), ("co", 4), ("cs", 2), ("sc", 2), ("ji", 1)];
    let three_months = 90 * 24 * 3600;
    let mut latest = None;
    for (values, at) in [(&before[..], now - three_months), (&after[..], now)] {
        let draft = db.start_assessment(&new, at).await?;
        latest = Some(db.save_assessment(draft.id, &answers(values), None, true, at).await?);
    }
    let latest = latest.ok_or_else(|| AppError::Internal("no demo assessment".into()))?;
    db.assign_coach(d.umkm, d.officer, d.institution, d.officer, now).await?;
    let response = latest
        .response(&instrument)
        .map_err(|e| AppError::Internal(format!("demo answers: {e}")))?;
    let current = score(&instrument, &response)
        .map_err(|e| AppError::Internal(format!("demo score: {e}")))?;
    let gaps = TargetProfiles::default().gaps(PartnershipType::TypeII, &current);
    let recommendations: Vec<_> =
        mitra_core::assessment::advice::recommend(&gaps).into_iter().take(3).collect();
    let today = clock::today();
    let owner = db
        .accounts_of(d.umkm)
        .await?
        .into_iter()
        .find(|u| u.id == d.umkm_user)
        .map(|u| u.display_name)
        .unwrap_or_default();
    let plan =
        ActionPlan::from_recommendations(&recommendations, &owner, today - Duration::days(14), 30)
            .map_err(|e| AppError::Internal(format!("demo plan: {e}")))?;
    let new_actions: Vec<NewAction> = plan
        .actions()
        .iter()
        .map(|a| NewAction {
            organisation_id: d.umkm,
            action: a.clone(),
            owner_user_id: Some(d.umkm_user),
            assessment_id: Some(latest.id),
            created_by: d.officer,
        })
        .collect();
    let ids = db.add_actions(&new_actions, now).await?;
    // The second step is under way, with the coach's note; the first stays overdue.
    if let Some(&id) = ids.get(1) {
        let stored = db.action(id).await?;
        let mut a = stored.action.clone();
        a.set_status(ActionStatus::InProgress)
            .map_err(|e| AppError::Internal(format!("demo status: {e}")))?;
        db.update_action(id, &a, stored.owner_user_id, stored.version, now).await?;
        let coach = db
            .accounts_of(d.institution)
            .await?
            .into_iter()
            .find(|u| u.id == d.officer)
            .map(|u| u.display_name)
            .unwrap_or_default();
        let note = CoachNote {
            date: today,
            author: coach,
            text: "Sudah mulai mencatat janji kirim di buku; lanjutkan setiap minggu.".into(),
        };
        db.add_coach_note(id, d.officer, &note, now).await?;
    }
    // Lambert's model on the UMKM's first partnership whose buyer has a user.
    let partnerships = db.partnerships_of(d.umkm, 1, 20).await?;
    if let Some(p) = partnerships.items.iter().find(|p| d.user_of_org.contains_key(&p.buyer_id)) {
        let bad = |e: mitra_core::assessment::AssessmentError| AppError::Internal(e.to_string());
        let buyer = d.user_of_org[&p.buyer_id];
        db.save_drivers(
            p.id,
            RatingSide::Buyer,
            &Drivers::new([4, 4, 3, 4]).map_err(bad)?,
            buyer,
            now,
        )
        .await?;
        db.save_drivers(
            p.id,
            RatingSide::Supplier,
            &Drivers::new([3, 3, 4, 4]).map_err(bad)?,
            d.umkm_user,
            now,
        )
        .await?;
        let f = Facilitators::new([3, 4, 4, 2], [ExtraFacilitator::PriorHistory]).map_err(bad)?;
        db.save_facilitators(p.id, &f, d.umkm_user, now).await?;
    }
    Ok(())
}
