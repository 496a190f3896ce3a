//! The results of a supplier selection equal what `mitra rank` gives for the same inputs: the real
//! server (in-process, temporary SQLite) runs a selection through its API — registry candidates,
//! answers with quotes, the buyer's values, a custom cost criterion, unequal direct weights — and
//! the real `mitra` binary ranks the downloaded `inputs.csv` with the command the server gives.
//! Scores must be bitwise identical and ranks identical, for TOPSIS, SAW and VIKOR with direct
//! weights, for AHP weights, and for the frozen results once decided.

use std::collections::HashMap;

use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::Store;
use mitra_server::{auth, Application, Config, HashCost};
use serde_json::{json, Value};

use crate::{mitra, stderr, stdout};

const PASSWORD: &str = "kata sandi uji 123";

const COMPONENTS: [&str; 8] = [
    "joint_planning",
    "joint_operation_control",
    "communication",
    "trust",
    "commitment",
    "contract_style",
    "scope",
    "joint_investment",
];

/// A logged-in API client.
struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Client {
    async fn login(base: &str, email: &str) -> Client {
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let r = http
            .post(format!("{base}/api/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login as {email}");
        let body: Value = r.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_owned();
        Client { http, base: base.to_owned(), csrf }
    }

    /// Sends JSON with the CSRF header; returns status and body.
    async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, String) {
        let r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r
    }
}

