//! The two migration folders must build the same schema: a fresh SQLite and a fresh PostgreSQL
//! database are migrated and compared table by table — columns (name, kind of type, nullability),
//! primary keys, foreign keys and unique or plain indexes by their columns. What differs on
//! purpose is left out and named: SQLite's FTS5 trigram tables (PostgreSQL uses `pg_trgm` GIN
//! indexes, also left out) and sqlx's own bookkeeping table.

use std::collections::BTreeSet;

use sqlx::{Connection, PgConnection, Row, SqliteConnection};

use crate::common::{drop_postgres, fresh_postgres, postgres_admin_url, with_database};

/// One fact about a schema; the two databases must give the same set.
type Fact = String;

/// The kind of a declared type, as far as both databases agree.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t.contains("serial") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else {
        "other"
    }
}

/// Tables that exist on one side only, by design.
fn compared(table: &str) -> bool {
    !table.contains("_fts") && !table.starts_with("_sqlx") && !table.starts_with("sqlite_")
}

async fn sqlite_facts() -> BTreeSet<Fact> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("schema.db");
    let url = format!("sqlite:{}", path.display());
    let db = mitra_store::Db::connect(&url).await.expect("open sqlite");
    db.migrate().await.expect("migrate sqlite");
    db.close().await;
    let mut c = SqliteConnection::connect(&url).await.expect("connect sqlite");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )
    .fetch_all(&mut c)
    .await
    .expect("tables");
    let mut facts = BTreeSet::new();
    for t in tables.into_iter().filter(|t| compared(t)) {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")
            .bind(&t)
            .fetch_all(&mut c)
            .await
            .expect("columns");
        let mut pk: Vec<(i64, String)> = Vec::new();
        for col in cols {
            let (name, ty): (String, String) = (col.get(0), col.get(1));
            let (not_null, key): (i64, i64) = (col.get(2), col.get(3));
            // A primary key column is NOT NULL on PostgreSQL whether or not SQLite says so.
            let null = if not_null == 1 || key > 0 { "not null" } else { "null" };
            facts.insert(format!("column {t}.{name} {} {null}", kind(&ty)));
            if key > 0 {
                pk.push((key, name));
            }
        }
        pk.sort();
        let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        facts.insert(format!("primary key {t}({})", pk.join(", ")));
        let fks = sqlx::query("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)")
            .bind(&t)
            .fetch_all(&mut c)
            .await
            .expect("foreign keys");
        for fk in fks {
            let (from, table, to): (String, String, Option<String>) =
                (fk.get(0), fk.get(1), fk.get(2));
            let to = to.unwrap_or_default();
            facts.insert(format!("foreign key {t}.{from} -> {table}.{to}"));
        }
        let indexes = sqlx::query("SELECT name, \"unique\", origin FROM pragma_index_list(?)")
            .bind(&t)
            .fetch_all(&mut c)
            .await
            .expect("indexes");
        for ix in indexes {
            let (name, unique, origin): (String, i64, String) = (ix.get(0), ix.get(1), ix.get(2));
            if origin == "pk" {
                continue;
            }
            // An expression (SQLite names no column) is compared as such, not by its text.
            let cols: Vec<String> = sqlx::query_scalar::<_, Option<String>>(
                "SELECT name FROM pragma_index_info(?) ORDER BY seqno",
            )
            .bind(&name)
            .fetch_all(&mut c)
            .await
            .expect("index columns")
            .into_iter()
            .map(|n| n.unwrap_or_else(|| "<expression>".to_owned()))
            .collect();
            let u = if unique == 1 { "unique " } else { "" };
            facts.insert(format!("{u}index {t}({})", cols.join(", ")));
        }
    }
    c.close().await.ok();
    facts
}

async fn postgres_facts() -> BTreeSet<Fact> {
    let (db, name) = fresh_postgres().await;
    db.close().await;
    let mut c = PgConnection::connect(&with_database(&postgres_admin_url(), &name))
        .await
        .expect("connect postgres");
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut c)
    .await
    .expect("tables");
    for t in tables.into_iter().filter(|t| compared(t)) {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query(
            "SELECT column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&t)
        .fetch_all(&mut c)
        .await
        .expect("columns");
        for col in cols {
            let (name, ty, nullable): (String, String, String) =
                (col.get(0), col.get(1), col.get(2));
            let null = if nullable == "NO" { "not null" } else { "null" };
            facts.insert(format!("column {t}.{name} {} {null}", kind(&ty)));
        }
        // Primary key, foreign keys and indexes from the catalogue, columns in key order.
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT a.attname::text FROM pg_index i \
             JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
             WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.n",
        )
        .bind(&t)
        .fetch_all(&mut c)
        .await
        .expect("primary key");
        facts.insert(format!("primary key {t}({})", pk.join(", ")));
        let fks = sqlx::query(
            "SELECT a.attname::text, f.relname::text, fa.attname::text FROM pg_constraint k \
             JOIN pg_class f ON f.oid = k.confrelid \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
             JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1] \
             WHERE k.conrelid = $1::regclass AND k.contype = 'f'",
        )
        .bind(&t)
        .fetch_all(&mut c)
        .await
        .expect("foreign keys");
        for fk in fks {
            let (from, table, to): (String, String, String) = (fk.get(0), fk.get(1), fk.get(2));
            facts.insert(format!("foreign key {t}.{from} -> {table}.{to}"));
        }
        let indexes = sqlx::query(
            "SELECT i.indexrelid::bigint, i.indisunique, am.amname::text FROM pg_index i \
             JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam \
             WHERE i.indrelid = $1::regclass AND NOT i.indisprimary",
        )
        .bind(&t)
        .fetch_all(&mut c)
        .await
        .expect("indexes");
        for ix in indexes {
            let (oid, unique, method): (i64, bool, String) = (ix.get(0), ix.get(1), ix.get(2));
            if method != "btree" {
                continue; // pg_trgm GIN indexes stand for SQLite's FTS5 tables
            }
            let cols: Vec<String> = sqlx::query_scalar(
                "SELECT COALESCE(a.attname::text, '<expression>') \
                 FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) \
                 ON true LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid \
                 AND a.attnum = k.attnum AND k.attnum > 0 \
                 WHERE i.indexrelid = $1::oid ORDER BY k.n",
            )
            .bind(oid)
            .fetch_all(&mut c)
            .await
            .expect("index columns");
            let u = if unique { "unique " } else { "" };
            facts.insert(format!("{u}index {t}({})", cols.join(", ")));
        }
    }
    c.close().await.ok();
    drop_postgres(&name).await;
    facts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_build_the_same_schema() {
    let (lite, pg) = (sqlite_facts().await, postgres_facts().await);
    assert!(lite.len() > 100, "only {} facts read from SQLite", lite.len());
    let only_lite: Vec<&Fact> = lite.difference(&pg).collect();
    let only_pg: Vec<&Fact> = pg.difference(&lite).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "the schemas differ\n  only on SQLite: {only_lite:#?}\n  only on PostgreSQL: {only_pg:#?}"
    );
}
