//! The storage port: what the application needs from a database, in domain terms.
//!
//! `mitra-store` implements [`Store`] with sqlx on SQLite and PostgreSQL; core and the server see
//! only this trait and [`StoreError`]. Methods return `impl Future + Send` (async functions in
//! traits) so core stays free of any async runtime. Instants are Unix seconds (UTC) passed in by
//! the caller: core keeps no clock, and tests control time.

use std::future::Future;

use serde::Serialize;
use time::Date;

use crate::admin::AccountListing;
use crate::history::ProfileEvent;
use crate::organisation::{
    NewCertificate, NewOrganisation, Organisation, OrganisationKind, OrganisationSummary, Sector,
};
use crate::partnership::{NewPartnership, Partnership, PartnershipEvent, Pattern, StatusChange};
use crate::size::SizeClass;
use crate::user::{NewAccount, User};

/// Why a storage call failed, in terms the application can act on. The adapter maps its driver's
/// errors here once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A unique value is taken; `field` and `code` name it for a form (`email`, `email.taken`).
    #[error("{field} is already taken")]
    Conflict {
        /// The form field.
        field: &'static str,
        /// The catalogue code.
        code: &'static str,
    },
    /// The record changed since it was read (optimistic concurrency).
    #[error("the record was changed by someone else")]
    Stale,
    /// The database cannot be reached or is too busy (no connection in time, connection
    /// refused or lost, a lock held too long): worth trying again; 503 for a request.
    #[error("database unavailable: {0}")]
    Unavailable(Cause),
    /// The database failed otherwise, or holds something it should not; for logs, never for
    /// users.
    #[error("database error: {0}")]
    Backend(Cause),
}

impl StoreError {
    /// A backend failure described by `message` alone.
    pub fn backend(message: impl Into<String>) -> StoreError {
        StoreError::Backend(Cause::new(message))
    }
}

/// What went wrong in the storage adapter: its words, and the driver's error as the
/// [`std::error::Error::source`], so a log shows the whole chain.
#[derive(Debug)]
pub struct Cause {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Cause {
    /// A cause with no underlying error.
    pub fn new(message: impl Into<String>) -> Cause {
        Cause { message: message.into(), source: None }
    }

    /// A cause with the driver's error underneath.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Cause {
        Cause { message: message.into(), source: Some(Box::new(source)) }
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Search criteria for organisations. Empty criteria match everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganisationFilter {
    /// Part of the name, case-insensitive.
    pub name: Option<String>,
    /// BPS regency code.
    pub regency: Option<String>,
    /// Sector.
    pub sector: Option<Sector>,
    /// Size class.
    pub size_class: Option<SizeClass>,
    /// Part of a product name, case-insensitive.
    pub product: Option<String>,
    /// Kinds to return (empty: all). The server sets this from [`Actor::searchable_kinds`](crate::access::Actor::searchable_kinds).
    pub kinds: Vec<OrganisationKind>,
    /// Page number, from 1.
    pub page: u32,
    /// Rows per page, 1–100.
    pub per_page: u32,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows matching in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// Number of pages (at least 1, so "page 1 of 1" reads right for an empty result).
    pub fn pages(&self) -> u32 {
        let per = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per).max(1)).unwrap_or(u32::MAX)
    }

    /// Whether a next page exists.
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }

    /// The SQL offset of a page.
    pub fn offset(page: u32, per_page: u32) -> i64 {
        i64::from(page.max(1) - 1) * i64::from(per_page)
    }
}

/// Login attempts counted in a window (see [`Store::reserve_login_attempt`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginAttempts {
    /// Of one account from one address.
    pub for_account: i64,
    /// From one address, whatever the account.
    pub from_address: i64,
}

/// A session as stored: its CSRF token and, once logged in, its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 (hex) of the cookie's token; the token itself is never stored.
    pub id_hash: String,
    /// The synchronizer token every form of this session must carry.
    pub csrf_token: String,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
    /// The signed-in user (`None` for a session that only carries a CSRF token for the login and
    /// registration forms).
    pub user: Option<User>,
    /// The regency of the user's organisation (for the region rules).
    pub organisation_regency: Option<String>,
}

/// Counts of partnerships by pattern and status, for the institution's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternStatusCount {
    /// Pattern.
    pub pattern: Pattern,
    /// Status.
    pub status: crate::partnership::Status,
    /// Number of partnerships.
    pub count: i64,
}

/// Counts of organisations by size class (`None`: unknown), for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeClassCount {
    /// Class.
    pub size_class: Option<SizeClass>,
    /// Number of UMKM.
    pub count: i64,
}

