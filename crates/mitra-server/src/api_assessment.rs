//! Assessment routes of the JSON API (a child of `api`, merged into its router): the same
//! application functions as the pages (`crate::assessment`), the same permission checks.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Json;
use mitra_core::assessment::Instrument;
use serde::Deserialize;

use super::{id, ApiResult, Body, Call, Reader, Writer};
use crate::assessment as service;
use crate::http::Routes;
use crate::AppState;

/// The assessment routes as (method, path), appended to [`super::ROUTES`].
pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/instruments/starting", get(starting))
        .route("/organisations/{id}/readiness", post(start))
        .route("/assessments/{id}", get(results).put(save))
        .route("/assessments/{id}/submit", post(submit))
        .route("/assessments/{id}/instrument", get(instrument))
        .route("/readiness/region", get(region))
        .route("/partnerships/{id}/assessment", get(partnership_overview).post(partnership_start))
        .route("/organisations/{id}/assessor-ratings", get(ratings).post(rating_start))
}

async fn starting(call: Call) -> ApiResult {
    call.actor()?;
    Ok(Json(Instrument::starting()).into_response())
}

async fn start(State(state): State<AppState>, call: Writer, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let record = service::start_readiness(&state, &actor, id(&raw)?).await?;
    Ok(Json(record).into_response())
}

/// Answers by item key: a number, a numeric string, or `null` (unanswered); for an assessor
/// rating also the overall note and the evidence notes by component key.
#[derive(Deserialize)]
struct AnswersBody {
    #[serde(default)]
    answers: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    evidence: BTreeMap<String, String>,
}

impl AnswersBody {
    fn raw(&self) -> BTreeMap<String, String> {
        self.answers
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect()
    }

    fn notes(&self) -> service::Notes {
        service::Notes {
            notes: self.notes.clone().unwrap_or_default(),
            evidence: self.evidence.clone(),
        }
    }
}

async fn store(
    state: AppState,
    call: Writer,
    raw: String,
    body: AnswersBody,
    submit: bool,
) -> ApiResult {
    let actor = call.actor.clone();
    let record =
        service::save(&state, &actor, id(&raw)?, &body.raw(), &body.notes(), submit).await?;
    Ok(Json(record).into_response())
}

async fn save(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<AnswersBody>,
) -> ApiResult {
    store(state, call, raw, body, false).await
}

async fn submit(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<AnswersBody>,
) -> ApiResult {
    store(state, call, raw, body, true).await
}

/// The instrument an assessment is answered on (items, scale, weights), for whoever may read
/// the assessment.
async fn instrument(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let i = service::answered_instrument(&state, &actor, id(&raw)?).await?;
    Ok(Json(i).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TypeQuery {
    r#type: String,
}

async fn results(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let r = service::results_for_request(&state, &actor, id(&raw)?, &q.r#type).await?;
    Ok(Json(r).into_response())
}

async fn region(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let rows = service::region_readiness(&state, &actor).await?;
    Ok((StatusCode::OK, Json(rows)).into_response())
}

async fn partnership_overview(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let ty = service::target_type(&q.r#type);
    let o = service::partnership::overview(&state, &actor, id(&raw)?, ty).await?;
    Ok(Json(o).into_response())
}

async fn partnership_start(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let record = service::partnership::start(&state, &actor, id(&raw)?).await?;
    Ok(Json(record).into_response())
}

async fn ratings(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let (_, list, _) = service::assessor::ratings(&state, &actor, id(&raw)?).await?;
    Ok(Json(list).into_response())
}

async fn rating_start(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let record = service::assessor::start(&state, &actor, id(&raw)?).await?;
    Ok(Json(record).into_response())
}
