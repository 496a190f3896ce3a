//! Dashboard, organisation search, profile and profile editing.

use super::Form;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mitra_core::field::FieldErrors;
use mitra_core::history::ProfileEvent;
use mitra_core::organisation::{Organisation, OrganisationDraft, OrganisationSummary};
use mitra_core::partnership::Partnership;
use mitra_core::size::SizeLaw;
use mitra_core::store::Page;
use mitra_core::user::Role;
use serde::Deserialize;

use super::{error_page, path_id, render, see_other, PageCtx, Viewer};
use crate::error::AppError;
use crate::service::{self, RegionalOverview, SearchQuery};
use crate::{clock, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DoneQuery {
    done: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    organisation: Option<Organisation>,
    partnerships: Vec<Partnership>,
    overview: Option<RegionalOverview>,
    /// The programmes the user's UMKM is in, or its institution runs.
    programmes: Vec<mitra_core::programme::Programme>,
    /// Whether the programme names link to their pages (officers only).
    link_programmes: bool,
}

impl DashboardPage {
    fn total_umkm(&self) -> i64 {
        self.overview
            .as_ref()
            .map(|o| o.umkm_by_size_class.iter().map(|c| c.count).sum())
            .unwrap_or(0)
    }

    fn pattern_rows(&self) -> Vec<(String, [i64; 4])> {
        use mitra_core::partnership::{Pattern, Status};
        let Some(o) = &self.overview else { return Vec::new() };
        Pattern::ALL
            .iter()
            .filter_map(|p| {
                let mut row = [0i64; 4];
                for c in o.partnerships.iter().filter(|c| c.pattern == *p) {
                    let i = Status::ALL.iter().position(|s| *s == c.status).unwrap_or(0);
                    row[i] += c.count;
                }
                (row.iter().sum::<i64>() > 0).then(|| (p.label(self.page.lang).to_owned(), row))
            })
            .collect()
    }
}

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    ctx: Viewer,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, "/dashboard").with_notice(Some(&q.done));
    let result: Result<DashboardPage, AppError> = async {
        let actor = ctx.actor.clone();
        let organisation = match actor.organisation_id {
            Some(id) => Some(service::organisation(&state, &actor, id).await?),
            None => None,
        };
        let partnerships = service::partnerships(&state, &actor, 1).await?.items;
        let overview = match actor.role {
            Role::InstitutionOfficer | Role::Admin => {
                Some(service::overview(&state, &actor).await?)
            }
            _ => None,
        };
        let programmes = crate::programme::list(&state, &actor).await?;
        let link_programmes = actor.role == Role::InstitutionOfficer;
        Ok(DashboardPage {
            page: page.clone(),
            organisation,
            partnerships,
            overview,
            programmes,
            link_programmes,
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct SearchPage {
    page: PageCtx,
    q: SearchQuery,
    results: Page<OrganisationSummary>,
    /// Searches have no field errors; the shared form macros expect the value.
    errors: FieldErrors,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn page_href(q: &SearchQuery, page: u32) -> String {
    let query = SearchQuery { page: page.to_string(), per_page: String::new(), ..q.clone() };
    let pairs: Vec<(&str, String)> = [
        ("name", query.name),
        ("regency", query.regency),
        ("sector", query.sector),
        ("size_class", query.size_class),
        ("kind", query.kind),
        ("product", query.product),
        ("page", query.page),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    format!("/organisations?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

pub(crate) async fn search(
    State(state): State<AppState>,
    ctx: Viewer,
    uri: OriginalUri,
    Query(mut q): Query<SearchQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &uri.to_string());
    q.per_page = String::new();
    let result = async {
        let actor = ctx.actor.clone();
        service::search(&state, &actor, &q).await
    }
    .await;
    match result {
        Ok(results) => {
            let prev_href = (results.page > 1).then(|| page_href(&q, results.page - 1));
            let next_href = results.has_next().then(|| page_href(&q, results.page + 1));
            render(
                &page,
                &SearchPage {
                    page: page.clone(),
                    q,
                    results,
                    errors: FieldErrors::new(),
                    prev_href,
                    next_href,
                },
                StatusCode::OK,
            )
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct ProfilePage {
    page: PageCtx,
    org: Organisation,
    law: SizeLaw,
    size_rule: String,
    can_edit: bool,
    can_propose: bool,
    today: time::Date,
    /// The certificate form (empty, or as typed when rejected).
    cert_form: mitra_core::organisation::CertificateDraft,
    errors: FieldErrors,
    /// The profile's history, for readers of the full profile.
    history: Option<Vec<ProfileEvent>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ProfileQuery {
    law: String,
    done: String,
}

pub(crate) async fn profile(
    State(state): State<AppState>,
    ctx: Viewer,
    uri: OriginalUri,
    Path(raw): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> Response {
    let page = PageCtx::new(&ctx, &uri.to_string()).with_notice(Some(&q.done));
    let result = async {
        let actor = ctx.actor.clone();
        let org = service::organisation(&state, &actor, path_id(&raw)?).await?;
        let law = SizeLaw::from_key(&q.law).unwrap_or_default();
        let size_rule = org.size_decision(law).explain(page.lang);
        let can_edit = actor.can_edit_organisation(org.id);
        // A buyer may propose to an UMKM; an UMKM to a buyer.
        let can_propose = actor.can_propose()
            && !actor.belongs_to(org.id)
            && match actor.role {
                Role::BuyerUser => org.kind == mitra_core::organisation::OrganisationKind::Umkm,
                Role::SupplierUser => org.kind == mitra_core::organisation::OrganisationKind::Buyer,
                _ => false,
            };
        let history = profile_history(&state, &actor, &org).await?;
        Ok::<_, AppError>(ProfilePage {
            page: page.clone(),
            org,
            law,
            size_rule,
            can_edit,
            can_propose,
            today: clock::today(),
            cert_form: Default::default(),
            errors: FieldErrors::new(),
            history,
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

/// The history shown on a profile: to readers of the full profile only.
async fn profile_history(
    state: &AppState,
    actor: &mitra_core::Actor,
    org: &Organisation,
) -> Result<Option<Vec<ProfileEvent>>, AppError> {
    if actor.can_view_profile_history(org.id, org.kind, &org.regency) {
        Ok(Some(service::organisation_history(state, actor, org.id).await?))
    } else {
        Ok(None)
    }
}

impl ProfilePage {
    /// The label of a changed field.
    fn change_label(&self, field: &str) -> &'static str {
        let key = match field {
            "capacity_per_month" => "organisation.capacity",
            "description" => "history.description",
            "certificate.kind" => "certificate.kind",
            "certificate.number" => "certificate.number",
            "certificate.issued_on" => "certificate.issued_on",
            "certificate.expires_on" => "certificate.expires_on",
            "legal_name" => "organisation.legal_name",
            "owner_name" => "organisation.owner_name",
            "nib" => "organisation.nib",
            "contact_phone" => "organisation.contact_phone",
            "contact_email" => "organisation.contact_email",
            "regency" => "organisation.regency",
            "sector" => "organisation.sector",
            "products" => "organisation.products",
            "workers" => "organisation.workers",
            "business_capital" => "organisation.business_capital",
            "annual_sales" => "organisation.annual_sales",
            "online_presence" => "organisation.online_presence",
            "qc_practice" => "organisation.qc_practice",
            "capacity_unit" => "organisation.capacity_unit",
            _ => return "—",
        };
        self.page.t(key)
    }

    /// A changed value as a reader wants it: labels for choices, regency names, rupiah.
    fn change_value(&self, field: &str, value: &str) -> String {
        use mitra_core::organisation::{CertificateKind, OnlinePresence, QcPractice, Sector};
        if value.is_empty() {
            return "—".to_owned();
        }
        let l = self.page.lang;
        let label = match field {
            "sector" => Sector::from_key(value).map(|v| v.label(l)),
            "online_presence" => OnlinePresence::from_key(value).map(|v| v.label(l)),
            "qc_practice" => QcPractice::from_key(value).map(|v| v.label(l)),
            "certificate.kind" => CertificateKind::from_key(value).map(|v| v.label(l)),
            _ => None,
        };
        if let Some(label) = label {
            return label.to_owned();
        }
        match field {
            "regency" => self.page.regency(value),
            "business_capital" | "annual_sales" => value
                .parse::<i64>()
                .map(mitra_core::i18n::format_rupiah)
                .unwrap_or_else(|_| value.to_owned()),
            _ => value.to_owned(),
        }
    }

    fn other_law(&self) -> SizeLaw {
        match self.law {
            SizeLaw::Pp7_2021 => SizeLaw::Uu20_2008,
            SizeLaw::Uu20_2008 => SizeLaw::Pp7_2021,
        }
    }

    fn propose_href(&self) -> String {
        let field = match self.org.kind {
            mitra_core::organisation::OrganisationKind::Umkm => "supplier_id",
            _ => "buyer_id",
        };
        format!("/partnerships/new?{field}={}", self.org.id)
    }

    fn cert_expired(&self, c: &mitra_core::organisation::Certificate) -> bool {
        c.is_expired(self.today)
    }
}

#[derive(Template)]
#[template(path = "organisation_edit.html")]
struct EditPage {
    page: PageCtx,
    id: i64,
    form: OrganisationDraft,
    errors: FieldErrors,
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}/edit"));
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        let org = service::organisation_for_edit(&state, &actor, id).await?;
        Ok::<_, AppError>(EditPage {
            page: page.clone(),
            id,
            form: org.to_draft(),
            errors: FieldErrors::new(),
        })
    }
    .await;
    match result {
        Ok(tpl) => render(&page, &tpl, StatusCode::OK),
        Err(e) => error_page(&page, e),
    }
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(draft): Form<OrganisationDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}/edit"));
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        service::update_organisation(&state, &actor, id, &draft).await.map(|o| o.id)
    }
    .await;
    match result {
        Ok(id) => see_other(&format!("/organisations/{id}"), "organisation.saved"),
        Err(AppError::Validation(errors)) => {
            let id = path_id(&raw).unwrap_or(0);
            let tpl = EditPage { page: page.clone(), id, form: draft, errors };
            render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(&page, e),
    }
}

/// `POST /organisations/{id}/certificates`: adds a certificate from the profile page's form. A
/// rejected certificate is shown on the profile with its field messages and the typed values.
pub(crate) async fn add_certificate(
    State(state): State<AppState>,
    ctx: Viewer,
    Path(raw): Path<String>,
    Form(draft): Form<mitra_core::organisation::CertificateDraft>,
) -> Response {
    let page = PageCtx::new(&ctx, &format!("/organisations/{raw}"));
    let result = async {
        let actor = ctx.actor.clone();
        let id = path_id(&raw)?;
        service::add_certificate(&state, &actor, id, &draft).await.map(|o| (actor, o))
    }
    .await;
    match result {
        Ok((_, org)) => see_other(&format!("/organisations/{}", org.id), "organisation.saved"),
        Err(AppError::Validation(errors)) => {
            let rendered = async {
                let actor = ctx.actor.clone();
                let org = service::organisation(&state, &actor, path_id(&raw)?).await?;
                let size_rule = org.size_decision(SizeLaw::default()).explain(page.lang);
                let history = profile_history(&state, &actor, &org).await?;
                Ok::<_, AppError>(ProfilePage {
                    history,
                    page: page.clone(),
                    can_edit: actor.can_edit_organisation(org.id),
                    can_propose: false,
                    org,
                    law: SizeLaw::default(),
                    size_rule,
                    today: clock::today(),
                    cert_form: draft,
                    errors,
                })
            }
            .await;
            match rendered {
                Ok(tpl) => render(&page, &tpl, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => error_page(&page, e),
            }
        }
        Err(e) => error_page(&page, e),
    }
}
