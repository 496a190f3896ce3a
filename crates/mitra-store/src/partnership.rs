//! Partnerships, their scope, joint investments and history.

use std::collections::HashMap;

use mitra_core::organisation::Rupiah;
use mitra_core::partnership::{
    Contract, ContractStyle, EventKind, JointInvestment, NewPartnership, Partnership,
    PartnershipEvent, PartnershipPath, Pattern, Scope, Status, StatusChange,
};
use mitra_core::store::{Page, PatternStatusCount};
use mitra_core::StoreError;
use time::Date;

use crate::sql::{bind_values, Sql};
use crate::{key, map_err, on_pool, Db};

/// Inserts a proposed partnership with its scope, investments and `created` history entry inside
/// the open transaction `$tx`, evaluating to its id. A macro so that it expands inside either
/// backend's transaction (here and when a sourcing decision creates its partnerships).
macro_rules! insert_partnership {
    ($tx:expr, $p:expr, $actor:expr, $today:expr, $now:expr) => {{
        let tx = $tx;
        let (p, actor, today, now): (
            &mitra_core::partnership::NewPartnership,
            i64,
            time::Date,
            i64,
        ) = ($p, $actor, $today, $now);
        let c = &p.contract;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO partnership (buyer_id, supplier_id, proposed_by_organisation_id, pattern,
                path, facilitator, status, status_since, contract_written, contract_style, start_on,
                end_on, payment_terms_days, contract_file_ref, institution_consent, created_at,
                updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
             RETURNING partnership_id",
        )
        .bind(p.buyer_id)
        .bind(p.supplier_id)
        .bind(p.proposed_by)
        .bind(p.pattern.key())
        .bind(p.path.key())
        .bind(p.facilitator.as_deref())
        .bind(mitra_core::partnership::Status::Proposed.key())
        .bind(today)
        .bind(c.written)
        .bind(c.style.key())
        .bind(c.start_on)
        .bind(c.end_on)
        .bind(c.payment_terms_days)
        .bind(c.file_reference.as_deref())
        .bind(p.institution_consent)
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .map_err(map_err)?;
        for s in &p.scope {
            sqlx::query("INSERT INTO partnership_scope (partnership_id, scope) VALUES ($1, $2)")
                .bind(id)
                .bind(s.key())
                .execute(&mut **tx)
                .await
                .map_err(map_err)?;
        }
        for ji in &p.joint_investments {
            sqlx::query(
                "INSERT INTO joint_investment (partnership_id, purpose, amount, buyer_share_pct,
                    supplier_share_pct) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&ji.purpose)
            .bind(ji.amount.get())
            .bind(ji.buyer_share_pct)
            .bind(ji.supplier_share_pct)
            .execute(&mut **tx)
            .await
            .map_err(map_err)?;
        }
        sqlx::query(
            "INSERT INTO partnership_event (partnership_id, at, account_id, kind, to_status)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(now)
        .bind(actor)
        .bind(mitra_core::partnership::EventKind::Created.key())
        .bind(mitra_core::partnership::Status::Proposed.key())
        .execute(&mut **tx)
        .await
        .map_err(map_err)?;
        Ok::<i64, mitra_core::StoreError>(id)
    }};
}
pub(crate) use insert_partnership;

pub(crate) async fn create(
    db: &Db,
    p: &NewPartnership,
    actor: i64,
    today: Date,
    now: i64,
) -> Result<i64, StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        let id = insert_partnership!(&mut tx, p, actor, today, now)?;
        tx.commit().await.map_err(map_err)?;
        Ok(id)
    })
}

const SELECT: &str =
    "SELECT p.partnership_id, p.buyer_id, b.legal_name AS buyer_name, p.supplier_id,
        s.legal_name AS supplier_name, s.region_code AS supplier_regency,
        p.proposed_by_organisation_id, p.pattern, p.path, p.facilitator, p.status, p.status_since,
        p.status_reason, p.contract_written, p.contract_style, p.start_on, p.end_on,
        p.payment_terms_days, p.contract_file_ref, p.institution_consent, p.version
     FROM partnership p
     JOIN organisation b ON b.organisation_id = p.buyer_id
     JOIN organisation s ON s.organisation_id = p.supplier_id";

