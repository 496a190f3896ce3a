//! Test databases: a temporary SQLite file, or a fresh PostgreSQL database per test.
//!
//! PostgreSQL is at `MITRA_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, trust auth). An unreachable server fails the
//! test: storage code that only ran on SQLite is not tested.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use mitra_store::Db;
use sqlx::{Connection, Executor, PgConnection};

/// Runs `test` against a fresh `store_test!` function on both backends.
macro_rules! store_test {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::on_sqlite(super::$name).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::common::on_postgres(super::$name).await
            }
        }
    };
}
pub(crate) use store_test;

/// The PostgreSQL server's administrative URL.
pub fn postgres_admin_url() -> String {
    std::env::var("MITRA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let cut = base.rfind('/').filter(|&i| i > "postgres://".len()).unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..cut])
}

fn unique_name() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("mitra_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

async fn run<F, Fut>(db: Db, test: F) -> Result<(), Box<dyn std::any::Any + Send>>
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let handle = tokio::spawn(test(db.clone()));
    let outcome = handle.await;
    db.close().await;
    outcome.map_err(|e| match e.try_into_panic() {
        Ok(panic) => panic,
        Err(e) => Box::new(e.to_string()),
    })
}

/// Runs a test on a migrated SQLite database in a temporary directory.
pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("mitra.db").display());
    let db = Db::connect(&url).await.expect("open sqlite");
    db.migrate().await.expect("migrate sqlite");
    if let Err(panic) = run(db, test).await {
        std::panic::resume_unwind(panic);
    }
}

/// A fresh, migrated PostgreSQL database; dropped again by [`drop_postgres`].
pub async fn fresh_postgres() -> (Db, String) {
    let admin = postgres_admin_url();
    let name = unique_name();
    let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is required for the storage tests and is unreachable at {admin}: {e}")
    });
    conn.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await.expect("create database");
    conn.close().await.ok();
    let db = Db::connect(&with_database(&admin, &name)).await.expect("connect to test database");
    db.migrate().await.expect("migrate postgres");
    (db, name)
}

/// Drops a database made by [`fresh_postgres`].
pub async fn drop_postgres(name: &str) {
    let admin = postgres_admin_url();
    let mut conn =
        PgConnection::connect(&admin).await.expect("reconnect to drop the test database");
    conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
        .await
        .expect("drop test database");
    conn.close().await.ok();
}

/// Runs a test on its own PostgreSQL database, dropped afterwards even when the test fails.
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (db, name) = fresh_postgres().await;
    let outcome = run(db, test).await;
    drop_postgres(&name).await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://h:5432/postgres?sslmode=disable", "x"),
        "postgres://h:5432/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h:5432", "x"), "postgres://h:5432/x");
}
