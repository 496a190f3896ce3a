//! Accounts, sessions and login failures.

use mitra_core::admin::AccountListing;
use mitra_core::organisation::NewOrganisation;
use mitra_core::store::{Page, SessionRecord};
use mitra_core::user::{NewAccount, Role, User};
use mitra_core::StoreError;

use crate::organisation::insert_org_in_tx;
use crate::{key, map_err, on_pool, Db};

const INSERT_ACCOUNT: &str = "INSERT INTO account (email, display_name, role, organisation_id, \
     password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING account_id";

pub(crate) async fn create(db: &Db, a: &NewAccount, now: i64) -> Result<i64, StoreError> {
    on_pool!(db, pool => sqlx::query_scalar(INSERT_ACCOUNT)
        .bind(a.email.as_str())
        .bind(&a.display_name)
        .bind(a.role.key())
        .bind(a.organisation_id)
        .bind(&a.password_hash)
        .bind(now)
        .fetch_one(pool)
        .await
        .map_err(map_err))
}

pub(crate) async fn register(
    db: &Db,
    org: &NewOrganisation,
    a: &NewAccount,
    now: i64,
) -> Result<(i64, i64), StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        let org_id = insert_org_in_tx!(&mut tx, org, now)?;
        let user_id: i64 = sqlx::query_scalar(INSERT_ACCOUNT)
            .bind(a.email.as_str())
            .bind(&a.display_name)
            .bind(a.role.key())
            .bind(org_id)
            .bind(&a.password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        Ok((org_id, user_id))
    })
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    account_id: i64,
    email: String,
    display_name: String,
    role: String,
    organisation_id: Option<i64>,
    password_hash: String,
}

pub(crate) async fn by_email(db: &Db, email: &str) -> Result<Option<(User, String)>, StoreError> {
    let row: Option<AccountRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT account_id, email, display_name, role, organisation_id, password_hash
         FROM account WHERE email = $1",
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(pool)
    .await
    .map_err(map_err)?);
    row.map(|r| {
        Ok((
            User {
                id: r.account_id,
                email: r.email,
                display_name: r.display_name,
                role: key(Role::from_key, &r.role)?,
                organisation_id: r.organisation_id,
            },
            r.password_hash,
        ))
    })
    .transpose()
}

pub(crate) async fn password_hash(db: &Db, user_id: i64) -> Result<String, StoreError> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT password_hash FROM account WHERE account_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(map_err)?
        .ok_or(StoreError::NotFound))
}

pub(crate) async fn set_password_hash(db: &Db, user_id: i64, hash: &str) -> Result<(), StoreError> {
    let done = on_pool!(db, pool => sqlx::query(
        "UPDATE account SET password_hash = $1 WHERE account_id = $2",
    )
    .bind(hash)
    .bind(user_id)
    .execute(pool)
    .await
    .map_err(map_err)?
    .rows_affected());
    if done == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub(crate) async fn create_session(
    db: &Db,
    id_hash: &str,
    user_id: Option<i64>,
    csrf_token: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO session (session_id, account_id, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ())
    .map_err(map_err))
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_id: String,
    csrf_token: String,
    expires_at: i64,
    account_id: Option<i64>,
    email: Option<String>,
    display_name: Option<String>,
    role: Option<String>,
    organisation_id: Option<i64>,
    region_code: Option<String>,
}

pub(crate) async fn session(
    db: &Db,
    id_hash: &str,
    now: i64,
) -> Result<Option<SessionRecord>, StoreError> {
    let row: Option<SessionRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT s.session_id, s.csrf_token, s.expires_at, a.account_id, a.email, a.display_name,
                a.role, a.organisation_id, o.region_code
         FROM session s
         LEFT JOIN account a ON a.account_id = s.account_id
         LEFT JOIN organisation o ON o.organisation_id = a.organisation_id
         WHERE s.session_id = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
    .map_err(map_err)?);
    let Some(r) = row else { return Ok(None) };
    let user = match (r.account_id, r.email, r.display_name, r.role) {
        (Some(id), Some(email), Some(display_name), Some(role)) => Some(User {
            id,
            email,
            display_name,
            role: key(Role::from_key, &role)?,
            organisation_id: r.organisation_id,
        }),
        _ => None,
    };
    Ok(Some(SessionRecord {
        id_hash: r.session_id,
        csrf_token: r.csrf_token,
        expires_at: r.expires_at,
        user,
        organisation_regency: r.region_code,
    }))
}

pub(crate) async fn delete_session(db: &Db, id_hash: &str) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query("DELETE FROM session WHERE session_id = $1")
        .bind(id_hash)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
}

pub(crate) async fn delete_user_sessions(
    db: &Db,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query(
        "DELETE FROM session WHERE account_id = $1 AND ($2 IS NULL OR session_id <> $2)",
    )
    .bind(user_id)
    .bind(keep)
    .execute(pool)
    .await
    .map(|_| ())
    .map_err(map_err))
}