#[derive(sqlx::FromRow)]
struct Row {
    partnership_id: i64,
    buyer_id: i64,
    buyer_name: String,
    supplier_id: i64,
    supplier_name: String,
    supplier_regency: String,
    proposed_by_organisation_id: i64,
    pattern: String,
    path: String,
    facilitator: Option<String>,
    status: String,
    status_since: Date,
    status_reason: Option<String>,
    contract_written: bool,
    contract_style: String,
    start_on: Option<Date>,
    end_on: Option<Date>,
    payment_terms_days: Option<i64>,
    contract_file_ref: Option<String>,
    institution_consent: bool,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct InvestmentRow {
    partnership_id: i64,
    purpose: String,
    amount: i64,
    buyer_share_pct: i64,
    supplier_share_pct: i64,
}

/// Loads rows plus their scope and investments (two queries for the whole set, not per row).
async fn load(db: &Db, rows: Vec<Row>) -> Result<Vec<Partnership>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = Sql::new("");
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            ids.push(", ");
        }
        ids.push_arg(r.partnership_id);
    }
    let scope_sql = format!(
        "SELECT partnership_id, scope FROM partnership_scope WHERE partnership_id IN ({}) \
         ORDER BY partnership_id, scope",
        ids.text
    );
    let ji_sql = format!(
        "SELECT partnership_id, purpose, amount, buyer_share_pct, supplier_share_pct \
         FROM joint_investment WHERE partnership_id IN ({}) ORDER BY joint_investment_id",
        ids.text
    );
    let (scopes, investments) = on_pool!(db, pool => {
        let scopes: Vec<(i64, String)> = bind_values!(sqlx::query_as(&scope_sql), &ids.values)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
        let investments: Vec<InvestmentRow> = bind_values!(sqlx::query_as(&ji_sql), &ids.values)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
        (scopes, investments)
    });
    let mut scope_of: HashMap<i64, Vec<Scope>> = HashMap::new();
    for (id, s) in scopes {
        scope_of.entry(id).or_default().push(key(Scope::from_key, &s)?);
    }
    let mut ji_of: HashMap<i64, Vec<JointInvestment>> = HashMap::new();
    for r in investments {
        ji_of.entry(r.partnership_id).or_default().push(JointInvestment {
            purpose: r.purpose,
            amount: Rupiah::new(r.amount).map_err(|_| StoreError::backend("negative amount"))?,
            buyer_share_pct: r.buyer_share_pct,
            supplier_share_pct: r.supplier_share_pct,
        });
    }
    rows.into_iter()
        .map(|r| {
            let mut scope = scope_of.remove(&r.partnership_id).unwrap_or_default();
            scope.sort();
            Ok(Partnership {
                id: r.partnership_id,
                buyer_id: r.buyer_id,
                buyer_name: r.buyer_name,
                supplier_id: r.supplier_id,
                supplier_name: r.supplier_name,
                supplier_regency: r.supplier_regency,
                proposed_by: r.proposed_by_organisation_id,
                pattern: key(Pattern::from_key, &r.pattern)?,
                path: key(PartnershipPath::from_key, &r.path)?,
                facilitator: r.facilitator,
                status: key(Status::from_key, &r.status)?,
                status_since: r.status_since,
                status_reason: r.status_reason,
                contract: Contract {
                    written: r.contract_written,
                    style: key(ContractStyle::from_key, &r.contract_style)?,
                    start_on: r.start_on,
                    end_on: r.end_on,
                    payment_terms_days: r.payment_terms_days,
                    file_reference: r.contract_file_ref,
                },
                scope,
                joint_investments: ji_of.remove(&r.partnership_id).unwrap_or_default(),
                institution_consent: r.institution_consent,
                version: r.version,
            })
        })
        .collect()
}

pub(crate) async fn get(db: &Db, id: i64) -> Result<Partnership, StoreError> {
    let sql = format!("{SELECT} WHERE p.partnership_id = $1");
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(map_err)?);
    let row = row.ok_or(StoreError::NotFound)?;
    load(db, vec![row]).await?.pop().ok_or(StoreError::NotFound)
}

