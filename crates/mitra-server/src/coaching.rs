//! Application functions for coaching, shared by the pages (`web::coaching`) and the API
//! (`api_coaching`): coach assignment, action plans drawn from the latest readiness
//! assessment, the institution's advice library, and Lambert's drivers and facilitators on a
//! partnership. Permission rules are `mitra_core::access`; domain rules (status arrows, the
//! propensity grid, recommendations) are `mitra_core::assessment`.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::advice::{
    self, Action, ActionPlan, ActionStatus, AdviceEntry, AdviceLibrary, CoachNote, Progress,
    Recommendation,
};
use mitra_core::assessment::coaching::{
    extra_from_key, library_with, Coach, CoachingStore, LambertRatings, NewAction, PlanCounts,
    PlanSummary, RatingSide, StoredAction,
};
use mitra_core::assessment::lambert::{
    Drivers, Facilitators, PartnershipType, Placement, PropensityGrid, TargetProfiles, DRIVERS,
    FACILITATORS,
};
use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
use mitra_core::assessment::{Component, Maturity};
use mitra_core::field::{optional_text, parse_date, required_text};
use mitra_core::organisation::OrganisationKind;
use mitra_core::partnership::Partnership;
use mitra_core::user::{Role, User};
use mitra_core::{FieldErrors, Store, StoreError};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::assessment::{instrument_of, score_of};
use crate::error::AppError;
use crate::{clock, AppState};

/// Days between the due dates of actions adopted together.
pub const SPACING_DAYS: u16 = 30;
/// Longest free text (owner, note, advice) accepted.
const MAX_TEXT: usize = 2000;

/// An UMKM: its name and regency, or `NotFound` when the id is not an UMKM.
async fn umkm(state: &AppState, organisation_id: i64) -> Result<(String, String), AppError> {
    match state.db.organisation_kind(organisation_id).await? {
        Some((OrganisationKind::Umkm, regency)) => {
            Ok((state.db.organisation(organisation_id).await?.legal_name, regency))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The province code of a regency (its first two digits).
fn province_of(regency: &str) -> &str {
    regency.get(..2).unwrap_or(regency)
}

/// The advice library an UMKM gets: the shipped one with the texts of its institution (its
/// coach's, else the first of its province that edited its library) laid over it.
pub async fn library_for(
    state: &AppState,
    organisation_id: i64,
    regency: &str,
) -> Result<AdviceLibrary, AppError> {
    match state.db.advice_institution(organisation_id, province_of(regency)).await? {
        Some(institution) => Ok(library_with(&state.db.advice_entries(institution).await?)),
        None => Ok(AdviceLibrary::default()),
    }
}

/// The target profiles an UMKM's gaps are measured against: Mitra's defaults with the targets
/// of its institution (its coach's, else the first of its province that set its own) laid over.
pub async fn targets_for(
    state: &AppState,
    organisation_id: i64,
    regency: &str,
) -> Result<TargetProfiles, AppError> {
    match state.db.target_institution(organisation_id, province_of(regency)).await? {
        Some(institution) => {
            Ok(TargetProfiles::with_entries(&state.db.target_entries(institution).await?))
        }
        None => Ok(TargetProfiles::default()),
    }
}

/// The officer's institution's target profiles (defaults where it set none). Officers only.
pub async fn institution_targets(
    state: &AppState,
    actor: &Actor,
) -> Result<TargetProfiles, AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    Ok(TargetProfiles::with_entries(&state.db.target_entries(institution).await?))
}

/// Replaces the officer's institution's target profiles with the typed ones:
/// `"{type}.{component}" → text` on the 1–5 readiness scale (decimal comma accepted). Every bad
/// value is reported as `targets.{type}.{component}`; nothing is saved unless all are good.
pub async fn set_institution_targets(
    state: &AppState,
    actor: &Actor,
    typed: &BTreeMap<String, String>,
) -> Result<(), AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    let mut errors = FieldErrors::new();
    let mut profiles = TargetProfiles::default();
    for (field, raw) in typed {
        let name = format!("targets.{field}");
        let parsed = field
            .split_once('.')
            .and_then(|(t, c)| Some((PartnershipType::from_key(t)?, Component::from_key(c)?)));
        let Some((ty, component)) = parsed.filter(|(t, _)| *t != PartnershipType::ArmsLength)
        else {
            errors.add(&name, "field.choice");
            continue;
        };
        match mitra_core::field::parse_number(raw) {
            Some(v) if profiles.set(ty, component, v).is_ok() => {}
            _ => errors.add(&name, "targets.range"),
        }
    }
    let entries = errors.finish(|| profiles.entries())?;
    state.db.set_target_entries(institution, &entries, actor.user_id, clock::now()).await?;
    Ok(())
}

/// Restores Mitra's default targets for the officer's institution.
pub async fn reset_institution_targets(state: &AppState, actor: &Actor) -> Result<(), AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    state.db.set_target_entries(institution, &[], actor.user_id, clock::now()).await?;
    Ok(())
}

