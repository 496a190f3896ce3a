//! Partnership list, proposal form, detail with history, and status change.

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mitra_core::field::FieldErrors;
use mitra_core::partnership::{
    JointInvestmentDraft, Partnership, PartnershipDraft, PartnershipEvent, StatusChangeDraft,
};
use mitra_core::store::Page;
use mitra_core::user::Role;
use serde::{Deserialize, Serialize};

use super::{error_page, path_id, render, see_other, Opt, PageCtx, Viewer};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::{service, AppState};

#[derive(Template)]
#[template(path = "partnerships.html")]
struct ListPage {
    page: PageCtx,
    list: Page<Partnership>,
    can_propose: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ListQuery {
    page: String,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Viewer,
    Query(q): Query<ListQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, "/partnerships");
    let result = async {
        let actor = ctx.actor.clone();
        let list = service::partnerships(&state, &actor, q.page.parse().unwrap_or(1)).await?;
        Ok::<_, AppError>(ListPage { page: page.clone(), list, can_propose: actor.can_propose() })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// The proposal form as posted: flat fields, one joint-investment row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ProposalForm {
    buyer_id: String,
    supplier_id: String,
    pattern: String,
    path: String,
    facilitator: String,
    contract_written: String,
    contract_style: String,
    start_on: String,
    end_on: String,
    payment_terms_days: String,
    contract_file_ref: String,
    scope: Vec<String>,
    ji_purpose: String,
    ji_amount: String,
    ji_buyer_share_pct: String,
    ji_supplier_share_pct: String,
    institution_consent: String,
}

impl ProposalForm {
    fn draft(&self) -> PartnershipDraft {
        PartnershipDraft {
            buyer_id: self.buyer_id.clone(),
            supplier_id: self.supplier_id.clone(),
            pattern: self.pattern.clone(),
            path: self.path.clone(),
            facilitator: self.facilitator.clone(),
            contract_written: self.contract_written.clone(),
            contract_style: self.contract_style.clone(),
            start_on: self.start_on.clone(),
            end_on: self.end_on.clone(),
            payment_terms_days: self.payment_terms_days.clone(),
            contract_file_ref: self.contract_file_ref.clone(),
            scope: self.scope.clone(),
            joint_investments: vec![JointInvestmentDraft {
                purpose: self.ji_purpose.clone(),
                amount: self.ji_amount.clone(),
                buyer_share_pct: self.ji_buyer_share_pct.clone(),
                supplier_share_pct: self.ji_supplier_share_pct.clone(),
            }],
            institution_consent: self.institution_consent.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "partnership_new.html")]
struct NewPage {
    page: PageCtx,
    form: ProposalForm,
    errors: FieldErrors,
    is_supplier: bool,
}

impl NewPage {
    /// Messages of the joint-investment row are filed under `joint_investments.0.*` by core.
    fn ji_error(&self, field: &str) -> &'static str {
        self.errors.message_for(&format!("joint_investments.0.{field}"), self.page.lang)
    }

    fn scope_options(&self) -> Vec<Opt> {
        self.page.scope_options(&self.form.scope)
    }

    fn checked(&self, raw: &str) -> bool {
        mitra_core::field::checkbox(raw)
    }
}

pub(crate) async fn new_form(ctx: Ctx, Query(mut form): Query<ProposalForm>) -> Response {
    let page = PageCtx::new(&ctx, "/partnerships/new");
    let actor =
        match ctx
            .actor()
            .and_then(|a| if a.can_propose() { Ok(a) } else { Err(AppError::Forbidden) })
        {
            Ok(a) => a,
            Err(e) => return error_page(&page, e),
        };
    let own = actor.organisation_id.map(|o| o.to_string()).unwrap_or_default();
    let is_supplier = actor.role == Role::SupplierUser;
    if is_supplier {
        form.supplier_id = own;
    } else {
        form.buyer_id = own;
    }
    if form.pattern.is_empty() {
        form.pattern = "subkontrak".into();
    }
    if form.path.is_empty() {
        form.path = "natural".into();
    }
    if form.contract_style.is_empty() {
        form.contract_style = "short_term".into();
    }
    render(
        &page,
        &NewPage { page: page.clone(), form, errors: FieldErrors::new(), is_supplier },
        StatusCode::OK,
    )
}

pub(crate) async fn create(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(form): Form<ProposalForm>,
) -> Response {
    let page = PageCtx::new(&ctx, "/partnerships/new");
    let result = async {
        let actor = ctx.actor.clone();
        let p = service::propose_partnership(&state, &actor, &form.draft()).await?;
        Ok::<_, AppError>((p.id, actor.role == Role::SupplierUser))
    }
    .await;
    match result {
        Ok((id, _)) => see_other(&format!("/partnerships/{id}"), "partnership.created"),
        Err(AppError::Validation(errors)) => {
            let is_supplier = page.is_role("supplier_user");
            let tpl = NewPage { page: page.clone(), form, errors, is_supplier };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "partnership.html")]
struct DetailPage {
    page: PageCtx,
    p: Partnership,
    history: Vec<PartnershipEvent>,
    /// Statuses the actor may move to (empty for non-parties).
    next: Vec<Opt>,
    errors: FieldErrors,
    reason: String,
    /// The reader acts for the supplier (who alone gives consent to the institution).
    is_supplier: bool,
    /// The reader may open the two-sided partnership assessment.
    can_view_assessment: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DetailQuery {
    done: String,
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    page: &PageCtx,
    raw: &str,
) -> Result<DetailPage, AppError> {
    let actor = ctx.actor()?;
    let id = path_id(raw)?;
    let (p, history) = service::partnership(state, &actor, id).await?;
    let next = if actor.party_in(&p).is_some() {
        p.status
            .next()
            .into_iter()
            .map(|s| Opt {
                key: s.key().to_owned(),
                label: s.label(page.lang).to_owned(),
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let is_supplier = actor.party_in(&p) == Some(p.supplier_id);
    let can_view_assessment = actor.can_view_partnership_assessment(&p);
    Ok(DetailPage {
        can_view_assessment,
        page: page.clone(),
        p,
        history,
        next,
        errors: FieldErrors::new(),
        reason: String::new(),
        is_supplier,
    })
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}")).with_notice(Some(&q.done));
    match detail_page(&state, &ctx, &page, &raw).await {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

pub(crate) async fn change_status(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(draft): Form<StatusChangeDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}"));
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        service::change_status(&state, &actor, id, &draft).await
    }
    .await;
    match result {
        Ok(p) => see_other(&format!("/partnerships/{}", p.id), "partnership.status_changed"),
        Err(AppError::Validation(errors)) => match detail_page(&state, &ctx, &page, &raw).await {
            Ok(mut tpl) => {
                tpl.errors = errors;
                tpl.reason = draft.reason;
                render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => error_page(&page, e),
        },
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ConsentForm {
    consent: String,
}

/// `POST /partnerships/{id}/consent`: the supplier gives or withdraws consent.
pub(crate) async fn set_consent(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(form): Form<ConsentForm>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/partnerships/{raw}"));
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        service::set_consent(&state, &actor, id, mitra_core::field::checkbox(&form.consent)).await
    }
    .await;
    match result {
        Ok(p) => see_other(&format!("/partnerships/{}", p.id), "partnership.status_changed"),
        Err(e) => error_page(&page, e),
    }
}
