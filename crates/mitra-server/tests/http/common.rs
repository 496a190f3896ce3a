//! A real Mitra on port 0 against a fresh database, and an HTTP client with a cookie jar.

use std::sync::atomic::{AtomicU32, Ordering};

use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
use mitra_core::partnership::{Parties, PartnershipDraft};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::Store;
use mitra_server::{auth, Application, Config, HashCost};
use mitra_store::Db;
use reqwest::redirect::Policy;
use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection};

/// The password of every fixture account.
pub const PASSWORD: &str = "kata sandi uji 123";

/// Ids of the fixture world.
#[allow(dead_code)]
pub struct World {
    pub buyer_x: i64,
    pub buyer_y: i64,
    pub umkm_a: i64,
    pub umkm_b: i64,
    pub institution: i64,
    /// X–A, without consent for the institution.
    pub p_xa: i64,
    /// Y–B, with consent.
    pub p_yb: i64,
}

/// A running application.
pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub world: World,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

fn config(database_url: String) -> Config {
    Config {
        database_url,
        listen: "127.0.0.1:0".into(),
        hash_cost: HashCost::TEST,
        ..Config::default()
    }
}

/// Starts Mitra on a temporary SQLite file.
pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

/// Starts Mitra on a temporary SQLite file with a changed configuration.
pub async fn spawn_with(change: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("mitra.db").display());
    let mut config = config(url);
    change(&mut config);
    start(config, Some(dir), None).await
}

fn postgres_admin_url() -> String {
    std::env::var("MITRA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn with_database(url: &str, name: &str) -> String {
    let cut = url.rfind('/').filter(|&i| i > "postgres://".len()).unwrap_or(url.len());
    format!("{}/{name}", &url[..cut])
}

/// Starts Mitra on its own fresh PostgreSQL database (fails if the server is unreachable).
pub async fn spawn_postgres() -> TestApp {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = postgres_admin_url();
    // The time as well as the process: process ids repeat, and a failed test leaves its database.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name =
        format!("mitra_http_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let mut conn = PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is required and unreachable at {admin}: {e}"));
    conn.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await.expect("create database");
    conn.close().await.ok();
    start(config(with_database(&admin, &name)), None, Some(name)).await
}

async fn start(config: Config, dir: Option<tempfile::TempDir>, pg_name: Option<String>) -> TestApp {
    let app = Application::build(config).await.expect("build the application");
    let base = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    let world = seed(&db).await;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    TestApp { base, db, world, _dir: dir, pg_name, stop: Some(tx) }
}

impl TestApp {
    /// Stops the server and drops a PostgreSQL database.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.db.close().await;
        if let Some(name) = self.pg_name.take() {
            let mut conn = PgConnection::connect(&postgres_admin_url()).await.expect("reconnect");
            conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                .await
                .expect("drop database");
        }
    }

    /// A client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client");
        Client { http, base: self.base.clone(), csrf: String::new() }
    }

    /// A client logged in through the API as `email`.
    pub async fn api_login(&self, email: &str) -> Client {
        let mut c = self.client();
        let r = c
            .post_json("/api/session", &serde_json::json!({"email": email, "password": PASSWORD}))
            .await;
        assert_eq!(r.status, 200, "login as {email}: {}", r.text);
        c.csrf = r.json()["csrf_token"].as_str().expect("csrf token").to_owned();
        c
    }

    /// Registers one more UMKM (processed food, Medan) named `name`; returns its id.
    pub async fn add_umkm(&self, name: &str) -> i64 {
        let now = mitra_server::clock::now();
        self.db.create_organisation(&org(OrganisationKind::Umkm, name, "1275"), now).await.unwrap()
    }

    /// A client logged in through the login form as `email`.
    pub async fn web_login(&self, email: &str) -> Client {
        let mut c = self.client();
        let csrf = c.form_token("/login").await;
        let r = c
            .post_form(
                "/login",
                &[("csrf_token", csrf.as_str()), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, 303, "web login as {email}: {}", r.text);
        c.csrf = c.form_token("/password").await;
        c
    }
}

