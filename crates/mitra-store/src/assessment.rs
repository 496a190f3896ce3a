//! Assessments and their answers: [`AssessmentStore`] for [`Db`].

use std::collections::BTreeMap;

use mitra_core::assessment::store::{
    AssessmentKind, AssessmentRecord, AssessmentStatus, AssessmentStore, LatestReadiness,
    NewAssessment,
};
use mitra_core::assessment::Component;
use mitra_core::StoreError;

use crate::{key, map_err, on_pool, Db};

const SELECT: &str = "SELECT assessment_id, kind, organisation_id, partnership_id, instrument_key,
        instrument_version, status, notes, created_by, created_at, updated_at, submitted_at
     FROM assessment";

#[derive(sqlx::FromRow)]
struct Row {
    assessment_id: i64,
    kind: String,
    organisation_id: i64,
    partnership_id: Option<i64>,
    instrument_key: String,
    instrument_version: i64,
    status: String,
    notes: Option<String>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    submitted_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    assessment_id: i64,
    item_key: String,
    value: i64,
}

impl Row {
    fn record(self, answers: BTreeMap<String, i64>) -> Result<AssessmentRecord, StoreError> {
        Ok(AssessmentRecord {
            id: self.assessment_id,
            kind: key(AssessmentKind::from_key, &self.kind)?,
            organisation_id: self.organisation_id,
            partnership_id: self.partnership_id,
            instrument_key: self.instrument_key,
            instrument_version: u32::try_from(self.instrument_version)
                .map_err(|_| StoreError::backend("instrument version out of range"))?,
            status: key(AssessmentStatus::from_key, &self.status)?,
            answers,
            notes: self.notes,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            submitted_at: self.submitted_at,
        })
    }
}

/// Builds the records of `rows`, reading each one's answers (lists here are short: a subject's
/// few latest assessments; the provincial list reads all answers in one query instead).
async fn load(db: &Db, rows: Vec<Row>) -> Result<Vec<AssessmentRecord>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let answers: Vec<AnswerRow> = on_pool!(db, pool => sqlx::query_as::<_, AnswerRow>(
            "SELECT assessment_id, item_key, value FROM assessment_answer WHERE assessment_id = $1",
        )
        .bind(r.assessment_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        out.push(r.record(answers.into_iter().map(|a| (a.item_key, a.value)).collect())?);
    }
    Ok(out)
}

async fn one(db: &Db, row: Row) -> Result<AssessmentRecord, StoreError> {
    load(db, vec![row]).await?.pop().ok_or(StoreError::NotFound)
}

async fn draft(
    db: &Db,
    organisation_id: i64,
    kind: AssessmentKind,
    partnership_id: Option<i64>,
) -> Result<Option<AssessmentRecord>, StoreError> {
    let text = format!(
        "{SELECT} WHERE organisation_id = $1 AND kind = $2 AND COALESCE(partnership_id, 0) = $3
           AND status = 'draft' ORDER BY assessment_id DESC LIMIT 1"
    );
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as::<_, Row>(&text)
        .bind(organisation_id)
        .bind(kind.key())
        .bind(partnership_id.unwrap_or(0))
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
    match row {
        Some(r) => Ok(Some(one(db, r).await?)),
        None => Ok(None),
    }
}