pub(crate) async fn of_organisation(
    db: &Db,
    org: i64,
    page: u32,
    per_page: u32,
) -> Result<Page<Partnership>, StoreError> {
    let per_page = per_page.clamp(1, 100);
    let page = page.max(1);
    let sql = format!(
        "{SELECT} WHERE p.buyer_id = $1 OR p.supplier_id = $1
         ORDER BY p.partnership_id DESC LIMIT $2 OFFSET $3"
    );
    let (total, rows) = on_pool!(db, pool => {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM partnership WHERE buyer_id = $1 OR supplier_id = $1",
        )
        .bind(org)
        .fetch_one(pool)
        .await
        .map_err(map_err)?;
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(org)
            .bind(i64::from(per_page))
            .bind(Page::<()>::offset(page, per_page))
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
        (total, rows)
    });
    let items = load(db, rows).await?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page, per_page })
}

pub(crate) async fn change_status(
    db: &Db,
    id: i64,
    change: &StatusChange,
    actor: i64,
    today: Date,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        // The write comes first so that SQLite takes its write lock at once (a read-then-write
        // transaction could fail with SQLITE_BUSY instead of waiting).
        let done = sqlx::query(
            "UPDATE partnership SET status = $1, status_since = $2, status_reason = $3,
                version = version + 1, updated_at = $4
             WHERE partnership_id = $5 AND version = $6 AND status = $7",
        )
        .bind(change.to.key())
        .bind(today)
        .bind(change.reason.as_deref())
        .bind(now)
        .bind(id)
        .bind(change.version)
        .bind(change.from.key())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT partnership_id FROM partnership WHERE partnership_id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
            return Err(if exists.is_some() { StoreError::Stale } else { StoreError::NotFound });
        }
        sqlx::query(
            "INSERT INTO partnership_event (partnership_id, at, account_id, kind, from_status,
                to_status, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(now)
        .bind(actor)
        .bind(EventKind::Status.key())
        .bind(change.from.key())
        .bind(change.to.key())
        .bind(change.reason.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        tx.commit().await.map_err(map_err)
    })
}

pub(crate) async fn set_consent(
    db: &Db,
    id: i64,
    consent: bool,
    actor: i64,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        let done = sqlx::query(
            "UPDATE partnership SET institution_consent = $1, version = version + 1, updated_at = $2
             WHERE partnership_id = $3",
        )
        .bind(consent)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO partnership_event (partnership_id, at, account_id, kind, reason)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(now)
        .bind(actor)
        .bind(EventKind::Consent.key())
        .bind(if consent { "granted" } else { "withdrawn" })
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        tx.commit().await.map_err(map_err)
    })
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    at: i64,
    display_name: Option<String>,
    from_status: Option<String>,
    to_status: Option<String>,
    reason: Option<String>,
}

pub(crate) async fn history(db: &Db, id: i64) -> Result<Vec<PartnershipEvent>, StoreError> {
    let rows: Vec<EventRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT e.kind, e.at, a.display_name, e.from_status, e.to_status, e.reason
         FROM partnership_event e LEFT JOIN account a ON a.account_id = e.account_id
         WHERE e.partnership_id = $1 ORDER BY e.partnership_event_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(map_err)?);
    let status = |s: Option<String>| s.map(|s| key(Status::from_key, &s)).transpose();
    rows.into_iter()
        .map(|r| {
            Ok(PartnershipEvent {
                kind: key(EventKind::from_key, &r.kind)?,
                at: r.at,
                actor: r.display_name,
                from_status: status(r.from_status)?,
                to_status: status(r.to_status)?,
                reason: r.reason,
            })
        })
        .collect()
}

pub(crate) async fn stats(
    db: &Db,
    province: Option<&str>,
) -> Result<Vec<PatternStatusCount>, StoreError> {
    let rows: Vec<(String, String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT p.pattern, p.status, COUNT(*) FROM partnership p
         JOIN organisation s ON s.organisation_id = p.supplier_id
         JOIN region r ON r.region_code = s.region_code
         WHERE ($1 IS NULL OR r.province_code = $1)
         GROUP BY p.pattern, p.status ORDER BY p.pattern, p.status",
    )
    .bind(province)
    .fetch_all(pool)
    .await
    .map_err(map_err)?);
    rows.into_iter()
        .map(|(pattern, status, count)| {
            Ok(PatternStatusCount {
                pattern: key(Pattern::from_key, &pattern)?,
                status: key(Status::from_key, &status)?,
                count,
            })
        })
        .collect()
}
