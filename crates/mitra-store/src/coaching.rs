//! Coaching: [`CoachingStore`] for [`Db`] — coaches, action plans and notes, institutions' advice
//! texts, Lambert ratings.

use std::collections::BTreeMap;

use mitra_core::assessment::advice::{Action, ActionStatus, AdviceEntry, CoachNote};
use mitra_core::assessment::coaching::{
    extra_from_key, extra_key, Coach, CoachingStore, ImportedRespondent, LambertRatings, NewAction,
    PlanCounts, PlanSummary, RatingSide, StoredAction, SurveyImport,
};
use mitra_core::assessment::lambert::{
    Drivers, Facilitators, PartnershipType, DRIVERS, FACILITATORS,
};
use mitra_core::assessment::Component;
use mitra_core::user::{Role, User};
use mitra_core::StoreError;
use time::Date;

use crate::{key, map_err, on_pool, Db};

const SELECT_ACTION: &str = "SELECT plan_action_id, organisation_id, component, text_id, text_en,
        owner_name, owner_id, due_on, status, assessment_id, version
     FROM plan_action";

#[derive(sqlx::FromRow)]
struct ActionRow {
    plan_action_id: i64,
    organisation_id: i64,
    component: String,
    text_id: String,
    text_en: String,
    owner_name: String,
    owner_id: Option<i64>,
    due_on: Date,
    status: String,
    assessment_id: Option<i64>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    plan_action_id: i64,
    noted_on: Date,
    author_name: String,
    text: String,
}

fn stored(row: ActionRow, notes: Vec<CoachNote>) -> Result<StoredAction, StoreError> {
    let action = Action::restore(
        key(Component::from_key, &row.component)?,
        row.text_id,
        row.text_en,
        row.owner_name,
        row.due_on,
        key(ActionStatus::from_key, &row.status)?,
        notes,
    )
    .map_err(|e| StoreError::backend(format!("stored action {}: {e}", row.plan_action_id)))?;
    Ok(StoredAction {
        id: row.plan_action_id,
        organisation_id: row.organisation_id,
        action,
        owner_user_id: row.owner_id,
        assessment_id: row.assessment_id,
        version: row.version,
    })
}

