//! Pages of the two-sided partnership assessment (status of both sides, the questionnaire of the
//! reader's side, the comparison with its radar chart and findings), the assessor ratings of an
//! UMKM (list and the officer's form with evidence notes), and the printable reports of an
//! assessment and of a partnership comparison.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use mitra_core::assessment::lambert::PartnershipType;
use mitra_core::assessment::{ComponentScore, Side};
use mitra_core::field::FieldErrors;
use mitra_core::Lang;

use super::assessment::{num, pick, results_page, FormPage, ResultsPage, Typed};
use super::{error_page, path_id, render, Opt, PageCtx, Viewer};
use crate::assessment::assessor::{self, Rating};
use crate::assessment::partnership::{self as service, Overview};
use crate::assessment::{self as assessment_service};
use crate::auth::Ctx;
use crate::chart::{radar, Series};
use crate::error::AppError;
use crate::http::Routes;
use crate::AppState;

pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/partnerships/{id}/assessment", get(overview))
        .route("/partnerships/{id}/assessment/form", get(side_form).post(side_post))
        .route("/partnerships/{id}/assessment/report", get(comparison_report))
        .route("/organisations/{id}/assessor-ratings", get(ratings))
        .route("/organisations/{id}/assessor-ratings/new", get(rating_form).post(rating_post))
        .route("/assessments/{id}/report", get(report))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct TypeQuery {
    done: String,
    r#type: String,
}

/// Confirmations these pages show after a redirect.
fn notice(done: &str) -> Option<&'static str> {
    ["readiness.saved", "partnership_assessment.submitted", "assessor.submitted"]
        .into_iter()
        .find(|k| *k == done)
}

fn side_name(lang: Lang, side: Side) -> &'static str {
    mitra_core::t(
        lang,
        match side {
            Side::Buyer => "partnership_assessment.side.buyer",
            Side::Supplier => "partnership_assessment.side.supplier",
        },
    )
}

/// One row of the side-by-side table.
pub(crate) struct CompareRow {
    name: String,
    buyer: (String, String, String),
    supplier: (String, String, String),
    gap: String,
    higher: &'static str,
}

/// The comparison as the page and the report show it.
pub(crate) struct CompareView {
    chart: String,
    rows: Vec<CompareRow>,
    /// Sentences naming each perception gap, largest first.
    findings: Vec<String>,
    buyer_overall: String,
    supplier_overall: String,
    /// The answer scales of the buyer's and the supplier's means.
    scales: (u8, u8),
}

/// (mean, index, level) of one side's component score.
fn cells(lang: Lang, s: Option<&ComponentScore>) -> (String, String, String) {
    match s {
        Some(s) => match s.maturity() {
            Some(m) => (
                num(s.mean(), 2),
                num(s.index(), 0),
                format!("{} — {}", m.level(), pick(lang, m.name())),
            ),
            None => (
                "—".into(),
                "—".into(),
                mitra_core::t(lang, "results.not_scored")
                    .replace("{n}", &s.total.div_ceil(2).max(1).to_string()),
            ),
        },
        None => ("—".into(), "—".into(), "—".into()),
    }
}