/// The partnership type an UMKM's gaps are measured to: the most integrated type that
/// Lambert's grid recommends for any of its rated partnerships (Type I when all are arm's
/// length, which has no target profile), Type II when none is rated yet.
pub async fn target_type_for(
    state: &AppState,
    organisation_id: i64,
) -> Result<PartnershipType, AppError> {
    let grid = PropensityGrid::default();
    let page = state.db.partnerships_of(organisation_id, 1, 100).await?;
    let mut best: Option<PartnershipType> = None;
    for p in page.items {
        if let Some(placed) = state.db.lambert_ratings(p.id).await?.placement(&grid) {
            best = best.max(Some(placed.recommended));
        }
    }
    Ok(match best {
        None => PartnershipType::TypeII,
        Some(PartnershipType::ArmsLength) => PartnershipType::TypeI,
        Some(t) => t,
    })
}

/// Change of one component between the last two readiness assessments, with the plan's
/// actions for it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRow {
    /// The component.
    pub component: Component,
    /// 0–100 index at the previous assessment.
    pub previous: Option<f64>,
    /// 0–100 index at the latest assessment.
    pub current: Option<f64>,
    /// `current − previous`.
    pub change: Option<f64>,
    /// Actions of the plan for this component that are done.
    pub done: usize,
    /// Actions of the plan for this component still open.
    pub open: usize,
}

/// Everything the action plan page and `GET /api/organisations/{id}/action-plan` show.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// Its coach.
    pub coach: Option<Coach>,
    /// Its actions, oldest first.
    pub actions: Vec<StoredAction>,
    /// Status and overdue counts.
    pub counts: PlanCounts,
    /// The day overdue is measured on.
    pub today: Date,
    /// The latest submitted readiness assessment, whose gaps the suggestions come from.
    pub latest_assessment_id: Option<i64>,
    /// The partnership type the gaps are measured to.
    #[serde(serialize_with = "type_key")]
    pub target_type: PartnershipType,
    /// Recommendations not yet in the plan, largest gap first.
    pub suggestions: Vec<Recommendation>,
    /// Change per component since the assessment before the latest, when there are two.
    pub progress: Option<Vec<ProgressRow>>,
    /// Change of the overall index over the same two assessments.
    pub overall_change: Option<f64>,
    /// Accounts that may own an action (the UMKM's users and its coach).
    #[serde(skip)]
    pub owners: Vec<User>,
    /// Officers the actor may assign as coach (empty unless the actor may assign).
    #[serde(skip)]
    pub coaches: Vec<User>,
    /// Whether the actor may write coach's notes.
    pub can_note: bool,
}

fn type_key<S: serde::Serializer>(t: &PartnershipType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.key())
}