/// Builds actions from rows and the notes of those rows (oldest note first).
fn assemble(rows: Vec<ActionRow>, notes: Vec<NoteRow>) -> Result<Vec<StoredAction>, StoreError> {
    let mut by_action: BTreeMap<i64, Vec<CoachNote>> = BTreeMap::new();
    for n in notes {
        by_action.entry(n.plan_action_id).or_default().push(CoachNote {
            date: n.noted_on,
            author: n.author_name,
            text: n.text,
        });
    }
    rows.into_iter()
        .map(|r| {
            let notes = by_action.remove(&r.plan_action_id).unwrap_or_default();
            stored(r, notes)
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct CoachRow {
    coach_id: i64,
    display_name: String,
    institution_id: i64,
}

impl From<CoachRow> for Coach {
    fn from(r: CoachRow) -> Coach {
        Coach {
            user_id: r.coach_id,
            display_name: r.display_name,
            institution_id: r.institution_id,
        }
    }
}

/// What an institution may have customised for the UMKM it serves.
#[derive(Clone, Copy)]
enum InstitutionTable {
    /// Its advice texts.
    Advice,
    /// Its target profiles.
    Targets,
}

/// The institution whose customisation (advice or targets) an UMKM gets: its coach's
/// institution, else the institution of its province with the lowest id that has customised.
async fn institution_for(
    db: &Db,
    organisation_id: i64,
    province: &str,
    table: InstitutionTable,
) -> Result<Option<i64>, StoreError> {
    if let Some(coach) = db.coach_of(organisation_id).await? {
        return Ok(Some(coach.institution_id));
    }
    // A fixed table name per variant: nothing typed reaches the SQL text.
    let exists = match table {
        InstitutionTable::Advice => "advice_text",
        InstitutionTable::Targets => "target_profile",
    };
    let text = format!(
        "SELECT o.organisation_id FROM organisation o
         JOIN region r ON r.region_code = o.region_code
         WHERE o.kind = 'institution' AND r.province_code = $1
           AND EXISTS (SELECT 1 FROM {exists} t WHERE t.institution_id = o.organisation_id)
         ORDER BY o.organisation_id LIMIT 1"
    );
    on_pool!(db, pool => sqlx::query_scalar::<_, i64>(&text)
        .bind(province)
        .fetch_optional(pool)
        .await
        .map_err(map_err))
}

impl CoachingStore for Db {
    async fn accounts_of(&self, organisation_id: i64) -> Result<Vec<User>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            account_id: i64,
            email: String,
            display_name: String,
            role: String,
            organisation_id: Option<i64>,
        }
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(
            "SELECT account_id, email, display_name, role, organisation_id FROM account
             WHERE organisation_id = $1 ORDER BY display_name, account_id",
        )
        .bind(organisation_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        rows.into_iter()
            .map(|r| {
                Ok(User {
                    id: r.account_id,
                    email: r.email,
                    display_name: r.display_name,
                    role: key(Role::from_key, &r.role)?,
                    organisation_id: r.organisation_id,
                })
            })
            .collect()
    }

    async fn assign_coach(
        &self,
        organisation_id: i64,
        coach_user_id: i64,
        institution_id: i64,
        assigned_by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO coach_assignment (organisation_id, coach_id, institution_id, assigned_by,
                assigned_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (organisation_id) DO UPDATE SET coach_id = excluded.coach_id,
                institution_id = excluded.institution_id, assigned_by = excluded.assigned_by,
                assigned_at = excluded.assigned_at",
        )
        .bind(organisation_id)
        .bind(coach_user_id)
        .bind(institution_id)
        .bind(assigned_by)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
    }

    async fn coach_of(&self, organisation_id: i64) -> Result<Option<Coach>, StoreError> {
        let row: Option<CoachRow> = on_pool!(self, pool => sqlx::query_as::<_, CoachRow>(
            "SELECT c.coach_id, a.display_name, c.institution_id
             FROM coach_assignment c JOIN account a ON a.account_id = c.coach_id
             WHERE c.organisation_id = $1",
        )
        .bind(organisation_id)
        .fetch_optional(pool)
        .await
        .map_err(map_err))?;
        Ok(row.map(Coach::from))
    }

    async fn actions_of(&self, organisation_id: i64) -> Result<Vec<StoredAction>, StoreError> {
        let rows_q = format!("{SELECT_ACTION} WHERE organisation_id = $1 ORDER BY plan_action_id");
        let (rows, notes) = on_pool!(self, pool => {
            let rows: Vec<ActionRow> = sqlx::query_as(&rows_q)
                .bind(organisation_id)
                .fetch_all(pool)
                .await
                .map_err(map_err)?;
            let notes: Vec<NoteRow> = sqlx::query_as(
                "SELECT n.plan_action_id, n.noted_on, n.author_name, n.text
                 FROM coach_note n JOIN plan_action p ON p.plan_action_id = n.plan_action_id
                 WHERE p.organisation_id = $1 ORDER BY n.coach_note_id",
            )
            .bind(organisation_id)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
            (rows, notes)
        });
        assemble(rows, notes)
    }

    async fn action(&self, id: i64) -> Result<StoredAction, StoreError> {
        let row_q = format!("{SELECT_ACTION} WHERE plan_action_id = $1");
        let (row, notes) = on_pool!(self, pool => {
            let row: ActionRow =
                sqlx::query_as(&row_q).bind(id).fetch_one(pool).await.map_err(map_err)?;
            let notes: Vec<NoteRow> = sqlx::query_as(
                "SELECT plan_action_id, noted_on, author_name, text FROM coach_note
                 WHERE plan_action_id = $1 ORDER BY coach_note_id",
            )
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
            (row, notes)
        });
        assemble(vec![row], notes)?.pop().ok_or(StoreError::NotFound)
    }

    async fn add_actions(&self, actions: &[NewAction], now: i64) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let mut ids = Vec::with_capacity(actions.len());
            for n in actions {
                let a = &n.action;
                let text = a.text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO plan_action (organisation_id, component, text_id, text_en,
                        owner_name, owner_id, due_on, status, assessment_id, version, created_by,
                        created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $11)
                     RETURNING plan_action_id",
                )
                .bind(n.organisation_id)
                .bind(a.component().key())
                .bind(text.id)
                .bind(text.en)
                .bind(a.owner())
                .bind(n.owner_user_id)
                .bind(a.due())
                .bind(a.status().key())
                .bind(n.assessment_id)
                .bind(n.created_by)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                ids.push(id);
            }
            tx.commit().await.map_err(map_err)?;
            Ok::<_, StoreError>(ids)
        })
    }

    async fn update_action(
        &self,
        id: i64,
        action: &Action,
        owner_user_id: Option<i64>,
        version: i64,
        now: i64,
    ) -> Result<StoredAction, StoreError> {
        let changed = on_pool!(self, pool => sqlx::query(
            "UPDATE plan_action SET owner_name = $2, owner_id = $3, due_on = $4, status = $5,
                version = version + 1, updated_at = $6
             WHERE plan_action_id = $1 AND version = $7",
        )
        .bind(id)
        .bind(action.owner())
        .bind(owner_user_id)
        .bind(action.due())
        .bind(action.status().key())
        .bind(now)
        .bind(version)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err))?;
        if changed == 0 {
            // Missing, or changed by someone else since it was read.
            self.action(id).await?;
            return Err(StoreError::Stale);
        }
        self.action(id).await
    }

    async fn add_coach_note(
        &self,
        action_id: i64,
        author_id: i64,
        note: &CoachNote,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO coach_note (plan_action_id, noted_on, author_id, author_name, text,
                created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(action_id)
        .bind(note.date)
        .bind(author_id)
        .bind(&note.author)
        .bind(&note.text)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
    }

    async fn action_plans(
        &self,
        province: &str,
        today: Date,
    ) -> Result<Vec<PlanSummary>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            organisation_id: i64,
            legal_name: String,
            region_code: String,
            coach_id: Option<i64>,
            coach_name: Option<String>,
            institution_id: Option<i64>,
            planned: i64,
            in_progress: i64,
            done: i64,
            dropped: i64,
            overdue: i64,
        }
        // Only UMKM with a coach or an action: a province has far more UMKM than plans.
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(
            "WITH subject AS (
                SELECT organisation_id FROM coach_assignment
                UNION SELECT organisation_id FROM plan_action)
             SELECT o.organisation_id, o.legal_name, o.region_code,
                c.coach_id, a.display_name AS coach_name, c.institution_id,
                COUNT(CASE WHEN p.status = 'planned' THEN 1 END) AS planned,
                COUNT(CASE WHEN p.status = 'in_progress' THEN 1 END) AS in_progress,
                COUNT(CASE WHEN p.status = 'done' THEN 1 END) AS done,
                COUNT(CASE WHEN p.status = 'dropped' THEN 1 END) AS dropped,
                COUNT(CASE WHEN p.status IN ('planned', 'in_progress') AND p.due_on < $2
                      THEN 1 END) AS overdue
             FROM subject s
             JOIN organisation o ON o.organisation_id = s.organisation_id
             JOIN region r ON r.region_code = o.region_code
             LEFT JOIN coach_assignment c ON c.organisation_id = o.organisation_id
             LEFT JOIN account a ON a.account_id = c.coach_id
             LEFT JOIN plan_action p ON p.organisation_id = o.organisation_id
             WHERE r.province_code = $1 AND o.kind = 'umkm'
             GROUP BY o.organisation_id, o.legal_name, o.region_code, o.name_key, c.coach_id,
                a.display_name, c.institution_id
             ORDER BY o.name_key, o.organisation_id",
        )
        .bind(province)
        .bind(today)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(rows
            .into_iter()
            .map(|r| PlanSummary {
                organisation_id: r.organisation_id,
                legal_name: r.legal_name,
                regency: r.region_code,
                coach: match (r.coach_id, r.coach_name, r.institution_id) {
                    (Some(user_id), Some(display_name), Some(institution_id)) => {
                        Some(Coach { user_id, display_name, institution_id })
                    }
                    _ => None,
                },
                counts: PlanCounts {
                    planned: count(r.planned),
                    in_progress: count(r.in_progress),
                    done: count(r.done),
                    dropped: count(r.dropped),
                    overdue: count(r.overdue),
                },
            })
            .collect())
    }

    async fn advice_entries(&self, institution_id: i64) -> Result<Vec<AdviceEntry>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            component: String,
            level: i64,
            text_id: String,
            text_en: String,
        }
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(
            "SELECT component, level, text_id, text_en FROM advice_text
             WHERE institution_id = $1",
        )
        .bind(institution_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        let mut entries = rows
            .into_iter()
            .map(|r| {
                Ok(AdviceEntry {
                    component: key(Component::from_key, &r.component)?,
                    level: u8::try_from(r.level)
                        .map_err(|_| StoreError::backend(format!("advice level {}", r.level)))?,
                    text_id: r.text_id,
                    text_en: r.text_en,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        entries.sort_by_key(|e| (e.component, e.level));
        Ok(entries)
    }

    async fn set_advice(
        &self,
        institution_id: i64,
        entry: &AdviceEntry,
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO advice_text (institution_id, component, level, text_id, text_en,
                updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (institution_id, component, level) DO UPDATE SET
                text_id = excluded.text_id, text_en = excluded.text_en,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(institution_id)
        .bind(entry.component.key())
        .bind(i64::from(entry.level))
        .bind(&entry.text_id)
        .bind(&entry.text_en)
        .bind(by)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
    }

    async fn remove_advice(
        &self,
        institution_id: i64,
        component: Component,
        level: u8,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query(
            "DELETE FROM advice_text WHERE institution_id = $1 AND component = $2 AND level = $3",
        )
        .bind(institution_id)
        .bind(component.key())
        .bind(i64::from(level))
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map_err))
    }

    async fn advice_institution(
        &self,
        organisation_id: i64,
        province: &str,
    ) -> Result<Option<i64>, StoreError> {
        institution_for(self, organisation_id, province, InstitutionTable::Advice).await
    }

    async fn target_entries(
        &self,
        institution_id: i64,
    ) -> Result<Vec<(PartnershipType, Component, f64)>, StoreError> {
        let rows: Vec<(String, String, f64)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT partnership_type, component, target FROM target_profile
             WHERE institution_id = $1 ORDER BY partnership_type, component",
        )
        .bind(institution_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        rows.into_iter()
            .map(|(t, c, v)| {
                Ok((key(PartnershipType::from_key, &t)?, key(Component::from_key, &c)?, v))
            })
            .collect()
    }

    async fn set_target_entries(
        &self,
        institution_id: i64,
        entries: &[(PartnershipType, Component, f64)],
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            sqlx::query("DELETE FROM target_profile WHERE institution_id = $1")
                .bind(institution_id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            for (t, c, v) in entries {
                sqlx::query(
                    "INSERT INTO target_profile (institution_id, partnership_type, component,
                        target, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(institution_id)
                .bind(t.key())
                .bind(c.key())
                .bind(*v)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
            tx.commit().await.map_err(map_err)
        })
    }

    async fn target_institution(
        &self,
        organisation_id: i64,
        province: &str,
    ) -> Result<Option<i64>, StoreError> {
        institution_for(self, organisation_id, province, InstitutionTable::Targets).await
    }

    async fn lambert_ratings(&self, partnership_id: i64) -> Result<LambertRatings, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            side: String,
            factor: String,
            value: i64,
        }
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as::<_, Row>(
            "SELECT side, factor, value FROM lambert_rating WHERE partnership_id = $1",
        )
        .bind(partnership_id)
        .fetch_all(pool)
        .await
        .map_err(map_err))?;
        let mut by_side: BTreeMap<RatingSide, BTreeMap<String, u8>> = BTreeMap::new();
        for r in rows {
            let v = u8::try_from(r.value)
                .map_err(|_| StoreError::backend(format!("Lambert rating {}", r.value)))?;
            by_side.entry(key(RatingSide::from_key, &r.side)?).or_default().insert(r.factor, v);
        }
        let bad = |e| StoreError::backend(format!("stored Lambert rating: {e}"));
        let four = |m: &BTreeMap<String, u8>, names: [&str; 4]| -> Option<[u8; 4]> {
            let mut out = [0; 4];
            for (slot, name) in out.iter_mut().zip(names) {
                *slot = *m.get(name)?;
            }
            Some(out)
        };
        let drivers = |side| -> Result<Option<Drivers>, StoreError> {
            match by_side.get(&side).and_then(|m| four(m, DRIVERS)) {
                Some(s) => Drivers::new(s).map(Some).map_err(bad),
                None => Ok(None),
            }
        };
        let facilitators = match by_side.get(&RatingSide::Joint) {
            Some(m) => match four(m, FACILITATORS) {
                Some(core) => {
                    let extras = m.keys().filter_map(|k| extra_from_key(k));
                    Some(Facilitators::new(core, extras).map_err(bad)?)
                }
                None => None,
            },
            None => None,
        };
        Ok(LambertRatings {
            buyer: drivers(RatingSide::Buyer)?,
            supplier: drivers(RatingSide::Supplier)?,
            facilitators,
        })
    }

    async fn save_drivers(
        &self,
        partnership_id: i64,
        side: RatingSide,
        drivers: &Drivers,
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let values: Vec<(&str, u8)> = DRIVERS.into_iter().zip(drivers.scores()).collect();
        replace_side(self, partnership_id, side, &values, by, now).await
    }

    async fn umkm_by_nib(&self, nib: &str) -> Result<Option<(i64, String)>, StoreError> {
        on_pool!(self, pool => sqlx::query_as::<_, (i64, String)>(
            "SELECT organisation_id, region_code FROM organisation WHERE nib = $1 AND kind = 'umkm'",
        )
        .bind(nib)
        .fetch_optional(pool)
        .await
        .map_err(map_err))
    }

    async fn umkm_by_name(&self, name: &str, province: &str) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT o.organisation_id FROM organisation o
             JOIN region r ON r.region_code = o.region_code
             WHERE o.kind = 'umkm' AND r.province_code = $2 AND LOWER(o.legal_name) = LOWER($1)
             ORDER BY o.organisation_id LIMIT 10",
        )
        .bind(name.trim())
        .bind(province)
        .fetch_all(pool)
        .await
        .map_err(map_err))
    }

    async fn import_survey(&self, import: &SurveyImport, now: i64) -> Result<i64, StoreError> {
        on_pool!(self, pool => {
            let mut tx = crate::begin(pool).await?;
            let import_id: i64 = sqlx::query_scalar(
                "INSERT INTO survey_import (institution_id, kind, file_name, instrument_key,
                    instrument_version, rejected_rows, imported_by, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING survey_import_id",
            )
            .bind(import.institution_id)
            .bind(import.kind.key())
            .bind(&import.file_name)
            .bind(&import.instrument_key)
            .bind(i64::from(import.instrument_version))
            .bind(i64::try_from(import.rejected_rows).unwrap_or(i64::MAX))
            .bind(import.imported_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            for r in &import.respondents {
                let assessment_id: Option<i64> = match r.organisation_id {
                    Some(org) => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO assessment (kind, organisation_id, instrument_key,
                                instrument_version, status, notes, created_by, created_at,
                                updated_at, submitted_at)
                             VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $7, $7)
                             RETURNING assessment_id",
                        )
                        .bind(import.kind.key())
                        .bind(org)
                        .bind(&import.instrument_key)
                        .bind(i64::from(import.instrument_version))
                        .bind(format!("{}, row {}", import.file_name, r.row))
                        .bind(import.imported_by)
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(map_err)?;
                        for (item, value) in &r.answers {
                            sqlx::query(
                                "INSERT INTO assessment_answer (assessment_id, item_key, value)
                                 VALUES ($1, $2, $3)",
                            )
                            .bind(id)
                            .bind(item)
                            .bind(value)
                            .execute(&mut *tx)
                            .await
                            .map_err(map_err)?;
                        }
                        Some(id)
                    }
                    None => None,
                };
                let respondent: i64 = sqlx::query_scalar(
                    "INSERT INTO survey_respondent (survey_import_id, row_number, label,
                        organisation_id, assessment_id) VALUES ($1, $2, $3, $4, $5)
                     RETURNING survey_respondent_id",
                )
                .bind(import_id)
                .bind(i64::try_from(r.row).unwrap_or(i64::MAX))
                .bind(&r.label)
                .bind(r.organisation_id)
                .bind(assessment_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                if assessment_id.is_none() {
                    for (item, value) in &r.answers {
                        sqlx::query(
                            "INSERT INTO survey_answer (survey_respondent_id, item_key, value)
                             VALUES ($1, $2, $3)",
                        )
                        .bind(respondent)
                        .bind(item)
                        .bind(value)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    }
                }
            }
            tx.commit().await.map_err(map_err)?;
            Ok::<_, StoreError>(import_id)
        })
    }

    async fn survey_respondents(
        &self,
        import_id: i64,
    ) -> Result<Vec<ImportedRespondent>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            survey_respondent_id: i64,
            row_number: i64,
            label: Option<String>,
            organisation_id: Option<i64>,
            assessment_id: Option<i64>,
        }
        #[derive(sqlx::FromRow)]
        struct Answer {
            owner: i64,
            item_key: String,
            value: i64,
        }
        let (rows, answers) = on_pool!(self, pool => {
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT survey_respondent_id, row_number, label, organisation_id, assessment_id
                 FROM survey_respondent WHERE survey_import_id = $1 ORDER BY row_number",
            )
            .bind(import_id)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
            // Anonymous respondents' answers, then linked ones' from their assessments.
            let answers: Vec<Answer> = sqlx::query_as(
                "SELECT a.survey_respondent_id AS owner, a.item_key, a.value
                 FROM survey_answer a JOIN survey_respondent r
                   ON r.survey_respondent_id = a.survey_respondent_id
                 WHERE r.survey_import_id = $1
                 UNION ALL
                 SELECT r.survey_respondent_id AS owner, x.item_key, x.value
                 FROM assessment_answer x JOIN survey_respondent r
                   ON r.assessment_id = x.assessment_id
                 WHERE r.survey_import_id = $1",
            )
            .bind(import_id)
            .fetch_all(pool)
            .await
            .map_err(map_err)?;
            (rows, answers)
        });
        let mut by: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
        for a in answers {
            by.entry(a.owner).or_default().insert(a.item_key, a.value);
        }
        Ok(rows
            .into_iter()
            .map(|r| ImportedRespondent {
                row: usize::try_from(r.row_number).unwrap_or(0),
                label: r.label,
                organisation_id: r.organisation_id,
                assessment_id: r.assessment_id,
                answers: by.remove(&r.survey_respondent_id).unwrap_or_default(),
            })
            .collect())
    }

    async fn save_facilitators(
        &self,
        partnership_id: i64,
        facilitators: &Facilitators,
        by: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut values: Vec<(&str, u8)> =
            FACILITATORS.into_iter().zip(facilitators.core()).collect();
        values.extend(facilitators.extras().iter().map(|&e| (extra_key(e), 1)));
        replace_side(self, partnership_id, RatingSide::Joint, &values, by, now).await
    }
}

/// Replaces every rating of one side of a partnership, in one transaction.
async fn replace_side(
    db: &Db,
    partnership_id: i64,
    side: RatingSide,
    values: &[(&str, u8)],
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = crate::begin(pool).await?;
        sqlx::query("DELETE FROM lambert_rating WHERE partnership_id = $1 AND side = $2")
            .bind(partnership_id)
            .bind(side.key())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        for (factor, value) in values {
            sqlx::query(
                "INSERT INTO lambert_rating (partnership_id, side, factor, value, rated_by, rated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(partnership_id)
            .bind(side.key())
            .bind(*factor)
            .bind(i64::from(*value))
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)
    })
}
