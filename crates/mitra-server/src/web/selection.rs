//! Supplier-selection pages: the buyer's list and new-event form, the workspace (candidates from
//! the registry or invited), the value grid, criteria and direct weights, the AHP form (works
//! without JavaScript; `ahp.js` only refreshes the consistency ratio as the user answers), the
//! results with charts and the decision, the quote comparison, the printable report, and the
//! candidate's own page.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mitra_core::field::FieldErrors;
use mitra_core::organisation::OrganisationSummary;
use mitra_core::selection::problem::{pairs, NotReady, SAATY};
use mitra_core::selection::{
    CandidateFilterDraft, CustomCriterionDraft, DecisionDraft, EvaluatorSummary, EventCriterion,
    EventDraft, Indicator, SourcingEvent, WeightMode,
};
use mitra_core::store::Page;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{error_page, path_id, render, render_invalid, see_other, Opt, PageCtx, Viewer};
use crate::auth::Ctx;
use crate::chart;
use crate::error::AppError;
use crate::http::Routes;
use crate::selection::{self as service, CandidateView, EventList, ResultsView, Workspace};
use crate::service::SearchQuery;
use crate::AppState;

const CSS: &str = include_str!("../../static/selection.css");
const AHP_JS: &str = include_str!("../../static/ahp.js");
const WEIGHTS_JS: &str = include_str!("../../static/weights.js");

/// Rows per page of the value grid and the results.
const ROWS: u32 = 50;

pub(crate) fn router() -> Routes {
    Routes::new()
        .public("/static/selection.css", get(css))
        .public("/static/ahp.js", get(js))
        .public("/static/weights.js", get(weights_js))
        .route("/selections", get(list))
        .route("/selections/new", get(new_form).post(create))
        .route("/selections/{id}", get(workspace))
        .route("/selections/{id}/registry", post(from_registry))
        .route("/selections/{id}/invite", post(invite))
        .route("/selections/{id}/exclusion", post(exclusion))
        .route("/selections/{id}/values", get(values_form).post(values))
        .route("/selections/{id}/criteria", get(criteria_form).post(criteria))
        .route("/selections/{id}/criteria/custom", post(custom))
        .route("/selections/{id}/ahp", get(ahp_form).post(ahp))
        .route("/selections/{id}/results", get(results))
        .route("/selections/{id}/decision", post(decide))
        .route("/selections/{id}/revision", post(reopen))
        .route("/selections/{id}/quotes", get(quotes))
        .route("/selections/{id}/report", get(report))
        .route("/selections/{id}/mine", get(mine).post(respond))
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", AHP_JS)
}

async fn weights_js() -> Response {
    asset("text/javascript; charset=utf-8", WEIGHTS_JS)
}

/// Form fields as posted, in order (repeated names kept).
type Fields = Vec<(String, String)>;

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Fields whose names start with `prefix`, with the prefix cut off.
fn prefixed(f: &Fields, prefix: &str) -> BTreeMap<String, String> {
    f.iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix).map(|k| (k.to_owned(), v.clone())))
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PageQuery {
    page: String,
    q: String,
    done: String,
}

impl PageQuery {
    fn page(&self) -> u32 {
        self.page.parse().unwrap_or(1).max(1)
    }
}

// ---- list and new event --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selections.html")]
struct ListPage {
    page: PageCtx,
    list: EventList,
}

async fn list(State(state): State<AppState>, ctx: Viewer, Query(q): Query<PageQuery>) -> Response {
    let page = PageCtx::new(&ctx, "/selections");
    let result = async {
        let actor = ctx.actor.clone();
        Ok::<_, AppError>(ListPage {
            page: page.clone(),
            list: service::list(&state, &actor, q.page()).await?,
        })
    }
    .await;
    match result {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "selection_new.html")]
struct NewPage {
    page: PageCtx,
    form: EventDraft,
    errors: FieldErrors,
}

impl NewPage {
    fn methods(&self) -> Vec<Opt> {
        method_options(&self.page, &self.form.method)
    }
}

fn method_options(page: &PageCtx, current: &str) -> Vec<Opt> {
    let current = if current.is_empty() { "topsis" } else { current };
    mitra_decide::MethodKey::ALL
        .iter()
        .map(|k| Opt {
            key: k.as_str().to_owned(),
            label: page.t(&format!("selection.method.{k}")).to_owned(),
            selected: k.as_str() == current,
        })
        .collect()
}