/// The UMKM's plan if the actor may see it (else `NotFound`): name, regency, coach.
async fn visible_plan(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<(String, String, Option<Coach>), AppError> {
    let (name, regency) = umkm(state, organisation_id).await?;
    let coach = state.db.coach_of(organisation_id).await?;
    if !actor.can_view_action_plan(organisation_id, &regency, coach.as_ref().map(|c| c.user_id)) {
        return Err(AppError::NotFound);
    }
    Ok((name, regency, coach))
}

/// Recommendations of the latest submitted readiness assessment that the plan does not hold yet
/// (an action dropped may be suggested again), with that assessment's id; and the progress
/// between the last two assessments.
async fn suggestions_and_progress(
    state: &AppState,
    organisation_id: i64,
    regency: &str,
    ty: PartnershipType,
    actions: &[StoredAction],
) -> Result<(Option<i64>, Vec<Recommendation>, Option<Progress>), AppError> {
    let history =
        state.db.submitted_assessments(organisation_id, AssessmentKind::Readiness, None, 2).await?;
    let Some(latest) = history.first() else {
        return Ok((None, Vec::new(), None));
    };
    let current = score_of(&instrument_of(state, latest).await?, latest)?;
    let gaps = targets_for(state, organisation_id, regency).await?.gaps(ty, &current);
    let library = library_for(state, organisation_id, regency).await?;
    let suggestions = library
        .recommend(&gaps)
        .into_iter()
        .filter(|r| {
            !actions.iter().any(|a| {
                a.action.status() != ActionStatus::Dropped
                    && a.action.component() == r.component
                    && a.action.text().en == r.text_en
            })
        })
        .collect();
    let progress = match history.get(1) {
        Some(p) => Some(advice::compare(&score_of(&instrument_of(state, p).await?, p)?, &current)),
        None => None,
    };
    Ok((Some(latest.id), suggestions, progress))
}

/// An UMKM's action plan with its coach, suggestions and progress.
pub async fn plan(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
) -> Result<PlanView, AppError> {
    let (organisation_name, regency, coach) = visible_plan(state, actor, organisation_id).await?;
    let actions = state.db.actions_of(organisation_id).await?;
    let today = clock::today();
    let counts = PlanCounts::of(actions.iter().map(|a| &a.action), today);
    let target_type = target_type_for(state, organisation_id).await?;
    let (latest_assessment_id, suggestions, progress) =
        suggestions_and_progress(state, organisation_id, &regency, target_type, &actions).await?;
    let overall_change = progress.as_ref().and_then(|p| p.overall);
    let progress = progress.map(|p| {
        p.components
            .iter()
            .map(|c| {
                let mine = actions.iter().filter(|a| a.action.component() == c.component);
                ProgressRow {
                    component: c.component,
                    previous: c.previous,
                    current: c.current,
                    change: c.change,
                    done: mine.clone().filter(|a| a.action.status() == ActionStatus::Done).count(),
                    open: mine.filter(|a| a.action.status().is_open()).count(),
                }
            })
            .collect()
    });
    let mut owners = state.db.accounts_of(organisation_id).await?;
    if let Some(c) = &coach {
        owners.push(User {
            id: c.user_id,
            email: String::new(),
            display_name: c.display_name.clone(),
            role: Role::InstitutionOfficer,
            organisation_id: Some(c.institution_id),
        });
    }
    let coaches = match actor.organisation_id {
        Some(inst) if actor.can_assign_coach(&regency) => state
            .db
            .accounts_of(inst)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::InstitutionOfficer)
            .collect(),
        _ => Vec::new(),
    };
    let can_note = actor.can_write_coach_note(&regency, coach.as_ref().map(|c| c.user_id));
    Ok(PlanView {
        organisation_id,
        organisation_name,
        coach,
        actions,
        counts,
        today,
        latest_assessment_id,
        target_type,
        suggestions,
        progress,
        overall_change,
        owners,
        coaches,
        can_note,
    })
}

/// Assigns a coach (an institution officer of the actor's institution) to an UMKM of the actor's
/// province. `raw` is the coach's account id as typed.
pub async fn assign_coach(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
    raw: &str,
) -> Result<Coach, AppError> {
    let (_, regency, _) = visible_plan(state, actor, organisation_id).await?;
    let institution = match actor.organisation_id {
        Some(i) if actor.can_assign_coach(&regency) => i,
        _ => return Err(AppError::Forbidden),
    };
    let officers = state.db.accounts_of(institution).await?;
    let coach = raw
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| officers.iter().find(|u| u.id == id && u.role == Role::InstitutionOfficer))
        .ok_or_else(|| {
            FieldErrors::single(
                "coach_id",
                if raw.trim().is_empty() { "field.required" } else { "coach.unknown" },
            )
        })?;
    state
        .db
        .assign_coach(organisation_id, coach.id, institution, actor.user_id, clock::now())
        .await?;
    Ok(Coach {
        user_id: coach.id,
        display_name: coach.display_name.clone(),
        institution_id: institution,
    })
}