/// The storage port. Every method is one transaction: it happens completely or not at all.
pub trait Store: Send + Sync {
    /// Checks that the database answers (for `/healthz`).
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a new organisation with its products; returns its id.
    fn create_organisation(
        &self,
        org: &NewOrganisation,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Replaces an organisation's profile (its kind never changes) and products, and writes a
    /// history entry of the changed fields by `actor_user_id` (none when nothing changed), in
    /// the same transaction.
    fn update_organisation(
        &self,
        id: i64,
        org: &NewOrganisation,
        actor_user_id: Option<i64>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// One organisation with products and certificates.
    fn organisation(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Organisation, StoreError>> + Send;

    /// Kind and regency of an organisation, the cheap lookup behind permission checks.
    fn organisation_kind(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Option<(OrganisationKind, String)>, StoreError>> + Send;

    /// Searches organisations, ordered by name.
    fn search_organisations(
        &self,
        filter: &OrganisationFilter,
    ) -> impl Future<Output = Result<Page<OrganisationSummary>, StoreError>> + Send;

    /// UMKM counts by size class, in a province or everywhere.
    fn umkm_by_size_class(
        &self,
        province: Option<&str>,
    ) -> impl Future<Output = Result<Vec<SizeClassCount>, StoreError>> + Send;

    /// Adds a certificate to an organisation with a history entry by `actor_user_id`, in one
    /// transaction; returns the certificate's id.
    fn add_certificate(
        &self,
        organisation_id: i64,
        cert: &NewCertificate,
        actor_user_id: Option<i64>,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The history of an organisation's profile, newest first.
    fn organisation_history(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Vec<ProfileEvent>, StoreError>> + Send;

    /// Creates an account; `Conflict{field: "email"}` when the email is taken.
    fn create_account(
        &self,
        account: &NewAccount,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Creates an organisation and its first account together (both or neither): an UMKM's
    /// registration by its owner, or an administrator's new buyer or institution. The account's
    /// `organisation_id` is ignored and set to the new organisation. Returns (organisation, user).
    fn register(
        &self,
        org: &NewOrganisation,
        account: &NewAccount,
        now: i64,
    ) -> impl Future<Output = Result<(i64, i64), StoreError>> + Send;

    /// Accounts by display name, one page, with their organisation's name (administrators' list).
    fn accounts(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<Page<AccountListing>, StoreError>> + Send;

    /// An account and its password hash, by (lowercased) email.
    fn account_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<(User, String)>, StoreError>> + Send;

    /// The password hash of an account.
    fn password_hash(
        &self,
        user_id: i64,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;

    /// Replaces an account's password hash.
    fn set_password_hash(
        &self,
        user_id: i64,
        hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a session.
    fn create_session(
        &self,
        id_hash: &str,
        user_id: Option<i64>,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A session that has not expired at `now`.
    fn session(
        &self,
        id_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SessionRecord>, StoreError>> + Send;

    /// Deletes a session (logout, or rotation at login).
    fn delete_session(&self, id_hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes every session of a user except `keep` (after a password change).
    fn delete_user_sessions(
        &self,
        user_id: i64,
        keep: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes sessions, login failures and throttled actions older than `now` allows; returns
    /// rows removed.
    fn purge_expired(&self, now: i64) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Records a login attempt for (account key, client address) as a failure until
    /// [`Store::clear_login_failures`] forgets it, and counts the attempts since `since`,
    /// this one included: of that account from that address, and from that address in all.
    /// Recording before counting makes the limit hold for concurrent attempts.
    fn reserve_login_attempt(
        &self,
        account_key: &str,
        ip: &str,
        at: i64,
        since: i64,
    ) -> impl Future<Output = Result<LoginAttempts, StoreError>> + Send;

    /// Records one throttled action of `kind` (e.g. `register`) by `client` and counts that
    /// client's actions of that kind since `since`, this one included.
    fn note_attempt(
        &self,
        kind: &str,
        client: &str,
        at: i64,
        since: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The shared key called `name`: `fresh` is stored if there is none yet, and whichever key
    /// is stored first is returned to every server process.
    fn server_key(
        &self,
        name: &str,
        fresh: &str,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;

    /// Forgets the failures of (account key, client address) after a successful login.
    fn clear_login_failures(
        &self,
        account_key: &str,
        ip: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a proposed partnership with its scope, investments and a `created` history entry.
    fn create_partnership(
        &self,
        p: &NewPartnership,
        actor_user_id: i64,
        today: Date,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// One partnership.
    fn partnership(&self, id: i64) -> impl Future<Output = Result<Partnership, StoreError>> + Send;

    /// Partnerships in which `organisation_id` is a party, newest first.
    fn partnerships_of(
        &self,
        organisation_id: i64,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<Page<Partnership>, StoreError>> + Send;

    /// Applies a checked status change if the partnership is still at `change.version`
    /// (`Stale` otherwise), bumping the version and writing history.
    fn change_partnership_status(
        &self,
        id: i64,
        change: &StatusChange,
        actor_user_id: i64,
        today: Date,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records the supplier's consent (or its withdrawal) for the institution to see the
    /// partnership in detail, with a history entry.
    fn set_institution_consent(
        &self,
        id: i64,
        consent: bool,
        actor_user_id: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The history of a partnership, oldest first.
    fn partnership_history(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<PartnershipEvent>, StoreError>> + Send;

    /// Partnership counts by pattern and status, for suppliers in a province or everywhere.
    fn partnership_stats(
        &self,
        province: Option<&str>,
    ) -> impl Future<Output = Result<Vec<PatternStatusCount>, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages() {
        let p = |total, page, per_page| Page::<()> { items: vec![], total, page, per_page };
        assert_eq!(p(0, 1, 20).pages(), 1);
        assert_eq!(p(20, 1, 20).pages(), 1);
        assert_eq!(p(21, 1, 20).pages(), 2);
        assert!(p(21, 1, 20).has_next());
        assert!(!p(21, 2, 20).has_next());
        assert_eq!(Page::<()>::offset(3, 20), 40);
        assert_eq!(Page::<()>::offset(0, 20), 0);
    }
}
