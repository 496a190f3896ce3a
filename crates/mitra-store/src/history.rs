//! The history of organisation profiles: `organisation_event` (who, when, what kind) and its
//! `organisation_change` rows (field, old, new). Entries are written by the transactions that
//! make the changes (`organisation::update`, `organisation::add_certificate`).

use std::collections::BTreeMap;

use mitra_core::history::{FieldChange, ProfileEvent, ProfileEventKind};
use mitra_core::StoreError;

use crate::{key, map_err, on_pool, Db};

/// Writes one history entry with its changes inside an open transaction `$tx`.
macro_rules! insert_event_in_tx {
    ($tx:expr, $org:expr, $actor:expr, $kind:expr, $changes:expr, $now:expr) => {{
        let changes: &[mitra_core::history::FieldChange] = $changes;
        let event_id: i64 = sqlx::query_scalar(
            "INSERT INTO organisation_event (organisation_id, at, account_id, kind)
             VALUES ($1, $2, $3, $4) RETURNING organisation_event_id",
        )
        .bind($org)
        .bind($now)
        .bind($actor)
        .bind(mitra_core::history::ProfileEventKind::key($kind))
        .fetch_one(&mut **$tx)
        .await
        .map_err($crate::map_err)?;
        for (i, c) in changes.iter().enumerate() {
            sqlx::query(
                "INSERT INTO organisation_change (organisation_event_id, position, field, old_value, new_value)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(event_id)
            .bind(i as i64)
            .bind(&c.field)
            .bind(&c.old)
            .bind(&c.new)
            .execute(&mut **$tx)
            .await
            .map_err($crate::map_err)?;
        }
        Ok::<i64, mitra_core::StoreError>(event_id)
    }};
}
pub(crate) use insert_event_in_tx;

#[derive(sqlx::FromRow)]
struct EventRow {
    organisation_event_id: i64,
    at: i64,
    account_id: Option<i64>,
    display_name: Option<String>,
    kind: String,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    organisation_event_id: i64,
    field: String,
    old_value: String,
    new_value: String,
}

/// An organisation's history, newest first.
pub(crate) async fn of_organisation(
    db: &Db,
    organisation_id: i64,
) -> Result<Vec<ProfileEvent>, StoreError> {
    let (events, changes) = on_pool!(db, pool => {
        let events: Vec<EventRow> = sqlx::query_as(
            "SELECT e.organisation_event_id, e.at, e.account_id, a.display_name, e.kind
             FROM organisation_event e LEFT JOIN account a ON a.account_id = e.account_id
             WHERE e.organisation_id = $1 ORDER BY e.organisation_event_id DESC",
        )
        .bind(organisation_id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        let changes: Vec<ChangeRow> = sqlx::query_as(
            "SELECT c.organisation_event_id, c.field, c.old_value, c.new_value
             FROM organisation_change c
             JOIN organisation_event e ON e.organisation_event_id = c.organisation_event_id
             WHERE e.organisation_id = $1 ORDER BY c.organisation_event_id, c.position",
        )
        .bind(organisation_id)
        .fetch_all(pool)
        .await
        .map_err(map_err)?;
        (events, changes)
    });
    let mut by_event: BTreeMap<i64, Vec<FieldChange>> = BTreeMap::new();
    for c in changes {
        by_event.entry(c.organisation_event_id).or_default().push(FieldChange {
            field: c.field,
            old: c.old_value,
            new: c.new_value,
        });
    }
    events
        .into_iter()
        .map(|e| {
            Ok(ProfileEvent {
                id: e.organisation_event_id,
                at: e.at,
                account_id: e.account_id,
                account_name: e.display_name,
                kind: key(ProfileEventKind::from_key, &e.kind)?,
                changes: by_event.remove(&e.organisation_event_id).unwrap_or_default(),
            })
        })
        .collect()
}