/// Who owns an action, as a form or JSON body sends it: an account id (`owner_user_id`) or free
/// text (`owner`); the account wins when both are given.
fn owner(
    view_owners: &[User],
    raw_user: &str,
    raw_text: &str,
    errors: &mut FieldErrors,
) -> Option<(String, Option<i64>)> {
    if !raw_user.trim().is_empty() {
        let found = raw_user
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| view_owners.iter().find(|u| u.id == id));
        return match found {
            Some(u) => Some((u.display_name.clone(), Some(u.id))),
            None => {
                errors.add("owner_user_id", "field.choice");
                None
            }
        };
    }
    match optional_text(raw_text, 200) {
        Ok(Some(t)) => Some((t, None)),
        Ok(None) => None,
        Err(code) => {
            errors.add("owner", code);
            None
        }
    }
}

/// The recommendations to adopt into the plan, with one owner and the first due date (the
/// next ones follow every [`SPACING_DAYS`] days).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AdoptDraft {
    /// Component keys of the suggestions to adopt.
    pub components: Vec<String>,
    /// The owner's account id, if the owner is a user.
    pub owner_user_id: String,
    /// The owner as free text.
    pub owner: String,
    /// The first due date, `YYYY-MM-DD`.
    pub first_due: String,
}

/// Adds the chosen suggestions to the plan, all or none.
pub async fn adopt(
    state: &AppState,
    actor: &Actor,
    organisation_id: i64,
    draft: &AdoptDraft,
) -> Result<Vec<StoredAction>, AppError> {
    let view = plan(state, actor, organisation_id).await?;
    let mut errors = FieldErrors::new();
    let chosen: Vec<Recommendation> = view
        .suggestions
        .iter()
        .filter(|s| draft.components.iter().any(|c| c == s.component.key()))
        .cloned()
        .collect();
    if draft.components.is_empty() {
        errors.add("components", "action.none_chosen");
    } else if chosen.len() != draft.components.len() {
        errors.add("components", "field.choice");
    }
    let owner = owner(&view.owners, &draft.owner_user_id, &draft.owner, &mut errors);
    if owner.is_none() && errors.code_for("owner_user_id").is_none() {
        errors.add("owner", "field.required");
    }
    let due = match draft.first_due.trim() {
        "" => {
            errors.add("first_due", "field.required");
            None
        }
        s => parse_date(s).or_else(|| {
            errors.add("first_due", "field.date");
            None
        }),
    };
    let (owner, due) = match (owner, due) {
        (Some(o), Some(d)) if errors.is_empty() => (o, d),
        _ => return Err(errors.into()),
    };
    let planned = ActionPlan::from_recommendations(&chosen, &owner.0, due, SPACING_DAYS)
        .map_err(|e| AppError::Internal(format!("adopting advice: {e}")))?;
    let new: Vec<NewAction> = planned
        .actions()
        .iter()
        .map(|a| NewAction {
            organisation_id,
            action: a.clone(),
            owner_user_id: owner.1,
            assessment_id: view.latest_assessment_id,
            created_by: actor.user_id,
        })
        .collect();
    let ids = state.db.add_actions(&new, clock::now()).await?;
    let all = state.db.actions_of(organisation_id).await?;
    Ok(all.into_iter().filter(|a| ids.contains(&a.id)).collect())
}

/// A change to one action: any field left empty stays as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionDraft {
    /// The version read (required: a concurrent change is refused, not overwritten).
    pub version: String,
    /// New status key.
    pub status: String,
    /// New owner's account id.
    pub owner_user_id: String,
    /// New owner as free text.
    pub owner: String,
    /// New due date, `YYYY-MM-DD`.
    pub due: String,
    /// A coach's note to add (coach and province officers only).
    pub note: String,
}

