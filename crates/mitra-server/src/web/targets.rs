//! The institution's target profiles (Lambert's types × the components, 1–5): one form for its
//! officers, with a reset to Mitra's defaults. The gaps and advice of the UMKM it coaches (and,
//! uncoached, of its province) use these targets.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use mitra_core::assessment::lambert::{PartnershipType, TargetProfiles};
use mitra_core::assessment::Component;
use mitra_core::field::FieldErrors;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{error_page, render, see_other, PageCtx, Viewer};
use crate::coaching as service;
use crate::error::AppError;
use crate::http::Routes;
use crate::AppState;

/// The types that have targets, loosest first.
const TYPES: [PartnershipType; 3] =
    [PartnershipType::TypeI, PartnershipType::TypeII, PartnershipType::TypeIII];

pub(crate) fn router() -> Routes {
    Routes::new().route("/targets", get(form).post(save)).route("/targets/reset", post(reset))
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    page: PageCtx,
    types: Vec<String>,
    rows: Vec<TargetRow>,
    errors: FieldErrors,
}

struct TargetRow {
    component: String,
    cells: Vec<TargetCell>,
}

struct TargetCell {
    name: String,
    label: String,
    value: String,
    error: &'static str,
}

fn page_of(
    page: &PageCtx,
    profiles: &TargetProfiles,
    typed: Option<&BTreeMap<String, String>>,
    errors: FieldErrors,
) -> TargetsPage {
    let lang = page.lang;
    let type_name = |t: PartnershipType| lang.pick(t.name().id, t.name().en).to_owned();
    let rows = Component::ALL
        .iter()
        .map(|&c| {
            let component = lang.pick(c.name().id, c.name().en).to_owned();
            TargetRow {
                cells: TYPES
                    .iter()
                    .map(|&t| {
                        let key = format!("{}.{}", t.key(), c.key());
                        let value = match typed {
                            Some(m) => m.get(&key).cloned().unwrap_or_default(),
                            None => {
                                profiles.target(t, c).map(|v| format!("{v}")).unwrap_or_default()
                            }
                        };
                        TargetCell {
                            error: errors.message_for(&format!("targets.{key}"), lang),
                            label: format!("{} — {component}", type_name(t)),
                            name: key,
                            value,
                        }
                    })
                    .collect(),
                component,
            }
        })
        .collect();
    TargetsPage {
        page: page.clone(),
        types: TYPES.iter().map(|&t| type_name(t)).collect(),
        rows,
        errors,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Done {
    done: String,
}

async fn form(State(state): State<AppState>, ctx: Viewer, Query(q): Query<Done>) -> Response {
    let page = PageCtx::new(&ctx, "/targets").with_notice(Some(&q.done));
    let result = async {
        let actor = ctx.actor.clone();
        service::institution_targets(&state, &actor).await
    }
    .await;
    match result {
        Ok(p) => render(&page, &page_of(&page, &p, None, FieldErrors::new()), StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn save(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let page = PageCtx::new(&ctx, "/targets");
    let typed: BTreeMap<String, String> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("t.").map(|k| (k.to_owned(), v.clone())))
        .collect();
    let result = async {
        let actor = ctx.actor.clone();
        service::set_institution_targets(&state, &actor, &typed).await
    }
    .await;
    match result {
        Ok(()) => see_other("/targets", "targets.saved"),
        Err(AppError::Validation(errors)) => render(
            &page,
            &page_of(&page, &TargetProfiles::default(), Some(&typed), errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => error_page(&page, e),
    }
}

async fn reset(State(state): State<AppState>, ctx: Viewer, Form(_): Form<IgnoredAny>) -> Response {
    let page = PageCtx::new(&ctx, "/targets");
    let result = async {
        let actor = ctx.actor.clone();
        service::reset_institution_targets(&state, &actor).await
    }
    .await;
    match result {
        Ok(()) => see_other("/targets", "targets.reset_done"),
        Err(e) => error_page(&page, e),
    }
}
