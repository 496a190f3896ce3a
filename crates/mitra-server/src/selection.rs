//! Application functions for supplier selection, shared by the pages (`web::selection`) and the
//! API (`api_selection`): permission checks through `mitra_core::access`, forms parsed by the
//! domain (`mitra_core::selection`), rankings computed by the domain and the engine. Nothing here
//! ranks or weighs anything itself.

use std::collections::{BTreeMap, HashMap};

use mitra_core::access::Actor;
use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
use mitra_core::assessment::{Component, Instrument, Maturity};
use mitra_core::organisation::OrganisationKind;
use mitra_core::selection::problem::{
    self, evaluator_result, group_weights, pairs, Analysis, Judgments, NotReady, Problem, ScoreGap,
};
use mitra_core::selection::store::{DecisionRecord, Invitation, SelectionStore};
use mitra_core::selection::{
    parse_value, standard_criteria, Candidate, CandidateFilterDraft, CandidateOrigin,
    CandidateResponse, CriterionValue, CustomCriterionDraft, DecisionDraft, EvaluatorSummary,
    EventCriterion, EventDraft, QuoteDraft, Snapshot, SourcingEvent, ValueSource, WeightMode,
};
use mitra_core::store::Page;
use mitra_core::{FieldErrors, Store, StoreError};
use mitra_decide::{Method, Weights};
use serde::Serialize;

use crate::error::AppError;
use crate::{clock, AppState};

/// Most candidates one registry filter adds at once (the scale target is 100,000).
pub const MAX_REGISTRY_CANDIDATES: u64 = 200_000;

/// A write to a decided event is refused with this, never applied.
fn closed(e: StoreError) -> AppError {
    match e {
        StoreError::Stale => AppError::Validation(FieldErrors::single("event", "selection.closed")),
        other => other.into(),
    }
}

/// The event if the actor is its buyer's user; `NotFound` otherwise (its existence does not
/// leak to other buyers, candidates, institutions or administrators).
async fn managed(state: &AppState, actor: &Actor, id: i64) -> Result<SourcingEvent, AppError> {
    let event = state.db.event(id).await?;
    if actor.can_manage_selection(event.buyer_id) {
        Ok(event)
    } else {
        Err(AppError::NotFound)
    }
}

/// The event and the actor's own candidate row, if the actor acts for a candidate of it.
async fn as_candidate(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(SourcingEvent, Candidate), AppError> {
    let org =
        actor.organisation_id.filter(|&o| actor.is_candidate_user(o)).ok_or(AppError::NotFound)?;
    let event = state.db.event(id).await?;
    let candidate = state.db.candidate(id, org).await?;
    Ok((event, candidate))
}

/// Opens a sourcing event for the actor's buying organisation with the standard criteria.
pub async fn create_event(
    state: &AppState,
    actor: &Actor,
    draft: &EventDraft,
) -> Result<i64, AppError> {
    let buyer =
        actor.organisation_id.filter(|_| actor.can_open_selection()).ok_or(AppError::Forbidden)?;
    let need = draft.parse()?;
    Ok(state
        .db
        .create_event(buyer, &need, &standard_criteria(), actor.user_id, clock::now())
        .await?)
}

/// Changes the need of an open event (title, product, quantity, period, pattern, method).
pub async fn update_event(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &EventDraft,
) -> Result<(), AppError> {
    managed(state, actor, id).await?;
    let need = draft.parse()?;
    state.db.update_event(id, &need, clock::now()).await.map_err(closed)
}

/// What the actor's list of selections shows: a buyer's own events, or the events an UMKM is a
/// candidate in (with its own row only).
#[derive(Debug, Serialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum EventList {
    /// The buyer's events.
    Buyer {
        /// One page.
        events: Page<SourcingEvent>,
    },
    /// The candidate's invitations.
    Candidate {
        /// Newest first.
        invitations: Vec<Invitation>,
    },
}