/// Changes an action of a plan the actor may see; returns it as stored.
pub async fn update_action(
    state: &AppState,
    actor: &Actor,
    action_id: i64,
    draft: &ActionDraft,
) -> Result<StoredAction, AppError> {
    let stored = state.db.action(action_id).await?;
    let view = plan(state, actor, stored.organisation_id).await?;
    let mut errors = FieldErrors::new();
    let mut action: Action = stored.action.clone();
    let version = draft.version.trim().parse::<i64>().ok();
    if version.is_none() {
        errors.add("version", "field.number");
    }
    if !draft.status.trim().is_empty() {
        match ActionStatus::parse(&draft.status) {
            Ok(s) if s == action.status() => {}
            Ok(s) => {
                if action.set_status(s).is_err() {
                    errors.add("status", "action.status_transition");
                }
            }
            Err(code) => errors.add("status", code),
        }
    }
    let mut owner_user_id = stored.owner_user_id;
    let same_text = draft.owner_user_id.trim().is_empty() && draft.owner.trim() == action.owner();
    if !same_text {
        if let Some((name, id)) =
            owner(&view.owners, &draft.owner_user_id, &draft.owner, &mut errors)
        {
            if action.set_owner(name).is_ok() {
                owner_user_id = id;
            }
        }
    }
    if !draft.due.trim().is_empty() {
        match parse_date(draft.due.trim()) {
            Some(d) => action.set_due(d),
            None => errors.add("due", "field.date"),
        }
    }
    let note = match optional_text(&draft.note, MAX_TEXT) {
        Ok(n) => n,
        Err(code) => {
            errors.add("note", code);
            None
        }
    };
    if note.is_some() && !view.can_note {
        errors.add("note", "action.note_coach_only");
    }
    let version = match version {
        Some(v) if errors.is_empty() => v,
        _ => return Err(errors.into()),
    };
    let now = clock::now();
    let changed = action != stored.action || owner_user_id != stored.owner_user_id;
    let mut result = if changed {
        match state.db.update_action(action_id, &action, owner_user_id, version, now).await {
            Err(StoreError::Stale) => {
                return Err(FieldErrors::single("version", "action.stale").into())
            }
            other => other?,
        }
    } else {
        stored
    };
    if let Some(text) = note {
        let author = state
            .db
            .accounts_of(actor.organisation_id.unwrap_or_default())
            .await?
            .into_iter()
            .find(|u| u.id == actor.user_id)
            .map(|u| u.display_name)
            .ok_or(AppError::Forbidden)?;
        let note = CoachNote { date: clock::today(), author, text };
        state.db.add_coach_note(action_id, actor.user_id, &note, now).await?;
        result = state.db.action(action_id).await?;
    }
    Ok(result)
}

/// The action plans of the officer's province: UMKM with a coach or an action, with counts.
pub async fn region_plans(state: &AppState, actor: &Actor) -> Result<Vec<PlanSummary>, AppError> {
    let province = match (actor.role, actor.province_code.as_deref()) {
        (Role::InstitutionOfficer, Some(p)) => p.to_owned(),
        _ => return Err(AppError::Forbidden),
    };
    Ok(state.db.action_plans(&province, clock::today()).await?)
}

/// One entry of an institution's advice library as its officers edit it.
#[derive(Debug, Clone, Serialize)]
pub struct AdviceRow {
    /// The component.
    pub component: Component,
    /// The maturity level, 1–4.
    pub level: u8,
    /// The text in use, Indonesian.
    pub text_id: String,
    /// The text in use, English.
    pub text_en: String,
    /// Whether the institution wrote it (otherwise it is Mitra's shipped text).
    pub own: bool,
}

/// Levels the shipped library covers and officers may edit.
pub const ADVICE_LEVELS: std::ops::RangeInclusive<u8> = 1..=4;

/// The actor's institution's advice library, every component and level.
pub async fn advice_library(state: &AppState, actor: &Actor) -> Result<Vec<AdviceRow>, AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    let own = state.db.advice_entries(institution).await?;
    let lib = library_with(&own);
    let mut rows = Vec::new();
    for c in Component::ALL {
        for level in ADVICE_LEVELS {
            let m =
                Maturity::from_level(level).ok_or_else(|| AppError::Internal("level".into()))?;
            if let Some(t) = lib.get(c, m) {
                rows.push(AdviceRow {
                    component: c,
                    level,
                    text_id: t.id.to_owned(),
                    text_en: t.en.to_owned(),
                    own: own.iter().any(|e| e.component == c && e.level == level),
                });
            }
        }
    }
    Ok(rows)
}

