//! # mitra-store — Mitra's storage adapter
//!
//! [`Db`] implements the core's [`Store`](mitra_core::Store) port with sqlx on SQLite (the
//! default: one file, WAL, foreign keys on) or PostgreSQL (shared deployments), chosen by the
//! database URL's scheme ([`Db::connect`]). Migrations for each backend live in
//! `migrations/{sqlite,postgres}` and are compiled in ([`Db::migrate`]).
//!
//! **One query text for both backends.** `Db` holds one of two concrete pools; the private
//! `on_pool!` macro expands a query's code once per backend, so every SQL statement is written
//! once, with `$1`-style placeholders, which SQLite also accepts. We did not use `sqlx::Any`: it
//! has no date type, and dates are dates here. Dynamic statements (search filters, batch inserts)
//! are built by [`sql::Sql`], which numbers placeholders and keeps the bound values.
//!
//! Errors: every sqlx error becomes a [`StoreError`] in one place ([`map_err`]): unique
//! violations on email and NIB become field conflicts, everything else `Backend` with the cause
//! for the log.
#![warn(missing_docs)]

mod account;
mod assessment;
mod bulk;
mod coaching;
mod history;
mod instrument;
mod organisation;
mod partnership;
mod programme;
mod selection;
mod sql;

use std::str::FromStr;
use std::time::Duration;

use mitra_core::region::{provinces, Region};
use mitra_core::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions as _;
use sqlx::{PgPool, SqlitePool};

pub use account::LOGIN_FAILURE_RETENTION;
pub use bulk::{BulkInserter, ROWS_PER_STATEMENT};
pub use organisation::MAX_PER_PAGE;

/// The database URL used when none is given: `./mitra.db`, created if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:mitra.db";

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection pool to Mitra's database. Cheap to clone (the pools are shared handles).
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
}

/// Expands `$body` once per backend with `$pool` bound to the concrete pool, so one query text
/// serves both.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match &$db.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Statements slower than this are logged, at debug level: bulk seeding runs multi-second batch
/// inserts on purpose, and a warning with the whole statement would flood the console.
const SLOW_STATEMENT: std::time::Duration = std::time::Duration::from_secs(1);
const SLOW_STATEMENT_LEVEL: log::LevelFilter = log::LevelFilter::Debug;

/// Options for [`Db::connect_with`].
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Most connections in the pool.
    pub max_connections: u32,
    /// How long to wait for a connection (and, on SQLite, for a lock).
    pub timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions { max_connections: 10, timeout: Duration::from_secs(10) }
    }
}

