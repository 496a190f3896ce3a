//! Fast batched inserts of many organisations, for `mitra demo --umkm N`.
//!
//! Rows go in multi-row `INSERT` statements of [`ROWS_PER_STATEMENT`] rows, one transaction per
//! [`BulkInserter::insert`] call, with ids assigned here (one past the current maximum) so that
//! products can be inserted without reading ids back. That assumes no one else inserts
//! organisations meanwhile — true for seeding, which is why this is not part of the
//! [`Store`](mitra_core::Store) port. On PostgreSQL [`BulkInserter::finish`] moves the identity
//! sequence past the ids used.

use mitra_core::organisation::NewOrganisation;
use mitra_core::StoreError;

use crate::organisation::{product_rows, values, COLUMNS};
use crate::sql::{bind_values, Sql, Value};
use crate::{map_err, on_pool, Backend, Db};

/// Organisations per multi-row statement: 21 values each, well under both backends' limits on
/// bound parameters (SQLite 32,766; PostgreSQL 65,535).
pub const ROWS_PER_STATEMENT: usize = 500;

/// Inserts organisations in batches. Create with [`Db::bulk_inserter`].
#[derive(Debug)]
pub struct BulkInserter {
    db: Db,
    next_id: i64,
}

impl Db {
    /// Starts a bulk insert after the highest existing organisation id.
    pub async fn bulk_inserter(&self) -> Result<BulkInserter, StoreError> {
        let max: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT MAX(organisation_id) FROM organisation",
        )
        .fetch_one(pool)
        .await
        .map_err(map_err)?);
        Ok(BulkInserter { db: self.clone(), next_id: max.unwrap_or(0) + 1 })
    }
}

fn statements(orgs: &[NewOrganisation], first_id: i64, now: i64, backend: Backend) -> Vec<Sql> {
    let new = |text: &str| match backend {
        Backend::Sqlite => Sql::anonymous(text),
        Backend::Postgres => Sql::new(text),
    };
    let mut out = Vec::new();
    for (chunk_no, chunk) in orgs.chunks(ROWS_PER_STATEMENT).enumerate() {
        let base = first_id + (chunk_no * ROWS_PER_STATEMENT) as i64;
        let mut org_sql =
            new(&format!("INSERT INTO organisation (organisation_id, {COLUMNS}) VALUES "));
        let mut product_sql = new(
            "INSERT INTO organisation_product (organisation_id, position, product, product_key) VALUES ",
        );
        let mut any_product = false;
        for (i, org) in chunk.iter().enumerate() {
            let id = base + i as i64;
            let mut row: Vec<Value> = Vec::with_capacity(21);
            row.push(id.into());
            row.extend(values(org, now));
            if i > 0 {
                org_sql.push(", ");
            }
            org_sql.push_row(row);
            for p in product_rows(id, org) {
                if any_product {
                    product_sql.push(", ");
                }
                any_product = true;
                product_sql.push_row(p);
            }
        }
        out.push(org_sql);
        if any_product {
            out.push(product_sql);
        }
    }
    out
}

impl BulkInserter {
    /// Inserts `orgs` in one transaction; returns the id of the first (the rest follow in order).
    pub async fn insert(&mut self, orgs: &[NewOrganisation], now: i64) -> Result<i64, StoreError> {
        let first = self.next_id;
        let stmts = statements(orgs, first, now, self.db.backend());
        on_pool!(self.db, pool => {
            let mut tx = crate::begin(pool).await?;
            for s in &stmts {
                bind_values!(sqlx::query(&s.text), &s.values).execute(&mut *tx).await.map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)?;
        });
        self.next_id += orgs.len() as i64;
        Ok(first)
    }

    /// Ends the bulk insert: on PostgreSQL, moves the id sequence past the ids used.
    pub async fn finish(self) -> Result<(), StoreError> {
        if self.db.backend() == Backend::Postgres {
            on_pool!(self.db, pool => sqlx::query(
                "SELECT setval(pg_get_serial_sequence('organisation', 'organisation_id'),
                               (SELECT COALESCE(MAX(organisation_id), 1) FROM organisation))",
            )
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map_err)?);
        }
        Ok(())
    }
}