/// One entry of the actor's institution's library (`NotFound` for an unknown component or
/// level).
pub async fn advice_row(
    state: &AppState,
    actor: &Actor,
    component: &str,
    level: &str,
) -> Result<AdviceRow, AppError> {
    let (c, l) = advice_key(component, level)?;
    advice_library(state, actor)
        .await?
        .into_iter()
        .find(|r| r.component == c && r.level == l)
        .ok_or(AppError::NotFound)
}

fn advice_key(component: &str, level: &str) -> Result<(Component, u8), AppError> {
    let c = Component::from_key(component).ok_or(AppError::NotFound)?;
    let l =
        level.parse::<u8>().ok().filter(|l| ADVICE_LEVELS.contains(l)).ok_or(AppError::NotFound)?;
    Ok((c, l))
}

/// The institution's own advice for one component and level, both languages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AdviceDraft {
    /// Indonesian.
    pub text_id: String,
    /// English.
    pub text_en: String,
}

/// Writes the actor's institution's advice for one component and level.
pub async fn set_advice(
    state: &AppState,
    actor: &Actor,
    component: &str,
    level: &str,
    draft: &AdviceDraft,
) -> Result<AdviceRow, AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    let (c, l) = advice_key(component, level)?;
    let mut errors = FieldErrors::new();
    let text_id = errors.take("text_id", required_text(&draft.text_id, MAX_TEXT));
    let text_en = errors.take("text_en", required_text(&draft.text_en, MAX_TEXT));
    let (text_id, text_en) = match (text_id, text_en) {
        (Some(a), Some(b)) if errors.is_empty() => (a, b),
        _ => return Err(errors.into()),
    };
    let entry = AdviceEntry { component: c, level: l, text_id, text_en };
    state.db.set_advice(institution, &entry, actor.user_id, clock::now()).await?;
    advice_row(state, actor, component, level).await
}

/// Removes the actor's institution's advice for one component and level: Mitra's text applies.
pub async fn reset_advice(
    state: &AppState,
    actor: &Actor,
    component: &str,
    level: &str,
) -> Result<AdviceRow, AppError> {
    let institution = actor.advice_institution().ok_or(AppError::Forbidden)?;
    let (c, l) = advice_key(component, level)?;
    state.db.remove_advice(institution, c, l).await?;
    advice_row(state, actor, component, level).await
}

/// A partnership's Lambert ratings, where the pair falls on the grid, and what the actor may
/// rate.
#[derive(Debug, Clone, Serialize)]
pub struct LambertView {
    /// The partnership.
    pub partnership_id: i64,
    /// Buyer's name.
    pub buyer_name: String,
    /// Supplier's name.
    pub supplier_name: String,
    /// The ratings so far.
    pub ratings: LambertRatings,
    /// The grid used (band edges and cells).
    pub grid: PropensityGrid,
    /// Where the pair falls, once all three ratings exist.
    pub placement: Option<Placement>,
    /// The side whose drivers the actor rates (`None`: the actor only reads).
    pub my_side: Option<RatingSide>,
}

