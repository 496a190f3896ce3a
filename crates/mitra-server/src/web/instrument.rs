//! Pages for institution officers' own instruments: `/instruments` lists the starting instrument
//! and the institution's versions, copies one into a new draft; `/instruments/{key}/{version}`
//! shows an instrument and, for a draft, the edit form (item texts, reverse-scored flags,
//! component weights, scale; buttons that add, remove and move items) with save and publish.
//! It works without JavaScript: every button submits the one form, so what was typed is kept.
//! Everything goes through `crate::instrument`.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use mitra_core::assessment::{Instrument, InstrumentStatus, ItemMove};
use mitra_core::field::FieldErrors;
use serde::Deserialize;

use super::assessment::pick;
use super::{error_page, render, see_other, PageCtx, Viewer};
use crate::error::AppError;
use crate::http::Routes;
use crate::instrument::{self as service, InstrumentDraft, NewItem, Step};
use crate::AppState;

pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/instruments", get(list))
        .route("/instruments/copy", post(copy))
        .route("/instruments/{key}/{version}", get(show).post(save))
}

/// Confirmations shown after a redirect.
const NOTICES: &[&str] = &[
    "instrument.copied",
    "instrument.saved",
    "instrument.published_done",
    "instrument.item_added",
    "instrument.item_removed",
    "instrument.item_moved",
];

#[derive(Deserialize, Default)]
#[serde(default)]
struct DoneQuery {
    done: String,
}

fn with_notice(mut page: PageCtx, done: &str) -> PageCtx {
    page.notice = NOTICES.iter().copied().find(|k| *k == done);
    page
}

/// One line of the list.
struct Row {
    key: String,
    version: u32,
    label: String,
    title: String,
    published: bool,
    builtin: bool,
    items: usize,
    scale: u8,
}

#[derive(Template)]
#[template(path = "instruments.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<Row>,
}

