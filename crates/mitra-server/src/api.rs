//! The JSON API under `/api`: the same application functions as the pages, the same permission
//! checks, errors as `{code, message, fields}` in the caller's language (language cookie, else
//! `Accept-Language`, else Indonesian).
//!
//! Authentication is the session cookie that `POST /api/session` sets; every mutating call
//! after login sends the returned CSRF token in `X-CSRF-Token`. The document at
//! `/api/openapi.json` lists every route of [`ROUTES`]; a test keeps the two in step.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use axum_extra::extract::CookieJar;
use mitra_core::organisation::{CertificateDraft, OrganisationDraft};
use mitra_core::partnership::{Partnership, PartnershipDraft, PartnershipEvent, StatusChangeDraft};
use mitra_core::region::Region;
use mitra_core::user::{ColleagueDraft, PasswordChangeDraft, RegistrationDraft, User};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Ctx};
use crate::error::AppError;
use crate::http::Routes;
use crate::service::{self, SearchQuery, SignedIn};
use crate::AppState;

/// Every API route as (method, path) — the list the OpenAPI document must cover.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/session"),
    ("delete", "/api/session"),
    ("get", "/api/me"),
    ("post", "/api/register"),
    ("post", "/api/password"),
    ("post", "/api/colleagues"),
    ("get", "/api/regions"),
    ("get", "/api/organisations"),
    ("get", "/api/organisations/{id}"),
    ("put", "/api/organisations/{id}"),
    ("post", "/api/organisations/{id}/certificates"),
    ("get", "/api/partnerships"),
    ("post", "/api/partnerships"),
    ("get", "/api/partnerships/stats"),
    ("get", "/api/partnerships/{id}"),
    ("post", "/api/partnerships/{id}/status"),
    ("post", "/api/partnerships/{id}/consent"),
    ("get", "/api/openapi.json"),
    ("get", "/api/instruments/starting"),
    ("post", "/api/organisations/{id}/readiness"),
    ("get", "/api/assessments/{id}"),
    ("put", "/api/assessments/{id}"),
    ("post", "/api/assessments/{id}/submit"),
    ("get", "/api/assessments/{id}/instrument"),
    ("get", "/api/readiness/region"),
    // coaching (api_coaching.rs)
    ("get", "/api/organisations/{id}/action-plan"),
    ("post", "/api/organisations/{id}/action-plan/actions"),
    ("put", "/api/organisations/{id}/coach"),
    ("put", "/api/actions/{id}"),
    ("get", "/api/action-plans"),
    ("get", "/api/advice"),
    ("put", "/api/advice/{component}/{level}"),
    ("delete", "/api/advice/{component}/{level}"),
    ("get", "/api/partnerships/{id}/lambert"),
    ("put", "/api/partnerships/{id}/lambert/drivers"),
    ("put", "/api/partnerships/{id}/lambert/facilitators"),
    ("post", "/api/survey-imports"),
    ("get", "/api/selections"),
    ("post", "/api/selections"),
    ("get", "/api/selections/{id}"),
    ("put", "/api/selections/{id}"),
    ("post", "/api/selections/{id}/candidates"),
    ("post", "/api/selections/{id}/candidates/registry"),
    ("post", "/api/selections/{id}/candidates/exclusion"),
    ("put", "/api/selections/{id}/values"),
    ("put", "/api/selections/{id}/criteria"),
    ("post", "/api/selections/{id}/criteria"),
    ("put", "/api/selections/{id}/judgments"),
    ("post", "/api/selections/{id}/judgments/preview"),
    ("get", "/api/selections/{id}/results"),
    ("get", "/api/selections/{id}/quotes"),
    ("get", "/api/selections/{id}/export.xlsx"),
    ("get", "/api/selections/{id}/inputs.csv"),
    ("post", "/api/selections/{id}/decision"),
    ("post", "/api/selections/{id}/revision"),
    ("get", "/api/selections/{id}/mine"),
    ("post", "/api/selections/{id}/response"),
    ("get", "/api/partnerships/{id}/assessment"),
    ("post", "/api/partnerships/{id}/assessment"),
    ("get", "/api/organisations/{id}/assessor-ratings"),
    ("post", "/api/organisations/{id}/assessor-ratings"),
    ("get", "/api/admin/accounts"),
    ("post", "/api/admin/accounts"),
    ("post", "/api/admin/organisations"),
    ("get", "/api/organisations/{id}/history"),
    ("get", "/api/programmes"),
    ("post", "/api/programmes"),
    ("get", "/api/programmes/{id}"),
    ("put", "/api/programmes/{id}"),
    ("post", "/api/programmes/{id}/enrolments"),
    ("delete", "/api/programmes/{id}/enrolments/{organisation_id}"),
    ("get", "/api/targets"),
    ("put", "/api/targets"),
    ("delete", "/api/targets"),
    ("get", "/api/instruments"),
    ("post", "/api/instruments/copy"),
    ("get", "/api/instruments/{key}/{version}"),
    ("put", "/api/instruments/{key}/{version}"),
    ("post", "/api/instruments/{key}/{version}/publish"),
    ("post", "/api/instruments/{key}/{version}/items"),
    ("delete", "/api/instruments/{key}/{version}/items/{item}"),
    ("post", "/api/instruments/{key}/{version}/items/{item}/move"),
];