/// The actor's selections.
pub async fn list(state: &AppState, actor: &Actor, page: u32) -> Result<EventList, AppError> {
    match actor.organisation_id {
        Some(org) if actor.can_manage_selection(org) => {
            Ok(EventList::Buyer { events: state.db.events_of(org, page, 20).await? })
        }
        Some(org) if actor.is_candidate_user(org) => {
            Ok(EventList::Candidate { invitations: state.db.invitations_of(org).await? })
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Everything of an event its buyer works with.
#[derive(Debug, Clone, Serialize)]
pub struct Workspace {
    /// The event.
    pub event: SourcingEvent,
    /// Its criteria.
    pub criteria: Vec<EventCriterion>,
    /// Its candidates.
    pub candidates: Vec<Candidate>,
    /// The AHP judgments of each evaluator.
    pub judgments: Vec<Judgments>,
}

impl Workspace {
    /// Values the ranking still needs.
    pub fn missing(&self) -> Vec<problem::Missing> {
        problem::missing_values(&self.criteria, &self.candidates)
    }

    /// Each evaluator's progress and consistency.
    pub fn evaluators(&self) -> Vec<EvaluatorSummary> {
        evaluators(&self.criteria, &self.judgments)
    }
}

/// Each evaluator's progress and consistency on `criteria`.
fn evaluators(criteria: &[EventCriterion], judgments: &[Judgments]) -> Vec<EvaluatorSummary> {
    let asked = pairs(criteria).len();
    let counted = group_weights(criteria, judgments).map(|(_, who)| who).unwrap_or_default();
    judgments
        .iter()
        .map(|j| EvaluatorSummary {
            evaluator_id: j.evaluator_id,
            name: j.evaluator_name.clone(),
            answered: answered(criteria, j),
            asked,
            cr: evaluator_result(criteria, j).and_then(|r| r.cr),
            counted: counted.contains(&j.evaluator_id),
        })
        .collect()
}

/// How many of the form's pairs `j` answered.
fn answered(criteria: &[EventCriterion], j: &Judgments) -> usize {
    pairs(criteria)
        .iter()
        .filter(|(a, b)| {
            j.values.contains_key(&(a.clone(), b.clone()))
                || j.values.contains_key(&(b.clone(), a.clone()))
        })
        .count()
}

/// The buyer's workspace of an event.
pub async fn workspace(state: &AppState, actor: &Actor, id: i64) -> Result<Workspace, AppError> {
    let event = managed(state, actor, id).await?;
    Ok(Workspace {
        event,
        criteria: state.db.criteria(id).await?,
        candidates: state.db.candidates(id).await?,
        judgments: state.db.judgments(id).await?,
    })
}

/// Adds the registry's UMKM matching the filters; returns how many were added.
pub async fn add_from_registry(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &CandidateFilterDraft,
) -> Result<u64, AppError> {
    managed(state, actor, id).await?;
    let mut filter = draft.parse()?;
    if let Some(level) = filter.min_readiness {
        filter.only = Some(ready_at_least(state, level).await?);
    }
    state
        .db
        .add_candidates_from_registry(id, &filter, clock::today(), MAX_REGISTRY_CANDIDATES)
        .await
        .map_err(closed)
}

/// The UMKM whose latest submitted readiness assessment has an overall index at maturity
/// `level` or higher. The buyer can only ever ask by level, so the most it learns of an UMKM is
/// its level (the granularity Mitra publishes), never its index. Scores are recomputed from the
/// stored answers (they are never stored), so this reads every UMKM's latest assessment of every
/// shipped province.
async fn ready_at_least(state: &AppState, level: Maturity) -> Result<Vec<i64>, AppError> {
    let mut out = Vec::new();
    for province in mitra_core::region::provinces() {
        for u in state.db.latest_readiness(province.code).await? {
            let Some(record) = &u.latest else { continue };
            let instrument = crate::assessment::instrument_of(state, record).await?;
            let index = crate::assessment::score_of(&instrument, record)?.overall.index;
            if index.is_some_and(|i| Maturity::from_index(i) >= level) {
                out.push(u.organisation_id);
            }
        }
    }
    Ok(out)
}

/// Invites one UMKM by its id.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    id: i64,
    organisation_id: &str,
) -> Result<(), AppError> {
    managed(state, actor, id).await?;
    let org: i64 = organisation_id
        .trim()
        .parse()
        .map_err(|_| FieldErrors::single("organisation_id", "organisation.unknown"))?;
    match state.db.organisation_kind(org).await? {
        Some((OrganisationKind::Umkm, _)) => {}
        Some(_) => {
            return Err(FieldErrors::single("organisation_id", "selection.candidate_kind").into())
        }
        None => return Err(FieldErrors::single("organisation_id", "organisation.unknown").into()),
    }
    state.db.add_candidate(id, org, CandidateOrigin::Invited).await.map_err(closed)
}

/// A candidate's answer as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct ResponseDraft {
    /// `accepted` or `declined`.
    pub response: String,
    /// The quote (when accepting).
    #[serde(flatten)]
    pub quote: QuoteDraft,
    /// Whether to share the latest submitted readiness assessment (checkbox).
    pub share_readiness: String,
}

/// The candidate's view of an event: the need, its own row, and — once the event can be
/// ranked — its own position. Never another candidate's data, nor a number computed from it:
/// see [`OwnPosition`] for why what it shows cannot be solved for the others' values.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    /// The event (the buyer's need; of a decision, only the candidate's own award).
    pub event: SourcingEvent,
    /// The candidate's own row.
    pub candidate: Candidate,
    /// Its position, when the event can be ranked and it takes part.
    pub position: Option<OwnPosition>,
}

