//! Organisations, their products and certificates.

use mitra_core::history::{certificate_changes, profile_changes, ProfileEventKind};
use mitra_core::organisation::{
    search_key, Certificate, CertificateKind, NewCertificate, NewOrganisation, OnlinePresence,
    Organisation, OrganisationKind, OrganisationSummary, QcPractice, Sector,
};
use mitra_core::size::SizeClass;
use mitra_core::store::{OrganisationFilter, Page, SizeClassCount};
use mitra_core::StoreError;
use time::Date;

use crate::history::insert_event_in_tx;
use crate::sql::{bind_values, like_escape, Sql, Value};
use crate::{key, map_err, on_pool, Backend, Db};

/// Columns written for an organisation, in this order, by [`values`].
pub(crate) const COLUMNS: &str = "kind, legal_name, name_key, nib, owner_name, contact_phone, \
     contact_email, region_code, sector, workers, business_capital, annual_sales, size_class, \
     online_presence, qc_practice, capacity_per_month, capacity_unit, description, created_at, \
     updated_at";

/// The values of [`COLUMNS`] for one organisation.
pub(crate) fn values(org: &NewOrganisation, now: i64) -> Vec<Value> {
    vec![
        org.kind.key().into(),
        org.legal_name.as_str().into(),
        search_key(&org.legal_name).into(),
        org.nib.as_ref().map(|n| n.as_str()).into(),
        org.owner_name.as_str().into(),
        org.contact_phone.as_ref().map(|p| p.as_str()).into(),
        org.contact_email.as_ref().map(|e| e.as_str()).into(),
        org.regency.as_str().into(),
        org.sector.key().into(),
        org.workers.into(),
        org.business_capital.map(|r| r.get()).into(),
        org.annual_sales.map(|r| r.get()).into(),
        org.size_class().map(SizeClass::key).into(),
        org.online_presence.key().into(),
        org.qc_practice.key().into(),
        org.capacity_per_month.into(),
        org.capacity_unit.as_deref().into(),
        org.description.as_str().into(),
        now.into(),
        now.into(),
    ]
}

/// Rows of `organisation_product` for one organisation.
pub(crate) fn product_rows(id: i64, org: &NewOrganisation) -> Vec<Vec<Value>> {
    org.products
        .as_slice()
        .iter()
        .enumerate()
        .map(|(i, p)| vec![id.into(), (i as i64).into(), p.as_str().into(), search_key(p).into()])
        .collect()
}

pub(crate) fn products_insert(rows: Vec<Vec<Value>>) -> Option<Sql> {
    if rows.is_empty() {
        return None;
    }
    let mut sql =
        Sql::new("INSERT INTO organisation_product (organisation_id, position, product, product_key) VALUES ");
    for (i, row) in rows.into_iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push_row(row);
    }
    Some(sql)
}

/// Inserts an organisation and its products inside an open transaction (also used by
/// registration).
macro_rules! insert_org_in_tx {
    ($tx:expr, $org:expr, $now:expr) => {{
        use $crate::organisation::{product_rows, products_insert, values, COLUMNS};
        let mut sql =
            $crate::sql::Sql::new(&format!("INSERT INTO organisation ({}) VALUES ", COLUMNS));
        sql.push_row(values($org, $now)).push(" RETURNING organisation_id");
        let id: i64 = $crate::sql::bind_values!(sqlx::query_scalar(&sql.text), &sql.values)
            .fetch_one(&mut **$tx)
            .await
            .map_err($crate::map_err)?;
        if let Some(p) = products_insert(product_rows(id, $org)) {
            $crate::sql::bind_values!(sqlx::query(&p.text), &p.values)
                .execute(&mut **$tx)
                .await
                .map_err($crate::map_err)?;
        }
        Ok::<i64, mitra_core::StoreError>(id)
    }};
}
pub(crate) use insert_org_in_tx;

pub(crate) async fn create(db: &Db, org: &NewOrganisation, now: i64) -> Result<i64, StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        let id = insert_org_in_tx!(&mut tx, org, now)?;
        tx.commit().await.map_err(map_err)?;
        Ok(id)
    })
}