fn compare_view(lang: Lang, o: &Overview) -> Option<CompareView> {
    let c = o.comparison.as_ref()?;
    let rows = &c.sides.rows;
    let axes: Vec<&str> = rows.iter().map(|r| pick(lang, r.component.name())).collect();
    let buyer: Vec<Option<f64>> = rows.iter().map(|r| r.buyer.and_then(|s| s.index())).collect();
    let supplier: Vec<Option<f64>> =
        rows.iter().map(|r| r.supplier.and_then(|s| s.index())).collect();
    let target: Vec<Option<f64>> =
        rows.iter().map(|r| c.targets.get(&r.component).copied()).collect();
    let buyer_label = format!("{}: {}", side_name(lang, Side::Buyer), o.buyer.organisation_name);
    let supplier_label =
        format!("{}: {}", side_name(lang, Side::Supplier), o.supplier.organisation_name);
    let target_label =
        format!("{}: {}", mitra_core::t(lang, "results.target"), pick(lang, o.target_type.name()));
    let chart = radar(
        "partnership-radar",
        mitra_core::t(lang, "partnership_assessment.chart_title"),
        mitra_core::t(lang, "partnership_assessment.chart_desc"),
        &axes,
        &[
            Series { label: &buyer_label, values: &buyer, class: "buyer" },
            Series { label: &supplier_label, values: &supplier, class: "supplier" },
            Series { label: &target_label, values: &target, class: "target" },
        ],
    );
    let table = rows
        .iter()
        .map(|r| CompareRow {
            name: pick(lang, r.component.name()).to_owned(),
            buyer: cells(lang, r.buyer.as_ref()),
            supplier: cells(lang, r.supplier.as_ref()),
            gap: num(r.gap, 0),
            higher: match r.higher {
                Some(s) => side_name(lang, s),
                None => "—",
            },
        })
        .collect();
    let findings = c
        .sides
        .findings
        .iter()
        .map(|f| {
            let key = match f.higher {
                Some(Side::Supplier) => "partnership_assessment.finding.supplier_higher",
                _ => "partnership_assessment.finding.buyer_higher",
            };
            mitra_core::t(lang, key)
                .replace("{component}", pick(lang, f.component.name()))
                .replace("{gap}", &num(f.gap, 0))
        })
        .collect();
    Some(CompareView {
        chart,
        rows: table,
        findings,
        buyer_overall: num(c.sides.buyer_overall, 0),
        supplier_overall: num(c.sides.supplier_overall, 0),
        scales: (c.buyer_scale.points(), c.supplier_scale.points()),
    })
}

fn type_options(lang: Lang, current: PartnershipType) -> Vec<Opt> {
    [PartnershipType::TypeI, PartnershipType::TypeII, PartnershipType::TypeIII]
        .iter()
        .map(|t| Opt {
            key: t.key().to_owned(),
            label: pick(lang, t.name()).to_owned(),
            selected: *t == current,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "partnership_assessment.html")]
struct OverviewPage {
    page: PageCtx,
    o: Overview,
    view: Option<CompareView>,
    types: Vec<Opt>,
    report: bool,
}

impl OverviewPage {
    fn side_label(&self, side: &Side) -> &'static str {
        side_name(self.page.lang, *side)
    }

    fn sides(&self) -> [&crate::assessment::partnership::SideState; 2] {
        [&self.o.buyer, &self.o.supplier]
    }

    fn own(&self, side: &Side) -> bool {
        self.o.viewer_side == Some(*side)
    }
}

async fn overview_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    ty: &str,
    report: bool,
) -> Result<OverviewPage, AppError> {
    let actor = ctx.actor()?;
    let o = service::overview(state, &actor, path_id(raw)?, assessment_service::target_type(ty))
        .await?;
    let view = compare_view(page.lang, &o);
    Ok(OverviewPage {
        types: type_options(page.lang, o.target_type),
        page: page.clone(),
        o,
        view,
        report,
    })
}