/// A candidate's own result: what it can act on and nothing it could solve for the other
/// candidates' values. Per criterion it gets only its own value and the weight (its own, or
/// chosen by the buyer); of the ranking, its rank, a band for its gap to the winner (`ScoreGap`:
/// < 0.10, < 0.25, more) and the criteria on which someone does better, by weight. A score, a
/// contribution (weight × normalised value) or any normalised number would not do: with vector
/// normalisation a contribution gives the column's norm, so with two candidates the other's
/// price follows exactly (issue 15 recovered 15,000); with max or min–max ones it gives the
/// column's best or worst value. Ranks, bands and "someone is better on X" are inequalities:
/// they bound the others' values, never fix them (`tests/http/candidate_view.rs` tries).
#[derive(Debug, Clone, Serialize)]
pub struct OwnPosition {
    /// Rank (1 is best).
    pub rank: usize,
    /// Number of ranked candidates.
    pub of: usize,
    /// The band of its score's distance to the winner's (never the score).
    pub gap: ScoreGap,
    /// Keys of the criteria on which another candidate does better, heaviest weight first.
    pub behind_on: Vec<String>,
    /// Per included criterion: the criterion, its own value and the weight.
    pub breakdown: Vec<OwnCriterion>,
    /// Whether this comes from the frozen decision.
    pub frozen: bool,
}

/// One criterion of a candidate's own breakdown: no number but its own value and the weight.
#[derive(Debug, Clone, Serialize)]
pub struct OwnCriterion {
    /// The criterion.
    pub criterion: EventCriterion,
    /// Its value for this candidate.
    pub value: f64,
    /// Where the value came from.
    pub source: ValueSource,
    /// The criterion's weight (sum 1).
    pub weight: f64,
}