async fn new_form(ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/selections/new");
    match ctx.actor() {
        Ok(a) if a.can_open_selection() => {
            let form = EventDraft { pattern: "rantai_pasok".into(), ..Default::default() };
            render(
                &page,
                &NewPage { page: page.clone(), form, errors: FieldErrors::new() },
                StatusCode::OK,
            )
        }
        Ok(_) => error_page(&page, AppError::Forbidden),
        Err(e) => error_page(&page, e),
    }
}

async fn create(State(state): State<AppState>, ctx: Viewer, Form(f): Form<Fields>) -> Response {
    let page = PageCtx::new(&ctx, "/selections/new");
    let draft = EventDraft {
        title: field(&f, "title").into(),
        product: field(&f, "product").into(),
        quantity: field(&f, "quantity").into(),
        unit: field(&f, "unit").into(),
        period_start: field(&f, "period_start").into(),
        period_end: field(&f, "period_end").into(),
        regency: field(&f, "regency").into(),
        pattern: field(&f, "pattern").into(),
        method: field(&f, "method").into(),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::create_event(&state, &actor, &draft).await
    }
    .await;
    match result {
        Ok(id) => see_other(&format!("/selections/{id}"), "selection.created"),
        Err(AppError::Validation(errors)) => render(
            &page,
            &NewPage { page: page.clone(), form: draft, errors },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => error_page(&page, e),
    }
}

// ---- workspace -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection.html")]
struct WorkspacePage {
    page: PageCtx,
    w: Workspace,
    missing: usize,
    filter: CandidateFilterDraft,
    query: String,
    found: Option<Page<OrganisationSummary>>,
    errors: FieldErrors,
}

impl WorkspacePage {
    fn ranked(&self) -> usize {
        self.w.candidates.iter().filter(|c| c.ranked()).count()
    }

    /// Candidates shown on the page (the first 200; the value grid pages through all).
    fn shown(&self) -> &[mitra_core::selection::Candidate] {
        &self.w.candidates[..self.w.candidates.len().min(200)]
    }
}

async fn workspace_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    q: &PageQuery,
    errors: FieldErrors,
) -> Result<WorkspacePage, AppError> {
    let actor = ctx.actor()?;
    let w = service::workspace(state, &actor, path_id(raw)?).await?;
    let found = if q.q.trim().is_empty() {
        None
    } else {
        let sq = SearchQuery { name: q.q.clone(), kind: "umkm".into(), ..Default::default() };
        Some(crate::service::search(state, &actor, &sq).await?)
    };
    Ok(WorkspacePage {
        page: page.clone(),
        missing: w.missing().len(),
        w,
        filter: CandidateFilterDraft::default(),
        query: q.q.clone(),
        found,
        errors,
    })
}

async fn workspace(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}")).with_notice(Some(&q.done));
    match workspace_page(&state, &ctx, &page, &raw, &q, FieldErrors::new()).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// Runs a workspace action; a validation error re-renders the workspace with the messages.
async fn workspace_action<F, Fut>(
    state: &AppState,
    ctx: &Ctx,
    raw: &str,
    f: &Fields,
    run: F,
) -> Response
where
    F: FnOnce(mitra_core::Actor, i64) -> Fut,
    Fut: std::future::Future<Output = Result<&'static str, AppError>>,
{
    let page = PageCtx::new(ctx, &format!("/selections/{raw}"));
    let result = async {
        let actor = ctx.actor()?;
        run(actor, path_id(raw)?).await
    }
    .await;
    match result {
        Ok(done) => see_other(&format!("/selections/{raw}"), done),
        Err(AppError::Validation(errors)) => render_invalid(
            &page,
            workspace_page(state, ctx, &page, raw, &PageQuery::default(), errors).await.map(
                |mut t| {
                    t.filter = CandidateFilterDraft {
                        sector: field(f, "sector").into(),
                        regency: field(f, "regency").into(),
                        size_class: field(f, "size_class").into(),
                        certificate: field(f, "certificate").into(),
                        product: field(f, "product").into(),
                        min_readiness: field(f, "min_readiness").into(),
                    };
                    t
                },
            ),
        ),
        Err(e) => error_page(&page, e),
    }
}

