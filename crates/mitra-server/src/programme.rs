//! Application functions for institution programmes, shared by the pages (`web::programme`) and
//! the API (`api_programme`). Permission checks are `mitra_core::access`'s: officers manage their
//! own institution's programmes and enrol UMKM of their province; administrators read; an
//! enrolled UMKM's users see the programmes they are in; for everyone else a programme does not
//! exist (404).

use mitra_core::access::Actor;
use mitra_core::programme::{Enrolment, EnrolmentDraft, Programme, ProgrammeDraft, ProgrammeStore};
use mitra_core::{FieldErrors, Store};

use crate::error::AppError;
use crate::{clock, AppState};

/// The institution the actor manages programmes of, and its province.
async fn own_institution(state: &AppState, actor: &Actor) -> Result<(i64, String), AppError> {
    let id = actor
        .organisation_id
        .filter(|&id| actor.can_manage_programmes(id))
        .ok_or(AppError::Forbidden)?;
    let (_, regency) = state.db.organisation_kind(id).await?.ok_or(AppError::NotFound)?;
    Ok((id, regency[..2.min(regency.len())].to_owned()))
}

/// A programme the actor may read in detail, or `NotFound`.
async fn visible(state: &AppState, actor: &Actor, id: i64) -> Result<Programme, AppError> {
    let p = state.db.programme(id).await?;
    if actor.can_view_programme(p.institution_id) {
        Ok(p)
    } else {
        Err(AppError::NotFound)
    }
}

/// A programme the actor manages, or `NotFound` (`Forbidden` for administrators, who read it).
async fn managed(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Programme, String), AppError> {
    let p = visible(state, actor, id).await?;
    if !actor.can_manage_programmes(p.institution_id) {
        return Err(AppError::Forbidden);
    }
    let (_, province) = own_institution(state, actor).await?;
    Ok((p, province))
}

/// The programmes the actor sees in its list: an officer its institution's, a supplier user
/// those its UMKM is enrolled in, others none.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Programme>, AppError> {
    if let Some(org) = actor.organisation_id.filter(|&o| actor.can_manage_programmes(o)) {
        return Ok(state.db.programmes_of_institution(org).await?);
    }
    match actor.member_organisation() {
        Some(org) => Ok(state.db.programmes_of_member(org).await?),
        None => Ok(Vec::new()),
    }
}

/// Creates a programme of the officer's institution.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    draft: &ProgrammeDraft,
) -> Result<Programme, AppError> {
    let (institution, province) = own_institution(state, actor).await?;
    let new = draft.parse(&province)?;
    let id = state.db.create_programme(institution, &new, clock::now()).await?;
    Ok(state.db.programme(id).await?)
}

/// A programme with its enrolled UMKM (its institution's officers and administrators).
pub async fn detail(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Programme, Vec<Enrolment>), AppError> {
    let p = visible(state, actor, id).await?;
    let enrolments = state.db.enrolments(id).await?;
    Ok((p, enrolments))
}

/// A programme for its edit form (its managers only).
pub async fn for_edit(state: &AppState, actor: &Actor, id: i64) -> Result<Programme, AppError> {
    Ok(managed(state, actor, id).await?.0)
}

/// Changes a programme.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &ProgrammeDraft,
) -> Result<Programme, AppError> {
    let (_, province) = managed(state, actor, id).await?;
    let new = draft.parse(&province)?;
    state.db.update_programme(id, &new, clock::now()).await?;
    Ok(state.db.programme(id).await?)
}

/// Enrols an UMKM of the officer's province. An organisation the officer may not enrol (not an
/// UMKM, elsewhere, unknown) is a field error on `organisation_id`.
pub async fn enrol(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &EnrolmentDraft,
) -> Result<Vec<Enrolment>, AppError> {
    let (p, _) = managed(state, actor, id).await?;
    let org = draft.parse()?;
    match state.db.organisation_kind(org).await? {
        None => return Err(FieldErrors::single("organisation_id", "organisation.unknown").into()),
        Some((kind, regency)) if !actor.can_enrol(p.institution_id, kind, &regency) => {
            return Err(FieldErrors::single("organisation_id", "programme.not_enrollable").into())
        }
        Some(_) => {}
    }
    state.db.enrol(id, org, actor.user_id, clock::now()).await?;
    Ok(state.db.enrolments(id).await?)
}

/// Removes an UMKM from a programme (`NotFound` when it is not enrolled).
pub async fn remove(
    state: &AppState,
    actor: &Actor,
    id: i64,
    organisation_id: i64,
) -> Result<Vec<Enrolment>, AppError> {
    managed(state, actor, id).await?;
    state.db.remove_enrolment(id, organisation_id).await?;
    Ok(state.db.enrolments(id).await?)
}