pub(crate) async fn update(
    db: &Db,
    id: i64,
    org: &NewOrganisation,
    actor: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    let mut sql = Sql::new("UPDATE organisation SET ");
    let v = values(org, now);
    // Skip kind (index 0) and created_at (index 18): a profile edit changes neither.
    let names: Vec<&str> = COLUMNS.split(',').map(str::trim).collect();
    let mut first = true;
    for (i, (name, value)) in names.iter().zip(v).enumerate() {
        if i == 0 || *name == "created_at" {
            continue;
        }
        if !first {
            sql.push(", ");
        }
        first = false;
        let p = sql.arg(value);
        sql.push(&format!("{name} = {p}"));
    }
    let pid = sql.arg(id);
    sql.push(&format!(" WHERE organisation_id = {pid}"));
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        // Take the write lock first (PostgreSQL: the row; SQLite: the database), so the old
        // values read next are the ones this update replaces.
        let locked = sqlx::query(
            "UPDATE organisation SET updated_at = updated_at WHERE organisation_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if locked.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let (row, products) = select_org!(&mut *tx, id);
        let old = to_organisation(row.ok_or(StoreError::NotFound)?, products, Vec::new())?;
        let changes = profile_changes(&old.to_draft(), org);
        bind_values!(sqlx::query(&sql.text), &sql.values)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if !changes.is_empty() {
            insert_event_in_tx!(&mut tx, id, actor, ProfileEventKind::Profile, &changes, now)?;
        }
        sqlx::query("DELETE FROM organisation_product WHERE organisation_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if let Some(p) = products_insert(product_rows(id, org)) {
            bind_values!(sqlx::query(&p.text), &p.values).execute(&mut *tx).await.map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)
    })
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    organisation_id: i64,
    kind: String,
    legal_name: String,
    nib: Option<String>,
    owner_name: String,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    region_code: String,
    sector: String,
    workers: i64,
    business_capital: Option<i64>,
    annual_sales: Option<i64>,
    size_class: Option<String>,
    online_presence: String,
    qc_practice: String,
    capacity_per_month: Option<i64>,
    capacity_unit: Option<String>,
    description: String,
}

#[derive(sqlx::FromRow)]
struct CertRow {
    certificate_id: i64,
    kind: String,
    number: Option<String>,
    issued_on: Option<Date>,
    expires_on: Option<Date>,
}

/// Reads an organisation's row and products with `$exec` (a pool or `&mut *tx`).
macro_rules! select_org {
    ($exec:expr, $id:expr) => {{
        let row: Option<OrgRow> = sqlx::query_as(
            "SELECT organisation_id, kind, legal_name, nib, owner_name, contact_phone, contact_email,
                    region_code, sector, workers, business_capital, annual_sales, size_class,
                    online_presence, qc_practice, capacity_per_month, capacity_unit, description
             FROM organisation WHERE organisation_id = $1",
        )
        .bind($id)
        .fetch_optional($exec)
        .await
        .map_err(map_err)?;
        let products: Vec<String> = sqlx::query_scalar(
            "SELECT product FROM organisation_product WHERE organisation_id = $1 ORDER BY position",
        )
        .bind($id)
        .fetch_all($exec)
        .await
        .map_err(map_err)?;
        (row, products)
    }};
}
use select_org;

