//! Readiness self-assessment pages: the questionnaire (radio buttons, no JavaScript, saved and
//! resumed), the results with the radar chart, and the officer's regional list.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use axum_extra::extract::Form;
use mitra_core::assessment::lambert::PartnershipType;
use mitra_core::assessment::{Bilingual, ComponentOutcome, Instrument};
use mitra_core::field::FieldErrors;
use mitra_core::user::Role;
use mitra_core::Lang;
use serde::Deserialize;

use super::{error_page, render, Opt, PageCtx};
use crate::assessment::{self as service, RegionRow, Results};
use crate::auth::Ctx;
use crate::chart::{radar, Series};
use crate::error::AppError;
use crate::AppState;

const CSS: &str = include_str!("../../static/assessment.css");

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/static/assessment.css", get(css))
        .route("/readiness", get(entry))
        .route("/readiness/region", get(region))
        .route("/organisations/{id}/readiness", get(form).post(post))
        .route("/assessments/{id}", get(results))
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// A text in the reader's language.
fn pick(lang: Lang, b: Bilingual<'_>) -> &str {
    match lang {
        Lang::Id => b.id,
        Lang::En => b.en,
    }
}

/// `GET /readiness`: a supplier goes to its own questionnaire, an officer to the regional list.
async fn entry(ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/readiness");
    match ctx.actor() {
        Ok(a) if a.role == Role::SupplierUser && a.organisation_id.is_some() => Redirect::to(
            &format!("/organisations/{}/readiness", a.organisation_id.unwrap_or_default()),
        )
        .into_response(),
        Ok(a) if a.role == Role::InstitutionOfficer => {
            Redirect::to("/readiness/region").into_response()
        }
        Ok(_) => error_page(&page, AppError::Forbidden),
        Err(e) => error_page(&page, e),
    }
}

/// One answer choice of a question.
struct Choice {
    value: u8,
    label: &'static str,
    checked: bool,
}

struct Question {
    key: String,
    text: String,
    error: &'static str,
    choices: Vec<Choice>,
}

struct Group {
    name: String,
    questions: Vec<Question>,
}

#[derive(Template)]
#[template(path = "assessment_form.html")]
struct FormPage {
    page: PageCtx,
    org_id: i64,
    org_name: String,
    groups: Vec<Group>,
    answered: usize,
    total: usize,
    errors: FieldErrors,
    latest: Option<i64>,
}

