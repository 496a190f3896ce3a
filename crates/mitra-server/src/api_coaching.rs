//! Coaching routes of the JSON API (a child of `api`, merged into its router): action plans and
//! coaches, the institution's advice library, Lambert ratings. The same application functions
//! as the pages (`crate::coaching`), the same permission checks.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Json;
use serde::Deserialize;

use super::{id, ApiResult, Body, Reader, Writer};
use crate::coaching::{self as service, ActionDraft, AdoptDraft, AdviceDraft, RatingDraft};
use crate::http::Routes;
use crate::AppState;

/// The coaching routes (listed in [`super::ROUTES`]).
pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/organisations/{id}/action-plan", get(plan))
        .route("/organisations/{id}/action-plan/actions", post(adopt))
        .route("/organisations/{id}/coach", put(assign_coach))
        .route("/actions/{id}", put(update_action))
        .route("/action-plans", get(region_plans))
        .route("/advice", get(advice))
        .route("/advice/{component}/{level}", put(set_advice).delete(reset_advice))
        .route("/partnerships/{id}/lambert", get(lambert))
        .route("/partnerships/{id}/lambert/drivers", put(drivers))
        .route("/partnerships/{id}/lambert/facilitators", put(facilitators))
        .route("/survey-imports", post(survey_import))
        .route("/targets", get(targets).put(set_targets).delete(reset_targets))
}

/// `POST /api/survey-imports` (multipart): 201 with the report, or 422 with `{code, message,
/// fields, problems}` when the file is refused (nothing stored).
async fn survey_import(
    State(state): State<AppState>,
    call: Writer,
    multipart: axum::extract::Multipart,
) -> ApiResult {
    let actor = call.actor.clone();
    let upload = crate::survey_import::read_upload(multipart, None).await?;
    let outcome =
        crate::survey_import::import_upload(&state.db, &actor, &upload, call.lang).await?;
    Ok(match outcome {
        Ok(report) => (StatusCode::CREATED, Json(report)).into_response(),
        Err(rejected) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "code": rejected.code,
                "message": rejected.message,
                "fields": [],
                "problems": rejected.problems,
            })),
        )
            .into_response(),
    })
}

async fn plan(State(state): State<AppState>, call: Reader, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let v = service::plan(&state, &actor, id(&raw)?).await?;
    Ok(Json(v).into_response())
}

async fn adopt(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<AdoptDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let added = service::adopt(&state, &actor, id(&raw)?, &draft).await?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}

/// The coach to assign.
#[derive(Deserialize)]
struct CoachBody {
    coach_id: serde_json::Value,
}

async fn assign_coach(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<CoachBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let typed = match body.coach_id {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let coach = service::assign_coach(&state, &actor, id(&raw)?, &typed).await?;
    Ok(Json(coach).into_response())
}

/// An action change as JSON: the same fields as the form, numbers allowed for ids and version.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionBody {
    version: serde_json::Value,
    status: String,
    owner_user_id: serde_json::Value,
    owner: String,
    due: String,
    note: String,
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn update_action(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<ActionBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let draft = ActionDraft {
        version: text(&body.version),
        status: body.status,
        owner_user_id: text(&body.owner_user_id),
        owner: body.owner,
        due: body.due,
        note: body.note,
    };
    let a = service::update_action(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(a).into_response())
}

async fn region_plans(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let rows = service::region_plans(&state, &actor).await?;
    Ok(Json(rows).into_response())
}

async fn advice(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let rows = service::advice_library(&state, &actor).await?;
    Ok(Json(rows).into_response())
}

async fn set_advice(
    State(state): State<AppState>,
    call: Writer,
    Path((component, level)): Path<(String, String)>,
    Body(draft): Body<AdviceDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let row = service::set_advice(&state, &actor, &component, &level, &draft).await?;
    Ok(Json(row).into_response())
}

async fn reset_advice(
    State(state): State<AppState>,
    call: Writer,
    Path((component, level)): Path<(String, String)>,
) -> ApiResult {
    let actor = call.actor.clone();
    let row = service::reset_advice(&state, &actor, &component, &level).await?;
    Ok(Json(row).into_response())
}

async fn lambert(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let v = service::lambert(&state, &actor, id(&raw)?).await?;
    Ok(Json(v).into_response())
}

async fn drivers(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<RatingDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let v = service::rate_drivers(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(v).into_response())
}

/// Facilitator scores by name plus `extras`, a list of keys.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FacilitatorBody {
    extras: Vec<String>,
    #[serde(flatten)]
    scores: RatingDraft,
}

async fn facilitators(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<FacilitatorBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let v =
        service::rate_facilitators(&state, &actor, id(&raw)?, &body.scores, &body.extras).await?;
    Ok(Json(v).into_response())
}

/// The officer's institution's target profiles: `(type, component, target)` entries.
async fn targets(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let p = service::institution_targets(&state, &actor).await?;
    Ok(Json(p.entries()).into_response())
}

/// Targets keyed `"{type}.{component}"`: a number or a string as typed.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TargetsBody {
    targets: std::collections::BTreeMap<String, serde_json::Value>,
}

async fn set_targets(
    State(state): State<AppState>,
    call: Writer,
    Body(b): Body<TargetsBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let typed = b
        .targets
        .iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect();
    service::set_institution_targets(&state, &actor, &typed).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn reset_targets(State(state): State<AppState>, call: Writer) -> ApiResult {
    let actor = call.actor.clone();
    service::reset_institution_targets(&state, &actor).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