async fn visible_partnership(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Partnership, AppError> {
    let p = state.db.partnership(id).await?;
    if !actor.can_view_lambert(&p) {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

fn side_of(actor: &Actor, p: &Partnership) -> Option<RatingSide> {
    match actor.party_in(p) {
        Some(o) if o == p.buyer_id => Some(RatingSide::Buyer),
        Some(_) => Some(RatingSide::Supplier),
        None => None,
    }
}

/// The Lambert page's data.
pub async fn lambert(state: &AppState, actor: &Actor, id: i64) -> Result<LambertView, AppError> {
    let p = visible_partnership(state, actor, id).await?;
    let ratings = state.db.lambert_ratings(id).await?;
    let grid = PropensityGrid::default();
    Ok(LambertView {
        partnership_id: id,
        buyer_name: p.buyer_name.clone(),
        supplier_name: p.supplier_name.clone(),
        placement: ratings.placement(&grid),
        ratings,
        grid,
        my_side: side_of(actor, &p),
    })
}

/// Scores as typed: factor name → `1`–`5`; extras as a list of keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RatingDraft {
    /// Factor name → score as typed.
    #[serde(flatten)]
    pub scores: std::collections::BTreeMap<String, serde_json::Value>,
}

fn score_of_factor(
    scores: &std::collections::BTreeMap<String, serde_json::Value>,
    name: &str,
    errors: &mut FieldErrors,
) -> u8 {
    let raw = match scores.get(name) {
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    match raw.parse::<u8>() {
        Ok(v) if (1..=5).contains(&v) => v,
        _ if raw.is_empty() => {
            errors.add(name, "field.required");
            0
        }
        _ => {
            errors.add(name, "lambert.out_of_range");
            0
        }
    }
}

/// The four scores of `names`, each checked.
fn four(
    scores: &std::collections::BTreeMap<String, serde_json::Value>,
    names: [&str; 4],
    errors: &mut FieldErrors,
) -> [u8; 4] {
    names.map(|n| score_of_factor(scores, n, errors))
}

/// Writes the actor's side's drivers (a party only).
pub async fn rate_drivers(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &RatingDraft,
) -> Result<LambertView, AppError> {
    let p = visible_partnership(state, actor, id).await?;
    let side = side_of(actor, &p).ok_or(AppError::Forbidden)?;
    let mut errors = FieldErrors::new();
    let scores = four(&draft.scores, DRIVERS, &mut errors);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let drivers = Drivers::new(scores).map_err(|e| AppError::Internal(e.to_string()))?;
    state.db.save_drivers(id, side, &drivers, actor.user_id, clock::now()).await?;
    lambert(state, actor, id).await
}

/// Writes the pair's facilitators (either party). Extras are listed under `extras`.
pub async fn rate_facilitators(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &RatingDraft,
    extras: &[String],
) -> Result<LambertView, AppError> {
    let p = visible_partnership(state, actor, id).await?;
    side_of(actor, &p).ok_or(AppError::Forbidden)?;
    let mut errors = FieldErrors::new();
    let core = four(&draft.scores, FACILITATORS, &mut errors);
    let mut present = Vec::new();
    for e in extras.iter().filter(|e| !e.trim().is_empty()) {
        match extra_from_key(e.trim()) {
            Some(x) => present.push(x),
            None => errors.add("extras", "field.choice"),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let f = Facilitators::new(core, present).map_err(|e| AppError::Internal(e.to_string()))?;
    state.db.save_facilitators(id, &f, actor.user_id, clock::now()).await?;
    lambert(state, actor, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_users_of_the_plan_or_free_text() {
        let users = [User {
            id: 7,
            email: "a@x.example".into(),
            display_name: "Bu Sari".into(),
            role: Role::SupplierUser,
            organisation_id: Some(1),
        }];
        let mut e = FieldErrors::new();
        assert_eq!(owner(&users, "7", "ignored", &mut e), Some(("Bu Sari".into(), Some(7))));
        assert_eq!(owner(&users, "", " Pak Ucok ", &mut e), Some(("Pak Ucok".into(), None)));
        assert_eq!(owner(&users, "", "", &mut e), None);
        assert!(e.is_empty());
        assert_eq!(owner(&users, "8", "", &mut e), None);
        assert_eq!(e.code_for("owner_user_id"), Some("field.choice"));
    }

    #[test]
    fn factor_scores_are_checked_one_by_one() {
        let scores: std::collections::BTreeMap<String, serde_json::Value> = [
            ("asset_cost_efficiency".to_owned(), serde_json::json!("5")),
            ("customer_service".to_owned(), serde_json::json!(4)),
            ("marketing_advantage".to_owned(), serde_json::json!("7")),
        ]
        .into();
        let mut e = FieldErrors::new();
        assert_eq!(four(&scores, DRIVERS, &mut e), [5, 4, 0, 0]);
        assert_eq!(e.code_for("marketing_advantage"), Some("lambert.out_of_range"));
        assert_eq!(e.code_for("profit_stability"), Some("field.required"));
        assert_eq!(province_of("1275"), "12");
    }
}
