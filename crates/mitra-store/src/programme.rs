//! Programmes of coaching institutions and their enrolments: [`ProgrammeStore`] for [`Db`].

use std::collections::BTreeMap;

use mitra_core::organisation::Sector;
use mitra_core::programme::{Enrolment, NewProgramme, Programme, ProgrammeStatus, ProgrammeStore};
use mitra_core::StoreError;
use time::Date;

use crate::{key, map_err, on_pool, Db};

const SELECT: &str = "SELECT p.programme_id, p.institution_id, o.legal_name AS institution_name,
        p.name, p.description, p.start_on, p.end_on, p.status,
        (SELECT COUNT(*) FROM programme_enrolment e WHERE e.programme_id = p.programme_id) AS enrolled
     FROM programme p JOIN organisation o ON o.organisation_id = p.institution_id";

#[derive(sqlx::FromRow)]
struct Row {
    programme_id: i64,
    institution_id: i64,
    institution_name: String,
    name: String,
    description: String,
    start_on: Date,
    end_on: Date,
    status: String,
    enrolled: i64,
}

/// Writes a programme's target regencies and sectors inside an open transaction `$tx`.
macro_rules! write_targets {
    ($tx:expr, $id:expr, $p:expr) => {{
        for r in &$p.target_regencies {
            sqlx::query(
                "INSERT INTO programme_regency (programme_id, region_code) VALUES ($1, $2)",
            )
            .bind($id)
            .bind(r.as_str())
            .execute(&mut *$tx)
            .await
            .map_err(map_err)?;
        }
        for s in &$p.target_sectors {
            sqlx::query("INSERT INTO programme_sector (programme_id, sector) VALUES ($1, $2)")
                .bind($id)
                .bind(s.key())
                .execute(&mut *$tx)
                .await
                .map_err(map_err)?;
        }
    }};
}

/// Reads the targets of the programmes in `rows` and builds the records.
async fn load(db: &Db, rows: Vec<Row>) -> Result<Vec<Programme>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.programme_id.to_string()).collect();
    // Ids are integers read from the database, so they are safe to inline.
    let list = ids.join(", ");
    let (regencies, sectors) = on_pool!(db, pool => {
        let regencies: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT programme_id, region_code FROM programme_regency
             WHERE programme_id IN ({list}) ORDER BY programme_id, region_code"
        ))
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        let sectors: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT programme_id, sector FROM programme_sector
             WHERE programme_id IN ({list}) ORDER BY programme_id, sector"
        ))
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        (regencies, sectors)
    });
    let mut reg: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, code) in regencies {
        reg.entry(id).or_default().push(code);
    }
    let mut sec: BTreeMap<i64, Vec<Sector>> = BTreeMap::new();
    for (id, s) in sectors {
        sec.entry(id).or_default().push(key(Sector::from_key, &s)?);
    }
    rows.into_iter()
        .map(|r| {
            let mut target_sectors = sec.remove(&r.programme_id).unwrap_or_default();
            target_sectors.sort();
            Ok(Programme {
                id: r.programme_id,
                institution_id: r.institution_id,
                institution_name: r.institution_name,
                name: r.name,
                description: r.description,
                start_on: r.start_on,
                end_on: r.end_on,
                target_regencies: reg.remove(&r.programme_id).unwrap_or_default(),
                target_sectors,
                status: key(ProgrammeStatus::from_key, &r.status)?,
                enrolled: r.enrolled,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    organisation_id: i64,
    legal_name: String,
    region_code: String,
    enrolled_at: i64,
}

impl ProgrammeStore for Db {
    async fn create_programme(
        &self,
        institution_id: i64,
        p: &NewProgramme,
        now: i64,
    ) -> Result<i64, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO programme (institution_id, name, description, start_on, end_on, status,
                                        created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING programme_id",
            )
            .bind(institution_id)
            .bind(&p.name)
            .bind(&p.description)
            .bind(p.start_on)
            .bind(p.end_on)
            .bind(p.status.key())
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            write_targets!(tx, id, p);
            tx.commit().await.map_err(map_err)?;
            Ok(id)
        })
    }

    async fn update_programme(
        &self,
        id: i64,
        p: &NewProgramme,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let done = sqlx::query(
                "UPDATE programme SET name = $1, description = $2, start_on = $3, end_on = $4,
                        status = $5, updated_at = $6
                 WHERE programme_id = $7",
            )
            .bind(&p.name)
            .bind(&p.description)
            .bind(p.start_on)
            .bind(p.end_on)
            .bind(p.status.key())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            for table in ["programme_regency", "programme_sector"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE programme_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
            }
            write_targets!(tx, id, p);
            tx.commit().await.map_err(map_err)
        })
    }

    async fn programme(&self, id: i64) -> Result<Programme, StoreError> {
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{SELECT} WHERE p.programme_id = $1"
        ))
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?);
        load(self, rows).await?.pop().ok_or(StoreError::NotFound)
    }

    async fn programmes_of_institution(
        &self,
        institution_id: i64,
    ) -> Result<Vec<Programme>, StoreError> {
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{SELECT} WHERE p.institution_id = $1 ORDER BY p.start_on DESC, p.programme_id DESC"
        ))
        .bind(institution_id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?);
        load(self, rows).await
    }

    async fn programmes_of_member(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<Programme>, StoreError> {
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&format!(
            "{SELECT} WHERE p.programme_id IN
                 (SELECT programme_id FROM programme_enrolment WHERE organisation_id = $1)
             ORDER BY p.start_on DESC, p.programme_id DESC"
        ))
        .bind(organisation_id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?);
        load(self, rows).await
    }

    async fn enrol(
        &self,
        programme_id: i64,
        organisation_id: i64,
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO programme_enrolment (programme_id, organisation_id, enrolled_at, enrolled_by)
             VALUES ($1, $2, $3, $4) ON CONFLICT (programme_id, organisation_id) DO NOTHING",
        )
        .bind(programme_id)
        .bind(organisation_id)
        .bind(now)
        .bind(by)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
    }

    async fn remove_enrolment(
        &self,
        programme_id: i64,
        organisation_id: i64,
    ) -> Result<(), StoreError> {
        let done = on_pool!(self, pool => sqlx::query(
            "DELETE FROM programme_enrolment WHERE programme_id = $1 AND organisation_id = $2",
        )
        .bind(programme_id)
        .bind(organisation_id)
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

    async fn enrolments(&self, programme_id: i64) -> Result<Vec<Enrolment>, StoreError> {
        let rows: Vec<EnrolmentRow> = on_pool!(self, pool => sqlx::query_as(
            "SELECT e.organisation_id, o.legal_name, o.region_code, e.enrolled_at
             FROM programme_enrolment e JOIN organisation o ON o.organisation_id = e.organisation_id
             WHERE e.programme_id = $1 ORDER BY o.name_key, e.organisation_id",
        )
        .bind(programme_id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?);
        Ok(rows
            .into_iter()
            .map(|r| Enrolment {
                organisation_id: r.organisation_id,
                legal_name: r.legal_name,
                regency: r.region_code,
                enrolled_at: r.enrolled_at,
            })
            .collect())
    }
}
