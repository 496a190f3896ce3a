//! Sourcing events: the [`SelectionStore`] port on both backends.
//!
//! Every write to an event first bumps its version with `WHERE status = 'open'` in the same
//! transaction: that both proves the event is still open (a decided event is frozen) and takes
//! the row's write lock, so a decision and a late edit cannot interleave.

use std::collections::BTreeMap;

use mitra_core::organisation::search_key;
use mitra_core::partnership::Pattern;
use mitra_core::selection::problem::Judgments;
use mitra_core::selection::store::{DecisionRecord, Invitation, SelectionStore};
use mitra_core::selection::{
    resolve_value, Candidate, CandidateFilter, CandidateOrigin, CandidateResponse, CriterionValue,
    Decision, EventCriterion, EventStatus, NewEvent, Quote, RankingRow, SourcingEvent, ValueSource,
    WeightMode,
};
use mitra_core::size::SizeClass;
use mitra_core::store::Page;
use mitra_core::StoreError;
use time::Date;

use crate::partnership::insert_partnership;
use crate::sql::{bind_values, like_escape, Sql};
use crate::{key, map_err, on_pool, Db};

/// Inserts an event's criteria, in order, inside the open transaction `$tx`.
macro_rules! insert_criteria {
    ($tx:expr, $event_id:expr, $criteria:expr) => {
        for (i, c) in $criteria.iter().enumerate() {
            sqlx::query(
                "INSERT INTO sourcing_criterion (event_id, position, key, custom_name, cost, unit,
                    included, weight) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind($event_id)
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(&c.key)
            .bind(c.custom_name.as_deref())
            .bind(c.cost)
            .bind(&c.unit)
            .bind(c.included)
            .bind(c.weight)
            .execute(&mut *$tx)
            .await
            .map_err(map_err)?;
        }
    };
}

const EVENT: &str = "SELECT e.event_id, e.buyer_id, b.legal_name AS buyer_name, e.revision,
        e.previous_event_id, e.title, e.product, e.quantity, e.unit, e.period_start, e.period_end,
        e.regency, e.pattern, e.method, e.weight_mode, e.status, e.version, e.created_at,
        e.decided_by, d.display_name AS decided_by_name, e.decided_at, e.decision_reason
     FROM sourcing_event e JOIN organisation b ON b.organisation_id = e.buyer_id
     LEFT JOIN account d ON d.account_id = e.decided_by";

#[derive(sqlx::FromRow)]
struct EventRow {
    event_id: i64,
    buyer_id: i64,
    buyer_name: String,
    revision: i64,
    previous_event_id: Option<i64>,
    title: String,
    product: String,
    quantity: i64,
    unit: String,
    period_start: Option<Date>,
    period_end: Option<Date>,
    regency: Option<String>,
    pattern: String,
    method: String,
    weight_mode: String,
    status: String,
    version: i64,
    created_at: i64,
    decided_by: Option<i64>,
    decided_by_name: Option<String>,
    decided_at: Option<i64>,
    decision_reason: Option<String>,
}

impl EventRow {
    fn into_event(self, awards: Vec<(i64, i64)>) -> Result<SourcingEvent, StoreError> {
        let decision = match (self.decided_by, self.decided_at) {
            (Some(decided_by), Some(decided_at)) => Some(Decision {
                awards,
                reason: self.decision_reason.unwrap_or_default(),
                decided_by,
                decided_by_name: self.decided_by_name,
                decided_at,
            }),
            _ => None,
        };
        Ok(SourcingEvent {
            id: self.event_id,
            buyer_id: self.buyer_id,
            buyer_name: self.buyer_name,
            revision: self.revision,
            previous_id: self.previous_event_id,
            need: NewEvent {
                title: self.title,
                product: self.product,
                quantity: self.quantity,
                unit: self.unit,
                period_start: self.period_start,
                period_end: self.period_end,
                regency: self.regency,
                pattern: key(Pattern::from_key, &self.pattern)?,
                method: key(mitra_core::selection::MethodKey::parse, &self.method)?,
            },
            weight_mode: key(WeightMode::from_key, &self.weight_mode)?,
            status: key(EventStatus::from_key, &self.status)?,
            version: self.version,
            created_at: self.created_at,
            decision,
        })
    }
}

