//! Application functions: what a user can do, with permission checks, shared by the API and the
//! pages. Each takes the state, the acting user (or the request context) and a draft, and returns
//! domain values or an [`AppError`]. Neither JSON nor HTML is known here.

use mitra_core::access::{Actor, ProfileAccess};
use mitra_core::history::ProfileEvent;
use mitra_core::organisation::{
    CertificateDraft, Organisation, OrganisationDraft, OrganisationKind, OrganisationSummary,
    Sector,
};
use mitra_core::partnership::{
    check_status_change, Parties, Partnership, PartnershipDraft, PartnershipEvent,
    StatusChangeDraft,
};
use mitra_core::size::SizeClass;
use mitra_core::store::{OrganisationFilter, Page, PatternStatusCount, SizeClassCount};
use mitra_core::user::{
    ColleagueDraft, NewAccount, PasswordChangeDraft, RegistrationDraft, Role, User,
};
use mitra_core::{FieldErrors, Store};
use serde::Deserialize;

use crate::auth::{self, Ctx};
use crate::error::AppError;
use crate::{clock, AppState};

/// A signed-in session: who, and the cookie token to send.
#[derive(Debug)]
pub struct SignedIn {
    /// The user.
    pub user: User,
    /// The new session's cookie token.
    pub token: String,
    /// The new session's CSRF token.
    pub csrf_token: String,
}

/// Logs in: rate limits per (email, address) and per address, password check, a fresh session
/// (the old one, if any, is deleted, so a session id planted before login is worthless
/// afterwards). The attempt is recorded as a failure before the password is checked and
/// forgotten on success, so concurrent attempts cannot slip past the limits.
pub async fn login(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    password: &str,
) -> Result<SignedIn, AppError> {
    let key = email.trim().to_lowercase();
    let now = clock::now();
    let cfg = &state.config;
    let attempts =
        state.db.reserve_login_attempt(&key, &ctx.ip, now, now - cfg.login_window_secs).await?;
    if attempts.for_account > cfg.login_attempts
        || attempts.from_address > cfg.login_attempts_per_address
    {
        return Err(AppError::RateLimited);
    }
    let account = state.db.account_by_email(&key).await?;
    let ok = match &account {
        Some((_, hash)) => auth::verify_password(password, hash).await?,
        None => {
            // Spend the same time as a real check so that timing does not reveal accounts.
            auth::verify_password(password, &dummy_hash(state).await?).await?;
            false
        }
    };
    let Some((user, _)) = account.filter(|_| ok) else {
        return Err(AppError::BadCredentials);
    };
    state.db.clear_login_failures(&key, &ctx.ip).await?;
    if let Some(old) = &ctx.session {
        state.db.delete_session(&old.id_hash).await?;
    }
    let (token, csrf_token) = auth::start_session(state, user.id).await?;
    Ok(SignedIn { user, token, csrf_token })
}

/// A hash of a random string at the configured cost, checked against when the account does not
/// exist (made once per process).
async fn dummy_hash(state: &AppState) -> Result<String, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async {
            auth::hash_password(&auth::random_token(), state.config.hash_cost).await
        })
        .await
        .cloned()
}

/// Logs out: deletes the session.
pub async fn logout(state: &AppState, ctx: &Ctx) -> Result<(), AppError> {
    if let Some(s) = &ctx.session {
        state.db.delete_session(&s.id_hash).await?;
    }
    Ok(())
}

/// Registers a new UMKM and its owner's account, and signs the owner in.
pub async fn register(
    state: &AppState,
    ctx: &Ctx,
    draft: &RegistrationDraft,
) -> Result<SignedIn, AppError> {
    let reg = draft.parse()?;
    // Every complete registration counts, taken e-mail or not, so that the answer "already
    // registered" cannot be asked for more than a few addresses an hour.
    let now = clock::now();
    let tries = state.db.note_attempt("register", &ctx.ip, now, now - 3600).await?;
    if tries > state.config.registrations_per_address {
        return Err(AppError::RegistrationLimited);
    }
    let hash = auth::hash_password(reg.password.expose(), state.config.hash_cost).await?;
    let account = NewAccount {
        email: reg.email.clone(),
        display_name: reg.display_name.clone(),
        role: Role::SupplierUser,
        organisation_id: None,
        password_hash: hash,
    };
    let (org_id, user_id) = state.db.register(&reg.organisation, &account, now).await?;
    if let Some(old) = &ctx.session {
        state.db.delete_session(&old.id_hash).await?;
    }
    let (token, csrf_token) = auth::start_session(state, user_id).await?;
    let user = User {
        id: user_id,
        email: reg.email.as_str().to_owned(),
        display_name: reg.display_name,
        role: Role::SupplierUser,
        organisation_id: Some(org_id),
    };
    Ok(SignedIn { user, token, csrf_token })
}

