//! Assessor ratings: an institution officer of the UMKM's province rates it after a visit on
//! the same instrument, with an overall note and evidence notes per component. Each officer keeps
//! their own draft; a submitted rating is read by the UMKM's own users and the officers of its
//! province, and is a 404 for everyone else.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::instrument_store::InstrumentStore;
use mitra_core::assessment::store::{
    AssessmentKind, AssessmentRecord, AssessmentStatus, AssessmentStore, NewAssessment,
};
use mitra_core::assessment::{Component, Instrument};
use mitra_core::field::optional_text;
use mitra_core::FieldErrors;
use serde::Serialize;

use super::{both, instrument_of, parse_answers, save, score_of, umkm, umkm_instrument, Notes};
use crate::error::AppError;
use crate::{clock, AppState};

/// The longest overall note, in characters.
pub const NOTES_MAX: usize = 4000;
/// The longest evidence note of one component, in characters.
pub const EVIDENCE_MAX: usize = 2000;

/// Whether the actor may read the rating `record` of an UMKM in `regency`, and if so whether it
/// is its author. A draft is its author's alone.
pub(crate) fn visible(
    actor: &Actor,
    record: &AssessmentRecord,
    regency: &str,
) -> Result<bool, AppError> {
    let author = record.created_by == Some(actor.user_id) && actor.can_rate_as_assessor(regency);
    match record.status {
        AssessmentStatus::Draft if author => Ok(true),
        // The author "may answer" a submitted rating too, so that a change is refused as
        // already submitted rather than as forbidden.
        AssessmentStatus::Submitted
            if author || actor.can_view_assessor_ratings(record.organisation_id, regency) =>
        {
            Ok(author)
        }
        _ => Err(AppError::NotFound),
    }
}

/// Parses an assessor's notes: the overall note (field `notes`) and one note per component the
/// instrument measures (field `evidence.<component>`); empty notes are dropped.
pub fn parse_notes(
    instrument: &Instrument,
    notes: &Notes,
) -> Result<(Option<String>, BTreeMap<Component, String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let overall = errors.take("notes", optional_text(&notes.notes, NOTES_MAX)).flatten();
    let measured = instrument.components();
    let mut evidence = BTreeMap::new();
    for (key, text) in &notes.evidence {
        let field = format!("evidence.{key}");
        match Component::from_key(key).filter(|c| measured.contains(c)) {
            None => errors.add(&field, "assessment.unknown_component"),
            Some(c) => {
                if let Some(Some(t)) = errors.take(&field, optional_text(text, EVIDENCE_MAX)) {
                    evidence.insert(c, t);
                }
            }
        }
    }
    errors.finish(|| (overall, evidence))
}

/// The rating form of an UMKM for an officer of its province: the UMKM's name, the officer's
/// draft to resume (if any), its evidence notes and the instrument it is answered on
/// ([`instrument`]).
pub async fn form(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<(String, Option<AssessmentRecord>, BTreeMap<Component, String>, Instrument), AppError> {
    let (name, regency) = umkm(state, organisation_id).await?;
    if !actor.can_rate_as_assessor(&regency) {
        return Err(AppError::Forbidden);
    }
    let draft = state.db.assessor_draft(organisation_id, actor.user_id).await?;
    let evidence = match &draft {
        Some(d) => state.db.assessment_evidence(d.id).await?,
        None => BTreeMap::new(),
    };
    Ok((name, draft, evidence, instrument(state, actor, organisation_id).await?))
}

/// The instrument an officer rates an UMKM on: the officer's own draft's; else the latest
/// instrument the officer's own institution published (the assessor measures with their own
/// institution's tool); else the UMKM's instrument ([`umkm_instrument`]).
pub async fn instrument(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<Instrument, AppError> {
    if let Some(d) = state.db.assessor_draft(organisation_id, actor.user_id).await? {
        return instrument_of(state, &d).await;
    }
    if let Some(institution) = actor.instrument_institution() {
        if let Some(i) = state.db.latest_published_instrument(institution).await? {
            return Ok(i);
        }
    }
    umkm_instrument(state, organisation_id).await
}

/// Starts (or resumes) the officer's own draft rating of the UMKM on [`instrument`].
pub async fn start(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<AssessmentRecord, AppError> {
    let (_, regency) = umkm(state, organisation_id).await?;
    if !actor.can_rate_as_assessor(&regency) {
        return Err(AppError::Forbidden);
    }
    if let Some(d) = state.db.assessor_draft(organisation_id, actor.user_id).await? {
        return Ok(d);
    }
    let i = instrument(state, actor, organisation_id).await?;
    let new = NewAssessment {
        kind: AssessmentKind::Assessor,
        organisation_id,
        partnership_id: None,
        instrument_key: i.key().to_owned(),
        instrument_version: i.version(),
        created_by: actor.user_id,
    };
    Ok(state.db.start_assessment(&new, clock::now()).await?)
}

/// Saves the officer's rating from the form, starting the draft if needed; bad input is refused
/// before anything is made.
pub async fn save_rating(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
    raw: &BTreeMap<String, String>,
    notes: &Notes,
    submit: bool,
) -> Result<AssessmentRecord, AppError> {
    let (_, regency) = umkm(state, organisation_id).await?;
    if !actor.can_rate_as_assessor(&regency) {
        return Err(AppError::Forbidden);
    }
    let i = instrument(state, actor, organisation_id).await?;
    both(parse_answers(&i, raw, submit), parse_notes(&i, notes))?;
    let draft = start(state, actor, organisation_id).await?;
    save(state, actor, draft.id, raw, notes, submit).await
}

/// One submitted rating with its notes and overall index.
#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    /// The rating (answers, overall note, author, dates).
    pub assessment: AssessmentRecord,
    /// Its evidence notes per component.
    pub evidence: BTreeMap<Component, String>,
    /// Its overall index.
    pub overall_index: Option<f64>,
}

/// The submitted ratings of an UMKM, newest first, with the officer's own draft (if the reader
/// is an officer who has one). Only its own users and the officers of its province; others 404.
pub async fn ratings(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<(String, Vec<Rating>, Option<i64>), AppError> {
    let (name, regency) = umkm(state, organisation_id).await?;
    if !actor.can_view_assessor_ratings(organisation_id, &regency) {
        return Err(AppError::NotFound);
    }
    let list =
        state.db.submitted_assessments(organisation_id, AssessmentKind::Assessor, None, 50).await?;
    let mut out = Vec::with_capacity(list.len());
    for r in list {
        let evidence = state.db.assessment_evidence(r.id).await?;
        let overall_index = score_of(&instrument_of(state, &r).await?, &r)?.overall.index;
        out.push(Rating { assessment: r, evidence, overall_index });
    }
    let draft = if actor.can_rate_as_assessor(&regency) {
        state.db.assessor_draft(organisation_id, actor.user_id).await?.map(|d| d.id)
    } else {
        None
    };
    Ok((name, out, draft))
}