#[path = "api_assessment.rs"]
mod assessment_routes;
#[path = "api_coaching.rs"]
mod coaching_routes;
#[path = "api_instrument.rs"]
mod instrument_routes;
#[path = "api_selection_export.rs"]
mod selection_export_routes;
#[path = "api_selection.rs"]
mod selection_routes;

#[path = "api_admin.rs"]
mod admin_routes;

/// The OpenAPI 3.1 document, maintained by hand beside the handlers.
pub const OPENAPI: &str = include_str!("../static/openapi.json");

pub(crate) fn router() -> Routes {
    Routes::new()
        .public("/session", post(login).delete(logout))
        .route("/me", get(me))
        .public("/register", post(register))
        .route("/password", post(password))
        .route("/colleagues", post(invite_colleague))
        .route("/regions", get(regions))
        .route("/organisations", get(search))
        .route("/organisations/{id}", get(organisation).put(update_organisation))
        .route("/organisations/{id}/certificates", post(add_certificate))
        .route("/partnerships", get(partnerships).post(propose))
        .route("/partnerships/stats", get(stats))
        .route("/partnerships/{id}", get(partnership))
        .route("/partnerships/{id}/status", post(change_status))
        .route("/partnerships/{id}/consent", post(set_consent))
        .public("/openapi.json", get(openapi))
        .merge(assessment_routes::router())
        .merge(coaching_routes::router())
        .merge(selection_routes::router())
        .merge(instrument_routes::router())
        .merge(admin_routes::router())
        .merge(selection_export_routes::router())
        .fallback(not_found)
}

use crate::http::api::lang;
pub(crate) use crate::http::api::{ApiResult, Body, Call, Reader, Writer};

/// A path id; junk is 404, as an id of nothing is.
fn id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Deserialize)]
struct LoginBody {
    email: String,
    password: String,
}

/// What a successful login or registration returns.
#[derive(Serialize)]
struct SessionBody {
    user: User,
    csrf_token: String,
}

fn signed_in(state: &AppState, ctx: &Ctx, s: SignedIn, status: StatusCode) -> Response {
    let jar = CookieJar::new().add(auth::session_cookie(state, ctx, s.token));
    (status, jar, Json(SessionBody { user: s.user, csrf_token: s.csrf_token })).into_response()
}

async fn login(
    State(state): State<AppState>,
    call: Call,
    Body(body): Body<LoginBody>,
) -> ApiResult {
    let s = service::login(&state, &call.ctx, &body.email, &body.password).await?;
    Ok(signed_in(&state, &call.ctx, s, StatusCode::OK))
}

async fn logout(State(state): State<AppState>, call: Writer) -> ApiResult {
    service::logout(&state, &call.ctx).await?;
    let jar = CookieJar::new().add(auth::expired_session_cookie(&call.ctx));
    Ok((StatusCode::NO_CONTENT, jar).into_response())
}

async fn me(call: Call) -> ApiResult {
    call.actor()?;
    let user = call.ctx.user().cloned().ok_or(AppError::Unauthenticated)?;
    Ok(Json(user).into_response())
}