async fn list(State(state): State<AppState>, ctx: Viewer, Query(q): Query<DoneQuery>) -> Response {
    let page = with_notice(PageCtx::new(&ctx, "/instruments"), &q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let rows = service::list(&state, &actor)
            .await?
            .into_iter()
            .map(|i| Row {
                key: i.key().to_owned(),
                version: i.version(),
                label: i.label(),
                title: pick(page.lang, i.title()).to_owned(),
                published: i.status() == InstrumentStatus::Published,
                builtin: i.key() == Instrument::starting().key(),
                items: i.items().len(),
                scale: i.scale().points(),
            })
            .collect();
        Ok::<_, AppError>(ListPage { page: page.clone(), rows })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CopyForm {
    key: String,
    version: String,
}

async fn copy(State(state): State<AppState>, ctx: Viewer, Form(f): Form<CopyForm>) -> Response {
    let page = PageCtx::new(&ctx, "/instruments");
    let result = async {
        let actor = ctx.actor.clone();
        let version = f.version.trim().parse::<u32>().map_err(|_| AppError::NotFound)?;
        service::copy(&state, &actor, &f.key, version).await
    }
    .await;
    match result {
        Ok(draft) => see_other(
            &format!("/instruments/{}/{}", draft.key(), draft.version()),
            "instrument.copied",
        ),
        Err(e) => error_page(&page, e),
    }
}

/// One item of the view or edit form.
struct ItemRow {
    key: String,
    text_id: String,
    text_en: String,
    reverse: bool,
    /// First of its component (no "move up").
    first: bool,
    /// Last of its component (no "move down").
    last: bool,
}

/// One component of the view or edit form with its weight and items.
struct Group {
    key: &'static str,
    name: String,
    weight: String,
    items: Vec<ItemRow>,
}

/// A component a new item may go to.
struct Choice {
    key: &'static str,
    name: String,
}

#[derive(Template)]
#[template(path = "instrument_edit.html")]
struct EditPage {
    page: PageCtx,
    key: String,
    version: u32,
    label: String,
    draft: bool,
    title_id: String,
    title_en: String,
    scale: String,
    groups: Vec<Group>,
    /// The components a new item may go to: the measured ones and the optional one.
    choices: Vec<Choice>,
    new: NewItem,
    errors: FieldErrors,
}

fn edit_page(
    page: &PageCtx,
    i: &Instrument,
    typed: Option<(InstrumentDraft, NewItem, FieldErrors)>,
) -> EditPage {
    let (d, new, errors) =
        typed.unwrap_or_else(|| (InstrumentDraft::of(i), NewItem::default(), FieldErrors::new()));
    let groups = i
        .components()
        .into_iter()
        .map(|c| Group {
            key: c.key(),
            name: pick(page.lang, c.name()).to_owned(),
            weight: d.weights.get(c.key()).cloned().unwrap_or_default(),
            items: {
                let indices = i.item_indices(c);
                let n = indices.len();
                indices
                    .into_iter()
                    .enumerate()
                    .map(|(at, k)| {
                        let key = i.items()[k].key.clone();
                        let (text_id, text_en, reverse) =
                            d.items.get(&key).cloned().unwrap_or_default();
                        ItemRow {
                            key,
                            text_id,
                            text_en,
                            reverse,
                            first: at == 0,
                            last: at + 1 == n,
                        }
                    })
                    .collect()
            },
        })
        .collect();
    EditPage {
        page: page.clone(),
        key: i.key().to_owned(),
        version: i.version(),
        label: i.label(),
        draft: i.status() == InstrumentStatus::Draft,
        title_id: d.title_id,
        title_en: d.title_en,
        scale: d.scale,
        groups,
        choices: i
            .addable_components()
            .into_iter()
            .map(|c| Choice { key: c.key(), name: pick(page.lang, c.name()).to_owned() })
            .collect(),
        new,
        errors,
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: Viewer,
    Path((key, version)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = with_notice(PageCtx::new(&ctx, &format!("/instruments/{key}/{version}")), &q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let version = version.parse::<u32>().map_err(|_| AppError::NotFound)?;
        let i = service::get(&state, &actor, &key, version).await?;
        Ok::<_, AppError>(edit_page(&page, &i, None))
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// What a save came to: done (the notice), refused with per-field errors (re-render with what
/// was typed), or failed.
enum Outcome {
    Done(&'static str),
    Refused(Box<(Instrument, InstrumentDraft, NewItem, FieldErrors)>),
}

/// The new item's fields of the form (`new.component`, `new.key`, `new.text_id`, `new.text_en`,
/// `new.reverse`).
fn new_item(form: &BTreeMap<String, String>) -> NewItem {
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    NewItem {
        component: field("new.component"),
        key: field("new.key"),
        text_id: field("new.text_id"),
        text_en: field("new.text_en"),
        reverse: form.contains_key("new.reverse"),
    }
}

/// The step a button asks for, with its notice: `save`, `publish`, `add`, `remove:<item>`,
/// `up:<item>`, `down:<item>`; anything else saves.
fn step(action: &str, new: &NewItem) -> (Step, &'static str) {
    let item = |prefix: &str| action.strip_prefix(prefix).map(str::to_owned);
    if action == "publish" {
        (Step::Publish, "instrument.published_done")
    } else if action == "add" {
        (Step::Add(new.clone(), "new."), "instrument.item_added")
    } else if let Some(k) = item("remove:") {
        (Step::Remove(k), "instrument.item_removed")
    } else if let Some(k) = item("up:") {
        (Step::Move(k, ItemMove::Up), "instrument.item_moved")
    } else if let Some(k) = item("down:") {
        (Step::Move(k, ItemMove::Down), "instrument.item_moved")
    } else {
        (Step::Save, "instrument.saved")
    }
}

/// Every button of the edit form posts here: `action=save` keeps the draft, `action=publish`
/// saves and publishes it, `add`, `remove:<item>`, `up:<item>` and `down:<item>` save what was
/// typed and change the items, all in one write.
async fn save(
    State(state): State<AppState>,
    ctx: Viewer,
    Path((key, version)): Path<(String, String)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/instruments/{key}/{version}"));
    let result = async {
        let actor = ctx.actor.clone();
        let version = version.parse::<u32>().map_err(|_| AppError::NotFound)?;
        let current = service::get(&state, &actor, &key, version).await?;
        let draft = InstrumentDraft::from_form(&current, &form);
        let new = new_item(&form);
        let (step, notice) = step(form.get("action").map(String::as_str).unwrap_or(""), &new);
        match service::save(&state, &actor, &key, version, &draft, &step).await {
            Ok(_) => Ok(Outcome::Done(notice)),
            Err(AppError::Validation(errors)) => {
                Ok(Outcome::Refused(Box::new((current, draft, new, errors))))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    match result {
        Ok(Outcome::Done(done)) => see_other(&format!("/instruments/{key}/{version}"), done),
        Ok(Outcome::Refused(refused)) => {
            let (current, draft, new, errors) = *refused;
            render(
                &page,
                &edit_page(&page, &current, Some((draft, new, errors))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => error_page(&page, e),
    }
}
