//! Administration and programme routes of the JSON API (a child of `api`, merged into its
//! router), plus an organisation's profile history: the same application functions as the
//! pages (`crate::admin`, `crate::programme`, `crate::service`), the same permission checks.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::Json;
use mitra_core::admin::{AccountDraft, OrganisationAccountDraft};
use mitra_core::organisation::Organisation;
use mitra_core::programme::{Enrolment, EnrolmentDraft, Programme, ProgrammeDraft};
use mitra_core::user::User;
use serde::Serialize;

use super::{id, ApiResult, Body, PageQuery, Reader, Writer};
use crate::http::Routes;
use crate::{admin, programme, service, AppState};

/// The routes of this module, appended to [`super::ROUTES`].
pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/admin/accounts", get(accounts).post(add_account))
        .route("/admin/organisations", post(create_organisation))
        .route("/organisations/{id}/history", get(history))
        .route("/programmes", get(programmes).post(create_programme))
        .route("/programmes/{id}", get(programme_detail).put(update_programme))
        .route("/programmes/{id}/enrolments", post(enrol))
        .route("/programmes/{id}/enrolments/{organisation_id}", delete(remove))
}

async fn accounts(
    State(state): State<AppState>,
    call: Reader,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let page = q.page.parse().unwrap_or(1);
    let list = admin::accounts(&state, &actor, page).await?;
    Ok(Json(list).into_response())
}

async fn add_account(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<AccountDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let user = admin::add_account(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

/// A new organisation with its first account.
#[derive(Serialize)]
struct CreatedBody {
    organisation: Organisation,
    user: User,
}

async fn create_organisation(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<OrganisationAccountDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let (organisation, user) = admin::create_organisation(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(CreatedBody { organisation, user })).into_response())
}

async fn history(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let events = service::organisation_history(&state, &actor, id(&raw)?).await?;
    Ok(Json(events).into_response())
}

async fn programmes(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let list = programme::list(&state, &actor).await?;
    Ok(Json(list).into_response())
}

async fn create_programme(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<ProgrammeDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let p = programme::create(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// A programme with its enrolled UMKM.
#[derive(Serialize)]
struct ProgrammeBody {
    programme: Programme,
    enrolments: Vec<Enrolment>,
}

async fn programme_detail(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let (programme, enrolments) = programme::detail(&state, &actor, id(&raw)?).await?;
    Ok(Json(ProgrammeBody { programme, enrolments }).into_response())
}

async fn update_programme(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<ProgrammeDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let p = programme::update(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(p).into_response())
}

async fn enrol(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<EnrolmentDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let list = programme::enrol(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(list).into_response())
}

async fn remove(
    State(state): State<AppState>,
    call: Writer,
    Path((raw, raw_org)): Path<(String, String)>,
) -> ApiResult {
    let actor = call.actor.clone();
    let (programme_id, org) = (id(&raw)?, id(&raw_org)?);
    let list = programme::remove(&state, &actor, programme_id, org).await?;
    Ok(Json(list).into_response())
}
