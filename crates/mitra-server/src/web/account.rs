//! Login, logout, registration, password change and the language switch.

use super::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mitra_core::field::FieldErrors;
use mitra_core::user::{ColleagueDraft, PasswordChangeDraft, RegistrationDraft};
use mitra_core::Lang;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{error_page, render, safe_next, see_other, PageCtx, Viewer};
use crate::auth::{self, Ctx};
use crate::error::AppError;
use crate::{service, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct NextQuery {
    next: String,
    done: String,
}

/// `GET /lang/{code}?next=…`: remembers the language and goes back.
pub(crate) async fn switch_language(
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let jar = CookieJar::new().add(auth::lang_cookie(&ctx, lang));
    (jar, Redirect::to(safe_next(&q.next))).into_response()
}

/// The page context of the login or registration form; a visitor with neither a session nor a
/// pre-session nonce gets a nonce cookie (no database row) whose signed token the form carries.
fn anonymous_page(state: &AppState, ctx: &Ctx, path: &str) -> (PageCtx, Option<CookieJar>) {
    let mut page = PageCtx::new(ctx, path);
    if ctx.csrf_token().is_some() {
        return (page, None);
    }
    let (cookie, csrf) = auth::start_pre_session(state, ctx);
    page.csrf = csrf;
    (page, Some(CookieJar::new().add(cookie)))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    email: String,
    next: String,
    error: Option<&'static str>,
}

pub(crate) async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Response {
    if ctx.user().is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let (page, jar) = anonymous_page(&state, &ctx, "/login");
    let page = page.with_notice(Some(&q.done));
    let body = render(
        &page,
        &LoginPage { page: page.clone(), email: String::new(), next: q.next, error: None },
        StatusCode::OK,
    );
    (jar, body).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    next: String,
}

pub(crate) async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Response {
    let page = PageCtx::new(&ctx, "/login");
    match service::login(&state, &ctx, &form.email, &form.password).await {
        Ok(signed) => {
            let jar = CookieJar::new().add(auth::session_cookie(&state, &ctx, signed.token));
            let to = if form.next.is_empty() { "/dashboard" } else { safe_next(&form.next) };
            (jar, Redirect::to(to)).into_response()
        }
        Err(e @ (AppError::BadCredentials | AppError::RateLimited | AppError::Busy)) => {
            let status = e.status();
            let tpl = LoginPage {
                page: page.clone(),
                email: form.email,
                next: form.next,
                error: Some(e.code()),
            };
            render(&page, &tpl, status)
        }
        Err(e) => error_page(&page, e),
    }
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(_): Form<IgnoredAny>,
) -> Response {
    let page = PageCtx::new(&ctx, "/logout");
    if let Err(e) = service::logout(&state, &ctx).await {
        return error_page(&page, e);
    }
    let jar = CookieJar::new().add(auth::expired_session_cookie(&ctx));
    (jar, see_other("/login", "logout.done")).into_response()
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    page: PageCtx,
    form: RegistrationDraft,
    errors: FieldErrors,
}

pub(crate) async fn register_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    let (page, jar) = anonymous_page(&state, &ctx, "/register");
    let form = RegistrationDraft {
        organisation: mitra_core::organisation::OrganisationDraft {
            regency: "1275".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let tpl = RegisterPage { page: page.clone(), form, errors: FieldErrors::new() };
    (jar, render(&page, &tpl, StatusCode::OK)).into_response()
}

pub(crate) async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(draft): Form<RegistrationDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, "/register");
    match service::register(&state, &ctx, &draft).await {
        Ok(signed) => {
            let jar = CookieJar::new().add(auth::session_cookie(&state, &ctx, signed.token));
            (jar, see_other("/dashboard", "register.done")).into_response()
        }
        Err(AppError::Validation(errors)) => {
            let tpl = RegisterPage { page: page.clone(), form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    page: PageCtx,
    errors: FieldErrors,
}

pub(crate) async fn password_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let page = PageCtx::new(&ctx, "/password").with_notice(Some(&q.done));
    if let Err(e) = ctx.actor() {
        return error_page(&page, e);
    }
    render(&page, &PasswordPage { page: page.clone(), errors: FieldErrors::new() }, StatusCode::OK)
}

pub(crate) async fn password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(draft): Form<PasswordChangeDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, "/password");
    if let Err(e) = ctx.actor() {
        return error_page(&page, e);
    }
    match service::change_password(&state, &ctx, &draft).await {
        Ok(()) => see_other("/password", "password.done"),
        Err(AppError::Validation(errors)) => render(
            &page,
            &PasswordPage { page: page.clone(), errors },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "colleague.html")]
struct ColleaguePage {
    page: PageCtx,
    form: ColleagueDraft,
    errors: FieldErrors,
}

pub(crate) async fn colleague_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let page = PageCtx::new(&ctx, "/colleagues").with_notice(Some(&q.done));
    if let Err(e) = ctx.actor() {
        return error_page(&page, e);
    }
    let tpl = ColleaguePage {
        page: page.clone(),
        form: ColleagueDraft::default(),
        errors: FieldErrors::new(),
    };
    render(&page, &tpl, StatusCode::OK)
}

pub(crate) async fn invite_colleague(
    State(state): State<AppState>,
    ctx: Viewer,
    Form(draft): Form<ColleagueDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, "/colleagues");
    let result = async {
        let actor = ctx.actor.clone();
        service::invite_colleague(&state, &actor, &draft).await
    }
    .await;
    match result {
        Ok(_) => see_other("/colleagues", "colleague.done"),
        Err(AppError::Validation(errors)) => {
            let tpl = ColleaguePage { page: page.clone(), form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}
