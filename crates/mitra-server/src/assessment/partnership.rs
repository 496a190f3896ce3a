//! The two-sided partnership assessment: the buyer's users and the supplier's users each rate
//! the same live partnership on the instrument (draft, save, submit, as for readiness); once both
//! sides have submitted, the comparison (`mitra_core::assessment::compare_partnership`) shows both
//! views side by side, the perception gaps named as findings, and the target of the chosen
//! partnership type. Before that each side sees only its own answers and waits for the other.
//!
//! Readers: the two parties and, with the supplier's consent, the institution officer of the
//! supplier's province (`Actor::can_view_partnership_assessment`); everyone else gets 404. A
//! side's own assessment record is read and answered by that side's users only.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::lambert::PartnershipType;
use mitra_core::assessment::store::{
    AssessmentKind, AssessmentRecord, AssessmentStore, NewAssessment,
};
use mitra_core::assessment::{
    compare_partnership, Component, Instrument, LikertScale, Side, SideComparison,
};
use mitra_core::partnership::{Partnership, Status};
use mitra_core::{FieldErrors, Store, StoreError};
use serde::Serialize;

use super::{
    instrument_of, parse_answers, save, score_of, target_index, type_key, umkm_instrument, Notes,
};
use crate::error::AppError;
use crate::{clock, AppState};

/// The assessment kind of a side.
pub fn kind_of(side: Side) -> AssessmentKind {
    match side {
        Side::Buyer => AssessmentKind::PartnershipBuyer,
        Side::Supplier => AssessmentKind::PartnershipSupplier,
    }
}

/// The side an assessment kind rates, if it is a partnership side.
pub fn side_of(kind: AssessmentKind) -> Option<Side> {
    match kind {
        AssessmentKind::PartnershipBuyer => Some(Side::Buyer),
        AssessmentKind::PartnershipSupplier => Some(Side::Supplier),
        _ => None,
    }
}

/// The organisation (id, name) rating as `side`.
fn party(p: &Partnership, side: Side) -> (i64, &str) {
    match side {
        Side::Buyer => (p.buyer_id, &p.buyer_name),
        Side::Supplier => (p.supplier_id, &p.supplier_name),
    }
}

async fn partnership(state: &AppState, id: i64) -> Result<Partnership, AppError> {
    match state.db.partnership(id).await {
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        other => Ok(other?),
    }
}

/// The name of the party a side's `record` belongs to, if the actor is a user of that side;
/// `NotFound` otherwise (the other side never reads one side's answers).
pub(crate) async fn own_side(
    state: &AppState,
    actor: &Actor,
    record: &AssessmentRecord,
) -> Result<String, AppError> {
    let id = record.partnership_id.ok_or_else(|| {
        AppError::Internal(format!("partnership side #{} without partnership", record.id))
    })?;
    let p = partnership(state, id).await?;
    match side_of(record.kind) {
        Some(side) if actor.partnership_side(&p) == Some(side) => Ok(party(&p, side).1.to_owned()),
        _ => Err(AppError::NotFound),
    }
}

/// A partnership whose assessment the actor may read, or `NotFound`.
async fn readable(state: &AppState, actor: &Actor, id: i64) -> Result<Partnership, AppError> {
    let p = partnership(state, id).await?;
    if actor.can_view_partnership_assessment(&p) {
        Ok(p)
    } else {
        Err(AppError::NotFound)
    }
}

/// Only a running (or paused) partnership is rated: a proposal has nothing to rate yet and an
/// ended one nothing to improve.
fn check_live(p: &Partnership) -> Result<(), AppError> {
    if matches!(p.status, Status::Active | Status::Suspended) {
        Ok(())
    } else {
        Err(FieldErrors::single("partnership", "partnership_assessment.not_live").into())
    }
}

/// The actor's side of the readable partnership `id`: `Forbidden` for readers who are no side
/// (the officer).
async fn my_side(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Partnership, Side), AppError> {
    let p = readable(state, actor, id).await?;
    let side = actor.partnership_side(&p).ok_or(AppError::Forbidden)?;
    Ok((p, side))
}

/// The form of the actor's side: the partnership, the side, the draft to resume (if any) and
/// the instrument it is answered on ([`side_instrument`]).
pub async fn form(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Partnership, Side, Option<AssessmentRecord>, Instrument), AppError> {
    let (p, side) = my_side(state, actor, id).await?;
    let draft = state.db.assessment_draft(party(&p, side).0, kind_of(side), Some(p.id)).await?;
    let instrument = side_instrument(state, &p, side).await?;
    Ok((p, side, draft, instrument))
}

/// The instrument `side` rates partnership `p` on, so that both sides answer the same version:
/// its own draft's; else, when the other side has opened a round this side has not answered
/// yet (a draft, or a submission newer than this side's latest), the version the other side
/// used; else — this side opens a new round — the supplier's instrument
/// ([`umkm_instrument`]: its coach's institution's, else its province's, else the starting one).
pub async fn side_instrument(
    state: &AppState,
    p: &Partnership,
    side: Side,
) -> Result<Instrument, AppError> {
    let (own, other) = (side, side.other());
    let (own_org, other_org) = (party(p, own).0, party(p, other).0);
    if let Some(d) = state.db.assessment_draft(own_org, kind_of(own), Some(p.id)).await? {
        return instrument_of(state, &d).await;
    }
    if let Some(d) = state.db.assessment_draft(other_org, kind_of(other), Some(p.id)).await? {
        return instrument_of(state, &d).await;
    }
    let latest = |org, s| async move {
        Ok::<_, AppError>(
            state.db.submitted_assessments(org, kind_of(s), Some(p.id), 1).await?.pop(),
        )
    };
    let (mine, theirs) = (latest(own_org, own).await?, latest(other_org, other).await?);
    if let Some(t) = theirs {
        let answered = mine.is_some_and(|m| m.submitted_at >= t.submitted_at);
        if !answered {
            return instrument_of(state, &t).await;
        }
    }
    umkm_instrument(state, p.supplier_id).await
}