impl AssessmentStore for Db {
    async fn start_assessment(
        &self,
        new: &NewAssessment,
        now: i64,
    ) -> Result<AssessmentRecord, StoreError> {
        if new.kind != AssessmentKind::Assessor {
            if let Some(d) = draft(self, new.organisation_id, new.kind, new.partnership_id).await? {
                return Ok(d);
            }
        }
        // A concurrent start may have made the draft in between: the unique index then refuses
        // this one quietly and the draft made by the other request is returned.
        let id: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO assessment (kind, organisation_id, partnership_id, instrument_key,
                instrument_version, status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $7)
             ON CONFLICT DO NOTHING
             RETURNING assessment_id",
        )
        .bind(new.kind.key())
        .bind(new.organisation_id)
        .bind(new.partnership_id)
        .bind(&new.instrument_key)
        .bind(i64::from(new.instrument_version))
        .bind(new.created_by)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
        match id {
            Some(id) => self.assessment(id).await,
            None => draft(self, new.organisation_id, new.kind, new.partnership_id)
                .await?
                .ok_or(StoreError::NotFound),
        }
    }

    async fn assessment(&self, id: i64) -> Result<AssessmentRecord, StoreError> {
        let text = format!("{SELECT} WHERE assessment_id = $1");
        let row: Row = on_pool!(self, pool => sqlx::query_as::<_, Row>(&text)
            .bind(id)
            .fetch_one(pool)
            .await
            .map_err(map_err))?;
        one(self, row).await
    }

    async fn assessment_draft(
        &self,
        organisation_id: i64,
        kind: AssessmentKind,
        partnership_id: Option<i64>,
    ) -> Result<Option<AssessmentRecord>, StoreError> {
        draft(self, organisation_id, kind, partnership_id).await
    }

    async fn save_assessment(
        &self,
        id: i64,
        answers: &BTreeMap<String, i64>,
        notes: Option<&str>,
        submit: bool,
        now: i64,
    ) -> Result<AssessmentRecord, StoreError> {
        save(self, id, answers, notes, None, submit, now).await
    }

    async fn submitted_assessments(
        &self,
        organisation_id: i64,
        kind: AssessmentKind,
        partnership_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AssessmentRecord>, StoreError> {
        let text = format!(
            "{SELECT} WHERE organisation_id = $1 AND kind = $2 AND COALESCE(partnership_id, 0) = $3
               AND status = 'submitted' ORDER BY submitted_at DESC, assessment_id DESC LIMIT $4"
        );
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(&text)
            .bind(organisation_id)
            .bind(kind.key())
            .bind(partnership_id.unwrap_or(0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(map_err))?;
        load(self, rows).await
    }

    async fn latest_readiness(&self, province: &str) -> Result<Vec<LatestReadiness>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Umkm {
            organisation_id: i64,
            legal_name: String,
            region_code: String,
            latest: Option<i64>,
        }
        const LATEST: &str = "WITH latest AS (
            SELECT o.organisation_id, o.legal_name, o.region_code, o.name_key,
                (SELECT a.assessment_id FROM assessment a
                  WHERE a.organisation_id = o.organisation_id AND a.kind = 'readiness'
                    AND a.status = 'submitted'
                  ORDER BY a.submitted_at DESC, a.assessment_id DESC LIMIT 1) AS latest
            FROM organisation o JOIN region r ON r.region_code = o.region_code
            WHERE o.kind = 'umkm' AND r.province_code = $1)";
        let umkm_q = format!(
            "{LATEST} SELECT organisation_id, legal_name, region_code, latest FROM latest
             ORDER BY name_key, organisation_id"
        );
        let rows_q =
            format!("{LATEST} {SELECT} WHERE assessment_id IN (SELECT latest FROM latest)");
        let answers_q = format!(
            "{LATEST} SELECT assessment_id, item_key, value FROM assessment_answer
             WHERE assessment_id IN (SELECT latest FROM latest)"
        );
        let (umkm, rows, answers) = on_pool!(self, pool => {
            let umkm: Vec<Umkm> = sqlx::query_as(&umkm_q)
                .bind(province)
                .fetch_all(pool)
                .await
                .map_err(map_err)?;
            let rows: Vec<Row> =
                sqlx::query_as(&rows_q).bind(province).fetch_all(pool).await.map_err(map_err)?;
            let answers: Vec<AnswerRow> =
                sqlx::query_as(&answers_q).bind(province).fetch_all(pool).await.map_err(map_err)?;
            (umkm, rows, answers)
        });
        let mut by_id: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
        for a in answers {
            by_id.entry(a.assessment_id).or_default().insert(a.item_key, a.value);
        }
        let mut records: BTreeMap<i64, AssessmentRecord> = BTreeMap::new();
        for r in rows {
            let answers = by_id.remove(&r.assessment_id).unwrap_or_default();
            let rec = r.record(answers)?;
            records.insert(rec.id, rec);
        }
        Ok(umkm
            .into_iter()
            .map(|u| LatestReadiness {
                organisation_id: u.organisation_id,
                legal_name: u.legal_name,
                regency: u.region_code,
                latest: u.latest.and_then(|id| records.remove(&id)),
            })
            .collect())
    }

    async fn assessor_draft(
        &self,
        organisation_id: i64,
        created_by: i64,
    ) -> Result<Option<AssessmentRecord>, StoreError> {
        let text = format!(
            "{SELECT} WHERE organisation_id = $1 AND kind = 'assessor' AND created_by = $2
               AND status = 'draft' ORDER BY assessment_id DESC LIMIT 1"
        );
        let row: Option<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(&text)
            .bind(organisation_id)
            .bind(created_by)
            .fetch_optional(pool)
            .await
            .map_err(map_err))?;
        match row {
            Some(r) => Ok(Some(one(self, r).await?)),
            None => Ok(None),
        }
    }

    async fn save_assessor_rating(
        &self,
        id: i64,
        answers: &BTreeMap<String, i64>,
        notes: Option<&str>,
        evidence: &BTreeMap<Component, String>,
        submit: bool,
        now: i64,
    ) -> Result<AssessmentRecord, StoreError> {
        save(self, id, answers, notes, Some(evidence), submit, now).await
    }

    async fn assessment_evidence(
        &self,
        id: i64,
    ) -> Result<BTreeMap<Component, String>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Note {
            component: String,
            note: String,
        }
        let rows: Vec<Note> = on_pool!(self, pool => sqlx::query_as::<_, Note>(
            "SELECT component, note FROM assessment_evidence WHERE assessment_id = $1",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        rows.into_iter().map(|n| Ok((key(Component::from_key, &n.component)?, n.note))).collect()
    }
}