const CANDIDATE: &str = "SELECT c.organisation_id, o.legal_name, o.region_code, o.size_class,
        c.origin, c.response, c.excluded, c.unit_price, c.lead_time_days, c.min_order, c.capacity,
        c.shared_assessment_id, c.criterion_values, c.award_quantity, c.partnership_id
     FROM sourcing_candidate c JOIN organisation o ON o.organisation_id = c.organisation_id";

#[derive(sqlx::FromRow)]
struct CandidateRow {
    organisation_id: i64,
    legal_name: String,
    region_code: String,
    size_class: Option<String>,
    origin: String,
    response: String,
    excluded: bool,
    unit_price: Option<i64>,
    lead_time_days: Option<i64>,
    min_order: Option<i64>,
    capacity: Option<i64>,
    shared_assessment_id: Option<i64>,
    criterion_values: String,
    award_quantity: Option<i64>,
    partnership_id: Option<i64>,
}

/// Values as stored: `{"trust": [72.5, "buyer"], …}`.
type StoredValues = BTreeMap<String, (f64, ValueSource)>;

fn decode_values(text: &str) -> Result<BTreeMap<String, CriterionValue>, StoreError> {
    let stored: StoredValues = serde_json::from_str(text)
        .map_err(|e| StoreError::backend(format!("bad stored criterion values: {e}")))?;
    Ok(stored
        .into_iter()
        .map(|(k, (value, source))| (k, CriterionValue { value, source }))
        .collect())
}

fn encode_values(values: &BTreeMap<String, CriterionValue>) -> String {
    let stored: StoredValues =
        values.iter().map(|(k, v)| (k.clone(), (v.value, v.source))).collect();
    // A map of finite numbers and keys always serialises.
    serde_json::to_string(&stored).unwrap_or_else(|_| "{}".to_owned())
}

/// A ranked candidate as [`SelectionStore::ranking_rows`] reads it.
#[derive(sqlx::FromRow)]
struct RankingRecord {
    organisation_id: i64,
    unit_price: Option<i64>,
    criterion_values: String,
}

impl RankingRecord {
    /// The stored values decoded straight onto `criteria` (keys borrowed from the text: no
    /// allocation per value).
    fn into_row(self, criteria: &[EventCriterion]) -> Result<RankingRow, StoreError> {
        let stored: BTreeMap<&str, (f64, ValueSource)> =
            serde_json::from_str(&self.criterion_values)
                .map_err(|e| StoreError::backend(format!("bad stored criterion values: {e}")))?;
        let values = criteria
            .iter()
            .map(|k| {
                let v = stored
                    .get(k.key.as_str())
                    .map(|&(value, source)| CriterionValue { value, source });
                resolve_value(k, v, self.unit_price)
            })
            .collect();
        Ok(RankingRow { organisation_id: self.organisation_id, values })
    }
}

impl CandidateRow {
    fn into_candidate(self) -> Result<Candidate, StoreError> {
        let quote = match (self.unit_price, self.lead_time_days) {
            (Some(unit_price), Some(lead_time_days)) => Some(Quote {
                unit_price,
                lead_time_days,
                min_order: self.min_order,
                capacity: self.capacity,
            }),
            _ => None,
        };
        Ok(Candidate {
            organisation_id: self.organisation_id,
            name: self.legal_name,
            regency: self.region_code,
            size_class: match self.size_class {
                Some(s) => Some(key(SizeClass::from_key, &s)?),
                None => None,
            },
            origin: key(CandidateOrigin::from_key, &self.origin)?,
            response: key(CandidateResponse::from_key, &self.response)?,
            excluded: self.excluded,
            quote,
            values: decode_values(&self.criterion_values)?,
            shared_assessment_id: self.shared_assessment_id,
            award_quantity: self.award_quantity,
            partnership_id: self.partnership_id,
        })
    }
}

