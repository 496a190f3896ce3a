//! Server-rendered pages: one askama template struct per page, forms that work without
//! JavaScript, Indonesian first with an English switch that sticks (a cookie set by
//! `/lang/{code}`).
//!
//! Every page gets a [`PageCtx`] (language, user, CSRF token, current path) whose methods the
//! templates call for text (`page.t("key")`), choices and formatting, so templates hold no logic
//! beyond loops and conditions. Errors render with [`error_page`]; an unauthenticated visitor is
//! sent to the login page instead. A rejected form is rendered again with what the user typed and
//! a message beside each bad field.

mod account;
mod admin;
mod assessment;
mod coaching;
mod instrument;
mod partnership;
mod partnership_assessment;
mod programme;
mod registry;
mod selection;
mod selection_export;
mod targets;

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use mitra_core::i18n::{format_rupiah, group_thousands, has_key};
use mitra_core::organisation::{
    CertificateKind, OnlinePresence, OrganisationKind, QcPractice, Sector,
};
use mitra_core::partnership::{ContractStyle, PartnershipPath, Pattern, Scope, Status};
use mitra_core::region::{regency_name, Region};
use mitra_core::size::SizeClass;
use mitra_core::user::User;
use mitra_core::{t, Lang};

use crate::auth::Ctx;
use crate::error::AppError;
use crate::http::Routes;
use crate::AppState;

/// A form body whose `csrf_token` field matches the visitor's session (or pre-session) token,
/// checked before the handler runs — so no page handler can forget it, and none checks it again:
/// the handler gets the other fields only. A wrong or missing token answers 403; a body the
/// server cannot read answers with the error page in the reader's language (413 and the limit
/// when it is larger than the server accepts) instead of axum's plain-text rejection.
pub(crate) struct Form<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for Form<T> {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Response> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = req.into_parts();
        let path = parts.uri.path().to_owned();
        let ctx = match Ctx::from_request_parts(&mut parts, state).await {
            Ok(ctx) => ctx,
            Err(e) => return Err(error_page(&PageCtx::bare(&parts.headers, path), e)),
        };
        let page = PageCtx::new(&ctx, &path);
        let refuse = |rejection: axum::extract::rejection::BytesRejection| {
            let err = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::Malformed(rejection.body_text())
            };
            error_page(&page, err)
        };
        let req = axum::extract::Request::from_parts(parts, body);
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(refuse)?;
        let (sent, rest) = take_csrf_token(&bytes);
        ctx.check_csrf(&sent).map_err(|e| error_page(&page, e))?;
        // serde_html_form, as axum-extra's form: repeated keys fill a list (checkboxes).
        serde_html_form::from_bytes::<T>(&rest)
            .map(Form)
            .map_err(|e| error_page(&page, AppError::Malformed(e.to_string())))
    }
}

/// Splits a form body into its first `csrf_token` value (empty when there is none) and the rest
/// of the body, byte for byte, without any `csrf_token` pair — so a handler reading the fields as
/// a map or a list never sees the token.
fn take_csrf_token(body: &[u8]) -> (String, Vec<u8>) {
    let mut sent = None;
    let mut rest = Vec::with_capacity(body.len());
    for pair in body.split(|b| *b == b'&') {
        let key = serde_urlencoded::from_bytes::<Vec<(String, String)>>(pair)
            .ok()
            .and_then(|pairs| pairs.into_iter().next());
        match key {
            Some((k, v)) if k == "csrf_token" => {
                sent.get_or_insert(v);
            }
            _ => {
                if !rest.is_empty() {
                    rest.push(b'&');
                }
                rest.extend_from_slice(pair);
            }
        }
    }
    (sent.unwrap_or_default(), rest)
}

/// The signed-in visitor of a page: the request context (`Deref`) and the actor. A visitor who
/// is not signed in is sent to the login page, and back here afterwards, before the handler runs.
pub(crate) struct Viewer {
    ctx: Ctx,
    /// Who is looking.
    pub actor: mitra_core::Actor,
}

impl std::ops::Deref for Viewer {
    type Target = Ctx;
    fn deref(&self) -> &Ctx {
        &self.ctx
    }
}

impl axum::extract::FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Viewer, Response> {
        let path = parts.uri.path().to_owned();
        let ctx = match Ctx::from_request_parts(parts, state).await {
            Ok(ctx) => ctx,
            Err(e) => return Err(error_page(&PageCtx::bare(&parts.headers, path), e)),
        };
        match ctx.actor() {
            Ok(actor) => Ok(Viewer { ctx, actor }),
            Err(e) => Err(error_page(&PageCtx::new(&ctx, &path), e)),
        }
    }
}

