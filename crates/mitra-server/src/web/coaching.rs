//! Coaching pages: an UMKM's action plan (coach, actions, suggestions from its gaps, progress
//! since the previous assessment), the officer's list of plans, the institution's advice
//! library, and Lambert's drivers and facilitators of a partnership with the propensity grid.
//! Forms only; no JavaScript.

use std::collections::BTreeMap;

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use mitra_core::assessment::advice::ActionStatus;
use mitra_core::assessment::coaching::{extra_key, PlanSummary, StoredAction, EXTRAS};
use mitra_core::assessment::lambert::{Band, DRIVERS, FACILITATORS};
use mitra_core::assessment::Bilingual;
use mitra_core::field::{format_date, FieldErrors};
use mitra_core::user::Role;
use mitra_core::{t, Lang};
use serde::Deserialize;

use super::{error_page, path_id, render, see_other, Opt, PageCtx, Viewer};
use crate::auth::Ctx;
use crate::coaching::{
    self as service, ActionDraft, AdoptDraft, AdviceDraft, AdviceRow, LambertView, PlanView,
    RatingDraft,
};
use crate::error::AppError;
use crate::http::Routes;
use crate::AppState;

pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/plans", get(entry))
        .route("/plans/region", get(region))
        .route("/organisations/{id}/plan", get(plan))
        .route("/organisations/{id}/plan/coach", post(assign_coach))
        .route("/organisations/{id}/plan/actions", post(adopt))
        .route("/actions/{id}", post(update_action))
        .route("/advice", get(advice))
        .route("/advice/{component}/{level}", get(advice_form).post(advice_post))
        .route("/partnerships/{id}/lambert", get(lambert))
        .route("/partnerships/{id}/lambert/drivers", post(drivers))
        .route("/partnerships/{id}/lambert/facilitators", post(facilitators))
        .route("/survey/import", get(import_form).post(import_post))
}

#[derive(Template)]
#[template(path = "survey_import.html")]
struct ImportPage {
    page: PageCtx,
    kinds: Vec<Opt>,
    instruments: Vec<Opt>,
    clean_rows: bool,
    errors: FieldErrors,
    report: Option<crate::survey_import::ImportReport>,
    rejected: Option<crate::survey_import::ImportRejected>,
}

/// The upload form with `kind`, `instrument` (a label; empty: the first, the latest published)
/// and `clean_rows` as chosen, offering the institution's `instruments`.
fn import_page(
    page: &PageCtx,
    kind: &str,
    instrument: &str,
    instruments: &[mitra_core::assessment::Instrument],
    clean_rows: bool,
) -> ImportPage {
    use mitra_core::assessment::store::AssessmentKind;
    let chosen =
        instruments.iter().position(|i| i.label() == instrument.trim()).unwrap_or_default();
    let instruments = instruments
        .iter()
        .enumerate()
        .map(|(k, i)| Opt {
            key: i.label(),
            label: format!(
                "{} — {} ({})",
                i.label(),
                pick(page.lang, i.title()),
                i.scale().points()
            ),
            selected: k == chosen,
        })
        .collect();
    let kinds = [AssessmentKind::Readiness, AssessmentKind::Assessor]
        .iter()
        .map(|k| Opt {
            key: k.key().to_owned(),
            label: k.label(page.lang).to_owned(),
            selected: k.key() == kind,
        })
        .collect();
    ImportPage {
        page: page.clone(),
        kinds,
        instruments,
        clean_rows,
        errors: FieldErrors::new(),
        report: None,
        rejected: None,
    }
}