async fn from_registry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let draft = CandidateFilterDraft {
        sector: field(&f, "sector").into(),
        regency: field(&f, "regency").into(),
        size_class: field(&f, "size_class").into(),
        certificate: field(&f, "certificate").into(),
        product: field(&f, "product").into(),
        min_readiness: field(&f, "min_readiness").into(),
    };
    let s = state.clone();
    workspace_action(&state, &ctx, &raw, &f, |actor, id| async move {
        service::add_from_registry(&s, &actor, id, &draft)
            .await
            .map(|_| "selection.candidates_added")
    })
    .await
}

async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let org = field(&f, "organisation_id").to_owned();
    let s = state.clone();
    workspace_action(&state, &ctx, &raw, &f, |actor, id| async move {
        service::invite(&s, &actor, id, &org).await.map(|_| "selection.invited")
    })
    .await
}

async fn exclusion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let ids: Vec<i64> = f
        .iter()
        .filter(|(k, _)| k == "organisation_id")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let action = field(&f, "action").to_owned();
    let s = state.clone();
    workspace_action(&state, &ctx, &raw, &f, |actor, id| async move {
        let (excluded, missing_only) = match action.as_str() {
            "include" => (false, false),
            "exclude_missing" => (true, true),
            _ => (true, false),
        };
        service::set_excluded(&s, &actor, id, &ids, excluded, missing_only)
            .await
            .map(|_| "selection.exclusion_saved")
    })
    .await
}

// ---- value grid ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_values.html")]
struct ValuesPage {
    page: PageCtx,
    w: Workspace,
    criteria: Vec<EventCriterion>,
    rows: Vec<ValueRow>,
    pager: Page<()>,
    errors: FieldErrors,
}

/// One candidate's row of the grid.
struct ValueRow {
    name: String,
    cells: Vec<Cell>,
}

/// One cell: the form name, the text shown, where the value came from, and whether the buyer
/// may change it (values shared by the candidate or taken from its quote are shown read-only
/// unless the buyer overrides them with its own rating).
struct Cell {
    name: String,
    text: String,
    source: Option<&'static str>,
    missing: bool,
    error: &'static str,
}

fn value_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