/// Starts (or resumes) the actor's side's assessment of the live partnership `id`.
pub async fn start(state: &AppState, actor: &Actor, id: i64) -> Result<AssessmentRecord, AppError> {
    let (p, side) = my_side(state, actor, id).await?;
    check_live(&p)?;
    let i = side_instrument(state, &p, side).await?;
    let new = NewAssessment {
        kind: kind_of(side),
        organisation_id: party(&p, side).0,
        partnership_id: Some(p.id),
        instrument_key: i.key().to_owned(),
        instrument_version: i.version(),
        created_by: actor.user_id,
    };
    Ok(state.db.start_assessment(&new, clock::now()).await?)
}

/// Saves the actor's side's answers from the form, starting the draft if needed; bad answers
/// are refused before a draft is made.
pub async fn save_side(
    state: &AppState,
    actor: &Actor,
    id: i64,
    raw: &BTreeMap<String, String>,
    submit: bool,
) -> Result<AssessmentRecord, AppError> {
    let (p, side) = my_side(state, actor, id).await?;
    check_live(&p)?;
    parse_answers(&side_instrument(state, &p, side).await?, raw, submit)?;
    let draft = start(state, actor, id).await?;
    save(state, actor, draft.id, raw, &Notes::default(), submit).await
}

/// Where one side stands.
#[derive(Debug, Clone, Serialize)]
pub struct SideState {
    /// The side.
    pub side: Side,
    /// The party rating as this side.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// When its latest assessment was submitted, if it has submitted one.
    pub submitted_at: Option<i64>,
    /// Its latest submitted assessment — shown to that side's own users only.
    pub assessment_id: Option<i64>,
    /// Its draft — shown to that side's own users only.
    pub draft_id: Option<i64>,
}

/// Both sides' views compared, with the target of the chosen type.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Rows, gaps, findings and overall indices, from the domain.
    #[serde(flatten)]
    pub sides: SideComparison,
    /// The target of the chosen type per component, on 0–100.
    pub targets: BTreeMap<Component, f64>,
    /// The answer scale of the buyer's instrument (its means are on 1..=this).
    pub buyer_scale: LikertScale,
    /// The answer scale of the supplier's instrument.
    pub supplier_scale: LikertScale,
}

/// The two-sided assessment of a partnership as one reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The partnership.
    pub partnership_id: i64,
    /// Its status.
    pub status: Status,
    /// The reader's side, if it is a party.
    pub viewer_side: Option<Side>,
    /// Whether the reader may rate now (a party, and the partnership is live).
    pub can_rate: bool,
    /// The buyer's side.
    pub buyer: SideState,
    /// The supplier's side.
    pub supplier: SideState,
    /// The partnership type whose target is shown.
    #[serde(serialize_with = "type_key")]
    pub target_type: PartnershipType,
    /// The comparison, once both sides have submitted.
    pub comparison: Option<Comparison>,
}

/// The two-sided assessment of partnership `id`: each side's status and, once both have
/// submitted, their latest submissions compared.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    id: i64,
    ty: PartnershipType,
) -> Result<Overview, AppError> {
    let p = readable(state, actor, id).await?;
    let viewer_side = actor.partnership_side(&p);
    let mut latest = Vec::with_capacity(2);
    let mut states = Vec::with_capacity(2);
    for side in [Side::Buyer, Side::Supplier] {
        let (org, name) = party(&p, side);
        let last = state.db.submitted_assessments(org, kind_of(side), Some(p.id), 1).await?.pop();
        let own = viewer_side == Some(side);
        let draft_id = if own {
            state.db.assessment_draft(org, kind_of(side), Some(p.id)).await?.map(|d| d.id)
        } else {
            None
        };
        states.push(SideState {
            side,
            organisation_id: org,
            organisation_name: name.to_owned(),
            submitted_at: last.as_ref().and_then(|r| r.submitted_at),
            assessment_id: last.as_ref().filter(|_| own).map(|r| r.id),
            draft_id,
        });
        latest.push(last);
    }
    let comparison = match (&latest[0], &latest[1]) {
        (Some(b), Some(s)) => {
            let (b, s) = (
                score_of(&instrument_of(state, b).await?, b)?,
                score_of(&instrument_of(state, s).await?, s)?,
            );
            let sides = compare_partnership(&b, &s);
            let profiles =
                crate::coaching::targets_for(state, p.supplier_id, &p.supplier_regency).await?;
            let targets = sides
                .rows
                .iter()
                .filter_map(|r| {
                    Some((r.component, target_index(profiles.target(ty, r.component)?)))
                })
                .collect();
            Some(Comparison { sides, targets, buyer_scale: b.scale, supplier_scale: s.scale })
        }
        _ => None,
    };
    let supplier = states.pop().ok_or_else(|| AppError::Internal("two sides".into()))?;
    let buyer = states.pop().ok_or_else(|| AppError::Internal("two sides".into()))?;
    Ok(Overview {
        partnership_id: p.id,
        status: p.status,
        can_rate: viewer_side.is_some() && check_live(&p).is_ok(),
        viewer_side,
        buyer,
        supplier,
        target_type: ty,
        comparison,
    })
}
