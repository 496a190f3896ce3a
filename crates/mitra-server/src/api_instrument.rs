//! Institution instruments in the JSON API (a child of `api`, merged into its router): the same
//! application functions as the pages (`crate::instrument`), the same permission checks —
//! officers of the owning institution only, everyone else 404.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;

use super::{ApiResult, Body, Reader, Writer};
use crate::error::AppError;
use crate::http::Routes;
use crate::instrument::{self as service, InstrumentDraft, NewItem, Step};
use crate::AppState;
use mitra_core::assessment::ItemMove;

/// The instrument routes (listed in [`super::ROUTES`]).
pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/instruments", get(list))
        .route("/instruments/copy", post(copy))
        .route("/instruments/{key}/{version}", get(show).put(save))
        .route("/instruments/{key}/{version}/publish", post(publish))
        .route("/instruments/{key}/{version}/items", post(add_item))
        .route("/instruments/{key}/{version}/items/{item}", delete(remove_item))
        .route("/instruments/{key}/{version}/items/{item}/move", post(move_item))
}

fn version(raw: &str) -> Result<u32, AppError> {
    raw.trim().parse().map_err(|_| AppError::NotFound)
}

async fn list(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let all = service::list(&state, &actor).await?;
    Ok(Json(all).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CopyBody {
    key: String,
    version: serde_json::Value,
}

async fn copy(State(state): State<AppState>, call: Writer, Body(b): Body<CopyBody>) -> ApiResult {
    let actor = call.actor.clone();
    let raw = match &b.version {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let draft = service::copy(&state, &actor, &b.key, version(&raw)?).await?;
    Ok((StatusCode::CREATED, Json(draft)).into_response())
}

async fn show(
    State(state): State<AppState>,
    call: Reader,
    Path((key, raw)): Path<(String, String)>,
) -> ApiResult {
    let actor = call.actor.clone();
    let i = service::get(&state, &actor, &key, version(&raw)?).await?;
    Ok(Json(i).into_response())
}

/// The draft's fields as the edit form names them (`title_id`, `title_en`, `scale`,
/// `weight.<component>`, `text_id.<item>`, `text_en.<item>`, `reverse.<item>`), numbers, strings
/// or booleans; fields left out keep their current value.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SaveBody {
    fields: BTreeMap<String, serde_json::Value>,
    publish: bool,
}

async fn save(
    State(state): State<AppState>,
    call: Writer,
    Path((key, raw)): Path<(String, String)>,
    Body(b): Body<SaveBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let v = version(&raw)?;
    let current = service::get(&state, &actor, &key, v).await?;
    // Start from the instrument as it is, so that a partial body changes only what it names.
    let mut form = form_of(&InstrumentDraft::of(&current));
    for (k, value) in &b.fields {
        match value {
            serde_json::Value::Bool(false) | serde_json::Value::Null => {
                form.remove(k);
            }
            serde_json::Value::Bool(true) => {
                form.insert(k.clone(), "on".into());
            }
            serde_json::Value::String(s) => {
                form.insert(k.clone(), s.clone());
            }
            other => {
                form.insert(k.clone(), other.to_string());
            }
        }
    }
    let draft = InstrumentDraft::from_form(&current, &form);
    let step = if b.publish { Step::Publish } else { Step::Save };
    let saved = service::save(&state, &actor, &key, v, &draft, &step).await?;
    Ok(Json(saved).into_response())
}

/// Takes `step` on an own draft as it is stored (no typed fields besides the step's own).
async fn step(
    state: &AppState,
    call: &Writer,
    key: &str,
    raw: &str,
    step: Step,
) -> Result<mitra_core::assessment::Instrument, AppError> {
    let actor = &call.actor;
    let v = version(raw)?;
    let current = service::get(state, actor, key, v).await?;
    service::save(state, actor, key, v, &InstrumentDraft::of(&current), &step).await
}

async fn publish(
    State(state): State<AppState>,
    call: Writer,
    Path((key, raw)): Path<(String, String)>,
) -> ApiResult {
    let saved = step(&state, &call, &key, &raw, Step::Publish).await?;
    Ok(Json(saved).into_response())
}

/// Adds an item to an own draft: `{component, key, text_id, text_en, reverse}`; field errors are
/// named as the body's fields.
async fn add_item(
    State(state): State<AppState>,
    call: Writer,
    Path((key, raw)): Path<(String, String)>,
    Body(b): Body<NewItem>,
) -> ApiResult {
    let saved = step(&state, &call, &key, &raw, Step::Add(b, "")).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// Removes an item of an own draft; the last item of a component stays (`item.<key>`,
/// `instrument.last_item`).
async fn remove_item(
    State(state): State<AppState>,
    call: Writer,
    Path((key, raw, item)): Path<(String, String, String)>,
) -> ApiResult {
    let saved = step(&state, &call, &key, &raw, Step::Remove(item)).await?;
    Ok(Json(saved).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MoveBody {
    direction: String,
}

/// Moves an item of an own draft one place `up` or `down` within its component.
async fn move_item(
    State(state): State<AppState>,
    call: Writer,
    Path((key, raw, item)): Path<(String, String, String)>,
    Body(b): Body<MoveBody>,
) -> ApiResult {
    let way = match b.direction.trim() {
        "up" => ItemMove::Up,
        "down" => ItemMove::Down,
        _ => {
            let e = mitra_core::FieldErrors::single("direction", "field.choice");
            return Err(AppError::from(e));
        }
    };
    let saved = step(&state, &call, &key, &raw, Step::Move(item, way)).await?;
    Ok(Json(saved).into_response())
}

/// The form fields of a draft (the inverse of [`InstrumentDraft::from_form`]).
fn form_of(d: &InstrumentDraft) -> BTreeMap<String, String> {
    let mut f = BTreeMap::from([
        ("title_id".to_owned(), d.title_id.clone()),
        ("title_en".to_owned(), d.title_en.clone()),
        ("scale".to_owned(), d.scale.clone()),
    ]);
    for (c, w) in &d.weights {
        f.insert(format!("weight.{c}"), w.clone());
    }
    for (item, (id, en, reverse)) in &d.items {
        f.insert(format!("text_id.{item}"), id.clone());
        f.insert(format!("text_en.{item}"), en.clone());
        if *reverse {
            f.insert(format!("reverse.{item}"), "on".into());
        }
    }
    f
}