pub(crate) async fn get(db: &Db, id: i64) -> Result<Organisation, StoreError> {
    let (row, products, certs) = on_pool!(db, pool => {
        let (row, products) = select_org!(pool, id);
        let certs: Vec<CertRow> = sqlx::query_as(
            "SELECT certificate_id, kind, number, issued_on, expires_on FROM certificate
             WHERE organisation_id = $1 ORDER BY certificate_id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        (row, products, certs)
    });
    to_organisation(row.ok_or(StoreError::NotFound)?, products, certs)
}

fn to_organisation(
    row: OrgRow,
    products: Vec<String>,
    certs: Vec<CertRow>,
) -> Result<Organisation, StoreError> {
    let certificates = certs
        .into_iter()
        .map(|c| {
            Ok(Certificate {
                id: c.certificate_id,
                kind: key(CertificateKind::from_key, &c.kind)?,
                number: c.number,
                issued_on: c.issued_on,
                expires_on: c.expires_on,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Organisation {
        id: row.organisation_id,
        kind: key(OrganisationKind::from_key, &row.kind)?,
        legal_name: row.legal_name,
        nib: row.nib,
        owner_name: row.owner_name,
        contact_phone: row.contact_phone,
        contact_email: row.contact_email,
        regency: row.region_code,
        sector: key(Sector::from_key, &row.sector)?,
        products,
        workers: row.workers,
        business_capital: row.business_capital,
        annual_sales: row.annual_sales,
        size_class: row.size_class.as_deref().map(|s| key(SizeClass::from_key, s)).transpose()?,
        online_presence: key(OnlinePresence::from_key, &row.online_presence)?,
        qc_practice: key(QcPractice::from_key, &row.qc_practice)?,
        capacity_per_month: row.capacity_per_month,
        capacity_unit: row.capacity_unit,
        description: row.description,
        certificates,
        redacted: false,
    })
}

pub(crate) async fn kind(
    db: &Db,
    id: i64,
) -> Result<Option<(OrganisationKind, String)>, StoreError> {
    let row: Option<(String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT kind, region_code FROM organisation WHERE organisation_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(map_err)?);
    row.map(|(k, r)| Ok((key(OrganisationKind::from_key, &k)?, r))).transpose()
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    organisation_id: i64,
    kind: String,
    legal_name: String,
    region_code: String,
    sector: String,
    size_class: Option<String>,
    workers: i64,
}

/// Most rows per page a search returns.
pub const MAX_PER_PAGE: u32 = 100;

pub(crate) async fn search(
    db: &Db,
    f: &OrganisationFilter,
) -> Result<Page<OrganisationSummary>, StoreError> {
    let per_page = f.per_page.clamp(1, MAX_PER_PAGE);
    let page = f.page.max(1);
    let mut where_ = Sql::new(" WHERE 1 = 1");
    let backend = db.backend();
    // Whether a name or product filter is answered by a trigram index.
    let mut indexed_text = false;
    if let Some(name) = f.name.as_deref().filter(|s| !s.trim().is_empty()) {
        indexed_text |= substring(backend, &mut where_, Searched::Name, &search_key(name));
    }
    if let Some(r) = f.regency.as_deref().filter(|s| !s.is_empty()) {
        let p = where_.arg(r);
        where_.push(&format!(" AND o.region_code = {p}"));
    }
    if let Some(s) = f.sector {
        let p = where_.arg(s.key());
        where_.push(&format!(" AND o.sector = {p}"));
    }
    if let Some(c) = f.size_class {
        let p = where_.arg(c.key());
        where_.push(&format!(" AND o.size_class = {p}"));
    }
    if let Some(product) = f.product.as_deref().filter(|s| !s.trim().is_empty()) {
        indexed_text |= substring(backend, &mut where_, Searched::Product, &search_key(product));
    }
    if !f.kinds.is_empty() && f.kinds.len() < OrganisationKind::ALL.len() {
        where_.push(" AND o.kind IN ");
        where_.push_row(f.kinds.iter().map(|k| k.key().into()).collect());
    }
    let count_sql = format!("SELECT COUNT(*) FROM organisation o{}", where_.text);
    let mut list = Sql::new(&where_.text);
    list.values = where_.values.clone();
    let limit = list.arg(i64::from(per_page));
    let offset = list.arg(Page::<()>::offset(page, per_page));
    const FIELDS: &str =
        "o.organisation_id, o.kind, o.legal_name, o.region_code, o.sector, o.size_class, o.workers";
    let list_sql = if indexed_text {
        // Find the matches through the trigram index first, then sort them. Left to itself,
        // PostgreSQL walks the name index in order and filters, reading most of the table when
        // the matches sort late (`kopi…` names: 140,000 rows read for 20 shown at 300,000).
        format!(
            "WITH o AS MATERIALIZED (SELECT {FIELDS}, o.name_key FROM organisation o{}) \
             SELECT {FIELDS} FROM o ORDER BY o.name_key, o.organisation_id \
             LIMIT {limit} OFFSET {offset}",
            list.text
        )
    } else {
        format!(
            "SELECT {FIELDS} FROM organisation o{} ORDER BY o.name_key, o.organisation_id \
             LIMIT {limit} OFFSET {offset}",
            list.text
        )
    };
    let (total, rows) = on_pool!(db, pool => {
        let total: i64 = bind_values!(sqlx::query_scalar(&count_sql), &where_.values)
            .fetch_one(pool)
            .await
            .map_err(map_err)?;
        let rows: Vec<SummaryRow> = bind_values!(sqlx::query_as(&list_sql), &list.values)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
        (total, rows)
    });
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(OrganisationSummary {
                id: r.organisation_id,
                kind: key(OrganisationKind::from_key, &r.kind)?,
                legal_name: r.legal_name,
                regency: r.region_code,
                sector: key(Sector::from_key, &r.sector)?,
                size_class: r
                    .size_class
                    .as_deref()
                    .map(|s| key(SizeClass::from_key, s))
                    .transpose()?,
                workers: r.workers,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page, per_page })
}

/// What a substring search looks in.
#[derive(Clone, Copy)]
enum Searched {
    Name,
    Product,
}

/// Fewest characters a substring must have for the trigram indexes to serve it; shorter ones
/// have no trigram and are found by scanning.
pub const TRIGRAM_MIN_CHARS: usize = 3;

/// Adds "the name (or a product) contains `key`" (a lowercased search key) to a search.
///
/// Both backends answer exactly the case-sensitive substring match on the lowercased keys (so a
/// case-insensitive search); how they find it differs. From three characters on, a trigram
/// index serves it: PostgreSQL's `LIKE '%key%'` uses the `pg_trgm` GIN indexes of migration 4;
/// SQLite cannot index `LIKE '%…%'`, so the key is looked up in the FTS5 `trigram` tables that
/// triggers keep in step with `organisation` and `organisation_product` (a quoted phrase of
/// trigrams is exactly a substring). Shorter keys have no trigram and scan with `instr`/`strpos`,
/// which no trigram index claims: given `LIKE`, PostgreSQL's generic plan for a prepared
/// statement would walk the whole GIN index for them (5× slower than the scan when measured).
/// Returns whether a trigram index serves the condition.
fn substring(backend: Backend, where_: &mut Sql, searched: Searched, key: &str) -> bool {
    let indexed = key.chars().count() >= TRIGRAM_MIN_CHARS;
    let condition = if backend == Backend::Sqlite && indexed {
        let p = where_.arg(format!("\"{}\"", key.replace('"', "\"\"")));
        match searched {
            Searched::Name => format!(
                "o.organisation_id IN (SELECT rowid FROM organisation_name_fts \
                 WHERE organisation_name_fts MATCH {p})"
            ),
            Searched::Product => format!(
                "o.organisation_id IN (SELECT organisation_id FROM organisation_product_fts \
                 WHERE organisation_product_fts MATCH {p})"
            ),
        }
    } else {
        let column = match searched {
            Searched::Name => "o.name_key",
            Searched::Product => "op.product_key",
        };
        let test = match (backend, indexed) {
            (_, true) => {
                let p = where_.arg(format!("%{}%", like_escape(key)));
                format!("{column} LIKE {p} ESCAPE '\\'")
            }
            (Backend::Sqlite, false) => format!("instr({column}, {}) > 0", where_.arg(key)),
            (Backend::Postgres, false) => format!("strpos({column}, {}) > 0", where_.arg(key)),
        };
        match searched {
            Searched::Name => test,
            // One pass over the products (an IN list) rather than a probe per organisation.
            Searched::Product => format!(
                "o.organisation_id IN (SELECT op.organisation_id FROM organisation_product op \
                 WHERE {test})"
            ),
        }
    };
    where_.push(&format!(" AND {condition}"));
    indexed
}

pub(crate) async fn by_size_class(
    db: &Db,
    province: Option<&str>,
) -> Result<Vec<SizeClassCount>, StoreError> {
    let sql = "SELECT o.size_class, COUNT(*) FROM organisation o
               JOIN region r ON r.region_code = o.region_code
               WHERE o.kind = 'umkm' AND ($1 IS NULL OR r.province_code = $1)
               GROUP BY o.size_class ORDER BY o.size_class";
    let rows: Vec<(Option<String>, i64)> = on_pool!(db, pool => sqlx::query_as(sql)
        .bind(province)
        .fetch_all(pool)
        .await
        .map_err(map_err)?);
    let mut out = rows
        .into_iter()
        .map(|(c, count)| {
            Ok(SizeClassCount {
                size_class: c.as_deref().map(|s| key(SizeClass::from_key, s)).transpose()?,
                count,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.sort_by_key(|c| c.size_class);
    Ok(out)
}

pub(crate) async fn add_certificate(
    db: &Db,
    organisation_id: i64,
    c: &NewCertificate,
    actor: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    let changes = certificate_changes(c);
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO certificate (organisation_id, kind, number, issued_on, expires_on)
             VALUES ($1, $2, $3, $4, $5) RETURNING certificate_id",
        )
        .bind(organisation_id)
        .bind(c.kind.key())
        .bind(c.number.as_deref())
        .bind(c.issued_on)
        .bind(c.expires_on)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        insert_event_in_tx!(
            &mut tx,
            organisation_id,
            actor,
            ProfileEventKind::Certificate,
            &changes,
            now
        )?;
        tx.commit().await.map_err(map_err)?;
        Ok(id)
    })
}