/// Changes the signed-in user's password and ends their other sessions.
pub async fn change_password(
    state: &AppState,
    ctx: &Ctx,
    draft: &PasswordChangeDraft,
) -> Result<(), AppError> {
    let actor = ctx.actor()?;
    let new = draft.parse()?;
    let current = state.db.password_hash(actor.user_id).await?;
    if !auth::verify_password(&draft.current_password, &current).await? {
        return Err(FieldErrors::single("current_password", "password.wrong").into());
    }
    let hash = auth::hash_password(new.expose(), state.config.hash_cost).await?;
    state.db.set_password_hash(actor.user_id, &hash).await?;
    let keep = ctx.session.as_ref().map(|s| s.id_hash.as_str());
    state.db.delete_user_sessions(actor.user_id, keep).await?;
    Ok(())
}

/// Creates an account for a colleague in the actor's own organisation, with the actor's role.
/// Administrators, who belong to no organisation, cannot invite this way.
pub async fn invite_colleague(
    state: &AppState,
    actor: &Actor,
    draft: &ColleagueDraft,
) -> Result<User, AppError> {
    let Some(org) = actor.organisation_id.filter(|_| actor.role != Role::Admin) else {
        return Err(AppError::Forbidden);
    };
    let c = draft.parse()?;
    let account = NewAccount {
        email: c.email.clone(),
        display_name: c.display_name.clone(),
        role: actor.role,
        organisation_id: Some(org),
        password_hash: auth::hash_password(c.password.expose(), state.config.hash_cost).await?,
    };
    let id = state.db.create_account(&account, clock::now()).await?;
    Ok(User {
        id,
        email: c.email.as_str().to_owned(),
        display_name: c.display_name,
        role: actor.role,
        organisation_id: Some(org),
    })
}

/// Search criteria as they arrive in a query string (all optional text).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Part of the name.
    pub name: String,
    /// BPS regency code.
    pub regency: String,
    /// Sector key.
    pub sector: String,
    /// Size class key.
    pub size_class: String,
    /// Organisation kind key (`umkm`, `buyer`, `institution`); limited to what the actor may see.
    pub kind: String,
    /// Part of a product.
    pub product: String,
    /// Page, from 1.
    pub page: String,
    /// Rows per page (API only; pages use 20).
    pub per_page: String,
}

/// Rows per page on the search page.
pub const PAGE_SIZE: u32 = 20;

impl SearchQuery {
    /// The filter, with unknown choices ignored (a search never fails on a stale link).
    pub fn filter(&self, actor: &Actor) -> OrganisationFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        OrganisationFilter {
            name: text(&self.name),
            regency: text(&self.regency),
            sector: Sector::from_key(self.sector.trim()),
            size_class: SizeClass::from_key(self.size_class.trim()),
            product: text(&self.product),
            // A kind the actor may not see is ignored: the search stays within what it may see.
            kinds: match OrganisationKind::from_key(self.kind.trim()) {
                Some(k) if actor.searchable_kinds().contains(&k) => vec![k],
                _ => actor.searchable_kinds().to_vec(),
            },
            page: self.page.trim().parse().unwrap_or(1).max(1),
            per_page: self.per_page.trim().parse().unwrap_or(PAGE_SIZE).clamp(1, 100),
        }
    }
}

/// Searches organisations the actor may see.
pub async fn search(
    state: &AppState,
    actor: &Actor,
    query: &SearchQuery,
) -> Result<Page<OrganisationSummary>, AppError> {
    Ok(state.db.search_organisations(&query.filter(actor)).await?)
}

