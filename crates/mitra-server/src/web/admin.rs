//! Administrators' pages: the list of accounts, a new buying organisation or institution with
//! its first account, a further account for any organisation. Thin over `crate::admin`.

use super::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mitra_core::admin::{AccountDraft, AccountListing, OrganisationAccountDraft, ADMIN_CREATES};
use mitra_core::field::FieldErrors;
use mitra_core::store::Page;
use serde::Deserialize;

use super::{error_page, render, see_other, Opt, PageCtx, Viewer};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::{admin, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ListQuery {
    page: String,
    done: String,
    organisation_id: String,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    page: PageCtx,
    accounts: Page<AccountListing>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// `GET /admin/accounts`: every account with its role and organisation.
pub(crate) async fn accounts(
    State(state): State<AppState>,
    ctx: Viewer,
    Query(q): Query<ListQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, "/admin/accounts").with_notice(Some(&q.done));
    let result = async {
        let actor = ctx.actor.clone();
        admin::accounts(&state, &actor, q.page.parse().unwrap_or(1)).await
    }
    .await;
    match result {
        Ok(accounts) => {
            let href = |p: u32| format!("/admin/accounts?page={p}");
            let prev_href = (accounts.page > 1).then(|| href(accounts.page - 1));
            let next_href = accounts.has_next().then(|| href(accounts.page + 1));
            let tpl = AccountsPage { page: page.clone(), accounts, prev_href, next_href };
            render(&page, &tpl, StatusCode::OK)
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "admin_organisation_new.html")]
struct NewOrganisationPage {
    page: PageCtx,
    form: OrganisationAccountDraft,
    errors: FieldErrors,
}

impl NewOrganisationPage {
    fn kind_options(&self) -> Vec<Opt> {
        ADMIN_CREATES
            .iter()
            .map(|k| Opt {
                key: k.key().to_owned(),
                label: k.label(self.page.lang).to_owned(),
                selected: k.key() == self.form.kind,
            })
            .collect()
    }
}

/// `GET /admin/organisations/new`.
pub(crate) async fn organisation_form(ctx: Ctx) -> Response {
    let page = PageCtx::new(&ctx, "/admin/organisations/new");
    match ctx.actor().and_then(|a| a.can_administer().then_some(()).ok_or(AppError::Forbidden)) {
        Ok(()) => {
            let tpl = NewOrganisationPage {
                page: page.clone(),
                form: OrganisationAccountDraft::default(),
                errors: FieldErrors::new(),
            };
            render(&page, &tpl, StatusCode::OK)
        }
        Err(e) => error_page(&page, e),
    }
}

/// `POST /admin/organisations/new`: creates both or neither; a rejected form keeps the values.
pub(crate) async fn create_organisation(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(mut draft): Form<OrganisationAccountDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, "/admin/organisations/new");
    let result = async {
        let actor = ctx.actor.clone();
        admin::create_organisation(&state, &actor, &draft).await
    }
    .await;
    match result {
        Ok((org, _)) => {
            see_other(&format!("/organisations/{}", org.id), "admin.organisation_created")
        }
        Err(AppError::Validation(errors)) => {
            draft.account.password = String::new();
            let tpl = NewOrganisationPage { page: page.clone(), form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "admin_account_new.html")]
struct NewAccountPage {
    page: PageCtx,
    form: AccountDraft,
    errors: FieldErrors,
}

/// `GET /admin/accounts/new?organisation_id=…`.
pub(crate) async fn account_form(ctx: Ctx, Query(q): Query<ListQuery>) -> Response {
    let page = PageCtx::new(&ctx, "/admin/accounts/new");
    match ctx.actor().and_then(|a| a.can_administer().then_some(()).ok_or(AppError::Forbidden)) {
        Ok(()) => {
            let form = AccountDraft { organisation_id: q.organisation_id, ..Default::default() };
            let tpl = NewAccountPage { page: page.clone(), form, errors: FieldErrors::new() };
            render(&page, &tpl, StatusCode::OK)
        }
        Err(e) => error_page(&page, e),
    }
}

/// `POST /admin/accounts/new`.
pub(crate) async fn add_account(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(mut draft): Form<AccountDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, "/admin/accounts/new");
    let result = async {
        let actor = ctx.actor.clone();
        admin::add_account(&state, &actor, &draft).await
    }
    .await;
    match result {
        Ok(_) => see_other("/admin/accounts", "admin.account_created"),
        Err(AppError::Validation(errors)) => {
            draft.account.password = String::new();
            let tpl = NewAccountPage { page: page.clone(), form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}