/// The one stylesheet, served by Mitra itself.
const CSS: &str = include_str!("../../static/mitra.css");

pub(crate) fn router() -> Routes {
    Routes::new()
        .public("/", get(home))
        .public("/static/mitra.css", get(css))
        .public("/lang/{code}", get(account::switch_language))
        .public("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .public("/register", get(account::register_form).post(account::register))
        .route("/password", get(account::password_form).post(account::password))
        .route("/colleagues", get(account::colleague_form).post(account::invite_colleague))
        .route("/dashboard", get(registry::dashboard))
        .route("/organisations", get(registry::search))
        .route("/organisations/{id}", get(registry::profile))
        .route("/organisations/{id}/edit", get(registry::edit_form).post(registry::edit))
        .route("/organisations/{id}/certificates", post(registry::add_certificate))
        .route("/partnerships", get(partnership::list))
        .route("/partnerships/new", get(partnership::new_form).post(partnership::create))
        .route("/partnerships/{id}", get(partnership::detail))
        .route("/partnerships/{id}/status", post(partnership::change_status))
        .route("/partnerships/{id}/consent", post(partnership::set_consent))
        .merge(assessment::router())
        .merge(coaching::router())
        .merge(instrument::router())
        .merge(selection::router())
        .merge(targets::router())
        .merge(partnership_assessment::router())
        .merge(platform_router())
        .merge(selection_export::router())
        .fallback(not_found)
}

/// Administration, programmes and profile history.
fn platform_router() -> Routes {
    Routes::new()
        .route("/admin/accounts", get(admin::accounts))
        .route("/admin/accounts/new", get(admin::account_form).post(admin::add_account))
        .route(
            "/admin/organisations/new",
            get(admin::organisation_form).post(admin::create_organisation),
        )
        .route("/programmes", get(programme::list))
        .route("/programmes/new", get(programme::new_form).post(programme::create))
        .route("/programmes/{id}", get(programme::detail))
        .route("/programmes/{id}/edit", get(programme::edit_form).post(programme::edit))
        .route("/programmes/{id}/enrolments", post(programme::enrol))
        .route("/programmes/{id}/enrolments/{organisation_id}/remove", post(programme::remove))
}

async fn home(ctx: Ctx) -> Redirect {
    if ctx.user().is_some() {
        Redirect::to("/dashboard")
    } else {
        Redirect::to("/login")
    }
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

async fn not_found(ctx: Ctx, uri: axum::http::Uri) -> Response {
    error_page(&PageCtx::new(&ctx, uri.path()), AppError::NotFound)
}

/// An integer however a template passes it.
pub(crate) trait Integer {
    fn value(&self) -> i64;
}

impl Integer for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

impl<T: Integer + ?Sized> Integer for &T {
    fn value(&self) -> i64 {
        (**self).value()
    }
}

/// One choice of a `<select>` or a checkbox group.
#[derive(Debug, Clone)]
pub(crate) struct Opt {
    pub key: String,
    pub label: String,
    pub selected: bool,
}

/// What every page template receives.
#[derive(Debug, Clone)]
pub(crate) struct PageCtx {
    pub lang: Lang,
    pub user: Option<User>,
    pub csrf: String,
    /// Path and query of this page (for the language switch's return).
    pub path: String,
    /// A confirmation to show (a catalogue key), e.g. after a redirect.
    pub notice: Option<&'static str>,
}

impl PageCtx {
    pub fn new(ctx: &Ctx, path: &str) -> PageCtx {
        PageCtx {
            lang: ctx.lang,
            user: ctx.user().cloned(),
            csrf: ctx.csrf_token().unwrap_or_default().to_owned(),
            path: path.to_owned(),
            notice: None,
        }
    }

    /// The context of a page for a request whose session could not be read (the language
    /// from the cookie, no user).
    pub fn bare(headers: &axum::http::HeaderMap, path: String) -> PageCtx {
        let lang = axum_extra::extract::CookieJar::from_headers(headers)
            .get(crate::auth::LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
            .unwrap_or_default();
        PageCtx { lang, user: None, csrf: String::new(), path, notice: None }
    }

    /// With a confirmation taken from `?done=key`, if the key is a known `*.done`/`*ed` message.
    pub fn with_notice(mut self, key: Option<&str>) -> PageCtx {
        self.notice = key.and_then(notice_key);
        self
    }

    /// Text for `key` in the page's language.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        t(self.lang, key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The language switch's link: sets the other language and comes back here.
    pub fn switch_href(&self) -> String {
        let q = serde_urlencoded::to_string([("next", self.path.as_str())]).unwrap_or_default();
        format!("/lang/{}?{q}", self.lang.other().code())
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn rupiah(&self, amount: &mitra_core::organisation::Rupiah) -> String {
        format_rupiah(amount.get())
    }

    pub fn rupiah_opt(&self, amount: &Option<i64>) -> String {
        amount.map(format_rupiah).unwrap_or_else(|| "—".to_owned())
    }

    /// An amount of rupiah, `Rp 1.500.000` (any `i64` however the template passes it).
    pub fn money(&self, n: impl Integer) -> String {
        format_rupiah(n.value())
    }

    /// Takes `i64` or references to one: templates pass fields by reference, bound variables by
    /// double reference and method results by value.
    pub fn number(&self, n: impl Integer) -> String {
        group_thousands(n.value())
    }

    pub fn province(&self, code: &str) -> String {
        mitra_core::region::provinces()
            .find(|p| p.code == code)
            .map(|p| p.name.to_owned())
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn count(&self, n: &u64) -> String {
        group_thousands(i64::try_from(*n).unwrap_or(i64::MAX))
    }

    pub fn regency(&self, code: &str) -> String {
        regency_name(code)
    }

    pub fn day(&self, d: &time::Date) -> String {
        mitra_core::field::format_date(*d)
    }

    pub fn date(&self, d: &Option<time::Date>) -> String {
        d.map(mitra_core::field::format_date).unwrap_or_else(|| "—".to_owned())
    }

    pub fn instant(&self, at: &i64) -> String {
        time::OffsetDateTime::from_unix_timestamp(*at + 7 * 3600)
            .map(|t| {
                format!(
                    "{} {:02}:{:02} WIB",
                    mitra_core::field::format_date(t.date()),
                    t.hour(),
                    t.minute()
                )
            })
            .unwrap_or_default()
    }

    pub fn size_label(&self, c: &Option<SizeClass>) -> &'static str {
        match c {
            Some(c) => c.label(self.lang),
            None => t(self.lang, "size.unknown"),
        }
    }

    pub fn is_role(&self, role: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.key() == role)
    }

    /// Choices of a keyed domain type, with `current` selected.
    pub fn options(&self, kind: &str, current: &str) -> Vec<Opt> {
        fn opts<T: Copy>(
            lang: Lang,
            all: &[T],
            key: fn(T) -> &'static str,
            label: fn(T, Lang) -> &'static str,
            current: &str,
        ) -> Vec<Opt> {
            all.iter()
                .map(|&v| Opt {
                    key: key(v).to_owned(),
                    label: label(v, lang).to_owned(),
                    selected: key(v) == current,
                })
                .collect()
        }
        let l = self.lang;
        match kind {
            "sector" => opts(l, Sector::ALL, Sector::key, Sector::label, current),
            "size_class" => opts(l, SizeClass::ALL, SizeClass::key, SizeClass::label, current),
            "online_presence" => {
                opts(l, OnlinePresence::ALL, OnlinePresence::key, OnlinePresence::label, current)
            }
            "qc_practice" => opts(l, QcPractice::ALL, QcPractice::key, QcPractice::label, current),
            "certificate" => {
                opts(l, CertificateKind::ALL, CertificateKind::key, CertificateKind::label, current)
            }
            "pattern" => opts(l, Pattern::ALL, Pattern::key, Pattern::label, current),
            "path" => {
                opts(l, PartnershipPath::ALL, PartnershipPath::key, PartnershipPath::label, current)
            }
            "contract_style" => {
                opts(l, ContractStyle::ALL, ContractStyle::key, ContractStyle::label, current)
            }
            "status" => opts(l, Status::ALL, Status::key, Status::label, current),
            "kind" => opts(
                l,
                OrganisationKind::ALL,
                OrganisationKind::key,
                OrganisationKind::label,
                current,
            ),
            // "Level 3 (established) or higher": the registry's readiness filter (never a number).
            "readiness_level" => mitra_core::assessment::Maturity::ALL
                .iter()
                .map(|m| {
                    let key = m.level().to_string();
                    let name = l.pick(m.name().id, m.name().en);
                    let (level, higher) =
                        (self.t("selection.filter.level"), self.t("selection.filter.or_higher"));
                    Opt {
                        label: format!("{level} {key} ({name}) {higher}"),
                        selected: key == current.trim(),
                        key,
                    }
                })
                .collect(),
            "regency" => Region::all()
                .iter()
                .map(|r| Opt {
                    key: r.bps_code.clone(),
                    label: r.display_name(),
                    selected: r.bps_code == current,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Scope checkboxes with the ticked ones marked.
    pub fn scope_options(&self, ticked: &[String]) -> Vec<Opt> {
        Scope::ALL
            .iter()
            .map(|s| Opt {
                key: s.key().to_owned(),
                label: s.label(self.lang).to_owned(),
                selected: ticked.iter().any(|x| x == s.key()),
            })
            .collect()
    }
}

fn notice_key(key: &str) -> Option<&'static str> {
    const NOTICES: &[&str] = &[
        "logout.done",
        "register.done",
        "password.done",
        "organisation.saved",
        "partnership.created",
        "partnership.status_changed",
        "colleague.done",
        "targets.saved",
        "targets.reset_done",
        "selection.created",
        "selection.candidates_added",
        "selection.invited",
        "selection.exclusion_saved",
        "selection.values_saved",
        "selection.criteria_saved",
        "selection.criterion_added",
        "selection.judgments_saved",
        "selection.decided",
        "selection.reopened",
        "selection.response_saved",
        "admin.organisation_created",
        "admin.account_created",
        "programme.saved",
        "programme.enrolled_done",
        "programme.removed",
    ];
    NOTICES.iter().copied().find(|k| *k == key && has_key(k))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    code: &'static str,
    status: u16,
}

/// Renders a page, or the error page if rendering fails.
pub(crate) fn render<T: Template>(page: &PageCtx, template: &T, status: StatusCode) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => error_page(page, AppError::Internal(format!("template: {e}"))),
    }
}

/// A form's page shown again with its field errors (422), or the error page if it cannot be.
pub(crate) fn render_invalid<T: Template>(page: &PageCtx, again: Result<T, AppError>) -> Response {
    match again {
        Ok(t) => render(page, &t, StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => error_page(page, e),
    }
}

/// The page for an error: a redirect to the login page for visitors who are not signed in, the
/// error template otherwise.
pub(crate) fn error_page(page: &PageCtx, err: AppError) -> Response {
    if matches!(err, AppError::Unauthenticated) {
        let q = serde_urlencoded::to_string([("next", page.path.as_str())]).unwrap_or_default();
        return Redirect::to(&format!("/login?{q}")).into_response();
    }
    err.log();
    let status = err.status();
    let tpl = ErrorPage { page: page.clone(), code: err.code(), status: status.as_u16() };
    match tpl.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, t(page.lang, err.code()).to_owned()).into_response(),
    }
}

/// A path id as typed in the URL: junk is "not found", as an id of nothing is.
pub(crate) fn path_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Only paths of this site are followed after login or a language switch (no open redirects):
/// one leading `/`, then no second `/` or `\\` (a browser reads `//host` and `/\\host` as another
/// origin), and no whitespace or control character anywhere — browsers drop tabs and newlines
/// from a URL, so `/%09/host` would become `//host`, and CR/LF would split the `Location` header.
pub(crate) fn safe_next(next: &str) -> &str {
    let rest = next.strip_prefix('/');
    let local = rest.is_some_and(|r| !r.starts_with(['/', '\\']))
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if local {
        next
    } else {
        "/dashboard"
    }
}

/// A 303 redirect after a successful form, with a confirmation key.
pub(crate) fn see_other(path: &str, done: &str) -> Response {
    let sep = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{sep}done={done}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_taken_out_of_the_form_and_the_rest_kept_byte_for_byte() {
        let (sent, rest) = take_csrf_token(b"a=1&csrf%5Ftoken=t%2B1&b=x+y&csrf_token=second&c");
        assert_eq!(sent, "t+1");
        assert_eq!(rest, b"a=1&b=x+y&c");
        assert_eq!(take_csrf_token(b"a=1"), (String::new(), b"a=1".to_vec()));
        assert_eq!(take_csrf_token(b"csrf_token"), (String::new(), Vec::new()));
    }

    #[test]
    fn redirects_stay_local() {
        assert_eq!(safe_next("/organisations?page=2"), "/organisations?page=2");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/%09/x\t",
            "/\r\nSet-Cookie: x=1",
            " /evil",
            "/ /evil",
            "/\u{0}x",
            "/\u{2028}/evil.example",
            "",
        ] {
            assert_eq!(safe_next(bad), "/dashboard", "{bad}");
        }
    }

    /// The Content-Security-Policy refuses inline script and style: no template may need them.
    #[test]
    fn no_template_uses_inline_script_or_style() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read template").to_lowercase();
            let name = path.display();
            assert!(!text.contains(" style=") && !text.contains("<style"), "{name}: inline style");
            for script in text.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap_or("");
                assert!(tag.contains("src="), "{name}: inline script");
            }
            for handler in [" onclick=", " onchange=", " onsubmit=", " onload=", "javascript:"] {
                assert!(!text.contains(handler), "{name}: {handler}");
            }
        }
    }

    #[test]
    fn every_template_key_is_in_the_catalogue() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read template");
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or("");
                assert!(has_key(key), "{}: unknown key {key:?}", path.display());
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} keys found");
    }
}