/// The actor's own candidacy in an event.
pub async fn candidate_view(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<CandidateView, AppError> {
    let (mut event, candidate) = as_candidate(state, actor, id).await?;
    let (ranking, frozen) = match frozen(state, &event).await? {
        Some(f) => (f.rank(false), true),
        None => (live_ranking(state, &event, false).await?, false),
    };
    let own = candidate.organisation_id;
    if let Some(d) = event.decision.as_mut() {
        d.awards.retain(|(o, _)| *o == own);
    }
    let position = ranking.ok().and_then(|r| {
        let row = r.problem.candidates.iter().position(|&c| c == own)?;
        let standing = problem::own_standing(&r.analysis, &r.method, &r.weights, row)?;
        let criteria = &r.problem.criteria;
        let n = r.problem.matrix.n_criteria();
        Some(OwnPosition {
            rank: standing.rank,
            of: standing.of,
            gap: standing.gap,
            behind_on: standing
                .behind_on
                .iter()
                .filter_map(|&j| Some(criteria.get(j)?.key.clone()))
                .collect(),
            breakdown: (0..n)
                .map(|j| OwnCriterion {
                    criterion: criteria[j].clone(),
                    value: r.problem.matrix.get(row, j),
                    source: r.problem.sources[row * n + j],
                    weight: r.weights.as_slice()[j],
                })
                .collect(),
            frozen,
        })
    });
    Ok(CandidateView { event, candidate, position })
}

/// The candidate answers: accept (with a quote, optionally sharing its latest readiness
/// assessment's component scores) or decline.
pub async fn respond(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &ResponseDraft,
) -> Result<(), AppError> {
    let (_, candidate) = as_candidate(state, actor, id).await?;
    let org = candidate.organisation_id;
    let response = CandidateResponse::parse(&draft.response)
        .ok()
        .filter(|r| *r != CandidateResponse::Pending)
        .ok_or_else(|| FieldErrors::single("response", "field.choice"))?;
    if response == CandidateResponse::Declined {
        return state.db.respond(id, org, response, None, None).await.map_err(closed);
    }
    let quote = draft.quote.parse()?;
    let shared = if mitra_core::field::checkbox(&draft.share_readiness) {
        Some(
            latest_readiness_values(state, org)
                .await?
                .ok_or_else(|| FieldErrors::single("share_readiness", "selection.no_assessment"))?,
        )
    } else {
        None
    };
    let shared_ref = shared.as_ref().map(|(id, v)| (*id, v.as_slice()));
    state.db.respond(id, org, response, Some(&quote), shared_ref).await.map_err(closed)
}

/// The component indices (0–100) of an UMKM's latest submitted assessment: its own readiness
/// self-assessment or an institution assessor's rating, whichever is newer, with that source.
async fn latest_readiness_values(
    state: &AppState,
    organisation_id: i64,
) -> Result<Option<(i64, Vec<(String, CriterionValue)>)>, AppError> {
    let mut latest = None;
    for (kind, source) in [
        (AssessmentKind::Readiness, ValueSource::SelfAssessment),
        (AssessmentKind::Assessor, ValueSource::Assessor),
    ] {
        let found = state.db.submitted_assessments(organisation_id, kind, None, 1).await?;
        if let Some(record) = found.into_iter().next() {
            let newer = latest.as_ref().is_none_or(
                |(r, _): &(mitra_core::assessment::store::AssessmentRecord, _)| {
                    record.submitted_at > r.submitted_at
                },
            );
            if newer {
                latest = Some((record, source));
            }
        }
    }
    let Some((record, source)) = latest else { return Ok(None) };
    let instrument: Instrument = crate::assessment::instrument_of(state, &record).await?;
    let score = crate::assessment::score_of(&instrument, &record)?;
    let values = Component::CORE
        .iter()
        .filter_map(|c| {
            let index = score.component(*c)?.index()?;
            Some((c.key().to_owned(), CriterionValue { value: index, source }))
        })
        .collect();
    Ok(Some((record.id, values)))
}

/// Values as typed on the grid: `"{organisation id}.{criterion key}" → text` (empty clears a
/// buyer-entered value). Every bad cell is reported as `values.{org}.{key}`; nothing is saved
/// unless every cell is good.
pub async fn set_values(
    state: &AppState,
    actor: &Actor,
    id: i64,
    cells: &BTreeMap<String, String>,
) -> Result<usize, AppError> {
    let w = workspace(state, actor, id).await?;
    let mut errors = FieldErrors::new();
    let mut changes = Vec::new();
    for (cell, raw) in cells {
        let field = format!("values.{cell}");
        let parsed = cell.split_once('.').and_then(|(o, k)| {
            let org: i64 = o.parse().ok()?;
            let c = w.candidates.iter().find(|c| c.organisation_id == org)?;
            let k = w.criteria.iter().find(|x| x.key == k)?;
            Some((c, k))
        });
        let Some((c, k)) = parsed else {
            errors.add(&field, "selection.not_candidate");
            continue;
        };
        let source =
            if k.component().is_some() { ValueSource::Buyer } else { ValueSource::Entered };
        match parse_value(k, raw) {
            Ok(Some(v)) => {
                let unchanged = c.values.get(&k.key).is_some_and(|x| x.value == v);
                if !unchanged {
                    changes.push((
                        c.organisation_id,
                        k.key.clone(),
                        Some(CriterionValue { value: v, source }),
                    ));
                }
            }
            // Clearing removes only what the buyer typed; shared scores stay the candidate's.
            Ok(None) => {
                if c.values
                    .get(&k.key)
                    .is_some_and(|x| matches!(x.source, ValueSource::Buyer | ValueSource::Entered))
                {
                    changes.push((c.organisation_id, k.key.clone(), None));
                }
            }
            Err(code) => errors.add(&field, code),
        }
    }
    let changes = errors.finish(|| changes)?;
    state.db.set_values(id, &changes).await.map_err(closed)?;
    Ok(changes.len())
}

/// Excludes (or re-includes) candidates; with `missing_only`, excludes every ranked candidate
/// that lacks a value on an included criterion. Returns how many changed.
pub async fn set_excluded(
    state: &AppState,
    actor: &Actor,
    id: i64,
    organisation_ids: &[i64],
    excluded: bool,
    missing_only: bool,
) -> Result<usize, AppError> {
    let w = workspace(state, actor, id).await?;
    let ids: Vec<i64> = if missing_only {
        let mut m: Vec<i64> = w.missing().iter().map(|m| m.organisation_id).collect();
        m.dedup();
        m
    } else {
        organisation_ids
            .iter()
            .copied()
            .filter(|o| w.candidates.iter().any(|c| c.organisation_id == *o))
            .collect()
    };
    state.db.set_excluded(id, &ids, excluded || missing_only).await.map_err(closed)?;
    Ok(ids.len())
}

/// The criteria form as typed: which are included, the direct percentages, the weight mode.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct CriteriaDraft {
    /// `direct` or `ahp`.
    pub weight_mode: String,
    /// Keys of the included criteria.
    pub included: Vec<String>,
    /// Criterion key → percentage as typed.
    pub weights: BTreeMap<String, String>,
}

/// Sets inclusion, direct weights (rescaled to 100 %) and the weight mode.
pub async fn set_criteria(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &CriteriaDraft,
) -> Result<(), AppError> {
    let w = workspace(state, actor, id).await?;
    let mut errors = FieldErrors::new();
    let mode = errors.take("weight_mode", WeightMode::parse(&draft.weight_mode));
    let included: Vec<&String> = draft.included.iter().collect();
    if !w.criteria.iter().any(|c| included.contains(&&c.key)) {
        errors.add("included", "selection.no_criteria");
    }
    let typed: BTreeMap<String, String> = w
        .criteria
        .iter()
        .filter(|c| included.contains(&&c.key))
        // A weight not sent keeps its current value (the AHP form sends none).
        .map(|c| {
            (
                c.key.clone(),
                draft.weights.get(&c.key).cloned().unwrap_or_else(|| c.weight.to_string()),
            )
        })
        .collect();
    let percentages = match problem::normalise_percentages(&typed) {
        Ok(p) => Some(p),
        Err(e) => {
            for x in e.iter() {
                errors.add(&x.field, x.code);
            }
            None
        }
    };
    let (mode, percentages) = match (mode, percentages) {
        (Some(m), Some(p)) if errors.is_empty() => (m, p),
        _ => return Err(errors.into()),
    };
    let criteria: Vec<EventCriterion> = w
        .criteria
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.included = percentages.contains_key(&c.key);
            if let Some(p) = percentages.get(&c.key) {
                c.weight = *p;
            }
            c
        })
        .collect();
    state.db.set_criteria(id, &criteria, mode, clock::now()).await.map_err(closed)
}