async fn register(
    State(state): State<AppState>,
    call: Call,
    Body(draft): Body<RegistrationDraft>,
) -> ApiResult {
    let s = service::register(&state, &call.ctx, &draft).await?;
    Ok(signed_in(&state, &call.ctx, s, StatusCode::CREATED))
}

async fn password(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<PasswordChangeDraft>,
) -> ApiResult {
    service::change_password(&state, &call.ctx, &draft).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn invite_colleague(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<ColleagueDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let user = service::invite_colleague(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

async fn regions(call: Call) -> ApiResult {
    call.actor()?;
    Ok(Json(Region::all()).into_response())
}

async fn search(
    State(state): State<AppState>,
    call: Reader,
    Query(q): Query<SearchQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let page = service::search(&state, &actor, &q).await?;
    Ok(Json(page).into_response())
}

async fn organisation(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let org = service::organisation(&state, &actor, id(&raw)?).await?;
    Ok(Json(org).into_response())
}

async fn update_organisation(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<OrganisationDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let org = service::update_organisation(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(org).into_response())
}

async fn add_certificate(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<CertificateDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let org = service::add_certificate(&state, &actor, id(&raw)?, &draft).await?;
    Ok((StatusCode::CREATED, Json(org)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PageQuery {
    page: String,
}

async fn partnerships(
    State(state): State<AppState>,
    call: Reader,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let actor = call.actor.clone();
    let page = q.page.parse().unwrap_or(1);
    let list = service::partnerships(&state, &actor, page).await?;
    Ok(Json(list).into_response())
}

async fn propose(
    State(state): State<AppState>,
    call: Writer,
    Body(draft): Body<PartnershipDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let p = service::propose_partnership(&state, &actor, &draft).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// A partnership with its history.
#[derive(Serialize)]
struct PartnershipBody {
    partnership: Partnership,
    history: Vec<PartnershipEvent>,
}

async fn partnership(
    State(state): State<AppState>,
    call: Reader,
    Path(raw): Path<String>,
) -> ApiResult {
    let actor = call.actor.clone();
    let (partnership, history) = service::partnership(&state, &actor, id(&raw)?).await?;
    Ok(Json(PartnershipBody { partnership, history }).into_response())
}

async fn change_status(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(draft): Body<StatusChangeDraft>,
) -> ApiResult {
    let actor = call.actor.clone();
    let p = service::change_status(&state, &actor, id(&raw)?, &draft).await?;
    Ok(Json(p).into_response())
}

/// The supplier's consent for the institution.
#[derive(Deserialize)]
struct ConsentBody {
    consent: bool,
}

async fn set_consent(
    State(state): State<AppState>,
    call: Writer,
    Path(raw): Path<String>,
    Body(body): Body<ConsentBody>,
) -> ApiResult {
    let actor = call.actor.clone();
    let p = service::set_consent(&state, &actor, id(&raw)?, body.consent).await?;
    Ok(Json(p).into_response())
}

async fn stats(State(state): State<AppState>, call: Reader) -> ApiResult {
    let actor = call.actor.clone();
    let o = service::overview(&state, &actor).await?;
    Ok(Json(o).into_response())
}

async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found(headers: HeaderMap) -> Response {
    AppError::NotFound.into_api_response(lang(&headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_lists_exactly_the_routes() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        let paths = doc["paths"].as_object().expect("paths");
        let mut documented = Vec::new();
        for (path, ops) in paths {
            for method in ops.as_object().expect("operations").keys() {
                documented.push((method.clone(), path.clone()));
            }
        }
        for (method, path) in ROUTES {
            assert!(
                documented.contains(&((*method).to_owned(), (*path).to_owned())),
                "{method} {path} is not documented"
            );
        }
        assert_eq!(documented.len(), ROUTES.len(), "the document lists routes that do not exist");
    }

    #[test]
    fn api_language() {
        use mitra_core::Lang;
        let mut h = HeaderMap::new();
        assert_eq!(lang(&h), Lang::Id);
        h.insert(axum::http::header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9".parse().unwrap());
        assert_eq!(lang(&h), Lang::En);
        h.insert(axum::http::header::COOKIE, "mitra_lang=id".parse().unwrap());
        assert_eq!(lang(&h), Lang::Id);
    }
}