async fn values_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    number: u32,
    typed: &BTreeMap<String, String>,
    errors: FieldErrors,
) -> Result<ValuesPage, AppError> {
    let actor = ctx.actor()?;
    let w = service::workspace(state, &actor, path_id(raw)?).await?;
    let criteria: Vec<EventCriterion> = w.criteria.iter().filter(|c| c.included).cloned().collect();
    let ranked: Vec<&mitra_core::selection::Candidate> =
        w.candidates.iter().filter(|c| c.ranked()).collect();
    let pager =
        Page::<()> { items: Vec::new(), total: ranked.len() as u64, page: number, per_page: ROWS };
    let lang = page.lang;
    let rows = ranked
        .iter()
        .skip(((number - 1) * ROWS) as usize)
        .take(ROWS as usize)
        .map(|c| ValueRow {
            name: c.name.clone(),
            cells: criteria
                .iter()
                .map(|k| {
                    let name = format!("{}.{}", c.organisation_id, k.key);
                    let v = c.value(k);
                    let text = typed
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| v.map(|v| value_text(v.value)).unwrap_or_default());
                    Cell {
                        error: errors.message_for(&format!("values.{name}"), lang),
                        name,
                        text,
                        source: v.map(|v| v.source.label(lang)),
                        missing: v.is_none(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(ValuesPage { page: page.clone(), w, criteria, rows, pager, errors })
}

async fn values_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/values")).with_notice(Some(&q.done));
    match values_page(&state, &ctx, &page, &raw, q.page(), &BTreeMap::new(), FieldErrors::new())
        .await
    {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn values(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/values"));
    let cells = prefixed(&f, "v.");
    let number: u32 = field(&f, "page").parse().unwrap_or(1).max(1);
    let result = async {
        let actor = ctx.actor.clone();
        service::set_values(&state, &actor, path_id(&raw)?, &cells).await
    }
    .await;
    match result {
        Ok(_) => {
            see_other(&format!("/selections/{raw}/values?page={number}"), "selection.values_saved")
        }
        Err(AppError::Validation(errors)) => render_invalid(
            &page,
            values_page(&state, &ctx, &page, &raw, number, &cells, errors).await,
        ),
        Err(e) => error_page(&page, e),
    }
}

// ---- criteria and direct weights -----------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_criteria.html")]
struct CriteriaPage {
    page: PageCtx,
    w: Workspace,
    rows: Vec<CriterionRow>,
    errors: FieldErrors,
    custom: CustomCriterionDraft,
}

struct CriterionRow {
    key: String,
    name: String,
    cost: bool,
    unit: String,
    included: bool,
    percent: String,
    error: &'static str,
}

impl CriteriaPage {
    fn mode_options(&self) -> Vec<Opt> {
        WeightMode::ALL
            .iter()
            .map(|m| Opt {
                key: m.key().to_owned(),
                label: m.label(self.page.lang).to_owned(),
                selected: *m == self.w.event.weight_mode,
            })
            .collect()
    }
}

async fn criteria_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    typed: Option<&Fields>,
    errors: FieldErrors,
) -> Result<CriteriaPage, AppError> {
    let actor = ctx.actor()?;
    let w = service::workspace(state, &actor, path_id(raw)?).await?;
    let total: f64 = w.criteria.iter().filter(|c| c.included).map(|c| c.weight).sum();
    let lang = page.lang;
    let rows = w
        .criteria
        .iter()
        .map(|c| {
            let (included, percent) = match typed {
                Some(f) => (
                    f.iter().any(|(k, v)| k == "included" && *v == c.key),
                    field(f, &format!("w.{}", c.key)).to_owned(),
                ),
                None => (
                    c.included,
                    if total > 0.0 && c.included {
                        format!("{:.1}", 100.0 * c.weight / total)
                    } else {
                        "0".into()
                    },
                ),
            };
            CriterionRow {
                key: c.key.clone(),
                name: c.name(lang),
                cost: c.cost,
                unit: c.unit.clone(),
                included,
                percent,
                error: errors.message_for(&format!("weights.{}", c.key), lang),
            }
        })
        .collect();
    Ok(CriteriaPage {
        page: page.clone(),
        w,
        rows,
        errors,
        custom: CustomCriterionDraft::default(),
    })
}

async fn criteria_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page =
        PageCtx::new(&ctx, &format!("/selections/{raw}/criteria")).with_notice(Some(&q.done));
    match criteria_page(&state, &ctx, &page, &raw, None, FieldErrors::new()).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn criteria(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/criteria"));
    let draft = service::CriteriaDraft {
        weight_mode: field(&f, "weight_mode").into(),
        included: f.iter().filter(|(k, _)| k == "included").map(|(_, v)| v.clone()).collect(),
        weights: prefixed(&f, "w."),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::set_criteria(&state, &actor, path_id(&raw)?, &draft).await
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/selections/{raw}/criteria"), "selection.criteria_saved"),
        Err(AppError::Validation(errors)) => {
            render_invalid(&page, criteria_page(&state, &ctx, &page, &raw, Some(&f), errors).await)
        }
        Err(e) => error_page(&page, e),
    }
}

async fn custom(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/criteria"));
    let draft = CustomCriterionDraft {
        name: field(&f, "name").into(),
        kind: field(&f, "kind").into(),
        unit: field(&f, "unit").into(),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::add_criterion(&state, &actor, path_id(&raw)?, &draft).await
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/selections/{raw}/criteria"), "selection.criterion_added"),
        Err(AppError::Validation(errors)) => render_invalid(
            &page,
            criteria_page(&state, &ctx, &page, &raw, None, errors).await.map(|mut t| {
                t.custom = draft;
                t
            }),
        ),
        Err(e) => error_page(&page, e),
    }
}

// ---- AHP ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_ahp.html")]
struct AhpPage {
    page: PageCtx,
    w: Workspace,
    pairs: Vec<PairRow>,
    answered: usize,
    cr: Option<f64>,
    consistent: bool,
    advice: Vec<String>,
    evaluators: Vec<EvaluatorSummary>,
    errors: FieldErrors,
}

impl AhpPage {
    /// The included criteria's names in matrix order, as JSON, for the live advice.
    fn names_json(&self) -> String {
        let names: Vec<String> =
            self.w.criteria.iter().filter(|c| c.included).map(|c| c.name(self.page.lang)).collect();
        serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
    }
}

struct PairRow {
    field: String,
    a: String,
    b: String,
    options: Vec<Opt>,
    error: &'static str,
}

fn saaty_text(v: f64) -> String {
    if v < 1.0 {
        format!("1/{}", (1.0 / v).round())
    } else {
        format!("{}", v.round())
    }
}

fn intensity_key(v: f64) -> &'static str {
    match v.max(1.0 / v).round() as i64 {
        1 => "selection.saaty.1",
        3 => "selection.saaty.3",
        5 => "selection.saaty.5",
        7 => "selection.saaty.7",
        9 => "selection.saaty.9",
        _ => "selection.saaty.between",
    }
}

async fn ahp_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    typed: Option<&BTreeMap<String, String>>,
    errors: FieldErrors,
) -> Result<AhpPage, AppError> {
    let actor = ctx.actor()?;
    let w = service::workspace(state, &actor, path_id(raw)?).await?;
    let lang = page.lang;
    let name =
        |k: &str| w.criteria.iter().find(|c| c.key == k).map(|c| c.name(lang)).unwrap_or_default();
    let own =
        w.judgments.iter().find(|j| j.evaluator_id == actor.user_id).cloned().unwrap_or_default();
    let current: BTreeMap<String, String> = match typed {
        Some(t) => t.clone(),
        None => own.values.iter().map(|((a, b), v)| (format!("{a}|{b}"), saaty_text(*v))).collect(),
    };
    let pair_list = pairs(&w.criteria);
    let rows: Vec<PairRow> = pair_list
        .iter()
        .map(|(a, b)| {
            let field = format!("{a}|{b}");
            let chosen = current.get(&field).map(String::as_str).unwrap_or("");
            let (na, nb) = (name(a), name(b));
            let mut options = vec![Opt {
                key: String::new(),
                label: page.t("selection.ahp.unanswered").to_owned(),
                selected: chosen.is_empty(),
            }];
            for v in SAATY.iter().rev() {
                let text = saaty_text(*v);
                let label = if (*v - 1.0).abs() < 1e-9 {
                    format!("{} (1)", page.t("selection.saaty.1"))
                } else {
                    let who = if *v > 1.0 { &na } else { &nb };
                    format!("{who}: {} ({})", page.t(intensity_key(*v)), saaty_text(v.max(1.0 / v)))
                };
                options.push(Opt { selected: chosen == text, key: text, label });
            }
            PairRow {
                error: errors.message_for(&format!("judgments.{field}"), lang),
                field,
                a: na,
                b: nb,
                options,
            }
        })
        .collect();
    let parsed = service::parse_judgments(&w.criteria, &current, actor.user_id).ok();
    let result = parsed
        .as_ref()
        .and_then(|j| mitra_core::selection::problem::evaluator_result(&w.criteria, j));
    let included: Vec<&EventCriterion> = w.criteria.iter().filter(|c| c.included).collect();
    let advice = result
        .as_ref()
        .map(|r| {
            r.advice
                .iter()
                .map(|a| {
                    let (ka, kb) = (included[a.row].name(lang), included[a.col].name(lang));
                    match a.suggested {
                        Some(s) => format!(
                            "{ka} — {kb}: {} {} → {} {}",
                            page.t("selection.ahp.now"),
                            saaty_text(a.current),
                            page.t("selection.ahp.try"),
                            saaty_text(s)
                        ),
                        None => format!("{ka} — {kb}: {}", saaty_text(a.current)),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(AhpPage {
        page: page.clone(),
        answered: parsed.map_or(0, |j| j.values.len()),
        cr: result.as_ref().and_then(|r| r.cr),
        consistent: result.as_ref().is_some_and(|r| r.consistent()),
        advice,
        evaluators: w.evaluators(),
        pairs: rows,
        w,
        errors,
    })
}

async fn ahp_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/ahp")).with_notice(Some(&q.done));
    match ahp_page(&state, &ctx, &page, &raw, None, FieldErrors::new()).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn ahp(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/ahp"));
    let typed = prefixed(&f, "j.");
    let result = async {
        let actor = ctx.actor.clone();
        service::save_judgments(&state, &actor, path_id(&raw)?, &typed).await
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/selections/{raw}/ahp"), "selection.judgments_saved"),
        Err(AppError::Validation(errors)) => {
            render_invalid(&page, ahp_page(&state, &ctx, &page, &raw, Some(&typed), errors).await)
        }
        Err(e) => error_page(&page, e),
    }
}

// ---- results, decision, report -------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_results.html")]
struct ResultsPage {
    page: PageCtx,
    v: ResultsView,
    labels: Vec<String>,
    errors: FieldErrors,
    awards: BTreeMap<String, String>,
    reason: String,
    report: bool,
}

impl ResultsPage {
    fn pct(&self, x: &f64) -> String {
        format!("{:.1} %", 100.0 * x)
    }

    fn score(&self, x: &f64) -> String {
        format!("{x:.4}")
    }

    fn bar(&self, row: &service::ResultRow) -> String {
        let best =
            self.v.rows.iter().map(|r| r.contributions.iter().sum::<f64>()).fold(0.0, f64::max);
        let title = format!("{}: {}", row.name, self.page.t("selection.results.contribution"));
        chart::stacked_bar(
            &format!("bar-{}", row.organisation_id),
            &title,
            &self.labels,
            &row.contributions,
            best,
        )
    }

    /// Background of a SMAA cell: darker for higher acceptability.
    /// The heat-map class of an acceptability (`h0` … `h10`, in tenths): a class, not an inline
    /// style, so the Content-Security-Policy can refuse every inline style.
    fn heat(&self, a: &f64) -> String {
        format!("h{}", (a.clamp(0.0, 1.0) * 10.0).round())
    }

    fn not_ready_key(&self) -> &'static str {
        match &self.v.not_ready {
            Some(NotReady::NoCandidates) => "selection.not_ready.candidates",
            Some(NotReady::NoCriteria) => "selection.not_ready.criteria",
            Some(NotReady::Missing(_)) => "selection.not_ready.missing",
            Some(NotReady::Weights) => "selection.not_ready.weights",
            Some(NotReady::Method(_)) | None => "selection.not_ready.method",
        }
    }

    fn missing(&self) -> usize {
        match &self.v.not_ready {
            Some(NotReady::Missing(m)) => m.len(),
            _ => 0,
        }
    }

    fn award(&self, org: &i64) -> String {
        self.awards.get(&org.to_string()).cloned().unwrap_or_default()
    }

    fn award_error(&self, org: &i64) -> &'static str {
        self.errors.message_for(&format!("awards.{org}"), self.page.lang)
    }

    fn method_label(&self, key: impl std::fmt::Display) -> String {
        self.page.t(&format!("selection.method.{key}")).to_owned()
    }

    fn spearman(&self, x: &f64) -> String {
        format!("{x:.2}")
    }

    fn pages(&self) -> u32 {
        u32::try_from(self.v.total.div_ceil(self.v.per_page as usize).max(1)).unwrap_or(u32::MAX)
    }
}

async fn results_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    number: u32,
    report: bool,
) -> Result<ResultsPage, AppError> {
    let actor = ctx.actor()?;
    let per_page = if report { 20 } else { ROWS };
    let v = service::results(state, &actor, path_id(raw)?, number, per_page).await?.view(page.lang);
    let labels = v.criteria.iter().map(|c| c.name.clone()).collect();
    Ok(ResultsPage {
        page: page.clone(),
        v,
        labels,
        errors: FieldErrors::new(),
        awards: BTreeMap::new(),
        reason: String::new(),
        report,
    })
}

async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/results")).with_notice(Some(&q.done));
    match results_page(&state, &ctx, &page, &raw, q.page(), false).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn report(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/report"));
    match results_page(&state, &ctx, &page, &raw, 1, true).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn decide(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/results"));
    let draft =
        DecisionDraft { awards: prefixed(&f, "award."), reason: field(&f, "reason").into() };
    let version: i64 = field(&f, "version").parse().unwrap_or(0);
    let result = async {
        let actor = ctx.actor.clone();
        service::decide(&state, &actor, path_id(&raw)?, version, &draft).await
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("/selections/{raw}/results"), "selection.decided"),
        Err(AppError::Validation(errors)) => render_invalid(
            &page,
            results_page(&state, &ctx, &page, &raw, 1, false).await.map(|mut t| {
                t.errors = errors;
                t.awards = draft.awards;
                t.reason = draft.reason;
                t
            }),
        ),
        Err(e) => error_page(&page, e),
    }
}

async fn reopen(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(_): Form<IgnoredAny>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/results"));
    let result = async {
        let actor = ctx.actor.clone();
        service::reopen(&state, &actor, path_id(&raw)?).await
    }
    .await;
    match result {
        Ok(id) => see_other(&format!("/selections/{id}"), "selection.reopened"),
        Err(e) => error_page(&page, e),
    }
}

// ---- quotes ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_quotes.html")]
struct QuotesPage {
    page: PageCtx,
    event: SourcingEvent,
    quotes: Vec<service::QuoteRow>,
}

async fn quotes(State(state): State<AppState>, ctx: Viewer, Path(raw): Path<String>) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/quotes"));
    let result = async {
        let actor = ctx.actor.clone();
        let (event, quotes) = service::quotes(&state, &actor, path_id(&raw)?).await?;
        Ok::<_, AppError>(QuotesPage { page: page.clone(), event, quotes })
    }
    .await;
    match result {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

// ---- the candidate's page --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "selection_mine.html")]
struct MinePage {
    page: PageCtx,
    v: CandidateView,
    form: service::ResponseDraft,
    errors: FieldErrors,
}

impl MinePage {
    fn criterion_name(&self, c: &EventCriterion) -> String {
        c.name(self.page.lang)
    }

    fn pct(&self, x: &f64) -> String {
        format!("{:.1} %", 100.0 * x)
    }

    /// The name of an included criterion of the candidate's breakdown, by key.
    fn criterion_named(&self, key: &str) -> String {
        let found = self.v.position.as_ref().and_then(|p| {
            p.breakdown
                .iter()
                .find(|b| b.criterion.key == key)
                .map(|b| self.criterion_name(&b.criterion))
        });
        found.unwrap_or_default()
    }

    fn value(&self, key: &str, v: &f64) -> String {
        if Indicator::from_key(key) == Some(Indicator::Price) {
            mitra_core::i18n::format_rupiah(v.round() as i64)
        } else {
            format!("{v:.1}")
        }
    }
}

async fn mine_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
) -> Result<MinePage, AppError> {
    let actor = ctx.actor()?;
    let v = service::candidate_view(state, &actor, path_id(raw)?).await?;
    let form = service::ResponseDraft {
        response: "accepted".into(),
        quote: mitra_core::selection::QuoteDraft {
            unit_price: v.candidate.quote.map(|q| q.unit_price.to_string()).unwrap_or_default(),
            lead_time_days: v
                .candidate
                .quote
                .map(|q| q.lead_time_days.to_string())
                .unwrap_or_default(),
            min_order: v
                .candidate
                .quote
                .and_then(|q| q.min_order)
                .map(|x| x.to_string())
                .unwrap_or_default(),
            capacity: v
                .candidate
                .quote
                .and_then(|q| q.capacity)
                .map(|x| x.to_string())
                .unwrap_or_default(),
        },
        share_readiness: if v.candidate.shared_assessment_id.is_some() {
            "on".into()
        } else {
            String::new()
        },
    };
    Ok(MinePage { page: page.clone(), v, form, errors: FieldErrors::new() })
}

async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/mine")).with_notice(Some(&q.done));
    match mine_page(&state, &ctx, &page, &raw).await {
        Ok(t) => render(&page, &t, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn respond(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/mine"));
    let draft = service::ResponseDraft {
        response: field(&f, "response").into(),
        quote: mitra_core::selection::QuoteDraft {
            unit_price: field(&f, "unit_price").into(),
            lead_time_days: field(&f, "lead_time_days").into(),
            min_order: field(&f, "min_order").into(),
            capacity: field(&f, "capacity").into(),
        },
        share_readiness: field(&f, "share_readiness").into(),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::respond(&state, &actor, path_id(&raw)?, &draft).await
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/selections/{raw}/mine"), "selection.response_saved"),
        Err(AppError::Validation(errors)) => render_invalid(
            &page,
            mine_page(&state, &ctx, &page, &raw).await.map(|mut t| {
                t.form = draft;
                t.errors = errors;
                t
            }),
        ),
        Err(e) => error_page(&page, e),
    }
}
