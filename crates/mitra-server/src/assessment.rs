//! Application functions for assessments, shared by the pages (`web::assessment`) and the API
//! (`api_assessment`): permission checks through `mitra_core::access`, answers parsed into
//! per-field errors, and results computed by the domain (`mitra_core::assessment`) from the
//! stored answers — nothing here scores anything itself.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::advice::{self, Progress, Recommendation};
use mitra_core::assessment::coaching::CoachingStore;
use mitra_core::assessment::instrument_store::InstrumentStore;
use mitra_core::assessment::lambert::{Gap, PartnershipType};
use mitra_core::assessment::store::{
    AssessmentKind, AssessmentRecord, AssessmentStatus, AssessmentStore, LatestReadiness,
    NewAssessment,
};
use mitra_core::assessment::{score, AssessmentScore, Component, Instrument, Likert};
use mitra_core::organisation::OrganisationKind;
use mitra_core::{FieldErrors, Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::{clock, AppState};

pub mod assessor;
pub mod partnership;
pub mod trend;

/// The instrument an assessment answered: the built-in starting instrument or an institution's
/// stored one, by the record's `key@version` (a published version never changes, so an
/// assessment always scores on the instrument it was answered on). A record naming an unknown
/// instrument is a broken database, not a user error.
pub async fn instrument_of(
    state: &AppState,
    record: &AssessmentRecord,
) -> Result<Instrument, AppError> {
    let i = Instrument::starting();
    if record.instrument_label() == i.label() {
        return Ok(i);
    }
    match state.db.instrument(&record.instrument_key, record.instrument_version).await? {
        Some(stored) => Ok(stored.instrument),
        None => {
            Err(AppError::Internal(format!("unknown instrument {}", record.instrument_label())))
        }
    }
}

/// The UMKM a readiness assessment is about: its name and regency, or `NotFound` when the id is
/// not an UMKM.
pub(crate) async fn umkm(
    state: &AppState,
    organisation_id: i64,
) -> Result<(String, String), AppError> {
    match state.db.organisation_kind(organisation_id).await? {
        Some((OrganisationKind::Umkm, regency)) => {
            let org = state.db.organisation(organisation_id).await?;
            Ok((org.legal_name, regency))
        }
        _ => Err(AppError::NotFound),
    }
}

/// Parses answers as typed (item key → text; empty means unanswered) against `instrument`.
/// Every bad value is reported beside its item; submitting nothing at all is refused.
pub fn parse_answers(
    instrument: &Instrument,
    raw: &BTreeMap<String, String>,
    submit: bool,
) -> Result<BTreeMap<String, i64>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answers = BTreeMap::new();
    for (key, value) in raw {
        if instrument.item(key).is_none() {
            errors.add(key, "assessment.unknown_item");
            continue;
        }
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        match v.parse::<i64>().ok().and_then(|n| Likert::new(n, &instrument.scale()).ok()) {
            Some(l) => {
                answers.insert(key.clone(), i64::from(l.value()));
            }
            None => errors.add(key, "assessment.out_of_scale"),
        }
    }
    if submit && answers.is_empty() && errors.is_empty() {
        errors.add("answers", "assessment.nothing_answered");
    }
    errors.finish(|| answers)
}