/// Adds a custom criterion (benefit or cost, with a unit).
pub async fn add_criterion(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &CustomCriterionDraft,
) -> Result<(), AppError> {
    let w = workspace(state, actor, id).await?;
    let new = draft.parse(&w.criteria)?;
    let mut criteria = w.criteria.clone();
    criteria.push(new);
    state.db.set_criteria(id, &criteria, w.event.weight_mode, clock::now()).await.map_err(closed)
}

/// Reads an AHP form: `"{a}.{b}" → value` on Saaty's scale, written as `3`, `1/3` or `0.333…`;
/// empty means not answered yet.
pub fn parse_judgments(
    criteria: &[EventCriterion],
    raw: &BTreeMap<String, String>,
    evaluator_id: i64,
) -> Result<Judgments, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut values = BTreeMap::new();
    let asked = pairs(criteria);
    for (field, text) in raw {
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let Some((a, b)) = field.split_once('|') else {
            e.add(&format!("judgments.{field}"), "selection.judgment_scale");
            continue;
        };
        if !asked.iter().any(|(x, y)| x == a && y == b) {
            e.add(&format!("judgments.{field}"), "selection.judgment_scale");
            continue;
        }
        let v = match t.split_once('/') {
            Some((n, d)) => {
                n.trim().parse::<f64>().ok().zip(d.trim().parse::<f64>().ok()).map(|(n, d)| n / d)
            }
            None => t.replace(',', ".").parse::<f64>().ok(),
        };
        match v.filter(|v| problem::SAATY.iter().any(|s| (s - v).abs() < 1e-6)) {
            Some(v) => {
                values.insert((a.to_owned(), b.to_owned()), v);
            }
            None => e.add(&format!("judgments.{field}"), "selection.judgment_scale"),
        }
    }
    e.finish(|| Judgments { evaluator_id, evaluator_name: String::new(), values })
}

/// The actor's AHP result for judgments as typed, without saving (the live consistency check).
pub async fn preview_judgments(
    state: &AppState,
    actor: &Actor,
    id: i64,
    raw: &BTreeMap<String, String>,
) -> Result<Option<mitra_decide::ahp::AhpResult>, AppError> {
    let w = workspace(state, actor, id).await?;
    let j = parse_judgments(&w.criteria, raw, actor.user_id)?;
    Ok(evaluator_result(&w.criteria, &j))
}

/// Saves the actor's own AHP judgments (each evaluator of the buyer fills the form once).
pub async fn save_judgments(
    state: &AppState,
    actor: &Actor,
    id: i64,
    raw: &BTreeMap<String, String>,
) -> Result<(), AppError> {
    let w = workspace(state, actor, id).await?;
    let j = parse_judgments(&w.criteria, raw, actor.user_id)?;
    state.db.set_judgments(id, &j).await.map_err(closed)
}

/// A ranked event: the problem, the weights and method used, and the analyses.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// The matrix and its rows.
    pub problem: Problem,
    /// The method.
    pub method: Method,
    /// The weights used (sum 1), one per included criterion.
    pub weights: Weights,
    /// Ranking, contributions, method comparison, stability, SMAA.
    pub analysis: Analysis,
    /// The AHP evaluators, when weights came from AHP.
    pub evaluators: Vec<EvaluatorSummary>,
}