impl Db {
    /// Connects to `url`: `sqlite:path` (created if missing; WAL journal, foreign keys on) or
    /// `postgres://…` / `postgresql://…`. Any other scheme is refused with a clear message.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Db::connect_with(url, &ConnectOptions::default()).await
    }

    /// [`Db::connect`] with explicit pool options.
    pub async fn connect_with(url: &str, opts: &ConnectOptions) -> Result<Db, StoreError> {
        match backend_of(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(map_err)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(opts.timeout)
                    // 32 MiB of page cache per connection instead of 2 MiB: index pages of a
                    // province-sized registry stay in memory, which makes bulk seeding and
                    // searches several times faster.
                    .pragma("cache_size", "-32768")
                    .log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
                let pool = SqlitePoolOptions::new()
                    .max_connections(opts.max_connections)
                    .acquire_timeout(opts.timeout)
                    .connect_with(options)
                    .await
                    .map_err(map_err)?;
                Ok(Db { pool: Pool::Sqlite(pool) })
            }
            Backend::Postgres => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(map_err)?
                    .log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
                let pool = PgPoolOptions::new()
                    .max_connections(opts.max_connections)
                    .acquire_timeout(opts.timeout)
                    .connect_with(options)
                    .await
                    .map_err(map_err)?;
                Ok(Db { pool: Pool::Postgres(pool) })
            }
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies pending migrations, then loads the shipped provinces and regions (an upsert, so
    /// running it again is harmless and picks up corrected region data).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await,
            Pool::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
        .map_err(|e| StoreError::backend(format!("migration failed: {e}")))?;
        self.load_regions().await
    }

    async fn load_regions(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            for p in provinces() {
                sqlx::query(
                    "INSERT INTO province (province_code, name) VALUES ($1, $2)
                     ON CONFLICT (province_code) DO UPDATE SET name = excluded.name",
                )
                .bind(p.code)
                .bind(p.name)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
            for r in Region::all() {
                sqlx::query(
                    "INSERT INTO region (region_code, province_code, kemendagri_code, kind, name, area_km2)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (region_code) DO UPDATE SET province_code = excluded.province_code,
                       kemendagri_code = excluded.kemendagri_code, kind = excluded.kind,
                       name = excluded.name, area_km2 = excluded.area_km2",
                )
                .bind(&r.bps_code)
                .bind(&r.province_code)
                .bind(&r.kemendagri_code)
                .bind(r.kind.key())
                .bind(&r.name)
                .bind(r.area_km2)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)
        })
    }

    /// Number of organisations (for `mitra demo` to report, and to decide whether to seed).
    pub async fn count_organisations(&self) -> Result<i64, StoreError> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM organisation")
            .fetch_one(pool)
            .await
            .map_err(map_err))
    }

    /// Number of stored sessions, live or expired (to watch that anonymous visits write none).
    pub async fn count_sessions(&self) -> Result<i64, StoreError> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM session")
            .fetch_one(pool)
            .await
            .map_err(map_err))
    }

    /// Closes the pool, waiting for connections to return (tests drop their databases after).
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

/// The backend a URL names, from its scheme.
pub fn backend_of(url: &str) -> Result<Backend, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::backend(format!(
            "unsupported database URL {:?}: use sqlite:PATH or postgres://…",
            url.split(':').next().unwrap_or("")
        )))
    }
}

/// The one mapping of sqlx errors to the core's [`StoreError`].
/// How a backend starts a transaction that may write.
pub(crate) trait WriteTransaction: sqlx::Database {
    /// The statement that begins it.
    const BEGIN: &'static str;
}

impl WriteTransaction for sqlx::Sqlite {
    /// SQLite's default (deferred) transaction that reads before it writes cannot take the
    /// write lock when another connection committed in between: it fails at once with
    /// `SQLITE_BUSY` ("database is locked"), whatever the busy timeout. `IMMEDIATE` takes the
    /// write lock first, waiting for it within the busy timeout.
    const BEGIN: &'static str = "BEGIN IMMEDIATE";
}

impl WriteTransaction for sqlx::Postgres {
    const BEGIN: &'static str = "BEGIN";
}

/// Begins a transaction that may write (see [`WriteTransaction`]); every transaction of the
/// store starts here.
pub(crate) async fn begin<DB: WriteTransaction>(
    pool: &sqlx::Pool<DB>,
) -> Result<sqlx::Transaction<'static, DB>, StoreError> {
    pool.begin_with(DB::BEGIN).await.map_err(map_err)
}

pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    use mitra_core::store::Cause;
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            // PostgreSQL names the constraint (account_email_key); SQLite only says
            // "UNIQUE constraint failed: account.email" in its message.
            let what =
                db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned());
            if what.contains("email") {
                StoreError::Conflict { field: "email", code: "email.taken" }
            } else if what.contains("nib") {
                StoreError::Conflict { field: "nib", code: "nib.taken" }
            } else {
                StoreError::Backend(Cause::with_source("unique constraint", e))
            }
        }
        // No connection in time, or none to be had: the database is not there (or too busy).
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => {
            StoreError::Unavailable(Cause::with_source("connection", e))
        }
        // SQLite's SQLITE_BUSY / SQLITE_LOCKED after the busy timeout, PostgreSQL's
        // "too many connections", "cannot connect now" and admin shutdowns (class 53, 57P0x).
        sqlx::Error::Database(db) if is_unavailable(db.code().as_deref()) => {
            StoreError::Unavailable(Cause::with_source("database busy", e))
        }
        _ => StoreError::Backend(Cause::with_source("query", e)),
    }
}