fn groups(lang: Lang, raw: &BTreeMap<String, String>, errors: &FieldErrors) -> Vec<Group> {
    let i = Instrument::starting();
    i.components()
        .into_iter()
        .map(|c| Group {
            name: pick(lang, c.name()).to_owned(),
            questions: i
                .item_indices(c)
                .into_iter()
                .map(|k| {
                    let item = &i.items()[k];
                    let given = raw.get(&item.key).map(|v| v.trim()).unwrap_or("");
                    Question {
                        key: item.key.clone(),
                        text: pick(lang, item.text()).to_owned(),
                        error: errors.message_for(&item.key, lang),
                        choices: (1..=i.scale().points())
                            .map(|v| Choice {
                                value: v,
                                label: mitra_core::t(lang, scale_key(v)),
                                checked: given == v.to_string(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn scale_key(v: u8) -> &'static str {
    match v {
        1 => "readiness.scale.1",
        2 => "readiness.scale.2",
        3 => "readiness.scale.3",
        4 => "readiness.scale.4",
        _ => "readiness.scale.5",
    }
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw_id: &str,
    typed: Option<(BTreeMap<String, String>, FieldErrors)>,
) -> Result<FormPage, AppError> {
    let actor = ctx.actor()?;
    let org_id: i64 = raw_id.parse().map_err(|_| AppError::NotFound)?;
    let (org_name, draft) = service::readiness_form(state, &actor, org_id).await?;
    let latest = service::latest_readiness_id(state, &actor, org_id).await?;
    let (raw, errors) = match typed {
        Some(t) => t,
        None => (
            draft
                .map(|d| d.answers.into_iter().map(|(k, v)| (k, v.to_string())).collect())
                .unwrap_or_default(),
            FieldErrors::new(),
        ),
    };
    let total = Instrument::starting().items().len();
    let answered = raw.values().filter(|v| !v.trim().is_empty()).count().min(total);
    Ok(FormPage {
        page: page.clone(),
        org_id,
        org_name,
        groups: groups(page.lang, &raw, &errors),
        answered,
        total,
        errors,
        latest,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DoneQuery {
    done: String,
    r#type: String,
}

/// Confirmations these pages show after a redirect.
fn notice(done: &str) -> Option<&'static str> {
    ["readiness.saved", "readiness.submitted"].into_iter().find(|k| *k == done)
}

async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/organisations/{raw}/readiness"));
    page.notice = notice(&q.done);
    match form_page(&state, &ctx, &page, &raw, None).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// `POST /organisations/{id}/readiness`: `action=save` keeps a draft, `action=submit` makes it
/// final and shows the results. A rejected post shows the form again with what was chosen.
async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(mut fields): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}/readiness"));
    let csrf = fields.remove("csrf_token").unwrap_or_default();
    let submit = fields.remove("action").is_some_and(|a| a == "submit");
    let result = async {
        let actor = ctx.actor()?;
        ctx.check_csrf(&csrf)?;
        let org_id: i64 = raw.parse().map_err(|_| AppError::NotFound)?;
        service::save_readiness(&state, &actor, org_id, &fields, submit).await
    }
    .await;
    match result {
        Ok(r) if submit => {
            Redirect::to(&format!("/assessments/{}?done=readiness.submitted", r.id)).into_response()
        }
        Ok(_) => Redirect::to(&format!("/organisations/{raw}/readiness?done=readiness.saved"))
            .into_response(),
        Err(AppError::Validation(errors)) => {
            match form_page(&state, &ctx, &page, &raw, Some((fields, errors))).await {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

/// One row of the results table.
struct Row {
    name: String,
    mean: String,
    index: String,
    level: String,
    target: String,
    change: String,
    change_class: &'static str,
}

#[derive(Template)]
#[template(path = "assessment_results.html")]
struct ResultsPage {
    page: PageCtx,
    r: Results,
    rows: Vec<Row>,
    chart: String,
    types: Vec<Opt>,
    overall: String,
    left_out: Vec<String>,
    can_retake: bool,
    gaps: Vec<(String, String, String, String)>,
    advice: Vec<(String, String)>,
}

fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) => format!("{x:.digits$}"),
        None => "—".to_owned(),
    }
}

fn results_page(page: &PageCtx, r: Results, can_retake: bool) -> ResultsPage {
    let lang = page.lang;
    let change_of = |c| {
        r.progress
            .as_ref()
            .and_then(|p| p.components.iter().find(|x| x.component == c))
            .and_then(|x| x.change)
    };
    let rows: Vec<Row> = r
        .components
        .iter()
        .map(|row| {
            let s = &row.score;
            let (mean, index, level) = match s.outcome {
                ComponentOutcome::Scored { mean, index, maturity } => (
                    format!("{mean:.2}"),
                    format!("{index:.0}"),
                    format!("{} — {}", maturity.level(), pick(lang, maturity.name())),
                ),
                ComponentOutcome::Unscored { needed } => (
                    "—".to_owned(),
                    "—".to_owned(),
                    mitra_core::t(lang, "results.not_scored").replace("{n}", &needed.to_string()),
                ),
            };
            let change = change_of(row.component);
            Row {
                name: pick(lang, row.component.name()).to_owned(),
                mean,
                index,
                level,
                target: num(row.target_index, 0),
                change: change.map(|c| format!("{c:+.0}")).unwrap_or_else(|| "—".to_owned()),
                change_class: match change {
                    Some(c) if c > 0.5 => "up",
                    Some(c) if c < -0.5 => "down",
                    _ => "",
                },
            }
        })
        .collect();
    let axes: Vec<&str> = r.components.iter().map(|c| pick(lang, c.component.name())).collect();
    let score: Vec<Option<f64>> = r.components.iter().map(|c| c.score.index()).collect();
    let target: Vec<Option<f64>> = r.components.iter().map(|c| c.target_index).collect();
    let previous: Vec<Option<f64>> = r
        .components
        .iter()
        .map(|c| {
            r.progress
                .as_ref()
                .and_then(|p| p.components.iter().find(|x| x.component == c.component))
                .and_then(|x| x.previous)
        })
        .collect();
    let target_label =
        format!("{}: {}", mitra_core::t(lang, "results.target"), pick(lang, r.target_type.name()));
    let mut series = vec![Series {
        label: mitra_core::t(lang, "results.your_score"),
        values: &score,
        class: "score",
    }];
    series.push(Series { label: &target_label, values: &target, class: "target" });
    if r.progress.is_some() {
        series.push(Series {
            label: mitra_core::t(lang, "results.previous"),
            values: &previous,
            class: "previous",
        });
    }
    let chart = radar(
        "readiness-radar",
        mitra_core::t(lang, "results.chart_title"),
        mitra_core::t(lang, "results.chart_desc"),
        &axes,
        &series,
    );
    let types = [PartnershipType::TypeI, PartnershipType::TypeII, PartnershipType::TypeIII]
        .iter()
        .map(|t| Opt {
            key: t.key().to_owned(),
            label: pick(lang, t.name()).to_owned(),
            selected: *t == r.target_type,
        })
        .collect();
    let gaps = r
        .gaps
        .iter()
        .filter(|g| g.gap > 0.0)
        .map(|g| {
            (
                pick(lang, g.component.name()).to_owned(),
                format!("{:.2}", g.score),
                format!("{:.0}", g.target),
                format!("{:.2}", g.gap),
            )
        })
        .collect();
    let advice = r
        .recommendations
        .iter()
        .map(|a| (pick(lang, a.component.name()).to_owned(), pick(lang, a.text()).to_owned()))
        .collect();
    let left_out =
        r.score.overall.left_out.iter().map(|c| pick(lang, c.name()).to_owned()).collect();
    ResultsPage {
        page: page.clone(),
        overall: num(r.score.overall.index, 0),
        r,
        rows,
        chart,
        types,
        left_out,
        can_retake,
        gaps,
        advice,
    }
}

async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/assessments/{raw}"));
    page.notice = notice(&q.done);
    let result = async {
        let actor = ctx.actor()?;
        let id: i64 = raw.parse().map_err(|_| AppError::NotFound)?;
        let r = service::results_for_request(&state, &actor, id, &q.r#type).await?;
        let can_retake = actor.can_take_readiness(r.assessment.organisation_id);
        Ok::<_, AppError>(results_page(&page, r, can_retake))
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "assessment_region.html")]
struct RegionPage {
    page: PageCtx,
    rows: Vec<RegionRow>,
}

impl RegionPage {
    fn index(&self, v: &Option<f64>) -> String {
        num(*v, 0)
    }
}

async fn region(State(state): State<AppState>, ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/readiness/region");
    let result = async {
        let actor = ctx.actor()?;
        let rows = service::region_readiness(&state, &actor).await?;
        Ok::<_, AppError>(RegionPage { page: page.clone(), rows })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}