impl Ranking {
    /// Matrix rows of page `page` (from 1) of `per_page` rows, best first.
    fn page_rows(&self, page: u32, per_page: u32) -> Vec<usize> {
        let e = &self.analysis.evaluation;
        let mut order: Vec<usize> = (0..e.ranks.len()).collect();
        order.sort_by_key(|&i| (e.ranks[i], i));
        let start =
            usize::try_from(u64::from(page.max(1) - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
        order.into_iter().skip(start).take(per_page as usize).collect()
    }

    /// The candidates a page of the results names: its rows, the winner, and who would win
    /// at each end of the stability intervals.
    fn shown(&self, page: u32, per_page: u32) -> Vec<i64> {
        let mut rows = self.page_rows(page, per_page);
        rows.push(self.analysis.evaluation.winner());
        if let Some(s) = &self.analysis.stability {
            rows.extend(s.intervals.iter().flat_map(|i| [i.below, i.above]).flatten());
        }
        let mut ids: Vec<i64> =
            rows.into_iter().filter_map(|i| self.problem.candidates.get(i).copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Ranks a workspace; `full` adds the comparison, stability and SMAA analyses.
pub fn ranking_of(w: &Workspace, full: bool) -> Result<Ranking, NotReady> {
    rank_open(&w.event, &w.criteria, &w.judgments, problem::build(&w.criteria, &w.candidates), full)
}

/// Ranks an open event from its ranking rows alone (no names or profiles loaded): the path
/// of the results pages, which must stay interactive with 100,000 candidates.
async fn live_ranking(
    state: &AppState,
    event: &SourcingEvent,
    full: bool,
) -> Result<Result<Ranking, NotReady>, AppError> {
    let criteria = state.db.criteria(event.id).await?;
    let judgments = state.db.judgments(event.id).await?;
    let rows = state.db.ranking_rows(event.id, &criteria).await?;
    Ok(rank_open(event, &criteria, &judgments, problem::build_from_rows(&criteria, rows), full))
}

/// Ranks an open event's problem with its current weights and method.
fn rank_open(
    event: &SourcingEvent,
    criteria: &[EventCriterion],
    judgments: &[Judgments],
    problem: Result<Problem, NotReady>,
    full: bool,
) -> Result<Ranking, NotReady> {
    let problem = problem?;
    let n = problem.matrix.n_criteria();
    let method = event.need.method.method(n);
    let weights = match event.weight_mode {
        WeightMode::Direct => problem::direct_weights(criteria)?,
        WeightMode::Ahp => group_weights(criteria, judgments).ok_or(NotReady::Weights)?.0.weights,
    };
    ranking_with(problem, method, weights, evaluators(criteria, judgments), full)
}

fn ranking_with(
    problem: Problem,
    method: Method,
    weights: Weights,
    evaluators: Vec<EvaluatorSummary>,
    full: bool,
) -> Result<Ranking, NotReady> {
    let analysis = if full {
        problem::analyse(&problem, &method, &weights)?
    } else {
        problem::analyse_ranking(&problem, &method, &weights)?
    };
    Ok(Ranking { problem, method, weights, analysis, evaluators })
}

/// A decided event's frozen workspace, rebuilt from its snapshot; `None` while it is open.
async fn frozen(
    state: &AppState,
    event: &SourcingEvent,
) -> Result<Option<FrozenWorkspace>, AppError> {
    if event.is_open() {
        return Ok(None);
    }
    let text = state
        .db
        .snapshot(event.id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("event {} has no snapshot", event.id)))?;
    let snapshot: Snapshot = serde_json::from_str(&text)
        .map_err(|e| AppError::Internal(format!("snapshot of event {}: {e}", event.id)))?;
    Ok(Some(FrozenWorkspace { event: event.clone(), snapshot }))
}

/// A decided event's inputs as frozen.
#[derive(Debug, Clone)]
pub struct FrozenWorkspace {
    /// The event.
    pub event: SourcingEvent,
    /// Its snapshot.
    pub snapshot: Snapshot,
}

impl FrozenWorkspace {
    /// Ranks the frozen inputs with the frozen weights and method.
    pub fn rank(&self, full: bool) -> Result<Ranking, NotReady> {
        let s = &self.snapshot;
        let problem = problem::build(&s.criteria, &s.candidates)?;
        let n = problem.matrix.n_criteria();
        let method = s.method.method(n);
        let weights = Weights::new(&s.weights).map_err(|_| NotReady::Weights)?;
        ranking_with(problem, method, weights, s.evaluators.clone(), full)
    }
}

/// The results of an event for its buyer: the ranking (with the analyses when the pool is
/// small enough), or why it cannot be ranked yet, and the names of the candidates one page of
/// it shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// The event.
    pub event: SourcingEvent,
    /// The ranking, or why not.
    pub ranking: Result<Ranking, NotReady>,
    /// The page shown (from 1) and its size.
    page: u32,
    per_page: u32,
    /// Names of the candidates the page shows (its rows, the winner, the stability's rivals).
    names: HashMap<i64, String>,
}

/// Ranks an event for its buyer — live while open, from the frozen snapshot once decided —
/// for showing page `page` (from 1) of `per_page` rows (`u32::MAX`: every row). Only the
/// shown candidates' names are loaded.
pub async fn results(
    state: &AppState,
    actor: &Actor,
    id: i64,
    page: u32,
    per_page: u32,
) -> Result<Results, AppError> {
    let event = managed(state, actor, id).await?;
    let (page, per_page) = (page.max(1), per_page.max(1));
    match frozen(state, &event).await? {
        Some(f) => {
            let ranking = f.rank(true);
            let names =
                f.snapshot.candidates.into_iter().map(|c| (c.organisation_id, c.name)).collect();
            Ok(Results { event: f.event, ranking, page, per_page, names })
        }
        None => {
            let ranking = live_ranking(state, &event, true).await?;
            let shown = ranking.as_ref().map(|r| r.shown(page, per_page)).unwrap_or_default();
            let names = state.db.candidate_names(id, &shown).await?.into_iter().collect();
            Ok(Results { event, ranking, page, per_page, names })
        }
    }
}

/// Records the buyer's decision: freezes the event with its inputs, weights, method and
/// results, and turns each award into a proposed partnership with the intended pattern.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: i64,
    version: i64,
    draft: &DecisionDraft,
) -> Result<Vec<i64>, AppError> {
    let w = workspace(state, actor, id).await?;
    if !w.event.is_open() {
        return Err(closed(StoreError::Stale));
    }
    let (awards, reason) = draft.parse(&w.event, &w.candidates)?;
    let ranking =
        ranking_of(&w, false).map_err(|_| FieldErrors::single("awards", "selection.not_ready"))?;
    let e = &ranking.analysis.evaluation;
    let snapshot = Snapshot {
        method: w.event.need.method,
        weight_mode: w.event.weight_mode,
        criteria: w.criteria.clone(),
        candidates: w.candidates.clone(),
        weights: ranking.weights.as_slice().to_vec(),
        evaluators: if w.event.weight_mode == WeightMode::Ahp {
            w.evaluators()
        } else {
            Vec::new()
        },
        ranked: ranking.problem.candidates.clone(),
        scores: e.scores.clone(),
        ranks: e.ranks.clone(),
    };
    let record = DecisionRecord {
        partnerships: awards.iter().map(|(o, _)| w.event.proposed_partnership(*o)).collect(),
        awards,
        reason,
        decided_by: actor.user_id,
        decided_at: clock::now(),
        snapshot: serde_json::to_string(&snapshot)
            .map_err(|e| AppError::Internal(format!("snapshot: {e}")))?,
    };
    state.db.decide(id, version, &record, clock::today()).await.map_err(closed)
}

/// Re-opens a decided event as a new revision; returns the new event's id.
pub async fn reopen(state: &AppState, actor: &Actor, id: i64) -> Result<i64, AppError> {
    managed(state, actor, id).await?;
    state.db.reopen(id, actor.user_id, clock::now()).await.map_err(closed)
}

/// One included criterion with its weight, as the results show it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionWeight {
    /// Key.
    pub key: String,
    /// Name in the reader's language.
    pub name: String,
    /// Lower is better.
    pub cost: bool,
    /// Unit.
    pub unit: String,
    /// Weight (sum 1).
    pub weight: f64,
}

/// One ranked candidate on a results page.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    /// Rank by the event's method.
    pub rank: usize,
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub name: String,
    /// Score by the event's method (full precision).
    pub score: f64,
    /// Its values, one per included criterion.
    pub values: Vec<f64>,
    /// Weight × normalised value per included criterion.
    pub contributions: Vec<f64>,
    /// Its rank by each compared method (same order as [`ResultsView::methods`]).
    pub method_ranks: Vec<usize>,
    /// SMAA rank acceptability for ranks 1, 2, …, when computed.
    pub acceptability: Option<Vec<f64>>,
    /// The quantity awarded, once decided.
    pub award_quantity: Option<i64>,
}

