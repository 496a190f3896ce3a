//! Readiness self-assessment pages: the questionnaire (radio buttons, no JavaScript, saved and
//! resumed), the results with the radar chart, and the officer's regional list.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use mitra_core::assessment::lambert::PartnershipType;
use mitra_core::assessment::{Bilingual, ComponentOutcome, Instrument};
use mitra_core::field::FieldErrors;
use mitra_core::user::Role;
use mitra_core::Lang;
use serde::Deserialize;

use super::{error_page, path_id, render, Opt, PageCtx, Viewer};
use crate::assessment::{self as service, RegionRow, Results};
use crate::auth::Ctx;
use crate::chart::{radar, Series};
use crate::error::AppError;
use crate::http::Routes;
use crate::AppState;

const CSS: &str = include_str!("../../static/assessment.css");

pub(crate) fn router() -> Routes {
    Routes::new()
        .public("/static/assessment.css", get(css))
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
pub(crate) fn pick(lang: Lang, b: Bilingual<'_>) -> &str {
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
pub(crate) struct Choice {
    value: u8,
    label: &'static str,
    checked: bool,
}

pub(crate) struct Question {
    key: String,
    text: String,
    error: &'static str,
    choices: Vec<Choice>,
}

pub(crate) struct Group {
    key: &'static str,
    name: String,
    questions: Vec<Question>,
    evidence: String,
    evidence_error: &'static str,
}

/// The questionnaire of every kind of assessment: readiness, a partnership side, an assessor's
/// rating (with notes).
#[derive(Template)]
#[template(path = "assessment_form.html")]
pub(crate) struct FormPage {
    pub page: PageCtx,
    pub title_key: &'static str,
    pub intro_key: &'static str,
    pub subject: String,
    pub action: String,
    pub groups: Vec<Group>,
    pub answered: usize,
    pub total: usize,
    pub errors: FieldErrors,
    pub latest: Option<String>,
    pub with_notes: bool,
    pub notes: String,
}

/// What the form shows as typed: answers (item key → value), and for an assessor the overall
/// note and the evidence per component key.
#[derive(Default)]
pub(crate) struct Typed {
    pub answers: BTreeMap<String, String>,
    pub notes: service::Notes,
}

impl Typed {
    /// Splits a posted form into answers and notes (`notes`, `evidence.<component>`).
    pub fn from_form(mut fields: BTreeMap<String, String>) -> Typed {
        let notes = fields.remove("notes").unwrap_or_default();
        let keys: Vec<String> =
            fields.keys().filter(|k| k.starts_with("evidence.")).cloned().collect();
        let mut evidence = BTreeMap::new();
        for k in keys {
            if let Some(v) = fields.remove(&k) {
                evidence.insert(k["evidence.".len()..].to_owned(), v);
            }
        }
        Typed { answers: fields, notes: service::Notes { notes, evidence } }
    }

    /// What a stored draft holds.
    pub fn from_record(
        record: Option<&mitra_core::assessment::store::AssessmentRecord>,
        evidence: &BTreeMap<mitra_core::assessment::Component, String>,
    ) -> Typed {
        let Some(r) = record else { return Typed::default() };
        Typed {
            answers: r.answers.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
            notes: service::Notes {
                notes: r.notes.clone().unwrap_or_default(),
                evidence: evidence.iter().map(|(c, n)| (c.key().to_owned(), n.clone())).collect(),
            },
        }
    }
}

impl FormPage {
    /// The form with what was typed (or the draft) and its errors.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        page: &PageCtx,
        title_key: &'static str,
        intro_key: &'static str,
        subject: String,
        action: String,
        typed: Typed,
        errors: FieldErrors,
        latest: Option<String>,
        with_notes: bool,
        instrument: &Instrument,
    ) -> FormPage {
        let total = instrument.items().len();
        let answered = typed.answers.values().filter(|v| !v.trim().is_empty()).count().min(total);
        FormPage {
            groups: groups(page.lang, instrument, &typed, &errors),
            page: page.clone(),
            title_key,
            intro_key,
            subject,
            action,
            answered,
            total,
            errors,
            latest,
            with_notes,
            notes: typed.notes.notes,
        }
    }
}

fn groups(lang: Lang, i: &Instrument, typed: &Typed, errors: &FieldErrors) -> Vec<Group> {
    i.components()
        .into_iter()
        .map(|c| Group {
            key: c.key(),
            name: pick(lang, c.name()).to_owned(),
            evidence: typed.notes.evidence.get(c.key()).cloned().unwrap_or_default(),
            evidence_error: errors.message_for(&format!("evidence.{}", c.key()), lang),
            questions: i
                .item_indices(c)
                .into_iter()
                .map(|k| {
                    let item = &i.items()[k];
                    let given = typed.answers.get(&item.key).map(|v| v.trim()).unwrap_or("");
                    Question {
                        key: item.key.clone(),
                        text: pick(lang, item.text()).to_owned(),
                        error: errors.message_for(&item.key, lang),
                        choices: (1..=i.scale().points())
                            .map(|v| Choice {
                                value: v,
                                label: mitra_core::t(lang, scale_key(v, i.scale().points())),
                                checked: given == v.to_string(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn scale_key(v: u8, points: u8) -> &'static str {
    if points == 7 {
        return match v {
            1 => "instrument.scale7.1",
            2 => "instrument.scale7.2",
            3 => "instrument.scale7.3",
            4 => "instrument.scale7.4",
            5 => "instrument.scale7.5",
            6 => "instrument.scale7.6",
            _ => "instrument.scale7.7",
        };
    }
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
    typed: Option<(Typed, FieldErrors)>,
) -> Result<FormPage, AppError> {
    let actor = ctx.actor()?;
    let org_id = path_id(raw_id)?;
    let (org_name, draft) = service::readiness_form(state, &actor, org_id).await?;
    let latest = service::latest_readiness_id(state, &actor, org_id).await?;
    let instrument = service::readiness_instrument(state, org_id).await?;
    let (typed, errors) = typed.unwrap_or_else(|| {
        (Typed::from_record(draft.as_ref(), &BTreeMap::new()), FieldErrors::new())
    });
    Ok(FormPage::new(
        page,
        "readiness.title",
        "readiness.intro",
        org_name,
        format!("/organisations/{org_id}/readiness"),
        typed,
        errors,
        latest.map(|id| format!("/assessments/{id}")),
        false,
        &instrument,
    ))
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
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(mut fields): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}/readiness"));
    let submit = fields.remove("action").is_some_and(|a| a == "submit");
    let result = async {
        let actor = ctx.actor.clone();
        let org_id = path_id(&raw)?;
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
            let typed = Typed { answers: fields, notes: service::Notes::default() };
            match form_page(&state, &ctx, &page, &raw, Some((typed, errors))).await {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

/// One row of the results table.
pub(crate) struct Row {
    pub(crate) name: String,
    pub(crate) mean: String,
    pub(crate) index: String,
    pub(crate) level: String,
    pub(crate) target: String,
    pub(crate) change: String,
    pub(crate) change_class: &'static str,
}

#[derive(Template)]
#[template(path = "assessment_results.html")]
pub(crate) struct ResultsPage {
    pub(crate) page: PageCtx,
    pub(crate) r: Results,
    pub(crate) title_key: &'static str,
    pub(crate) rows: Vec<Row>,
    pub(crate) chart: String,
    pub(crate) types: Vec<Opt>,
    pub(crate) overall: String,
    pub(crate) left_out: Vec<String>,
    pub(crate) retake: Option<String>,
    pub(crate) gaps: Vec<(String, String, String, String)>,
    pub(crate) advice: Vec<(String, String)>,
    pub(crate) trend: Trend,
    /// (component, note) of an assessor's evidence.
    pub(crate) evidence: Vec<(String, String)>,
}

/// The trend chart and its data table.
pub(crate) struct Trend {
    pub chart: String,
    /// Column heads: the dates.
    pub dates: Vec<String>,
    /// One row per series: name, then one cell per date.
    pub rows: Vec<(String, Vec<String>)>,
}

/// CSS class of the trend line of the `k`-th component.
const LINE_CLASSES: [&str; 9] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"];

/// The trend of submitted assessments as a line chart (overall index and each component) with
/// the same numbers as a table; `None` with fewer than one point.
pub(crate) fn trend(lang: Lang, points: &[service::trend::TrendPoint]) -> Option<Trend> {
    let first = points.first()?;
    let dates: Vec<String> = points
        .iter()
        .map(|p| {
            time::OffsetDateTime::from_unix_timestamp(p.submitted_at + 7 * 3600)
                .map(|t| mitra_core::field::format_date(t.date()))
                .unwrap_or_default()
        })
        .collect();
    let labels: Vec<&str> = dates.iter().map(String::as_str).collect();
    let overall: Vec<Option<f64>> = points.iter().map(|p| p.overall).collect();
    let components: Vec<(String, Vec<Option<f64>>)> = first
        .components
        .iter()
        .map(|(c, _)| {
            let values = points
                .iter()
                .map(|p| p.components.iter().find(|x| x.0 == *c).and_then(|x| x.1))
                .collect();
            (pick(lang, c.name()).to_owned(), values)
        })
        .collect();
    let overall_label = mitra_core::t(lang, "trend.overall");
    let mut series = vec![Series { label: overall_label, values: &overall, class: "overall" }];
    for (k, (name, values)) in components.iter().enumerate() {
        series.push(Series { label: name, values, class: LINE_CLASSES[k % LINE_CLASSES.len()] });
    }
    let chart = crate::chart::line(
        "trend",
        mitra_core::t(lang, "trend.chart_title"),
        mitra_core::t(lang, "trend.chart_desc"),
        &labels,
        &series,
    );
    let row = |values: &[Option<f64>]| values.iter().map(|v| num(*v, 0)).collect();
    let mut rows = vec![(overall_label.to_owned(), row(&overall))];
    rows.extend(components.iter().map(|(name, values)| (name.clone(), row(values))));
    Some(Trend { chart, dates, rows })
}

pub(crate) fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) => format!("{x:.digits$}"),
        None => "—".to_owned(),
    }
}

/// The results page (and, with the same numbers, the printable report).
pub(crate) fn results_page(page: &PageCtx, r: Results) -> ResultsPage {
    let lang = page.lang;
    use mitra_core::assessment::store::AssessmentKind;
    let a = &r.assessment;
    let (title_key, retake) = match a.kind {
        AssessmentKind::Readiness => {
            ("results.title", format!("/organisations/{}/readiness", a.organisation_id))
        }
        AssessmentKind::PartnershipBuyer | AssessmentKind::PartnershipSupplier => (
            "partnership_assessment.results_title",
            format!("/partnerships/{}/assessment/form", a.partnership_id.unwrap_or_default()),
        ),
        AssessmentKind::Assessor => (
            "assessor.results_title",
            format!("/organisations/{}/assessor-ratings/new", a.organisation_id),
        ),
    };
    let retake = r.can_answer.then_some(retake);
    let trend = trend(lang, &r.trend).unwrap_or(Trend {
        chart: String::new(),
        dates: Vec::new(),
        rows: Vec::new(),
    });
    let evidence =
        r.evidence.iter().map(|(c, n)| (pick(lang, c.name()).to_owned(), n.clone())).collect();
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
        title_key,
        rows,
        chart,
        types,
        left_out,
        retake,
        gaps,
        advice,
        trend,
        evidence,
    }
}

async fn results(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/assessments/{raw}"));
    page.notice = notice(&q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        let r = service::results_for_request(&state, &actor, id, &q.r#type).await?;
        Ok::<_, AppError>(results_page(&page, r))
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

async fn region(State(state): State<AppState>, ctx: Viewer) -> Response {
    let page = PageCtx::new(&ctx, "/readiness/region");
    let result = async {
        let actor = ctx.actor.clone();
        let rows = service::region_readiness(&state, &actor).await?;
        Ok::<_, AppError>(RegionPage { page: page.clone(), rows })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}