/// The readiness form of an UMKM: its name and the draft to resume, if any. Only the UMKM's own
/// users may take it.
pub async fn readiness_form(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<(String, Option<AssessmentRecord>), AppError> {
    if !actor.can_take_readiness(organisation_id) {
        return Err(AppError::Forbidden);
    }
    let (name, _) = umkm(state, organisation_id).await?;
    let draft = state.db.assessment_draft(organisation_id, AssessmentKind::Readiness, None).await?;
    Ok((name, draft))
}

/// The instrument an UMKM is assessed on — one rule for every kind of assessment: the latest
/// published instrument of its coach's institution; else (no coach, or that institution has
/// published none) the latest published by the lowest-id institution of its province that
/// published one; else the starting instrument. Drafts are never used, and no other
/// institution's instrument is.
pub async fn umkm_instrument(
    state: &AppState,
    organisation_id: i64,
) -> Result<Instrument, AppError> {
    if let Some(coach) = state.db.coach_of(organisation_id).await? {
        if let Some(i) = state.db.latest_published_instrument(coach.institution_id).await? {
            return Ok(i);
        }
    }
    let regency = match state.db.organisation_kind(organisation_id).await? {
        Some((_, regency)) => regency,
        None => return Err(AppError::NotFound),
    };
    let province = regency.get(..2).unwrap_or(&regency);
    Ok(state.db.province_instrument(province).await?.unwrap_or_else(Instrument::starting))
}

/// The instrument the UMKM's readiness self-assessment is answered on: its draft's, else
/// [`umkm_instrument`].
pub async fn readiness_instrument(
    state: &AppState,
    organisation_id: i64,
) -> Result<Instrument, AppError> {
    if let Some(d) =
        state.db.assessment_draft(organisation_id, AssessmentKind::Readiness, None).await?
    {
        return instrument_of(state, &d).await;
    }
    umkm(state, organisation_id).await?;
    umkm_instrument(state, organisation_id).await
}

/// Starts (or resumes) the UMKM's readiness self-assessment on [`readiness_instrument`].
pub async fn start_readiness(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<AssessmentRecord, AppError> {
    if !actor.can_take_readiness(organisation_id) {
        return Err(AppError::Forbidden);
    }
    let i = readiness_instrument(state, organisation_id).await?;
    let new = NewAssessment {
        kind: AssessmentKind::Readiness,
        organisation_id,
        partnership_id: None,
        instrument_key: i.key().to_owned(),
        instrument_version: i.version(),
        created_by: actor.user_id,
    };
    Ok(state.db.start_assessment(&new, clock::now()).await?)
}

/// An assessment the actor may read, with the name of the organisation it is about and whether
/// the actor may still answer it; `NotFound` otherwise (its existence does not leak).
pub(crate) struct Visible {
    pub record: AssessmentRecord,
    pub name: String,
    pub can_answer: bool,
}

/// The assessment `id` if the actor may read it: readiness by its UMKM's users and regional
/// officers, a partnership side by its own side's users, an assessor rating by its author while a
/// draft and, once submitted, by the UMKM's users and regional officers.
pub(crate) async fn visible(state: &AppState, actor: &Actor, id: i64) -> Result<Visible, AppError> {
    let record = state.db.assessment(id).await?;
    match record.kind {
        AssessmentKind::Readiness => {
            let (name, regency) = umkm(state, record.organisation_id).await?;
            if !actor.can_view_readiness(record.organisation_id, &regency) {
                return Err(AppError::NotFound);
            }
            let can_answer = actor.can_take_readiness(record.organisation_id);
            Ok(Visible { record, name, can_answer })
        }
        AssessmentKind::PartnershipBuyer | AssessmentKind::PartnershipSupplier => {
            let name = partnership::own_side(state, actor, &record).await?;
            Ok(Visible { record, name, can_answer: true })
        }
        AssessmentKind::Assessor => {
            let (name, regency) = umkm(state, record.organisation_id).await?;
            let can_answer = assessor::visible(actor, &record, &regency)?;
            Ok(Visible { record, name, can_answer })
        }
    }
}

/// The instrument assessment `id` is answered on, if the actor may read the assessment
/// (`NotFound` otherwise, as for the assessment itself).
pub async fn answered_instrument(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Instrument, AppError> {
    let v = visible(state, actor, id).await?;
    instrument_of(state, &v.record).await
}

/// Saves a draft's answers (all of them: an item left out is unanswered) and, with `submit`,
/// makes it final. An assessor rating also keeps the overall note and the evidence per
/// component ([`Notes`]); other kinds ignore them. A rejected save changes nothing.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    id: i64,
    raw: &BTreeMap<String, String>,
    notes: &Notes,
    submit: bool,
) -> Result<AssessmentRecord, AppError> {
    let v = visible(state, actor, id).await?;
    if !v.can_answer {
        return Err(AppError::Forbidden);
    }
    let instrument = instrument_of(state, &v.record).await?;
    let stored = if v.record.kind == AssessmentKind::Assessor {
        let (answers, (overall, evidence)) = both(
            parse_answers(&instrument, raw, submit),
            assessor::parse_notes(&instrument, notes),
        )?;
        state
            .db
            .save_assessor_rating(id, &answers, overall.as_deref(), &evidence, submit, clock::now())
            .await
    } else {
        let answers = parse_answers(&instrument, raw, submit)?;
        state.db.save_assessment(id, &answers, None, submit, clock::now()).await
    };
    match stored {
        Err(StoreError::Stale) => {
            Err(FieldErrors::single("answers", "assessment.already_submitted").into())
        }
        other => Ok(other?),
    }
}

/// Both results, or every field error of both.
pub(crate) fn both<A, B>(
    a: Result<A, FieldErrors>,
    b: Result<B, FieldErrors>,
) -> Result<(A, B), FieldErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut e), Err(f)) => {
            for x in f.iter() {
                e.add(&x.field, x.code);
            }
            Err(e)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// An assessor's notes as typed: the overall note and one note per component key.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Notes {
    /// The overall note.
    pub notes: String,
    /// Evidence per component key.
    pub evidence: BTreeMap<String, String>,
}

