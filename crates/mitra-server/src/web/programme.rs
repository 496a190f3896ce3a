//! Programme pages: an institution's list, a new or edited programme, a programme with its
//! enrolled UMKM (enrol by number, remove). Thin over `crate::programme`.

use super::Form;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mitra_core::field::FieldErrors;
use mitra_core::organisation::Sector;
use mitra_core::programme::{
    Enrolment, EnrolmentDraft, Programme, ProgrammeDraft, ProgrammeStatus,
};
use mitra_core::region::Region;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{error_page, path_id, render, see_other, Opt, PageCtx, Viewer};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::{programme as service, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DoneQuery {
    done: String,
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ListPage {
    page: PageCtx,
    programmes: Vec<Programme>,
    can_create: bool,
}

/// `GET /programmes`: an officer's institution's programmes, or the programmes a supplier's UMKM
/// is in.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Viewer,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, "/programmes").with_notice(Some(&q.done));
    let result = async {
        let actor = ctx.actor.clone();
        let programmes = service::list(&state, &actor).await?;
        let can_create = actor.organisation_id.is_some_and(|o| actor.can_manage_programmes(o));
        Ok::<_, AppError>(ListPage { page: page.clone(), programmes, can_create })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "programme_form.html")]
struct FormPage {
    page: PageCtx,
    /// `None` for a new programme.
    id: Option<i64>,
    form: ProgrammeDraft,
    errors: FieldErrors,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/programmes/{id}/edit"),
            None => "/programmes/new".to_owned(),
        }
    }

    fn status_options(&self) -> Vec<Opt> {
        let current = if self.form.status.is_empty() { "planned" } else { &self.form.status };
        ProgrammeStatus::ALL
            .iter()
            .map(|s| Opt {
                key: s.key().to_owned(),
                label: s.label(self.page.lang).to_owned(),
                selected: s.key() == current,
            })
            .collect()
    }

    /// The regencies of the officer's province (all shipped ones share it today), ticked as
    /// typed.
    fn regency_options(&self) -> Vec<Opt> {
        Region::all()
            .iter()
            .map(|r| Opt {
                key: r.bps_code.clone(),
                label: r.display_name(),
                selected: self.form.target_regencies.contains(&r.bps_code),
            })
            .collect()
    }

    fn sector_options(&self) -> Vec<Opt> {
        Sector::ALL
            .iter()
            .map(|s| Opt {
                key: s.key().to_owned(),
                label: s.label(self.page.lang).to_owned(),
                selected: self.form.target_sectors.iter().any(|x| x == s.key()),
            })
            .collect()
    }
}

/// `GET /programmes/new`.
pub(crate) async fn new_form(ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/programmes/new");
    let allowed = ctx.actor().and_then(|a| {
        a.organisation_id
            .filter(|&o| a.can_manage_programmes(o))
            .map(|_| ())
            .ok_or(AppError::Forbidden)
    });
    match allowed {
        Ok(()) => {
            let tpl = FormPage {
                page: page.clone(),
                id: None,
                form: ProgrammeDraft::default(),
                errors: FieldErrors::new(),
            };
            render(&page, &tpl, StatusCode::OK)
        }
        Err(e) => error_page(&page, e),
    }
}

/// The programme form. Its fields are spelt out rather than a flattened `ProgrammeDraft`: a
/// flattened struct loses the repeated-key handling of the checkbox lists.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ProgrammeForm {
    name: String,
    description: String,
    start_on: String,
    end_on: String,
    target_regencies: Vec<String>,
    target_sectors: Vec<String>,
    status: String,
}

impl ProgrammeForm {
    fn draft(self) -> ProgrammeDraft {
        ProgrammeDraft {
            name: self.name,
            description: self.description,
            start_on: self.start_on,
            end_on: self.end_on,
            target_regencies: self.target_regencies,
            target_sectors: self.target_sectors,
            status: self.status,
        }
    }
}

/// `POST /programmes/new`.
pub(crate) async fn create(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(form): Form<ProgrammeForm>,
) -> Response {
    let page = PageCtx::new(&ctx, "/programmes/new");
    let draft = form.draft();
    let result = async {
        let actor = ctx.actor.clone();
        service::create(&state, &actor, &draft).await
    }
    .await;
    match result {
        Ok(p) => see_other(&format!("/programmes/{}", p.id), "programme.saved"),
        Err(AppError::Validation(errors)) => {
            let tpl = FormPage { page: page.clone(), id: None, form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

/// `GET /programmes/{id}/edit`.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/programmes/{raw}/edit"));
    let result = async {
        let actor = ctx.actor.clone();
        let p = service::for_edit(&state, &actor, path_id(&raw)?).await?;
        Ok::<_, AppError>(FormPage {
            page: page.clone(),
            id: Some(p.id),
            form: p.to_draft(),
            errors: FieldErrors::new(),
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// `POST /programmes/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(form): Form<ProgrammeForm>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/programmes/{raw}/edit"));
    let draft = form.draft();
    let result = async {
        let actor = ctx.actor.clone();
        service::update(&state, &actor, path_id(&raw)?, &draft).await
    }
    .await;
    match result {
        Ok(p) => see_other(&format!("/programmes/{}", p.id), "programme.saved"),
        Err(AppError::Validation(errors)) => {
            let id = path_id(&raw).ok();
            let tpl = FormPage { page: page.clone(), id, form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "programme.html")]
struct DetailPage {
    page: PageCtx,
    programme: Programme,
    enrolments: Vec<Enrolment>,
    can_manage: bool,
    enrol_form: EnrolmentDraft,
    errors: FieldErrors,
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
    enrol_form: EnrolmentDraft,
    errors: FieldErrors,
) -> Result<DetailPage, AppError> {
    let actor = ctx.actor()?;
    let (programme, enrolments) = service::detail(state, &actor, path_id(raw)?).await?;
    Ok(DetailPage {
        page: page.clone(),
        can_manage: actor.can_manage_programmes(programme.institution_id),
        programme,
        enrolments,
        enrol_form,
        errors,
    })
}

/// `GET /programmes/{id}`.
pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: OriginalUri,
    Path(raw): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &uri.to_string()).with_notice(Some(&q.done));
    match detail_page(&state, &ctx, &page, &raw, EnrolmentDraft::default(), FieldErrors::new())
        .await
    {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// `POST /programmes/{id}/enrolments`: enrols an UMKM by its number.
pub(crate) async fn enrol(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(draft): Form<EnrolmentDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/programmes/{raw}"));
    let result = async {
        let actor = ctx.actor.clone();
        service::enrol(&state, &actor, path_id(&raw)?, &draft).await
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("/programmes/{raw}"), "programme.enrolled_done"),
        Err(AppError::Validation(errors)) => {
            match detail_page(&state, &ctx, &page, &raw, draft, errors).await {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}

/// `POST /programmes/{id}/enrolments/{organisation_id}/remove`.
pub(crate) async fn remove(
    State(state): State<AppState>,
    ctx: Viewer,
    Path((raw, raw_org)): Path<(String, String)>,
    Form(_): Form<IgnoredAny>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/programmes/{raw}"));
    let result = async {
        let actor = ctx.actor.clone();
        service::remove(&state, &actor, path_id(&raw)?, path_id(&raw_org)?).await
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("/programmes/{raw}"), "programme.removed"),
        Err(e) => error_page(&page, e),
    }
}