async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/partnerships/{raw}/assessment"));
    page.notice = notice(&q.done);
    match overview_page(&state, &ctx, &page, &raw, &q.r#type, false).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn comparison_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}/assessment/report"));
    match overview_page(&state, &ctx, &page, &raw, &q.r#type, true).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn side_form_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    typed: Option<(Typed, FieldErrors)>,
) -> Result<FormPage, AppError> {
    let actor = ctx.actor()?;
    let (p, side, draft, instrument) = service::form(state, &actor, path_id(raw)?).await?;
    let (typed, errors) = typed.unwrap_or_else(|| {
        (Typed::from_record(draft.as_ref(), &BTreeMap::new()), FieldErrors::new())
    });
    let subject = format!(
        "{} — {}: {} · {}: {}",
        side_name(page.lang, side),
        side_name(page.lang, Side::Buyer),
        p.buyer_name,
        side_name(page.lang, Side::Supplier),
        p.supplier_name
    );
    Ok(FormPage::new(
        page,
        "partnership_assessment.form_title",
        "partnership_assessment.intro",
        subject,
        format!("/partnerships/{}/assessment/form", p.id),
        typed,
        errors,
        Some(format!("/partnerships/{}/assessment", p.id)),
        false,
        &instrument,
    ))
}

async fn side_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/partnerships/{raw}/assessment/form"));
    page.notice = notice(&q.done);
    match side_form_page(&state, &ctx, &page, &raw, None).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// `POST /partnerships/{id}/assessment/form`: save or submit the reader's side.
async fn side_post(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(mut fields): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}/assessment/form"));
    let submit = fields.remove("action").is_some_and(|a| a == "submit");
    let result = async {
        let actor = ctx.actor.clone();
        service::save_side(&state, &actor, path_id(&raw)?, &fields, submit).await
    }
    .await;
    match result {
        Ok(_) if submit => Redirect::to(&format!(
            "/partnerships/{raw}/assessment?done=partnership_assessment.submitted"
        ))
        .into_response(),
        Ok(_) => Redirect::to(&format!("/partnerships/{raw}/assessment/form?done=readiness.saved"))
            .into_response(),
        Err(AppError::Validation(errors)) => {
            let typed = Typed { answers: fields, notes: Default::default() };
            match side_form_page(&state, &ctx, &page, &raw, Some((typed, errors))).await {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "assessor_ratings.html")]
struct RatingsPage {
    page: PageCtx,
    org_id: i64,
    org_name: String,
    ratings: Vec<Rating>,
    can_rate: bool,
    draft: Option<i64>,
}

impl RatingsPage {
    fn index(&self, v: &Option<f64>) -> String {
        num(*v, 0)
    }

    fn evidence(&self, r: &Rating) -> Vec<(String, String)> {
        r.evidence
            .iter()
            .map(|(c, n)| (pick(self.page.lang, c.name()).to_owned(), n.clone()))
            .collect()
    }
}

async fn ratings(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/organisations/{raw}/assessor-ratings"));
    page.notice = notice(&q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let org_id = path_id(&raw)?;
        let (org_name, ratings, draft) = assessor::ratings(&state, &actor, org_id).await?;
        let can_rate = actor.role == mitra_core::user::Role::InstitutionOfficer;
        Ok::<_, AppError>(RatingsPage {
            page: page.clone(),
            org_id,
            org_name,
            ratings,
            can_rate,
            draft,
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn rating_form_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    typed: Option<(Typed, FieldErrors)>,
) -> Result<FormPage, AppError> {
    let actor = ctx.actor()?;
    let org_id = path_id(raw)?;
    let (name, draft, evidence, instrument) = assessor::form(state, &actor, org_id).await?;
    let (typed, errors) = typed
        .unwrap_or_else(|| (Typed::from_record(draft.as_ref(), &evidence), FieldErrors::new()));
    Ok(FormPage::new(
        page,
        "assessor.form_title",
        "assessor.intro",
        name,
        format!("/organisations/{org_id}/assessor-ratings/new"),
        typed,
        errors,
        Some(format!("/organisations/{org_id}/assessor-ratings")),
        true,
        &instrument,
    ))
}

async fn rating_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let mut page = PageCtx::new(&ctx, &format!("/organisations/{raw}/assessor-ratings/new"));
    page.notice = notice(&q.done);
    match rating_form_page(&state, &ctx, &page, &raw, None).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// `POST /organisations/{id}/assessor-ratings/new`: the officer saves or submits a rating.
async fn rating_post(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(mut fields): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}/assessor-ratings/new"));
    let submit = fields.remove("action").is_some_and(|a| a == "submit");
    let typed = Typed::from_form(fields);
    let result = async {
        let actor = ctx.actor.clone();
        assessor::save_rating(&state, &actor, path_id(&raw)?, &typed.answers, &typed.notes, submit)
            .await
    }
    .await;
    match result {
        Ok(r) if submit => {
            Redirect::to(&format!("/assessments/{}?done=assessor.submitted", r.id)).into_response()
        }
        Ok(_) => {
            Redirect::to(&format!("/organisations/{raw}/assessor-ratings/new?done=readiness.saved"))
                .into_response()
        }
        Err(AppError::Validation(errors)) => {
            match rating_form_page(&state, &ctx, &page, &raw, Some((typed, errors))).await {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

/// The printable report of one assessment: the results page's numbers in a print layout.
#[derive(Template)]
#[template(path = "assessment_report.html")]
struct ReportPage {
    r: ResultsPage,
    page: PageCtx,
}

async fn report(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Query(q): Query<TypeQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/assessments/{raw}/report"));
    let result = async {
        let actor = ctx.actor.clone();
        let r = assessment_service::results(
            &state,
            &actor,
            path_id(&raw)?,
            assessment_service::target_type(&q.r#type),
        )
        .await?;
        Ok::<_, AppError>(ReportPage { r: results_page(&page, r), page: page.clone() })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}
