//! Institutions' instruments: [`InstrumentStore`] for [`Db`]. The instrument is kept as JSON in
//! core's serde shape and validated again when read.

use mitra_core::assessment::instrument_store::{InstrumentStore, StoredInstrument};
use mitra_core::assessment::{Instrument, InstrumentStatus};
use mitra_core::StoreError;

use crate::{map_err, on_pool, Db};

fn status_key(i: &Instrument) -> &'static str {
    match i.status() {
        InstrumentStatus::Draft => "draft",
        InstrumentStatus::Published => "published",
    }
}

fn body(i: &Instrument) -> Result<String, StoreError> {
    serde_json::to_string(i).map_err(|e| StoreError::backend(format!("instrument to JSON: {e}")))
}

fn parse(body: &str) -> Result<Instrument, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::backend(format!("stored instrument: {e}")))
}

impl InstrumentStore for Db {
    async fn next_instrument_version(&self, key: &str) -> Result<u32, StoreError> {
        let max: Option<i64> = on_pool!(self, pool => sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(version) FROM institution_instrument WHERE instrument_key = $1",
        )
        .bind(key)
        .fetch_one(pool)
        .await
        .map_err(map_err))?;
        u32::try_from(max.unwrap_or(0) + 1)
            .map_err(|_| StoreError::backend(format!("instrument version of {key}")))
    }

    async fn create_instrument(
        &self,
        institution_id: i64,
        draft: &Instrument,
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let body = body(draft)?;
        let inserted = on_pool!(self, pool => sqlx::query(
            "INSERT INTO institution_instrument (instrument_key, version, institution_id, status,
                body, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (instrument_key, version) DO NOTHING",
        )
        .bind(draft.key())
        .bind(i64::from(draft.version()))
        .bind(institution_id)
        .bind(status_key(draft))
        .bind(&body)
        .bind(by)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err))?;
        if inserted == 0 {
            return Err(StoreError::Stale);
        }
        Ok(())
    }

    async fn save_instrument(&self, instrument: &Instrument, now: i64) -> Result<(), StoreError> {
        let body = body(instrument)?;
        let updated = on_pool!(self, pool => sqlx::query(
            "UPDATE institution_instrument SET body = $1, status = $2, updated_at = $3
             WHERE instrument_key = $4 AND version = $5 AND status = 'draft'",
        )
        .bind(&body)
        .bind(status_key(instrument))
        .bind(now)
        .bind(instrument.key())
        .bind(i64::from(instrument.version()))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err))?;
        if updated == 0 {
            return Err(StoreError::Stale);
        }
        Ok(())
    }

    async fn instrument(
        &self,
        key: &str,
        version: u32,
    ) -> Result<Option<StoredInstrument>, StoreError> {
        let row: Option<(i64, String)> = on_pool!(self, pool => sqlx::query_as::<_, (i64, String)>(
            "SELECT institution_id, body FROM institution_instrument
             WHERE instrument_key = $1 AND version = $2",
        )
        .bind(key)
        .bind(i64::from(version))
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
        row.map(|(institution_id, body)| {
            Ok(StoredInstrument { institution_id, instrument: parse(&body)? })
        })
        .transpose()
    }

    async fn province_instrument(&self, province: &str) -> Result<Option<Instrument>, StoreError> {
        let body: Option<String> = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT i.body FROM institution_instrument i
             JOIN organisation o ON o.organisation_id = i.institution_id
             JOIN region r ON r.region_code = o.region_code
             WHERE o.kind = 'institution' AND r.province_code = $1 AND i.status = 'published'
             ORDER BY i.institution_id, i.version DESC LIMIT 1",
        )
        .bind(province)
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
        body.as_deref().map(parse).transpose()
    }

    async fn latest_published_instrument(
        &self,
        institution_id: i64,
    ) -> Result<Option<Instrument>, StoreError> {
        let body: Option<String> = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT body FROM institution_instrument
             WHERE institution_id = $1 AND status = 'published'
             ORDER BY version DESC LIMIT 1",
        )
        .bind(institution_id)
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
        body.as_deref().map(parse).transpose()
    }

    async fn institution_instruments(
        &self,
        institution_id: i64,
    ) -> Result<Vec<Instrument>, StoreError> {
        let rows: Vec<String> = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT body FROM institution_instrument WHERE institution_id = $1
             ORDER BY instrument_key, version",
        )
        .bind(institution_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        rows.iter().map(|b| parse(b)).collect()
    }
}