/// How long failed logins are remembered, in seconds (the rate limit's window is shorter).
pub const LOGIN_FAILURE_RETENTION: i64 = 24 * 3600;

pub(crate) async fn purge_expired(db: &Db, now: i64) -> Result<u64, StoreError> {
    on_pool!(db, pool => {
        let s = sqlx::query("DELETE FROM session WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map_err(map_err)?
            .rows_affected();
        let f = sqlx::query("DELETE FROM login_failure WHERE at < $1")
            .bind(now - LOGIN_FAILURE_RETENTION)
            .execute(pool)
            .await
            .map_err(map_err)?
            .rows_affected();
        let r = sqlx::query("DELETE FROM rate_event WHERE at < $1")
            .bind(now - LOGIN_FAILURE_RETENTION)
            .execute(pool)
            .await
            .map_err(map_err)?
            .rows_affected();
        Ok(s + f + r)
    })
}

pub(crate) async fn reserve_login_attempt(
    db: &Db,
    account_key: &str,
    ip: &str,
    at: i64,
    since: i64,
) -> Result<mitra_core::store::LoginAttempts, StoreError> {
    // Written before it is counted, each in its own statement: the n-th of any number of
    // concurrent attempts sees at least n rows, so no race lets more through than the limit.
    on_pool!(db, pool => {
        sqlx::query("INSERT INTO login_failure (account_key, ip, at) VALUES ($1, $2, $3)")
            .bind(account_key)
            .bind(ip)
            .bind(at)
            .execute(pool)
            .await
            .map_err(map_err)?;
        let for_account: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failure WHERE account_key = $1 AND ip = $2 AND at >= $3",
        )
        .bind(account_key)
        .bind(ip)
        .bind(since)
        .fetch_one(pool)
        .await
        .map_err(map_err)?;
        let from_address: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failure WHERE ip = $1 AND at >= $2")
                .bind(ip)
                .bind(since)
                .fetch_one(pool)
                .await
                .map_err(map_err)?;
        Ok(mitra_core::store::LoginAttempts { for_account, from_address })
    })
}

pub(crate) async fn note_attempt(
    db: &Db,
    kind: &str,
    client: &str,
    at: i64,
    since: i64,
) -> Result<i64, StoreError> {
    on_pool!(db, pool => {
        sqlx::query("INSERT INTO rate_event (kind, client, at) VALUES ($1, $2, $3)")
            .bind(kind)
            .bind(client)
            .bind(at)
            .execute(pool)
            .await
            .map_err(map_err)?;
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM rate_event WHERE kind = $1 AND client = $2 AND at >= $3",
        )
        .bind(kind)
        .bind(client)
        .bind(since)
        .fetch_one(pool)
        .await
        .map_err(map_err)
    })
}

pub(crate) async fn server_key(db: &Db, name: &str, fresh: &str) -> Result<String, StoreError> {
    on_pool!(db, pool => {
        sqlx::query("INSERT INTO server_key (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(fresh)
            .execute(pool)
            .await
            .map_err(map_err)?;
        sqlx::query_scalar("SELECT value FROM server_key WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await
            .map_err(map_err)
    })
}

pub(crate) async fn clear_login_failures(
    db: &Db,
    account_key: &str,
    ip: &str,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query("DELETE FROM login_failure WHERE account_key = $1 AND ip = $2")
        .bind(account_key)
        .bind(ip)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    account_id: i64,
    display_name: String,
    email: String,
    role: String,
    organisation_id: Option<i64>,
    legal_name: Option<String>,
}

/// Accounts by display name (then id), one page, with their organisation's name.
pub(crate) async fn list(
    db: &Db,
    page: u32,
    per_page: u32,
) -> Result<Page<AccountListing>, StoreError> {
    let per_page = per_page.clamp(1, crate::MAX_PER_PAGE);
    let page = page.max(1);
    let (total, rows) = on_pool!(db, pool => {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account")
            .fetch_one(pool)
            .await
            .map_err(map_err)?;
        let rows: Vec<ListingRow> = sqlx::query_as(
            "SELECT a.account_id, a.display_name, a.email, a.role, a.organisation_id, o.legal_name
             FROM account a LEFT JOIN organisation o ON o.organisation_id = a.organisation_id
             ORDER BY a.display_name, a.account_id LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(per_page))
        .bind(Page::<()>::offset(page, per_page))
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        (total, rows)
    });
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(AccountListing {
                id: r.account_id,
                display_name: r.display_name,
                email: r.email,
                role: key(Role::from_key, &r.role)?,
                organisation_id: r.organisation_id,
                organisation_name: r.legal_name,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page, per_page })
}