/// Saves the UMKM's readiness answers from the form, starting the draft if needed.
pub async fn save_readiness(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
    raw: &BTreeMap<String, String>,
    submit: bool,
) -> Result<AssessmentRecord, AppError> {
    if !actor.can_take_readiness(organisation_id) {
        return Err(AppError::Forbidden);
    }
    // Check before a draft is made, so a rejected first submission leaves nothing behind.
    parse_answers(&readiness_instrument(state, organisation_id).await?, raw, submit)?;
    let draft = start_readiness(state, actor, organisation_id).await?;
    save(state, actor, draft.id, raw, &Notes::default(), submit).await
}

/// A component's target on 0–100 (targets are on the 1–5 readiness scale).
pub fn target_index(target: f64) -> f64 {
    (target - 1.0) / 4.0 * 100.0
}

/// One component's row of the results: score, target and change since the previous assessment.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentRow {
    /// The component.
    pub component: Component,
    /// Its score (mean, index, maturity, or how many answers it still needs).
    pub score: mitra_core::assessment::ComponentScore,
    /// The target of the chosen partnership type on 0–100, if it has one.
    pub target_index: Option<f64>,
}

/// Everything the results page and `GET /api/assessments/{id}` show.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The assessment.
    pub assessment: AssessmentRecord,
    /// The UMKM's name.
    pub organisation_name: String,
    /// The partnership type whose target profile the gaps are measured to (by its key: core's
    /// derived serde name of `TypeIII` would be `type_i_i_i`).
    #[serde(serialize_with = "type_key")]
    pub target_type: PartnershipType,
    /// The domain's score of the answers.
    pub score: AssessmentScore,
    /// Per component, in display order.
    pub components: Vec<ComponentRow>,
    /// Target − score per scored component, largest first.
    pub gaps: Vec<Gap>,
    /// Advice for the components below target, largest gap first.
    pub recommendations: Vec<Recommendation>,
    /// The previous submitted assessment, if any.
    pub previous_id: Option<i64>,
    /// The change per component since then.
    pub progress: Option<Progress>,
    /// Whether the reader may answer again (the subject's own side; an assessor's own draft).
    pub can_answer: bool,
    /// Every submitted assessment of the same subject, oldest first (at most the latest 20).
    pub trend: Vec<trend::TrendPoint>,
    /// An assessor's evidence notes per component.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<Component, String>,
}

pub(crate) fn type_key<S: serde::Serializer>(t: &PartnershipType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.key())
}

/// The partnership type a query asks for: Type I–III, Type II when missing or unknown (arm's
/// length has no target profile).
pub fn target_type(raw: &str) -> PartnershipType {
    match PartnershipType::from_key(raw.trim()) {
        Some(t) if t != PartnershipType::ArmsLength => t,
        _ => PartnershipType::TypeII,
    }
}

/// [`results`] for the type a request names (`?type=`), or, when it names none, the type Lambert's
/// grid recommends for the UMKM's rated partnerships (see `coaching::target_type_for`).
pub async fn results_for_request(
    state: &AppState,
    actor: &Actor,
    id: i64,
    raw_type: &str,
) -> Result<Results, AppError> {
    let ty = match PartnershipType::from_key(raw_type.trim()) {
        Some(t) if t != PartnershipType::ArmsLength => t,
        _ => {
            let organisation_id = state.db.assessment(id).await?.organisation_id;
            crate::coaching::target_type_for(state, organisation_id).await?
        }
    };
    results(state, actor, id, ty).await
}

/// The results of an assessment the actor may read. A draft's results are provisional; the
/// previous assessment is the last one submitted before this one.
pub async fn results(
    state: &AppState,
    actor: &Actor,
    id: i64,
    ty: PartnershipType,
) -> Result<Results, AppError> {
    let Visible { record, name: organisation_name, can_answer } = visible(state, actor, id).await?;
    let instrument = instrument_of(state, &record).await?;
    let current = score_of(&instrument, &record)?;
    // The targets and advice of the UMKM's coaching institution, where it set its own.
    let regency = state
        .db
        .organisation_kind(record.organisation_id)
        .await?
        .map(|(_, regency)| regency)
        .unwrap_or_default();
    let profiles = crate::coaching::targets_for(state, record.organisation_id, &regency).await?;
    let gaps = profiles.gaps(ty, &current);
    let recommendations = crate::coaching::library_for(state, record.organisation_id, &regency)
        .await?
        .recommend(&gaps);
    let history = state
        .db
        .submitted_assessments(record.organisation_id, record.kind, record.partnership_id, 20)
        .await?;
    let previous = match record.status {
        AssessmentStatus::Draft => history.first(),
        AssessmentStatus::Submitted => history.iter().skip_while(|h| h.id != record.id).nth(1),
    };
    let progress = match previous {
        Some(p) => Some(advice::compare(&score_of(&instrument_of(state, p).await?, p)?, &current)),
        None => None,
    };
    let components = current
        .components
        .iter()
        .map(|c| ComponentRow {
            component: c.component,
            score: *c,
            target_index: profiles.target(ty, c.component).map(target_index),
        })
        .collect();
    let trend = trend::points(state, &history).await?;
    let evidence = if record.kind == AssessmentKind::Assessor {
        state.db.assessment_evidence(record.id).await?
    } else {
        BTreeMap::new()
    };
    Ok(Results {
        previous_id: previous.map(|p| p.id),
        can_answer,
        trend,
        evidence,
        assessment: record,
        organisation_name,
        target_type: ty,
        score: current,
        components,
        gaps,
        recommendations,
        progress,
    })
}