/// For one criterion, the weight range in which the winner stays first.
#[derive(Debug, Clone, Serialize)]
pub struct IntervalView {
    /// Criterion key.
    pub key: String,
    /// Criterion name.
    pub name: String,
    /// Its current weight.
    pub weight: f64,
    /// Lowest weight keeping the winner first.
    pub lo: f64,
    /// Highest weight keeping the winner first.
    pub hi: f64,
    /// Who would be first just below `lo`.
    pub below: Option<String>,
    /// Who would be first just above `hi`.
    pub above: Option<String>,
}

/// The results of an event as pages, the API and the export show them.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    /// The event.
    pub event: SourcingEvent,
    /// Why it cannot be ranked yet, if it cannot.
    pub not_ready: Option<NotReady>,
    /// The method.
    pub method: mitra_core::selection::MethodKey,
    /// Included criteria with their weights.
    pub criteria: Vec<CriterionWeight>,
    /// AHP evaluators (AHP weights only).
    pub evaluators: Vec<EvaluatorSummary>,
    /// Ranked candidates in all.
    pub total: usize,
    /// Page number, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
    /// This page's rows, best first.
    pub rows: Vec<ResultRow>,
    /// The compared methods (the event's first).
    pub methods: Vec<String>,
    /// Spearman's ρ between the compared methods.
    pub spearman: Vec<Vec<f64>>,
    /// Name of the winner.
    pub winner: Option<String>,
    /// Stability of the winner per criterion (pools up to 2,000).
    pub stability: Option<Vec<IntervalView>>,
    /// How many SMAA rank columns each row carries.
    pub smaa_ranks: usize,
}