/// Bumps the version of an open event inside `$tx`: `Ok(())`, or `Stale` when it is decided,
/// `NotFound` when it does not exist.
macro_rules! touch_open {
    ($tx:expr, $event_id:expr) => {{
        let done = sqlx::query(
            "UPDATE sourcing_event SET version = version + 1
             WHERE event_id = $1 AND status = 'open'",
        )
        .bind($event_id)
        .execute(&mut *$tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT event_id FROM sourcing_event WHERE event_id = $1")
                    .bind($event_id)
                    .fetch_optional(&mut *$tx)
                    .await
                    .map_err(map_err)?;
            return Err(if exists.is_some() { StoreError::Stale } else { StoreError::NotFound });
        }
    }};
}

async fn awards(db: &Db, event_id: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    on_pool!(db, pool => sqlx::query_as::<_, (i64, i64)>(
        "SELECT organisation_id, award_quantity FROM sourcing_candidate
         WHERE event_id = $1 AND award_quantity IS NOT NULL
         ORDER BY award_quantity DESC, organisation_id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
    .map_err(map_err))
}

async fn event_rows(db: &Db, rows: Vec<EventRow>) -> Result<Vec<SourcingEvent>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let a = if r.decided_at.is_some() { awards(db, r.event_id).await? } else { Vec::new() };
        out.push(r.into_event(a)?);
    }
    Ok(out)
}