fn organisation(kind: OrganisationKind, name: &str) -> mitra_core::organisation::NewOrganisation {
    OrganisationDraft {
        legal_name: name.into(),
        owner_name: "Pemilik".into(),
        contact_phone: "0812 6000 1234".into(),
        regency: "1275".into(),
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

/// Names of the UMKM; one has a comma and one a quote, which the CSV must carry, and one is a
/// formula, which the CSV writes as text (a leading `'`).
const UMKM: [&str; 6] = [
    "UMKM Sinar Pagi",
    "CV Maju, Jaya",
    "Dapur \"Opung\"",
    "UD Bika Medan",
    "=HYPERLINK(\"http://x\",\"Koperasi Tani Deli\")",
    "UMKM Sinar Pagi",
];

/// A value for candidate `i` on criterion `j` that varies without pattern (0–100).
fn value(i: usize, j: usize) -> f64 {
    let x = ((i * 37 + j * 53 + i * j * 11) % 97) as f64;
    20.0 + x * 0.8 + (j as f64) / 8.0
}

#[test]
fn selection_results_equal_mitra_rank_on_the_same_inputs() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("mitra.db").display());
    let config = Config {
        database_url: url,
        listen: "127.0.0.1:0".into(),
        hash_cost: HashCost::TEST,
        ..Config::default()
    };
    let (base, buyer, umkm, stop) = rt.block_on(async {
        let app = Application::build(config).await.expect("the server starts");
        let base = format!("http://{}", app.local_addr());
        let db = app.db().clone();
        let now = mitra_server::clock::now();
        let hash = auth::hash_password(PASSWORD, HashCost::TEST).await.unwrap();
        let account = |email: &str, role, org| NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: email.into(),
            role,
            organisation_id: Some(org),
            password_hash: hash.clone(),
        };
        let buyer_org = db
            .create_organisation(&organisation(OrganisationKind::Buyer, "Hotel Danau"), now)
            .await
            .unwrap();
        db.create_account(&account("buyer@test.example", Role::BuyerUser, buyer_org), now)
            .await
            .unwrap();
        let mut umkm = Vec::new();
        for (i, name) in UMKM.iter().enumerate() {
            let o = db.create_organisation(&organisation(OrganisationKind::Umkm, name), now).await;
            let o = o.unwrap();
            let email = format!("u{i}@test.example");
            db.create_account(&account(&email, Role::SupplierUser, o), now).await.unwrap();
            umkm.push((o, email));
        }
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        let buyer = Client::login(&base, "buyer@test.example").await;
        (base, buyer, umkm, tx)
    });

    let need = |method: &str| {
        json!({"title": "Bika ambon", "product": "bika ambon", "quantity": "5000",
            "unit": "kotak", "pattern": "rantai_pasok", "method": method})
    };
    let post = reqwest::Method::POST;
    let put = reqwest::Method::PUT;
    let id = rt.block_on(async {
        let (s, body) = buyer.send(post.clone(), "/api/selections", &need("topsis")).await;
        assert_eq!(s, 201, "{body}");
        let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_i64().unwrap();
        let at = format!("/api/selections/{id}");
        let (s, body) = buyer
            .send(
                post.clone(),
                &format!("{at}/candidates/registry"),
                &json!({"sector": "processed_food"}),
            )
            .await;
        assert_eq!((s, body.as_str()), (200, r#"{"added":6}"#));
        let (s, body) = buyer
            .send(
                post.clone(),
                &format!("{at}/criteria"),
                &json!({"name": "Jarak ke hotel", "kind": "cost", "unit": "km"}),
            )
            .await;
        assert_eq!(s, 201, "{body}");
        // Every candidate answers with a quote.
        for (i, (_, email)) in umkm.iter().enumerate() {
            let c = Client::login(&base, email).await;
            let price = format!("{}", 30_000 + 1_750 * ((i * 7) % 6) as i64);
            let body = json!({"response": "accepted", "unit_price": price,
                "lead_time_days": format!("{}", 2 + i), "capacity": "6000"});
            let (s, body) = c.send(post.clone(), &format!("{at}/response"), &body).await;
            assert_eq!(s, 204, "{body}");
        }
        // The buyer's values on the components, on-time, quality and distance.
        let mut cells = serde_json::Map::new();
        let keys: Vec<&str> =
            COMPONENTS.iter().copied().chain(["on_time", "quality", "custom_1"]).collect();
        for (i, (o, _)) in umkm.iter().enumerate() {
            for (j, k) in keys.iter().enumerate() {
                cells.insert(format!("{o}.{k}"), json!(format!("{}", value(i, j))));
            }
        }
        let (s, body) =
            buyer.send(put.clone(), &format!("{at}/values"), &json!({"cells": cells})).await;
        assert_eq!(s, 200, "{body}");
        // Unequal direct weights that do not add up to 100.
        let mut weights = serde_json::Map::new();
        let mut included: Vec<&str> = keys.clone();
        included.push("price");
        for (j, k) in included.iter().enumerate() {
            weights.insert((*k).to_owned(), json!(format!("{}", 2 + (j * 5) % 7)));
        }
        let body = json!({"weight_mode": "direct", "included": included, "weights": weights});
        let (s, body) = buyer.send(put.clone(), &format!("{at}/criteria"), &body).await;
        assert_eq!(s, 204, "{body}");
        id
    });

    let names: HashMap<String, i64> =
        umkm.iter().zip(UMKM).map(|((o, _), n)| (format!("{n} #{o}"), *o)).collect();
    // The CSV labels the formula-named row `'=HYPERLINK(…) #id`; `mitra rank` echoes that label.
    let names: HashMap<String, i64> = names
        .into_iter()
        .map(|(n, o)| (if n.starts_with('=') { format!("'{n}") } else { n }, o))
        .collect();
    let work = tempfile::tempdir().unwrap();
    let at = format!("/api/selections/{id}");
    for method in ["topsis", "saw", "vikor"] {
        rt.block_on(async {
            let (s, body) = buyer.send(put.clone(), &at, &need(method)).await;
            assert_eq!(s, 204, "{body}");
        });
        server_equals_cli(&rt, &buyer, id, work.path(), &names, method);
    }

    // AHP weights from the buyer's judgments (not perfectly consistent), then the decision:
    // the frozen results still equal `mitra rank` on the inputs the server gives.
    let version = rt.block_on(async {
        let (s, body) = buyer.send(put.clone(), &at, &need("topsis")).await;
        assert_eq!(s, 204, "{body}");
        let keys: Vec<&str> =
            COMPONENTS.iter().copied().chain(["on_time", "quality", "price", "custom_1"]).collect();
        let body = json!({"weight_mode": "ahp", "included": keys});
        let (s, body) = buyer.send(put.clone(), &format!("{at}/criteria"), &body).await;
        assert_eq!(s, 204, "{body}");
        let mut judgments = serde_json::Map::new();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate().skip(i + 1) {
                let v = 1 + (i * 3 + j * 5) % 9;
                let text =
                    if (i + j) % 2 == 0 || v == 1 { format!("{v}") } else { format!("1/{v}") };
                judgments.insert(format!("{a}|{b}"), json!(text));
            }
        }
        let body = json!({"judgments": judgments});
        let (s, body) = buyer.send(put.clone(), &format!("{at}/judgments"), &body).await;
        assert_eq!(s, 204, "{body}");
        let r: Value = buyer.get(&format!("{at}/results")).await.json().await.unwrap();
        let e = &r["evaluators"][0];
        assert_eq!(
            (e["counted"].as_bool(), r["evaluators"].as_array().map(Vec::len)),
            (Some(true), Some(1))
        );
        assert!(e["cr"].as_f64().unwrap() > 0.0, "not perfectly consistent: {e}");
        let w: Value = buyer.get(&at).await.json().await.unwrap();
        w["event"]["version"].as_i64().unwrap()
    });
    server_equals_cli(&rt, &buyer, id, work.path(), &names, "topsis");
    rt.block_on(async {
        let (o, _) = &umkm[0];
        let body = json!({"version": version, "awards": {o.to_string(): "5000"},
            "reason": "Skor tertinggi"});
        let (s, body) = buyer.send(post.clone(), &format!("{at}/decision"), &body).await;
        assert_eq!(s, 201, "{body}");
        let r: Value = buyer.get(&format!("{at}/results")).await.json().await.unwrap();
        assert_eq!(r["event"]["status"], "decided");
    });
    server_equals_cli(&rt, &buyer, id, work.path(), &names, "topsis");
    let _ = stop.send(());
}