impl Results {
    /// The name of a candidate the results show (empty for one they do not).
    pub fn name(&self, organisation_id: i64) -> &str {
        self.names.get(&organisation_id).map_or("", String::as_str)
    }

    /// The view of the page asked for, criteria names in `lang`.
    pub fn view(&self, lang: mitra_core::Lang) -> ResultsView {
        let name_of = |org: i64| self.name(org).to_owned();
        let mut view = ResultsView {
            event: self.event.clone(),
            not_ready: None,
            method: self.event.need.method,
            criteria: Vec::new(),
            evaluators: Vec::new(),
            total: 0,
            page: self.page,
            per_page: self.per_page,
            rows: Vec::new(),
            methods: Vec::new(),
            spearman: Vec::new(),
            winner: None,
            stability: None,
            smaa_ranks: 0,
        };
        let r = match &self.ranking {
            Ok(r) => r,
            Err(e) => {
                view.not_ready = Some(e.clone());
                return view;
            }
        };
        let a = &r.analysis;
        let e = &a.evaluation;
        view.criteria = r
            .problem
            .criteria
            .iter()
            .zip(r.weights.as_slice())
            .map(|(c, w)| CriterionWeight {
                key: c.key.clone(),
                name: c.name(lang),
                cost: c.cost,
                unit: c.unit.clone(),
                weight: *w,
            })
            .collect();
        view.evaluators = r.evaluators.clone();
        view.total = e.ranks.len();
        if let Some(cmp) = &a.comparison {
            view.methods = cmp.evaluations.iter().map(|x| x.method.key().to_owned()).collect();
            view.spearman = cmp.spearman.clone();
        } else {
            view.methods = vec![r.method.key().to_owned()];
        }
        let winner = e.winner();
        view.winner = r.problem.candidates.get(winner).map(|&o| name_of(o));
        view.smaa_ranks =
            a.smaa.as_ref().map_or(0, |s| s.rank_acceptability.first().map_or(0, Vec::len).min(10));
        view.stability = a.stability.as_ref().map(|s| {
            s.intervals
                .iter()
                .map(|i| IntervalView {
                    key: r.problem.criteria[i.criterion].key.clone(),
                    name: r.problem.criteria[i.criterion].name(lang),
                    weight: i.weight,
                    lo: i.lo,
                    hi: i.hi,
                    below: i.below.map(|k| name_of(r.problem.candidates[k])),
                    above: i.above.map(|k| name_of(r.problem.candidates[k])),
                })
                .collect()
        });
        let awards: BTreeMap<i64, i64> = self
            .event
            .decision
            .as_ref()
            .map(|d| d.awards.iter().copied().collect())
            .unwrap_or_default();
        view.rows = r
            .page_rows(self.page, self.per_page)
            .into_iter()
            .map(|i| {
                let org = r.problem.candidates[i];
                ResultRow {
                    rank: e.ranks[i],
                    organisation_id: org,
                    name: name_of(org),
                    score: e.scores[i],
                    values: r.problem.matrix.row(i).to_vec(),
                    contributions: a.contributions[i].clone(),
                    method_ranks: match &a.comparison {
                        Some(cmp) => cmp.evaluations.iter().map(|x| x.ranks[i]).collect(),
                        None => vec![e.ranks[i]],
                    },
                    acceptability: a
                        .smaa
                        .as_ref()
                        .map(|s| s.rank_acceptability[i].iter().take(10).copied().collect()),
                    award_quantity: awards.get(&org).copied(),
                }
            })
            .collect();
        view
    }
}

/// One candidate's quote beside the others', for the buyer's comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub name: String,
    /// Its quote.
    pub quote: mitra_core::selection::Quote,
    /// Lowest unit price of all quotes.
    pub lowest_price: bool,
    /// Shortest lead time of all quotes.
    pub shortest_lead: bool,
    /// Capacity covers the whole quantity.
    pub covers_quantity: bool,
}

/// The quotes of an event side by side, lowest price and shortest lead time marked.
pub async fn quotes(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(SourcingEvent, Vec<QuoteRow>), AppError> {
    let w = workspace(state, actor, id).await?;
    let quoted: Vec<(&Candidate, mitra_core::selection::Quote)> =
        w.candidates.iter().filter_map(|c| c.quote.map(|q| (c, q))).collect();
    let min_price = quoted.iter().map(|(_, q)| q.unit_price).min();
    let min_lead = quoted.iter().map(|(_, q)| q.lead_time_days).min();
    let rows = quoted
        .into_iter()
        .map(|(c, q)| QuoteRow {
            organisation_id: c.organisation_id,
            name: c.name.clone(),
            quote: q,
            lowest_price: Some(q.unit_price) == min_price,
            shortest_lead: Some(q.lead_time_days) == min_lead,
            covers_quantity: q.capacity.is_some_and(|cap| cap >= w.event.need.quantity),
        })
        .collect();
    Ok((w.event, rows))
}