impl SelectionStore for Db {
    async fn create_event(
        &self,
        buyer_id: i64,
        event: &NewEvent,
        criteria: &[EventCriterion],
        created_by: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sourcing_event (buyer_id, revision, title, product, quantity, unit,
                    period_start, period_end, regency, pattern, method, weight_mode, status,
                    created_by, created_at, updated_at)
                 VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'direct', 'open', $11, $12, $12)
                 RETURNING event_id",
            )
            .bind(buyer_id)
            .bind(&event.title)
            .bind(&event.product)
            .bind(event.quantity)
            .bind(&event.unit)
            .bind(event.period_start)
            .bind(event.period_end)
            .bind(event.regency.as_deref())
            .bind(event.pattern.key())
            .bind(event.method.as_str())
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            insert_criteria!(tx, id, criteria);
            tx.commit().await.map_err(map_err)?;
            Ok(id)
        })
    }

    async fn event(&self, id: i64) -> Result<SourcingEvent, StoreError> {
        let text = format!("{EVENT} WHERE e.event_id = $1");
        let row: EventRow = on_pool!(self, pool => sqlx::query_as(&text)
            .bind(id)
            .fetch_one(pool)
            .await
            .map_err(map_err))?;
        Ok(event_rows(self, vec![row]).await?.remove(0))
    }

    async fn events_of(
        &self,
        buyer_id: i64,
        page: u32,
        per_page: u32,
    ) -> Result<Page<SourcingEvent>, StoreError> {
        let per_page = per_page.clamp(1, 100);
        let text =
            format!("{EVENT} WHERE e.buyer_id = $1 ORDER BY e.event_id DESC LIMIT $2 OFFSET $3");
        let (total, rows): (i64, Vec<EventRow>) = on_pool!(self, pool => {
            let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sourcing_event WHERE buyer_id = $1")
                .bind(buyer_id)
                .fetch_one(pool)
                .await
                .map_err(map_err)?;
            let rows = sqlx::query_as(&text)
                .bind(buyer_id)
                .bind(i64::from(per_page))
                .bind(Page::<()>::offset(page, per_page))
                .fetch_all(pool)
                .await
                .map_err(map_err)?;
            (total, rows)
        });
        Ok(Page {
            items: event_rows(self, rows).await?,
            total: u64::try_from(total).unwrap_or(0),
            page: page.max(1),
            per_page,
        })
    }

    async fn update_event(&self, id: i64, event: &NewEvent, now: i64) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, id);
            sqlx::query(
                "UPDATE sourcing_event SET title = $2, product = $3, quantity = $4, unit = $5,
                    period_start = $6, period_end = $7, regency = $8, pattern = $9, method = $10,
                    updated_at = $11
                 WHERE event_id = $1",
            )
            .bind(id)
            .bind(&event.title)
            .bind(&event.product)
            .bind(event.quantity)
            .bind(&event.unit)
            .bind(event.period_start)
            .bind(event.period_end)
            .bind(event.regency.as_deref())
            .bind(event.pattern.key())
            .bind(event.method.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            tx.commit().await.map_err(map_err)
        })
    }

    async fn criteria(&self, event_id: i64) -> Result<Vec<EventCriterion>, StoreError> {
        let rows: Vec<(String, Option<String>, bool, String, bool, f64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT key, custom_name, cost, unit, included, weight FROM sourcing_criterion
                 WHERE event_id = $1 ORDER BY position",
            )
            .bind(event_id)
            .fetch_all(pool)
            .await
            .map_err(map_err))?;
        Ok(rows
            .into_iter()
            .map(|(key, custom_name, cost, unit, included, weight)| EventCriterion {
                key,
                custom_name,
                cost,
                unit,
                included,
                weight,
            })
            .collect())
    }

    async fn set_criteria(
        &self,
        event_id: i64,
        criteria: &[EventCriterion],
        mode: WeightMode,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            sqlx::query("UPDATE sourcing_event SET weight_mode = $2, updated_at = $3 WHERE event_id = $1")
                .bind(event_id)
                .bind(mode.key())
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            sqlx::query("DELETE FROM sourcing_criterion WHERE event_id = $1")
                .bind(event_id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            insert_criteria!(tx, event_id, criteria);
            tx.commit().await.map_err(map_err)
        })
    }

    async fn add_candidates_from_registry(
        &self,
        event_id: i64,
        filter: &CandidateFilter,
        today: Date,
        limit: u64,
    ) -> Result<u64, StoreError> {
        let mut q = Sql::new("");
        let e = q.arg(event_id);
        q.push(&format!(
            "INSERT INTO sourcing_candidate (event_id, organisation_id, origin, response)
             SELECT {e}, o.organisation_id, 'registry', 'pending' FROM organisation o
             WHERE o.kind = 'umkm'
               AND o.organisation_id <> (SELECT buyer_id FROM sourcing_event WHERE event_id = {e})
               AND NOT EXISTS (SELECT 1 FROM sourcing_candidate c
                               WHERE c.event_id = {e} AND c.organisation_id = o.organisation_id)"
        ));
        if let Some(s) = filter.sector {
            let p = q.arg(s.key());
            q.push(&format!(" AND o.sector = {p}"));
        }
        if let Some(r) = &filter.regency {
            let p = q.arg(r.as_str());
            q.push(&format!(" AND o.region_code = {p}"));
        }
        if let Some(c) = filter.size_class {
            let p = q.arg(c.key());
            q.push(&format!(" AND o.size_class = {p}"));
        }
        if let Some(k) = filter.certificate {
            let p = q.arg(k.key());
            let d = q.arg(Some(today));
            q.push(&format!(
                " AND EXISTS (SELECT 1 FROM certificate ce WHERE ce.organisation_id = o.organisation_id
                   AND ce.kind = {p} AND (ce.expires_on IS NULL OR ce.expires_on >= {d}))"
            ));
        }
        if let Some(product) = &filter.product {
            let p = q.arg(format!("%{}%", like_escape(&search_key(product))));
            q.push(&format!(
                " AND o.organisation_id IN (SELECT op.organisation_id FROM organisation_product op \
                 WHERE op.product_key LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(only) = &filter.only {
            // Integers only, written into the text: a list of any length, nothing to escape.
            let ids: Vec<String> = only.iter().map(i64::to_string).collect();
            let list = if ids.is_empty() { "NULL".to_owned() } else { ids.join(", ") };
            q.push(&format!(" AND o.organisation_id IN ({list})"));
        }
        let l = q.arg(i64::try_from(limit).unwrap_or(i64::MAX));
        q.push(&format!(" ORDER BY o.organisation_id LIMIT {l}"));
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            let done = bind_values!(sqlx::query(&q.text), &q.values)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            tx.commit().await.map_err(map_err)?;
            Ok(done.rows_affected())
        })
    }

    async fn add_candidate(
        &self,
        event_id: i64,
        organisation_id: i64,
        origin: CandidateOrigin,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            let done = sqlx::query(
                "INSERT INTO sourcing_candidate (event_id, organisation_id, origin, response)
                 VALUES ($1, $2, $3, 'pending') ON CONFLICT DO NOTHING",
            )
            .bind(event_id)
            .bind(organisation_id)
            .bind(origin.key())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict {
                    field: "organisation_id",
                    code: "selection.already_candidate",
                });
            }
            tx.commit().await.map_err(map_err)
        })
    }

    async fn candidates(&self, event_id: i64) -> Result<Vec<Candidate>, StoreError> {
        let text =
            format!("{CANDIDATE} WHERE c.event_id = $1 ORDER BY o.name_key, c.organisation_id");
        let rows: Vec<CandidateRow> = on_pool!(self, pool => sqlx::query_as(&text)
            .bind(event_id)
            .fetch_all(pool)
            .await
            .map_err(map_err))?;
        rows.into_iter().map(CandidateRow::into_candidate).collect()
    }

    async fn ranking_rows(
        &self,
        event_id: i64,
        criteria: &[EventCriterion],
    ) -> Result<Vec<RankingRow>, StoreError> {
        let records: Vec<RankingRecord> = on_pool!(self, pool => sqlx::query_as(
            "SELECT organisation_id, unit_price, criterion_values FROM sourcing_candidate
             WHERE event_id = $1 AND excluded = FALSE AND response <> 'declined'
             ORDER BY organisation_id",
        )
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        records.into_iter().map(|r| r.into_row(criteria)).collect()
    }

    async fn candidate_names(
        &self,
        event_id: i64,
        organisation_ids: &[i64],
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let mut out = Vec::with_capacity(organisation_ids.len());
        for chunk in organisation_ids.chunks(500) {
            let mut q = Sql::new(
                "SELECT o.organisation_id, o.legal_name FROM sourcing_candidate c
                 JOIN organisation o ON o.organisation_id = c.organisation_id WHERE c.event_id = ",
            );
            q.push_arg(event_id);
            q.push(" AND c.organisation_id IN ");
            q.push_row(chunk.iter().map(|&id| id.into()).collect());
            let rows: Vec<(i64, String)> = on_pool!(self, pool =>
                bind_values!(sqlx::query_as(&q.text), &q.values)
                    .fetch_all(pool)
                    .await
                    .map_err(map_err))?;
            out.extend(rows);
        }
        Ok(out)
    }

    async fn candidate(
        &self,
        event_id: i64,
        organisation_id: i64,
    ) -> Result<Candidate, StoreError> {
        let text = format!("{CANDIDATE} WHERE c.event_id = $1 AND c.organisation_id = $2");
        let row: CandidateRow = on_pool!(self, pool => sqlx::query_as(&text)
            .bind(event_id)
            .bind(organisation_id)
            .fetch_one(pool)
            .await
            .map_err(map_err))?;
        row.into_candidate()
    }

    async fn respond(
        &self,
        event_id: i64,
        organisation_id: i64,
        response: CandidateResponse,
        quote: Option<&Quote>,
        shared: Option<(i64, &[(String, CriterionValue)])>,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            let current: String = sqlx::query_scalar(
                "SELECT criterion_values FROM sourcing_candidate
                 WHERE event_id = $1 AND organisation_id = $2",
            )
            .bind(event_id)
            .bind(organisation_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            let mut values = decode_values(&current)?;
            let shared_id = shared.map(|(id, _)| id);
            if let Some((_, scores)) = shared {
                // A newer share replaces the old one's values; the buyer's own ratings stay.
                values.retain(|_, v| {
                    !matches!(v.source, ValueSource::SelfAssessment | ValueSource::Assessor)
                });
                for (k, v) in scores {
                    values.entry(k.clone()).or_insert(*v);
                }
            }
            sqlx::query(
                "UPDATE sourcing_candidate SET response = $3, unit_price = $4, lead_time_days = $5,
                    min_order = $6, capacity = $7,
                    shared_assessment_id = COALESCE($8, shared_assessment_id),
                    criterion_values = $9
                 WHERE event_id = $1 AND organisation_id = $2",
            )
            .bind(event_id)
            .bind(organisation_id)
            .bind(response.key())
            .bind(quote.map(|q| q.unit_price))
            .bind(quote.map(|q| q.lead_time_days))
            .bind(quote.and_then(|q| q.min_order))
            .bind(quote.and_then(|q| q.capacity))
            .bind(shared_id)
            .bind(encode_values(&values))
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            tx.commit().await.map_err(map_err)
        })
    }

    async fn set_values(
        &self,
        event_id: i64,
        changes: &[(i64, String, Option<CriterionValue>)],
    ) -> Result<(), StoreError> {
        let mut by_org: BTreeMap<i64, Vec<(&String, Option<CriterionValue>)>> = BTreeMap::new();
        for (org, k, v) in changes {
            by_org.entry(*org).or_default().push((k, *v));
        }
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            for (org, list) in &by_org {
                let current: String = sqlx::query_scalar(
                    "SELECT criterion_values FROM sourcing_candidate
                     WHERE event_id = $1 AND organisation_id = $2",
                )
                .bind(event_id)
                .bind(*org)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                let mut values = decode_values(&current)?;
                for (k, v) in list {
                    match v {
                        Some(v) => values.insert((*k).clone(), *v),
                        None => values.remove(*k),
                    };
                }
                sqlx::query(
                    "UPDATE sourcing_candidate SET criterion_values = $3
                     WHERE event_id = $1 AND organisation_id = $2",
                )
                .bind(event_id)
                .bind(*org)
                .bind(encode_values(&values))
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)
        })
    }

    async fn set_excluded(
        &self,
        event_id: i64,
        organisation_ids: &[i64],
        excluded: bool,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            for chunk in organisation_ids.chunks(500) {
                let mut q = Sql::new("UPDATE sourcing_candidate SET excluded = ");
                q.push_arg(excluded);
                q.push(" WHERE event_id = ");
                q.push_arg(event_id);
                q.push(" AND organisation_id IN ");
                q.push_row(chunk.iter().map(|&id| id.into()).collect());
                bind_values!(sqlx::query(&q.text), &q.values)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)
        })
    }

    async fn judgments(&self, event_id: i64) -> Result<Vec<Judgments>, StoreError> {
        let rows: Vec<(i64, String, String, String, f64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT j.evaluator_id, a.display_name, j.row_key, j.col_key, j.value
             FROM sourcing_judgment j JOIN account a ON a.account_id = j.evaluator_id
             WHERE j.event_id = $1 ORDER BY j.evaluator_id",
        )
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        let mut out: Vec<Judgments> = Vec::new();
        for (id, name, a, b, v) in rows {
            if out.last().is_none_or(|j| j.evaluator_id != id) {
                out.push(Judgments {
                    evaluator_id: id,
                    evaluator_name: name,
                    values: BTreeMap::new(),
                });
            }
            if let Some(j) = out.last_mut() {
                j.values.insert((a, b), v);
            }
        }
        Ok(out)
    }

    async fn set_judgments(&self, event_id: i64, j: &Judgments) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            touch_open!(tx, event_id);
            sqlx::query("DELETE FROM sourcing_judgment WHERE event_id = $1 AND evaluator_id = $2")
                .bind(event_id)
                .bind(j.evaluator_id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            for ((a, b), v) in &j.values {
                sqlx::query(
                    "INSERT INTO sourcing_judgment (event_id, evaluator_id, row_key, col_key, value)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(event_id)
                .bind(j.evaluator_id)
                .bind(a)
                .bind(b)
                .bind(*v)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)
        })
    }

    async fn decide(
        &self,
        event_id: i64,
        version: i64,
        record: &DecisionRecord,
        today: Date,
    ) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let done = sqlx::query(
                "UPDATE sourcing_event SET status = 'decided', version = version + 1,
                    decided_by = $3, decided_at = $4, decision_reason = $5, snapshot = $6,
                    updated_at = $4
                 WHERE event_id = $1 AND version = $2 AND status = 'open'",
            )
            .bind(event_id)
            .bind(version)
            .bind(record.decided_by)
            .bind(record.decided_at)
            .bind(&record.reason)
            .bind(&record.snapshot)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Stale);
            }
            let mut ids = Vec::with_capacity(record.awards.len());
            for ((org, qty), p) in record.awards.iter().zip(&record.partnerships) {
                let pid = insert_partnership!(&mut tx, p, record.decided_by, today, record.decided_at)?;
                sqlx::query(
                    "UPDATE sourcing_candidate SET award_quantity = $3, partnership_id = $4
                     WHERE event_id = $1 AND organisation_id = $2",
                )
                .bind(event_id)
                .bind(*org)
                .bind(*qty)
                .bind(pid)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                ids.push(pid);
            }
            tx.commit().await.map_err(map_err)?;
            Ok(ids)
        })
    }

    async fn snapshot(&self, event_id: i64) -> Result<Option<String>, StoreError> {
        on_pool!(self, pool => sqlx::query_scalar(
            "SELECT snapshot FROM sourcing_event WHERE event_id = $1",
        )
        .bind(event_id)
        .fetch_one(pool)
        .await
        .map_err(map_err))
    }

    async fn reopen(&self, event_id: i64, created_by: i64, now: i64) -> Result<i64, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let done = sqlx::query(
                "UPDATE sourcing_event SET status = 'superseded', version = version + 1
                 WHERE event_id = $1 AND status = 'decided'",
            )
            .bind(event_id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Stale);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sourcing_event (buyer_id, revision, previous_event_id, title, product,
                    quantity, unit, period_start, period_end, regency, pattern, method, weight_mode,
                    status, created_by, created_at, updated_at)
                 SELECT buyer_id, revision + 1, event_id, title, product, quantity, unit,
                    period_start, period_end, regency, pattern, method, weight_mode, 'open', $2, $3, $3
                 FROM sourcing_event WHERE event_id = $1
                 RETURNING event_id",
            )
            .bind(event_id)
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            for copy in [
                "INSERT INTO sourcing_criterion (event_id, position, key, custom_name, cost, unit,
                    included, weight)
                 SELECT $2, position, key, custom_name, cost, unit, included, weight
                 FROM sourcing_criterion WHERE event_id = $1",
                "INSERT INTO sourcing_candidate (event_id, organisation_id, origin, response,
                    excluded, unit_price, lead_time_days, min_order, capacity, shared_assessment_id,
                    criterion_values)
                 SELECT $2, organisation_id, origin, response, excluded, unit_price, lead_time_days,
                    min_order, capacity, shared_assessment_id, criterion_values
                 FROM sourcing_candidate WHERE event_id = $1",
                "INSERT INTO sourcing_judgment (event_id, evaluator_id, row_key, col_key, value)
                 SELECT $2, evaluator_id, row_key, col_key, value
                 FROM sourcing_judgment WHERE event_id = $1",
            ] {
                sqlx::query(copy)
                    .bind(event_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)?;
            Ok(id)
        })
    }

    async fn invitations_of(&self, organisation_id: i64) -> Result<Vec<Invitation>, StoreError> {
        let text = format!(
            "{EVENT} WHERE e.event_id IN (SELECT event_id FROM sourcing_candidate
                 WHERE organisation_id = $1) AND e.status <> 'superseded'
             ORDER BY e.event_id DESC LIMIT 100"
        );
        let rows: Vec<EventRow> = on_pool!(self, pool => sqlx::query_as(&text)
            .bind(organisation_id)
            .fetch_all(pool)
            .await
            .map_err(map_err))?;
        let mut out = Vec::with_capacity(rows.len());
        for event in event_rows(self, rows).await? {
            let candidate = self.candidate(event.id, organisation_id).await?;
            out.push(Invitation { event, candidate });
        }
        Ok(out)
    }
}