/// Asserts that the server's results of event `id` (JSON and the HTML page) equal what the real
/// `mitra rank` gives on the event's `inputs.csv` with the command the server sends: weights,
/// every score bit for bit, and every rank.
fn server_equals_cli(
    rt: &tokio::runtime::Runtime,
    buyer: &Client,
    id: i64,
    work: &std::path::Path,
    names: &HashMap<String, i64>,
    method: &str,
) {
    let (results, csv, command, page) = rt.block_on(async {
        let at = format!("/api/selections/{id}");
        let results: Value =
            buyer.get(&format!("{at}/results?per_page=1000")).await.json().await.unwrap();
        let r = buyer.get(&format!("{at}/inputs.csv")).await;
        let command = r.headers()["x-mitra-rank-command"].to_str().unwrap().to_owned();
        let csv = r.text().await.unwrap();
        // The results page a buyer reads in the browser (same session cookie).
        let page = buyer.get(&format!("/selections/{id}/results")).await.text().await.unwrap();
        (results, csv, command, page)
    });
    assert!(results["not_ready"].is_null(), "{results}");
    assert_eq!(results["method"], method);
    std::fs::write(work.join(format!("seleksi-{id}-masukan.csv")), &csv).unwrap();
    let args: Vec<&str> = command.split(' ').collect();
    assert_eq!(&args[..2], ["mitra", "rank"], "{command}");
    assert!(command.contains(&format!("--method {method} ")), "{command}");
    assert!(command.contains("--cost price,custom_1 "), "{command}");
    let out = mitra(work, &args[1..]);
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    let cli: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(cli["method"]["method"], method, "{}", cli["method"]);

    // Weights, then every candidate's score (bitwise) and rank.
    let server_weights: Vec<f64> = results["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["weight"].as_f64().unwrap())
        .collect();
    let cli_weights: Vec<f64> =
        cli["criteria"].as_array().unwrap().iter().map(|c| c["weight"].as_f64().unwrap()).collect();
    assert_eq!(server_weights.len(), 12);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&cli_weights), bits(&server_weights), "{method} weights");
    let rows = results["rows"].as_array().unwrap();
    let alternatives = cli["alternatives"].as_array().unwrap();
    assert_eq!((rows.len(), alternatives.len()), (6, 6));
    let mut ranks = Vec::new();
    for a in alternatives {
        let org = names[a["name"].as_str().unwrap()];
        let row = rows.iter().find(|r| r["organisation_id"] == org).unwrap();
        let (s, c) = (row["score"].as_f64().unwrap(), a["score"].as_f64().unwrap());
        assert_eq!(s.to_bits(), c.to_bits(), "{method}: score of {org}: {s} vs {c}");
        // The results page prints the same number to full precision.
        let shown: f64 = page
            .split(&format!("data-organisation=\"{org}\""))
            .nth(1)
            .and_then(|row| row.split("data-score=\"").nth(1))
            .and_then(|v| v.split('"').next())
            .unwrap_or_else(|| panic!("{method}: no score for {org} on the page"))
            .parse()
            .unwrap();
        assert_eq!(shown.to_bits(), c.to_bits(), "{method}: page score of {org}");
        assert_eq!(row["rank"], a["rank"], "{method}: rank of {org}");
        ranks.push(row["rank"].as_u64().unwrap());
    }
    ranks.sort_unstable();
    assert_eq!(ranks[0], 1);
    assert!(ranks.windows(2).any(|w| w[0] != w[1]), "{method} tells candidates apart");
}