async fn import_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/survey/import");
    let result = async {
        let institution = crate::survey_import::importing_institution(&ctx.actor()?)?;
        crate::survey_import::import_instruments(&state.db, institution).await
    }
    .await;
    match result {
        Ok(all) => render(&page, &import_page(&page, "readiness", "", &all, false), StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// The upload: the report on success, the form again with every problem otherwise.
async fn import_post(
    State(state): State<AppState>,
    ctx: Viewer,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let page = PageCtx::new(&ctx, "/survey/import");
    let result = async {
        let actor = ctx.actor.clone();
        // A body that is no multipart form cannot hold the form's token.
        let multipart = multipart.map_err(|_| AppError::Csrf)?;
        let upload = crate::survey_import::read_upload(multipart, Some(&ctx)).await?;
        let institution = crate::survey_import::importing_institution(&actor)?;
        let all = crate::survey_import::import_instruments(&state.db, institution).await?;
        let outcome =
            crate::survey_import::import_upload(&state.db, &actor, &upload, page.lang).await;
        Ok::<_, AppError>((upload, all, outcome))
    }
    .await;
    match result {
        Ok((u, all, Ok(Ok(report)))) => {
            let mut tpl = import_page(&page, &u.kind, &u.instrument, &all, u.clean_rows);
            tpl.page.notice = Some("survey.imported");
            tpl.report = Some(report);
            render(&tpl.page.clone(), &tpl, StatusCode::OK)
        }
        Ok((u, all, Ok(Err(rejected)))) => {
            let mut tpl = import_page(&page, &u.kind, &u.instrument, &all, u.clean_rows);
            tpl.rejected = Some(rejected);
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Ok((u, all, Err(AppError::Validation(errors)))) => {
            let mut tpl = import_page(&page, &u.kind, &u.instrument, &all, u.clean_rows);
            tpl.errors = errors;
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Ok((_, _, Err(e))) | Err(e) => error_page(&page, e),
    }
}

/// A text in the reader's language.
fn pick(lang: Lang, b: Bilingual<'_>) -> &str {
    match lang {
        Lang::Id => b.id,
        Lang::En => b.en,
    }
}

fn num(v: Option<f64>, fmt: fn(f64) -> String) -> String {
    v.map(fmt).unwrap_or_else(|| "—".to_owned())
}

/// Confirmations these pages show after a redirect.
const NOTICES: &[&str] = &[
    "coach.assigned",
    "action.adopted",
    "action.saved",
    "advice.saved",
    "advice.reset",
    "lambert.saved",
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

/// `GET /plans`: a supplier goes to its own plan, an officer to the province's plans.
async fn entry(ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/plans");
    match ctx.actor() {
        Ok(a) if a.role == Role::SupplierUser && a.organisation_id.is_some() => {
            Redirect::to(&format!("/organisations/{}/plan", a.organisation_id.unwrap_or_default()))
                .into_response()
        }
        Ok(a) if a.role == Role::InstitutionOfficer => {
            Redirect::to("/plans/region").into_response()
        }
        Ok(_) => error_page(&page, AppError::Forbidden),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "coaching_region.html")]
struct RegionPage {
    page: PageCtx,
    rows: Vec<PlanSummary>,
}

async fn region(State(state): State<AppState>, ctx: Viewer) -> Response {
    let page = PageCtx::new(&ctx, "/plans/region");
    let result = async {
        let actor = ctx.actor.clone();
        Ok::<_, AppError>(RegionPage {
            page: page.clone(),
            rows: service::region_plans(&state, &actor).await?,
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// One action as the plan page shows it.
struct ActionRow {
    id: i64,
    version: i64,
    component: String,
    text: String,
    owner: String,
    owner_user_id: Option<i64>,
    due: String,
    overdue: bool,
    status: String,
    statuses: Vec<Opt>,
    notes: Vec<(String, String, String)>,
}

struct ProgressLine {
    component: String,
    previous: String,
    current: String,
    change: String,
    class: &'static str,
    done: usize,
    open: usize,
}

#[derive(Template)]
#[template(path = "action_plan.html")]
struct PlanPage {
    page: PageCtx,
    v: PlanView,
    actions: Vec<ActionRow>,
    suggestions: Vec<(String, String, String, String)>,
    progress: Vec<ProgressLine>,
    overall_change: String,
    target: String,
    /// Which form was rejected (`coach`, `adopt`, or `action-{id}`) and what it held.
    failed: String,
    typed: BTreeMap<String, String>,
    errors: FieldErrors,
}

impl PlanPage {
    /// The error message of `field` when `form` is the one rejected.
    fn err(&self, form: &str, field: &str) -> &'static str {
        if self.failed == form {
            self.errors.message_for(field, self.page.lang)
        } else {
            ""
        }
    }

    /// What `form` held for `field` if it was rejected, else `default`.
    fn value(&self, form: &str, field: &str, default: &str) -> String {
        if self.failed == form {
            self.typed.get(field).cloned().unwrap_or_default()
        } else {
            default.to_owned()
        }
    }

    /// The name of an action's form (for errors and typed values).
    fn action_form(&self, id: &i64) -> String {
        format!("action-{id}")
    }

    /// Owner choices of the adoption form.
    fn adopt_owner_options(&self) -> Vec<Opt> {
        self.owner_options("adopt", &None)
    }

    /// Owner choices for a form, with `current` (an account id) selected.
    fn owner_options(&self, form: &str, current: &Option<i64>) -> Vec<Opt> {
        let chosen =
            self.value(form, "owner_user_id", &current.map(|c| c.to_string()).unwrap_or_default());
        self.v
            .owners
            .iter()
            .map(|u| Opt {
                key: u.id.to_string(),
                label: u.display_name.clone(),
                selected: u.id.to_string() == chosen,
            })
            .collect()
    }

    fn coach_options(&self) -> Vec<Opt> {
        let current = self.v.coach.as_ref().map(|c| c.user_id.to_string()).unwrap_or_default();
        let chosen = self.value("coach", "coach_id", &current);
        self.v
            .coaches
            .iter()
            .map(|u| Opt {
                key: u.id.to_string(),
                label: u.display_name.clone(),
                selected: u.id.to_string() == chosen,
            })
            .collect()
    }

    fn adopt_checked(&self, component: &str) -> bool {
        self.failed == "adopt" && self.typed.contains_key(&format!("adopt.{component}"))
    }

    fn default_due(&self) -> String {
        format_date(self.v.today.saturating_add(time::Duration::days(30)))
    }
}

fn action_row(lang: Lang, a: &StoredAction, today: time::Date) -> ActionRow {
    let status = a.action.status();
    let statuses = ActionStatus::ALL
        .iter()
        .filter(|s| **s == status || status.can_move_to(**s))
        .map(|s| Opt {
            key: s.key().to_owned(),
            label: s.label(lang).to_owned(),
            selected: *s == status,
        })
        .collect();
    ActionRow {
        id: a.id,
        version: a.version,
        component: pick(lang, a.action.component().name()).to_owned(),
        text: pick(lang, a.action.text()).to_owned(),
        owner: a.action.owner().to_owned(),
        owner_user_id: a.owner_user_id,
        due: format_date(a.action.due()),
        overdue: a.action.is_overdue(today),
        status: status.label(lang).to_owned(),
        statuses,
        notes: a
            .action
            .notes()
            .iter()
            .map(|n| (format_date(n.date), n.author.clone(), n.text.clone()))
            .collect(),
    }
}

fn plan_page(
    page: &PageCtx,
    v: PlanView,
    failed: &str,
    typed: BTreeMap<String, String>,
    errors: FieldErrors,
) -> PlanPage {
    let lang = page.lang;
    let actions = v.actions.iter().map(|a| action_row(lang, a, v.today)).collect();
    let suggestions = v
        .suggestions
        .iter()
        .map(|r| {
            (
                r.component.key().to_owned(),
                pick(lang, r.component.name()).to_owned(),
                pick(lang, r.text()).to_owned(),
                format!("{:.2}", r.gap),
            )
        })
        .collect();
    let progress = v
        .progress
        .iter()
        .flatten()
        .map(|p| ProgressLine {
            component: pick(lang, p.component.name()).to_owned(),
            previous: num(p.previous, |x| format!("{x:.0}")),
            current: num(p.current, |x| format!("{x:.0}")),
            change: num(p.change, |x| format!("{x:+.0}")),
            class: match p.change {
                Some(c) if c > 0.5 => "up",
                Some(c) if c < -0.5 => "down",
                _ => "",
            },
            done: p.done,
            open: p.open,
        })
        .collect();
    PlanPage {
        page: page.clone(),
        overall_change: num(v.overall_change, |x| format!("{x:+.1}")),
        target: pick(lang, v.target_type.name()).to_owned(),
        v,
        actions,
        suggestions,
        progress,
        failed: failed.to_owned(),
        typed,
        errors,
    }
}

async fn plan(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = with_notice(PageCtx::new(&ctx, &format!("/organisations/{raw}/plan")), &q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let v = service::plan(&state, &actor, path_id(&raw)?).await?;
        Ok::<_, AppError>(plan_page(&page, v, "", BTreeMap::new(), FieldErrors::new()))
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// After a plan form: back to the plan with a notice, or the plan again with the rejected form
/// as typed and its errors.
async fn after_plan_form(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
    failed: &str,
    typed: BTreeMap<String, String>,
    result: Result<&'static str, AppError>,
) -> Response {
    let page = PageCtx::new(ctx, &format!("/organisations/{organisation_id}/plan"));
    match result {
        Ok(done) => see_other(&format!("/organisations/{organisation_id}/plan"), done),
        Err(AppError::Validation(errors)) => {
            let view = async { service::plan(state, &ctx.actor()?, organisation_id).await }.await;
            match view {
                Ok(v) => render(
                    &page,
                    &plan_page(&page, v, failed, typed, errors),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

async fn assign_coach(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let Ok(id) = path_id(&raw) else {
        return error_page(&PageCtx::new(&ctx, "/plans"), AppError::NotFound);
    };
    let result = async {
        let actor = ctx.actor.clone();
        let coach = fields.get("coach_id").map(String::as_str).unwrap_or("");
        service::assign_coach(&state, &actor, id, coach).await?;
        Ok("coach.assigned")
    }
    .await;
    after_plan_form(&state, &ctx, id, "coach", fields, result).await
}

/// The adoption form: `adopt.{component}` checkboxes, owner and first due date.
async fn adopt(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let Ok(id) = path_id(&raw) else {
        return error_page(&PageCtx::new(&ctx, "/plans"), AppError::NotFound);
    };
    let draft = AdoptDraft {
        components: fields
            .keys()
            .filter_map(|k| k.strip_prefix("adopt.").map(str::to_owned))
            .collect(),
        owner_user_id: fields.get("owner_user_id").cloned().unwrap_or_default(),
        owner: fields.get("owner").cloned().unwrap_or_default(),
        first_due: fields.get("first_due").cloned().unwrap_or_default(),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::adopt(&state, &actor, id, &draft).await?;
        Ok("action.adopted")
    }
    .await;
    after_plan_form(&state, &ctx, id, "adopt", fields, result).await
}

async fn update_action(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let page = PageCtx::new(&ctx, "/plans");
    let Ok(action_id) = raw.parse::<i64>() else {
        return error_page(&page, AppError::NotFound);
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let draft = ActionDraft {
        version: get("version"),
        status: get("status"),
        owner_user_id: get("owner_user_id"),
        owner: get("owner"),
        due: get("due"),
        note: get("note"),
    };
    let result = async {
        let actor = ctx.actor.clone();
        service::update_action(&state, &actor, action_id, &draft).await
    }
    .await;
    match result {
        Ok(a) => see_other(&format!("/organisations/{}/plan", a.organisation_id), "action.saved"),
        Err(AppError::Validation(errors)) => {
            // The action exists and is visible, or the service would have said otherwise.
            let org = async {
                use mitra_core::assessment::coaching::CoachingStore;
                Ok::<_, AppError>(state.db.action(action_id).await?.organisation_id)
            }
            .await;
            match org {
                Ok(org) => {
                    after_plan_form(
                        &state,
                        &ctx,
                        org,
                        &format!("action-{action_id}"),
                        fields,
                        Err(AppError::Validation(errors)),
                    )
                    .await
                }
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "advice_library.html")]
struct AdvicePage {
    page: PageCtx,
    rows: Vec<(String, String, u8, String, bool)>,
}

async fn advice(
    State(state): State<AppState>,
    ctx: Viewer,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = with_notice(PageCtx::new(&ctx, "/advice"), &q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let rows = service::advice_library(&state, &actor)
            .await?
            .into_iter()
            .map(|r| {
                let text = match page.lang {
                    Lang::Id => r.text_id,
                    Lang::En => r.text_en,
                };
                (
                    r.component.key().to_owned(),
                    pick(page.lang, r.component.name()).to_owned(),
                    r.level,
                    text,
                    r.own,
                )
            })
            .collect();
        Ok::<_, AppError>(AdvicePage { page: page.clone(), rows })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "advice_edit.html")]
struct AdviceEditPage {
    page: PageCtx,
    row: AdviceRow,
    component_name: String,
    level_name: String,
    text_id: String,
    text_en: String,
    errors: FieldErrors,
}

fn advice_edit(
    page: &PageCtx,
    row: AdviceRow,
    typed: Option<(AdviceDraft, FieldErrors)>,
) -> AdviceEditPage {
    let (text_id, text_en, errors) = match typed {
        Some((d, e)) => (d.text_id, d.text_en, e),
        None => (row.text_id.clone(), row.text_en.clone(), FieldErrors::new()),
    };
    AdviceEditPage {
        page: page.clone(),
        component_name: pick(page.lang, row.component.name()).to_owned(),
        level_name: mitra_core::assessment::Maturity::from_level(row.level)
            .map(|m| format!("{} — {}", m.level(), pick(page.lang, m.name())))
            .unwrap_or_default(),
        row,
        text_id,
        text_en,
        errors,
    }
}

async fn advice_form(
    State(state): State<AppState>,
    ctx: Viewer,
    Path((component, level)): Path<(String, String)>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/advice/{component}/{level}"));
    let result = async {
        let actor = ctx.actor.clone();
        let row = service::advice_row(&state, &actor, &component, &level).await?;
        Ok::<_, AppError>(advice_edit(&page, row, None))
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AdviceForm {
    action: String,
    text_id: String,
    text_en: String,
}

/// `action=save` writes the institution's text, `action=reset` goes back to Mitra's.
async fn advice_post(
    State(state): State<AppState>,
    ctx: Viewer,
    Path((component, level)): Path<(String, String)>,
    Form(f): Form<AdviceForm>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/advice/{component}/{level}"));
    let draft = AdviceDraft { text_id: f.text_id, text_en: f.text_en };
    let result = async {
        let actor = ctx.actor.clone();
        if f.action == "reset" {
            service::reset_advice(&state, &actor, &component, &level).await?;
            Ok("advice.reset")
        } else {
            service::set_advice(&state, &actor, &component, &level, &draft).await?;
            Ok("advice.saved")
        }
    }
    .await;
    match result {
        Ok(done) => see_other("/advice", done),
        Err(AppError::Validation(errors)) => {
            let row =
                async { service::advice_row(&state, &ctx.actor()?, &component, &level).await }
                    .await;
            match row {
                Ok(row) => render(
                    &page,
                    &advice_edit(&page, row, Some((draft, errors))),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

/// One driver or facilitator row: name, key and the scores shown.
struct FactorRow {
    key: &'static str,
    label: &'static str,
    values: Vec<String>,
    choices: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "lambert.html")]
struct LambertPage {
    page: PageCtx,
    v: LambertView,
    drivers: Vec<FactorRow>,
    facilitators: Vec<FactorRow>,
    extras: Vec<Opt>,
    /// Grid rows: driver band label and the three cells (type name, whether the pair is here).
    grid: Vec<(String, Vec<(String, bool)>)>,
    bands: Vec<String>,
    recommended: String,
    failed: String,
    errors: FieldErrors,
}

impl LambertPage {
    fn err(&self, form: &str, field: &str) -> &'static str {
        if self.failed == form {
            self.errors.message_for(field, self.page.lang)
        } else {
            ""
        }
    }
}

fn band_label(
    lang: Lang,
    grid: &mitra_core::assessment::lambert::PropensityGrid,
    b: Band,
) -> String {
    let name = t(
        lang,
        match b {
            Band::Low => "lambert.band.low",
            Band::Medium => "lambert.band.medium",
            Band::High => "lambert.band.high",
        },
    );
    match grid.band_range(b) {
        (0, Some(to)) => format!("{name} (≤ {to})"),
        (from, Some(to)) => format!("{name} ({from}–{to})"),
        (from, None) => format!("{name} (≥ {from})"),
    }
}

fn choices(current: &str) -> Vec<Opt> {
    (1..=5)
        .map(|v: u8| Opt {
            key: v.to_string(),
            label: v.to_string(),
            selected: v.to_string() == current,
        })
        .collect()
}

fn lambert_page(
    page: &PageCtx,
    v: LambertView,
    failed: &str,
    typed: &BTreeMap<String, String>,
    errors: FieldErrors,
) -> LambertPage {
    let lang = page.lang;
    let show = |s: Option<u8>| s.map(|x| x.to_string()).unwrap_or_else(|| "—".to_owned());
    let mine = |side: Option<[u8; 4]>, i: usize, key: &str, form: &str| -> String {
        if failed == form {
            typed.get(key).cloned().unwrap_or_default()
        } else {
            side.map(|s| s[i].to_string()).unwrap_or_default()
        }
    };
    let buyer = v.ratings.buyer.map(|d| d.scores());
    let supplier = v.ratings.supplier.map(|d| d.scores());
    let my_drivers = match v.my_side {
        Some(mitra_core::assessment::coaching::RatingSide::Buyer) => buyer,
        Some(_) => supplier,
        None => None,
    };
    let drivers = DRIVERS
        .iter()
        .enumerate()
        .map(|(i, &key)| FactorRow {
            key,
            label: t(lang, driver_key(key)),
            values: vec![show(buyer.map(|s| s[i])), show(supplier.map(|s| s[i]))],
            choices: choices(&mine(my_drivers, i, key, "drivers")),
        })
        .collect();
    let core = v.ratings.facilitators.as_ref().map(|f| f.core());
    let facilitators = FACILITATORS
        .iter()
        .enumerate()
        .map(|(i, &key)| FactorRow {
            key,
            label: t(lang, facilitator_key(key)),
            values: vec![show(core.map(|s| s[i]))],
            choices: choices(&mine(core, i, key, "facilitators")),
        })
        .collect();
    let present = v.ratings.facilitators.as_ref().map(|f| f.extras().to_vec()).unwrap_or_default();
    let extras = EXTRAS
        .iter()
        .map(|e| Opt {
            key: extra_key(*e).to_owned(),
            label: t(lang, extra_label(*e)).to_owned(),
            selected: if failed == "facilitators" {
                typed.contains_key(&format!("extra.{}", extra_key(*e)))
            } else {
                present.contains(e)
            },
        })
        .collect();
    let grid = Band::ALL
        .iter()
        .map(|&db| {
            let cells = Band::ALL
                .iter()
                .map(|&fb| {
                    let here = v
                        .placement
                        .is_some_and(|p| p.driver_band == db && p.facilitator_band == fb);
                    (pick(lang, v.grid.cell(db, fb).name()).to_owned(), here)
                })
                .collect();
            (band_label(lang, &v.grid, db), cells)
        })
        .collect();
    let bands = Band::ALL.iter().map(|&b| band_label(lang, &v.grid, b)).collect();
    LambertPage {
        page: page.clone(),
        recommended: v
            .placement
            .map(|p| pick(lang, p.recommended.name()).to_owned())
            .unwrap_or_default(),
        v,
        drivers,
        facilitators,
        extras,
        grid,
        bands,
        failed: failed.to_owned(),
        errors,
    }
}

fn driver_key(key: &str) -> &'static str {
    match key {
        "asset_cost_efficiency" => "lambert.driver.asset_cost_efficiency",
        "customer_service" => "lambert.driver.customer_service",
        "marketing_advantage" => "lambert.driver.marketing_advantage",
        _ => "lambert.driver.profit_stability",
    }
}

fn facilitator_key(key: &str) -> &'static str {
    match key {
        "corporate_compatibility" => "lambert.facilitator.corporate_compatibility",
        "managerial_philosophy" => "lambert.facilitator.managerial_philosophy",
        "mutuality" => "lambert.facilitator.mutuality",
        _ => "lambert.facilitator.symmetry",
    }
}

fn extra_label(e: mitra_core::assessment::lambert::ExtraFacilitator) -> &'static str {
    use mitra_core::assessment::lambert::ExtraFacilitator::*;
    match e {
        Exclusivity => "lambert.extra.exclusivity",
        SharedCompetitors => "lambert.extra.shared_competitors",
        PriorHistory => "lambert.extra.prior_history",
        SharedEndUser => "lambert.extra.shared_end_user",
    }
}

async fn lambert(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = with_notice(PageCtx::new(&ctx, &format!("/partnerships/{raw}/lambert")), &q.done);
    let result = async {
        let actor = ctx.actor.clone();
        let v = service::lambert(&state, &actor, path_id(&raw)?).await?;
        Ok::<_, AppError>(lambert_page(&page, v, "", &BTreeMap::new(), FieldErrors::new()))
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

async fn rate(
    state: AppState,
    ctx: Ctx,
    raw: String,
    fields: BTreeMap<String, String>,
    form: &'static str,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}/lambert"));
    let draft = RatingDraft {
        scores: fields
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    };
    let extras: Vec<String> =
        fields.keys().filter_map(|k| k.strip_prefix("extra.").map(str::to_owned)).collect();
    let result = async {
        let actor = ctx.actor()?;
        let id = path_id(&raw)?;
        if form == "drivers" {
            service::rate_drivers(&state, &actor, id, &draft).await
        } else {
            service::rate_facilitators(&state, &actor, id, &draft, &extras).await
        }
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("/partnerships/{raw}/lambert"), "lambert.saved"),
        Err(AppError::Validation(errors)) => {
            let v = async { service::lambert(&state, &ctx.actor()?, path_id(&raw)?).await }.await;
            match v {
                Ok(v) => render(
                    &page,
                    &lambert_page(&page, v, form, &fields, errors),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

async fn drivers(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    rate(state, ctx, raw, fields, "drivers").await
}

async fn facilitators(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    rate(state, ctx, raw, fields, "facilitators").await
}