/// The domain's score of a stored assessment (a stored answer that no longer fits its instrument
/// is a broken database, hence `Internal`).
pub(crate) fn score_of(
    instrument: &Instrument,
    record: &AssessmentRecord,
) -> Result<AssessmentScore, AppError> {
    let response = record
        .response(instrument)
        .map_err(|e| AppError::Internal(format!("stored answers of #{}: {e}", record.id)))?;
    score(instrument, &response)
        .map_err(|e| AppError::Internal(format!("scoring #{}: {e}", record.id)))
}

/// The latest submitted readiness assessment of an UMKM the actor may read, if any.
pub async fn latest_readiness_id(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<Option<i64>, AppError> {
    let (_, regency) = umkm(state, organisation_id).await?;
    if !actor.can_view_readiness(organisation_id, &regency) {
        return Err(AppError::Forbidden);
    }
    let latest =
        state.db.submitted_assessments(organisation_id, AssessmentKind::Readiness, None, 1).await?;
    Ok(latest.first().map(|r| r.id))
}

/// One UMKM of the officer's province with its latest overall readiness index.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    /// The UMKM and its latest assessment.
    #[serde(flatten)]
    pub umkm: LatestReadiness,
    /// The overall index of that assessment, when it has one.
    pub overall_index: Option<f64>,
}

/// The institution officer's list: every UMKM of the officer's province with its latest
/// readiness index. Nobody else may read it.
pub async fn region_readiness(state: &AppState, actor: &Actor) -> Result<Vec<RegionRow>, AppError> {
    let province = match (actor.role, actor.province_code.as_deref()) {
        (mitra_core::user::Role::InstitutionOfficer, Some(p)) => p.to_owned(),
        _ => return Err(AppError::Forbidden),
    };
    let list = state.db.latest_readiness(&province).await?;
    let mut rows = Vec::with_capacity(list.len());
    for u in list {
        let overall_index = match &u.latest {
            Some(r) => score_of(&instrument_of(state, r).await?, r)?.overall.index,
            None => None,
        };
        rows.push(RegionRow { umkm: u, overall_index });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn answers_are_checked_per_item() {
        let i = Instrument::starting();
        let ok = parse_answers(&i, &raw(&[("jp1", "4"), ("jp2", ""), ("tr1", " 5 ")]), true);
        assert_eq!(ok, Ok([("jp1".to_owned(), 4), ("tr1".to_owned(), 5)].into()));
        let bad = parse_answers(&i, &raw(&[("jp1", "7"), ("jp2", "x"), ("zz9", "3")]), false)
            .unwrap_err();
        assert_eq!(bad.code_for("jp1"), Some("assessment.out_of_scale"));
        assert_eq!(bad.code_for("jp2"), Some("assessment.out_of_scale"));
        assert_eq!(bad.code_for("zz9"), Some("assessment.unknown_item"));
        let empty = parse_answers(&i, &raw(&[("jp1", "")]), true).unwrap_err();
        assert_eq!(empty.code_for("answers"), Some("assessment.nothing_answered"));
        assert_eq!(
            parse_answers(&i, &raw(&[]), false),
            Ok(BTreeMap::new()),
            "a draft may be empty"
        );
    }

    #[test]
    fn target_types_default_to_type_ii() {
        assert_eq!(target_type(""), PartnershipType::TypeII);
        assert_eq!(target_type("arms_length"), PartnershipType::TypeII);
        assert_eq!(target_type("type_iii"), PartnershipType::TypeIII);
        assert_eq!(target_index(3.0), 50.0);
        assert_eq!(target_index(5.0), 100.0);
    }
}