/// Whether a driver error code says the database is busy or going away rather than wrong.
fn is_unavailable(code: Option<&str>) -> bool {
    matches!(code, Some("5" | "6" | "261" | "517" | "57P01" | "57P02" | "57P03"))
        || code.is_some_and(|c| c.starts_with("53"))
}

/// Decodes a stored key into its enum; a bad key means the database was edited by hand.
pub(crate) fn key<T>(from_key: fn(&str) -> Option<T>, raw: &str) -> Result<T, StoreError> {
    from_key(raw).ok_or_else(|| StoreError::backend(format!("unknown stored value {raw:?}")))
}

impl mitra_core::Store for Db {
    async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT CAST(1 AS BIGINT)")
            .fetch_one(pool)
            .await
            .map(|_| ())
            .map_err(map_err))
    }

    async fn create_organisation(
        &self,
        org: &mitra_core::organisation::NewOrganisation,
        now: i64,
    ) -> Result<i64, StoreError> {
        organisation::create(self, org, now).await
    }

    async fn update_organisation(
        &self,
        id: i64,
        org: &mitra_core::organisation::NewOrganisation,
        actor_user_id: Option<i64>,
        now: i64,
    ) -> Result<(), StoreError> {
        organisation::update(self, id, org, actor_user_id, now).await
    }

    async fn organisation(
        &self,
        id: i64,
    ) -> Result<mitra_core::organisation::Organisation, StoreError> {
        organisation::get(self, id).await
    }

    async fn organisation_kind(
        &self,
        id: i64,
    ) -> Result<Option<(mitra_core::organisation::OrganisationKind, String)>, StoreError> {
        organisation::kind(self, id).await
    }

    async fn search_organisations(
        &self,
        filter: &mitra_core::store::OrganisationFilter,
    ) -> Result<mitra_core::store::Page<mitra_core::organisation::OrganisationSummary>, StoreError>
    {
        organisation::search(self, filter).await
    }

    async fn umkm_by_size_class(
        &self,
        province: Option<&str>,
    ) -> Result<Vec<mitra_core::store::SizeClassCount>, StoreError> {
        organisation::by_size_class(self, province).await
    }

    async fn add_certificate(
        &self,
        organisation_id: i64,
        cert: &mitra_core::organisation::NewCertificate,
        actor_user_id: Option<i64>,
        now: i64,
    ) -> Result<i64, StoreError> {
        organisation::add_certificate(self, organisation_id, cert, actor_user_id, now).await
    }

    async fn organisation_history(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<mitra_core::history::ProfileEvent>, StoreError> {
        history::of_organisation(self, organisation_id).await
    }

    async fn accounts(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<mitra_core::store::Page<mitra_core::admin::AccountListing>, StoreError> {
        account::list(self, page, per_page).await
    }

    async fn create_account(
        &self,
        account: &mitra_core::user::NewAccount,
        now: i64,
    ) -> Result<i64, StoreError> {
        account::create(self, account, now).await
    }

    async fn register(
        &self,
        org: &mitra_core::organisation::NewOrganisation,
        account: &mitra_core::user::NewAccount,
        now: i64,
    ) -> Result<(i64, i64), StoreError> {
        account::register(self, org, account, now).await
    }

    async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(mitra_core::user::User, String)>, StoreError> {
        account::by_email(self, email).await
    }

    async fn password_hash(&self, user_id: i64) -> Result<String, StoreError> {
        account::password_hash(self, user_id).await
    }

    async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError> {
        account::set_password_hash(self, user_id, hash).await
    }

    async fn create_session(
        &self,
        id_hash: &str,
        user_id: Option<i64>,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        account::create_session(self, id_hash, user_id, csrf_token, now, expires_at).await
    }

    async fn session(
        &self,
        id_hash: &str,
        now: i64,
    ) -> Result<Option<mitra_core::store::SessionRecord>, StoreError> {
        account::session(self, id_hash, now).await
    }

    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        account::delete_session(self, id_hash).await
    }

    async fn delete_user_sessions(
        &self,
        user_id: i64,
        keep: Option<&str>,
    ) -> Result<(), StoreError> {
        account::delete_user_sessions(self, user_id, keep).await
    }

    async fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        account::purge_expired(self, now).await
    }

    async fn reserve_login_attempt(
        &self,
        account_key: &str,
        ip: &str,
        at: i64,
        since: i64,
    ) -> Result<mitra_core::store::LoginAttempts, StoreError> {
        account::reserve_login_attempt(self, account_key, ip, at, since).await
    }

    async fn note_attempt(
        &self,
        kind: &str,
        client: &str,
        at: i64,
        since: i64,
    ) -> Result<i64, StoreError> {
        account::note_attempt(self, kind, client, at, since).await
    }

    async fn server_key(&self, name: &str, fresh: &str) -> Result<String, StoreError> {
        account::server_key(self, name, fresh).await
    }

    async fn clear_login_failures(&self, account_key: &str, ip: &str) -> Result<(), StoreError> {
        account::clear_login_failures(self, account_key, ip).await
    }

    async fn create_partnership(
        &self,
        p: &mitra_core::partnership::NewPartnership,
        actor_user_id: i64,
        today: time::Date,
        now: i64,
    ) -> Result<i64, StoreError> {
        partnership::create(self, p, actor_user_id, today, now).await
    }

    async fn partnership(
        &self,
        id: i64,
    ) -> Result<mitra_core::partnership::Partnership, StoreError> {
        partnership::get(self, id).await
    }

    async fn partnerships_of(
        &self,
        organisation_id: i64,
        page: u32,
        per_page: u32,
    ) -> Result<mitra_core::store::Page<mitra_core::partnership::Partnership>, StoreError> {
        partnership::of_organisation(self, organisation_id, page, per_page).await
    }

    async fn change_partnership_status(
        &self,
        id: i64,
        change: &mitra_core::partnership::StatusChange,
        actor_user_id: i64,
        today: time::Date,
        now: i64,
    ) -> Result<(), StoreError> {
        partnership::change_status(self, id, change, actor_user_id, today, now).await
    }

    async fn set_institution_consent(
        &self,
        id: i64,
        consent: bool,
        actor_user_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        partnership::set_consent(self, id, consent, actor_user_id, now).await
    }

    async fn partnership_history(
        &self,
        id: i64,
    ) -> Result<Vec<mitra_core::partnership::PartnershipEvent>, StoreError> {
        partnership::history(self, id).await
    }

    async fn partnership_stats(
        &self,
        province: Option<&str>,
    ) -> Result<Vec<mitra_core::store::PatternStatusCount>, StoreError> {
        partnership::stats(self, province).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database that cannot answer in time is "unavailable" (503), by the driver's error
    /// kind, not by its wording, and the driver's error stays reachable as the source.
    #[tokio::test]
    async fn a_held_lock_and_an_empty_pool_are_unavailable_with_their_cause() {
        use mitra_core::Store;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let quick = ConnectOptions { max_connections: 1, timeout: Duration::from_millis(200) };
        let db = Db::connect_with(&url, &quick).await.unwrap();
        db.migrate().await.unwrap();
        let Pool::Sqlite(pool) = &db.pool else { unreachable!("a SQLite URL") };
        // The pool's only connection is taken: the next statement waits 200 ms for it.
        let held = pool.acquire().await.unwrap();
        match db.ping().await {
            Err(StoreError::Unavailable(cause)) => {
                let source = std::error::Error::source(&cause).expect("the driver's error");
                assert!(source.to_string().contains("timed out"), "{source}");
            }
            other => panic!("expected unavailable, got {other:?}"),
        }
        drop(held);
        // Another process holds the write lock past the busy timeout: SQLITE_BUSY.
        let other = Db::connect_with(&url, &quick).await.unwrap();
        let Pool::Sqlite(other_pool) = &other.pool else { unreachable!("a SQLite URL") };
        let mut writer = other_pool.acquire().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *writer).await.unwrap();
        let r = db.server_key("k", "v").await;
        assert!(matches!(r, Err(StoreError::Unavailable(_))), "{r:?}");
        sqlx::query("ROLLBACK").execute(&mut *writer).await.unwrap();
        // A wrong query is a backend error, with the driver's words as its source.
        let r = map_err(
            sqlx::query("SELECT a_column FROM missing_table").execute(pool).await.unwrap_err(),
        );
        match r {
            StoreError::Backend(cause) => {
                let text = std::error::Error::source(&cause).map(|s| s.to_string());
                assert!(
                    std::error::Error::source(&cause)
                        .is_some_and(|s| s.to_string().contains("missing_table")),
                    "{text:?}"
                );
            }
            other => panic!("expected a backend error, got {other:?}"),
        }
    }

    /// A transaction that reads, lets another connection commit a write, then writes: begun
    /// the default (deferred) way it fails with "database is locked" at once; begun by
    /// [`begin`] it holds the write lock, the other write waits, and both succeed.
    #[tokio::test]
    async fn sqlite_transactions_that_read_then_write_are_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let db = Db::connect(&url).await.unwrap();
        let Pool::Sqlite(pool) = &db.pool else { unreachable!("a SQLite URL") };
        sqlx::query("CREATE TABLE counter (n INTEGER NOT NULL)").execute(pool).await.unwrap();
        sqlx::query("INSERT INTO counter VALUES (0)").execute(pool).await.unwrap();
        let bump = "UPDATE counter SET n = n + 1";
        for immediate in [false, true] {
            let mut tx =
                if immediate { begin(pool).await.unwrap() } else { pool.begin().await.unwrap() };
            let _: i64 =
                sqlx::query_scalar("SELECT n FROM counter").fetch_one(&mut *tx).await.unwrap();
            let other = tokio::spawn({
                let pool = pool.clone();
                async move { sqlx::query(bump).execute(&pool).await.map(|_| ()) }
            });
            if immediate {
                // The other write waits for the lock this transaction holds …
                tokio::time::sleep(Duration::from_millis(200)).await;
                assert!(!other.is_finished(), "the other write waits");
                sqlx::query(bump).execute(&mut *tx).await.unwrap();
                tx.commit().await.unwrap();
                // … and goes through once it is released.
                other.await.unwrap().unwrap();
            } else {
                // The other write commits at once (a deferred reader holds no write lock) …
                other.await.unwrap().unwrap();
                // … and this transaction's write can no longer take the lock.
                let e = sqlx::query(bump).execute(&mut *tx).await.expect_err("refused");
                assert!(e.to_string().contains("locked"), "{e}");
            }
        }
        let n: i64 = sqlx::query_scalar("SELECT n FROM counter").fetch_one(pool).await.unwrap();
        assert_eq!(n, 3, "one write lost (deferred), then both applied");
        db.close().await;
    }

    #[test]
    fn schemes() {
        assert_eq!(backend_of("sqlite:mitra.db").ok(), Some(Backend::Sqlite));
        assert_eq!(backend_of("sqlite::memory:").ok(), Some(Backend::Sqlite));
        assert_eq!(backend_of("postgres://postgres@127.0.0.1/x").ok(), Some(Backend::Postgres));
        assert_eq!(backend_of("postgresql://h/x").ok(), Some(Backend::Postgres));
        let err = backend_of("mysql://h/x").unwrap_err().to_string();
        assert!(err.contains("mysql") && err.contains("sqlite:PATH"), "{err}");
    }
}
