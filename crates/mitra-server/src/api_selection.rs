//! Supplier-selection routes of the JSON API (a child of `api`, merged into its router): the
//! same application functions as the pages (`crate::selection`), the same permission checks.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Json;
use mitra_core::selection::{
    CandidateFilterDraft, CustomCriterionDraft, DecisionDraft, EventDraft,
};
use serde::{Deserialize, Serialize};

use super::{id, ApiResult, Body, Reader, Writer};
use crate::http::Routes;
use crate::selection::{self as service, CriteriaDraft, ResponseDraft};
use crate::AppState;

/// The selection routes as (method, path), listed in [`super::ROUTES`].
pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/selections", get(list).post(create))
        .route("/selections/{id}", get(workspace).put(update))
        .route("/selections/{id}/candidates", post(invite))
        .route("/selections/{id}/candidates/registry", post(from_registry))
        .route("/selections/{id}/candidates/exclusion", post(exclude))
        .route("/selections/{id}/values", axum::routing::put(values))
        .route("/selections/{id}/criteria", axum::routing::put(criteria).post(add_criterion))
        .route("/selections/{id}/judgments", axum::routing::put(judgments))
        .route("/selections/{id}/judgments/preview", post(preview))
        .route("/selections/{id}/results", get(results))
        .route("/selections/{id}/quotes", get(quotes))
        .route("/selections/{id}/decision", post(decide))
        .route("/selections/{id}/revision", post(reopen))
        .route("/selections/{id}/mine", get(mine))
        .route("/selections/{id}/response", post(respond))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    page: String,
    per_page: String,
}

impl PageQuery {
    fn page(&self) -> u32 {
        self.page.parse().unwrap_or(1).max(1)
    }

    fn per_page(&self, default: u32) -> u32 {
        self.per_page.parse().unwrap_or(default).clamp(1, 1000)
    }
}

async fn list(
    State(state): State<AppState>,
    call: Reader,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let l = service::list(&state, &actor, q.page()).await?;
    Ok(Json(l).into_response())
}

#[derive(Serialize)]
struct Created {
    id: i64,
}

async fn create(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<EventDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let id = service::create_event(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// The workspace with what the ranking still needs and each evaluator's progress.
#[derive(Serialize)]
struct WorkspaceBody {
    #[serde(flatten)]
    workspace: service::Workspace,
    missing: Vec<mitra_core::selection::problem::Missing>,
    evaluators: Vec<mitra_core::selection::EvaluatorSummary>,
}

async fn workspace(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let w = service::workspace(&state, &actor, id(&raw)?).await?;
    let body = WorkspaceBody { missing: w.missing(), evaluators: w.evaluators(), workspace: w };
    Ok(Json(body).into_response())
}

async fn update(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<EventDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    service::update_event(&state, &actor, id(&raw)?, &draft).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteBody {
    organisation_id: serde_json::Value,
}

async fn invite(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<InviteBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let org = match body.organisation_id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    service::invite(&state, &actor, id(&raw)?, &org).await?;
    Ok(StatusCode::CREATED.into_response())
}

#[derive(Serialize)]
struct Added {
    added: u64,
}

async fn from_registry(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(filter): Body<CandidateFilterDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let added = service::add_from_registry(&state, &actor, id(&raw)?, &filter).await?;
    Ok(Json(Added { added }).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExclusionBody {
    organisation_ids: Vec<i64>,
    excluded: bool,
    missing_only: bool,
}

#[derive(Serialize)]
struct Changed {
    changed: usize,
}

async fn exclude(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(b): Body<ExclusionBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let changed = service::set_excluded(
        &state,
        &actor,
        id(&raw)?,
        &b.organisation_ids,
        b.excluded,
        b.missing_only,
    )
    .await?;
    Ok(Json(Changed { changed }).into_response())
}

/// Cells as `"{organisation id}.{criterion key}"`: a number, a string as typed, or `null`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CellsBody {
    cells: BTreeMap<String, serde_json::Value>,
}

fn as_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn values(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(b): Body<CellsBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let cells = b.cells.iter().map(|(k, v)| (k.clone(), as_text(v))).collect();
    let changed = service::set_values(&state, &actor, id(&raw)?, &cells).await?;
    Ok(Json(Changed { changed }).into_response())
}

async fn criteria(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(d): Body<CriteriaDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    service::set_criteria(&state, &actor, id(&raw)?, &d).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn add_criterion(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(d): Body<CustomCriterionDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    service::add_criterion(&state, &actor, id(&raw)?, &d).await?;
    Ok(StatusCode::CREATED.into_response())
}

/// Judgments by pair `"{a}|{b}"`: `3`, `"1/3"`, or `null` for not answered.
#[derive(Deserialize, Default)]
#[serde(default)]
struct JudgmentsBody {
    judgments: BTreeMap<String, serde_json::Value>,
}

impl JudgmentsBody {
    fn raw(&self) -> BTreeMap<String, String> {
        self.judgments.iter().map(|(k, v)| (k.clone(), as_text(v))).collect()
    }
}

async fn judgments(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(b): Body<JudgmentsBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    service::save_judgments(&state, &actor, id(&raw)?, &b.raw()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn preview(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(b): Body<JudgmentsBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let r = service::preview_judgments(&state, &actor, id(&raw)?, &b.raw()).await?;
    Ok(Json(r).into_response())
}

async fn results(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let r = service::results(&state, &actor, id(&raw)?, q.page(), q.per_page(100)).await?;
    Ok(Json(r.view(call.lang)).into_response())
}

#[derive(Serialize)]
struct QuotesBody {
    quantity: i64,
    unit: String,
    quotes: Vec<service::QuoteRow>,
}

async fn quotes(State(state): State<AppState>, call: Reader, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let (event, quotes) = service::quotes(&state, &actor, id(&raw)?).await?;
    Ok(Json(QuotesBody { quantity: event.need.quantity, unit: event.need.unit, quotes })
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionBody {
    version: i64,
    #[serde(flatten)]
    draft: DecisionDraft,
}

#[derive(Serialize)]
struct Decided {
    partnerships: Vec<i64>,
}

async fn decide(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(b): Body<DecisionBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let partnerships = service::decide(&state, &actor, id(&raw)?, b.version, &b.draft).await?;
    Ok((StatusCode::CREATED, Json(Decided { partnerships })).into_response())
}

async fn reopen(State(state): State<AppState>, call: Writer, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let id = service::reopen(&state, &actor, id(&raw)?).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

async fn mine(State(state): State<AppState>, call: Reader, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let v = service::candidate_view(&state, &actor, id(&raw)?).await?;
    Ok(Json(v).into_response())
}

async fn respond(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(d): Body<ResponseDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    service::respond(&state, &actor, id(&raw)?, &d).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