/// Replaces a draft's answers, notes and (when given) evidence notes in one transaction; with
/// `submit` it also becomes final.
async fn save(
    db: &Db,
    id: i64,
    answers: &BTreeMap<String, i64>,
    notes: Option<&str>,
    evidence: Option<&BTreeMap<Component, String>>,
    submit: bool,
    now: i64,
) -> Result<AssessmentRecord, StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        // Only a draft changes; the status condition makes a submitted one (or one submitted
        // by a concurrent request) refuse instead of being overwritten.
        let changed = sqlx::query(
            "UPDATE assessment SET notes = $2, updated_at = $3,
                status = CASE WHEN $4 THEN 'submitted' ELSE 'draft' END,
                submitted_at = CASE WHEN $4 THEN $3 ELSE NULL END
             WHERE assessment_id = $1 AND status = 'draft'",
        )
        .bind(id)
        .bind(notes)
        .bind(now)
        .bind(submit)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?
        .rows_affected();
        if changed == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT assessment_id FROM assessment WHERE assessment_id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
            return Err(if exists.is_some() { StoreError::Stale } else { StoreError::NotFound });
        }
        sqlx::query("DELETE FROM assessment_answer WHERE assessment_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        for (item, value) in answers {
            sqlx::query(
                "INSERT INTO assessment_answer (assessment_id, item_key, value) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(item)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        if let Some(evidence) = evidence {
            sqlx::query("DELETE FROM assessment_evidence WHERE assessment_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            for (component, note) in evidence {
                sqlx::query(
                    "INSERT INTO assessment_evidence (assessment_id, component, note) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(component.key())
                .bind(note)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
        }
        tx.commit().await.map_err(map_err)?;
    });
    db.assessment(id).await
}