/// A response, read.
pub struct Resp {
    pub status: u16,
    pub text: String,
    pub location: Option<String>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

async fn read(r: reqwest::Response) -> Resp {
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    Resp { status, location, text: r.text().await.expect("body") }
}

impl Client {
    pub async fn get(&self, path: &str) -> Resp {
        read(self.http.get(format!("{}{path}", self.base)).send().await.expect("GET")).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Resp {
        self.send_json(reqwest::Method::POST, path, body, true).await
    }

    /// Sends JSON; `csrf` adds the session's token header.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
        csrf: bool,
    ) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base)).json(body);
        if csrf && !self.csrf.is_empty() {
            req = req.header("x-csrf-token", &self.csrf);
        }
        read(req.send().await.expect("send")).await
    }

    /// Opens a sourcing event ranked by `method` with `orgs` invited and only the criteria of
    /// `weights` (key, direct percentage) included; a `custom_N` key is first added as a benefit
    /// criterion. Values are left to the caller. Returns the event's id.
    pub async fn event_on(&self, method: &str, orgs: &[i64], weights: &[(&str, &str)]) -> i64 {
        let need = serde_json::json!({"title": "Uji", "product": "bika ambon", "quantity": "100",
            "unit": "kotak", "pattern": "rantai_pasok", "method": method});
        let r = self.post_json("/api/selections", &need).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let id = r.json()["id"].as_i64().expect("event id");
        for o in orgs {
            let body = serde_json::json!({"organisation_id": o});
            let r = self.post_json(&format!("/api/selections/{id}/candidates"), &body).await;
            assert_eq!(r.status, 201, "{}", r.text);
        }
        for (key, _) in weights.iter().filter(|(k, _)| k.starts_with("custom_")) {
            let body = serde_json::json!({"name": format!("Kriteria {key}"), "kind": "benefit"});
            let r = self.post_json(&format!("/api/selections/{id}/criteria"), &body).await;
            assert_eq!(r.status, 201, "{}", r.text);
        }
        let included: Vec<&str> = weights.iter().map(|(k, _)| *k).collect();
        let percent: serde_json::Map<String, Value> =
            weights.iter().map(|(k, w)| ((*k).to_owned(), Value::from(*w))).collect();
        let body =
            serde_json::json!({"weight_mode": "direct", "included": included, "weights": percent});
        let r = self
            .send_json(reqwest::Method::PUT, &format!("/api/selections/{id}/criteria"), &body, true)
            .await;
        assert_eq!(r.status, 204, "{}", r.text);
        id
    }

    /// Sets an event's values: (organisation id, criterion key, value as typed).
    pub async fn set_values(&self, id: i64, cells: &[(i64, &str, String)]) {
        let cells: serde_json::Map<String, Value> =
            cells.iter().map(|(o, k, v)| (format!("{o}.{k}"), Value::from(v.as_str()))).collect();
        let body = serde_json::json!({ "cells": cells });
        let r = self
            .send_json(reqwest::Method::PUT, &format!("/api/selections/{id}/values"), &body, true)
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        read(self.http.post(format!("{}{path}", self.base)).form(form).send().await.expect("POST"))
            .await
    }

    /// Opens a page and returns the CSRF token of its form.
    pub async fn form_token(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        csrf_in(&r.text).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }
}

/// The value of the first `csrf_token` field of a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[start..].split('"').next()?.to_owned())
}

fn org(
    kind: OrganisationKind,
    name: &str,
    regency: &str,
) -> mitra_core::organisation::NewOrganisation {
    OrganisationDraft {
        legal_name: name.into(),
        owner_name: "Pemilik".into(),
        contact_phone: "0812 6000 1234".into(),
        regency: regency.into(),
        sector: "processed_food".into(),
        products: "bika ambon".into(),
        workers: "5".into(),
        business_capital: "750.000.000".into(),
        annual_sales: "1.000.000.000".into(),
        ..Default::default()
    }
    .parse(kind)
    .expect("fixture organisation")
}

async fn seed(db: &Db) -> World {
    let now = mitra_server::clock::now();
    let buyer_x = db
        .create_organisation(&org(OrganisationKind::Buyer, "PT Sawit X", "1212"), now)
        .await
        .unwrap();
    let buyer_y = db
        .create_organisation(&org(OrganisationKind::Buyer, "Hotel Y", "1206"), now)
        .await
        .unwrap();
    let umkm_a =
        db.create_organisation(&org(OrganisationKind::Umkm, "UMKM A", "1275"), now).await.unwrap();
    let umkm_b =
        db.create_organisation(&org(OrganisationKind::Umkm, "UMKM B", "1211"), now).await.unwrap();
    let institution = db
        .create_organisation(&org(OrganisationKind::Institution, "Dinas Koperasi", "1275"), now)
        .await
        .unwrap();
    let hash = auth::hash_password(PASSWORD, HashCost::TEST).await.unwrap();
    let mut users = std::collections::HashMap::new();
    for (email, role, o) in [
        ("x@test.example", Role::BuyerUser, Some(buyer_x)),
        ("y@test.example", Role::BuyerUser, Some(buyer_y)),
        ("a@test.example", Role::SupplierUser, Some(umkm_a)),
        ("b@test.example", Role::SupplierUser, Some(umkm_b)),
        ("officer@test.example", Role::InstitutionOfficer, Some(institution)),
        ("admin@test.example", Role::Admin, None),
    ] {
        let account = NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: email.into(),
            role,
            organisation_id: o,
            password_hash: hash.clone(),
        };
        users.insert(email, db.create_account(&account, now).await.unwrap());
    }
    let parties = Parties {
        buyer_kind: Some(OrganisationKind::Buyer),
        supplier_kind: Some(OrganisationKind::Umkm),
    };
    let propose = async |b: i64, s: i64, consent: bool, proposer: i64, user: i64| {
        let d = PartnershipDraft {
            buyer_id: b.to_string(),
            supplier_id: s.to_string(),
            pattern: "subkontrak".into(),
            path: "natural".into(),
            contract_style: "short_term".into(),
            institution_consent: if consent { "on".into() } else { String::new() },
            ..Default::default()
        };
        let new = d.parse(proposer, parties).unwrap();
        db.create_partnership(&new, user, mitra_server::clock::today(), now).await.unwrap()
    };
    let p_xa = propose(buyer_x, umkm_a, false, buyer_x, users["x@test.example"]).await;
    // Proposed by the supplier, who consents to the institution seeing it.
    let p_yb = propose(buyer_y, umkm_b, true, umkm_b, users["b@test.example"]).await;
    World { buyer_x, buyer_y, umkm_a, umkm_b, institution, p_xa, p_yb }
}