/// An organisation's profile as the actor may see it (private fields removed for directory
/// readers); `Forbidden` when it may not see it at all.
pub async fn organisation(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Organisation, AppError> {
    let (kind, regency) = state.db.organisation_kind(id).await?.ok_or(AppError::NotFound)?;
    let access = actor.profile_access(id, kind, &regency).ok_or(AppError::Forbidden)?;
    let mut org = state.db.organisation(id).await?;
    if access == ProfileAccess::Directory {
        org.redact();
    }
    Ok(org)
}

/// The profile as an edit form shows it (only for those who may edit).
pub async fn organisation_for_edit(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Organisation, AppError> {
    if !actor.can_edit_organisation(id) {
        return Err(AppError::Forbidden);
    }
    Ok(state.db.organisation(id).await?)
}

/// Updates a profile.
pub async fn update_organisation(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &OrganisationDraft,
) -> Result<Organisation, AppError> {
    if !actor.can_edit_organisation(id) {
        return Err(AppError::Forbidden);
    }
    let (kind, _) = state.db.organisation_kind(id).await?.ok_or(AppError::NotFound)?;
    let parsed = draft.parse(kind)?;
    state.db.update_organisation(id, &parsed, Some(actor.user_id), clock::now()).await?;
    Ok(state.db.organisation(id).await?)
}

/// Adds a certificate to an organisation (those who may edit it only); returns the profile.
pub async fn add_certificate(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &CertificateDraft,
) -> Result<Organisation, AppError> {
    if !actor.can_edit_organisation(id) {
        return Err(AppError::Forbidden);
    }
    let cert = draft.parse()?;
    state.db.organisation_kind(id).await?.ok_or(AppError::NotFound)?;
    state.db.add_certificate(id, &cert, Some(actor.user_id), clock::now()).await?;
    Ok(state.db.organisation(id).await?)
}

/// The history of an organisation's profile, newest first, for readers of its full profile
/// (`Forbidden` for everyone else, as for the profile itself).
pub async fn organisation_history(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Vec<ProfileEvent>, AppError> {
    let (kind, regency) = state.db.organisation_kind(id).await?.ok_or(AppError::NotFound)?;
    if !actor.can_view_profile_history(id, kind, &regency) {
        return Err(AppError::Forbidden);
    }
    Ok(state.db.organisation_history(id).await?)
}

/// Proposes a partnership for the actor's own organisation.
pub async fn propose_partnership(
    state: &AppState,
    actor: &Actor,
    draft: &PartnershipDraft,
) -> Result<Partnership, AppError> {
    let Some(own) = actor.organisation_id.filter(|_| actor.can_propose()) else {
        return Err(AppError::Forbidden);
    };
    let (buyer, supplier) = draft.party_ids();
    let kind_of = |id: Option<i64>| async move {
        match id {
            Some(id) => state.db.organisation_kind(id).await.map(|k| k.map(|(k, _)| k)),
            None => Ok(None),
        }
    };
    let parties =
        Parties { buyer_kind: kind_of(buyer).await?, supplier_kind: kind_of(supplier).await? };
    let new = draft.parse(own, parties)?;
    let id = state.db.create_partnership(&new, actor.user_id, clock::today(), clock::now()).await?;
    Ok(state.db.partnership(id).await?)
}

/// A partnership and its history, if the actor may see it. Invisible partnerships are reported
/// as not found, so their existence does not leak.
pub async fn partnership(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Partnership, Vec<PartnershipEvent>), AppError> {
    let p = state.db.partnership(id).await?;
    if !actor.can_view_partnership(&p) {
        return Err(AppError::NotFound);
    }
    let history = state.db.partnership_history(id).await?;
    Ok((p, history))
}

/// Changes a partnership's status (parties only).
pub async fn change_status(
    state: &AppState,
    actor: &Actor,
    id: i64,
    draft: &StatusChangeDraft,
) -> Result<Partnership, AppError> {
    let p = state.db.partnership(id).await?;
    if !actor.can_view_partnership(&p) {
        return Err(AppError::NotFound);
    }
    let org = actor.party_in(&p).ok_or(AppError::Forbidden)?;
    let change = check_status_change(&p, org, draft)?;
    state
        .db
        .change_partnership_status(id, &change, actor.user_id, clock::today(), clock::now())
        .await?;
    Ok(state.db.partnership(id).await?)
}

/// The supplier gives or withdraws its consent for the institution to see the partnership in
/// detail. Only the supplier's own users may.
pub async fn set_consent(
    state: &AppState,
    actor: &Actor,
    id: i64,
    consent: bool,
) -> Result<Partnership, AppError> {
    let p = state.db.partnership(id).await?;
    if !actor.can_view_partnership(&p) {
        return Err(AppError::NotFound);
    }
    if actor.party_in(&p) != Some(p.supplier_id) {
        return Err(AppError::Forbidden);
    }
    state.db.set_institution_consent(id, consent, actor.user_id, clock::now()).await?;
    Ok(state.db.partnership(id).await?)
}

/// The actor's organisation's partnerships (empty for those without an organisation).
pub async fn partnerships(
    state: &AppState,
    actor: &Actor,
    page: u32,
) -> Result<Page<Partnership>, AppError> {
    match actor
        .organisation_id
        .filter(|_| matches!(actor.role, Role::BuyerUser | Role::SupplierUser))
    {
        Some(org) => Ok(state.db.partnerships_of(org, page, PAGE_SIZE).await?),
        None => Ok(Page { items: Vec::new(), total: 0, page: 1, per_page: PAGE_SIZE }),
    }
}

/// Aggregate figures an institution officer (own province) or administrator (all) may read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionalOverview {
    /// Province code, or `None` for all.
    pub province: Option<String>,
    /// UMKM by size class.
    pub umkm_by_size_class: Vec<SizeClassCount>,
    /// Partnerships by pattern and status.
    pub partnerships: Vec<PatternStatusCount>,
}

/// The regional overview, or `Forbidden` for buyers and suppliers.
pub async fn overview(state: &AppState, actor: &Actor) -> Result<RegionalOverview, AppError> {
    let scope = actor.aggregate_scope().ok_or(AppError::Forbidden)?;
    Ok(RegionalOverview {
        province: scope.map(str::to_owned),
        umkm_by_size_class: state.db.umkm_by_size_class(scope).await?,
        partnerships: state.db.partnership_stats(scope).await?,
    })
}
