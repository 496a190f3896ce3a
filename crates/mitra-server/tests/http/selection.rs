//! Supplier selection over HTTP: a buyer's sourcing event from invitation to decision, three
//! AHP evaluators, the candidates' own views, and every privacy rule — on SQLite and PostgreSQL.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{spawn, spawn_postgres, Client, TestApp};

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

async fn put(c: &Client, path: &str, body: &Value) -> crate::common::Resp {
    c.send_json(Method::PUT, path, body, true).await
}

fn need() -> Value {
    json!({
        "title": "Bika ambon untuk hotel", "product": "bika ambon", "quantity": "12.000",
        "unit": "kotak", "period_start": "2027-01-01", "period_end": "2027-06-30",
        "regency": "1275", "pattern": "rantai_pasok"
    })
}

/// Judgments of an evaluator whose priorities are `w` (consistent, CR 0), keyed "a|b".
fn judgments(keys: &[String], w: impl Fn(usize) -> f64) -> Value {
    const SCALE: [f64; 17] = [
        1.0 / 9.0,
        0.125,
        1.0 / 7.0,
        1.0 / 6.0,
        0.2,
        0.25,
        1.0 / 3.0,
        0.5,
        1.0,
        2.0,
        3.0,
        4.0,
        5.0,
        6.0,
        7.0,
        8.0,
        9.0,
    ];
    let mut out = serde_json::Map::new();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            let ratio = w(i) / w(j);
            // The nearest value of Saaty's scale.
            let v = SCALE
                .iter()
                .copied()
                .min_by(|a, b| (a.ln() - ratio.ln()).abs().total_cmp(&(b.ln() - ratio.ln()).abs()))
                .unwrap();
            let text = if v < 1.0 { format!("1/{}", (1.0 / v).round()) } else { format!("{v}") };
            out.insert(format!("{}|{}", keys[i], keys[j]), Value::String(text));
        }
    }
    json!({ "judgments": out })
}

async fn selection_flow(app: TestApp) {
    let w = &app.world;
    let buyer = app.api_login("x@test.example").await;
    // Two more evaluators of the same buyer.
    for (name, email) in
        [("Evaluator Dua", "x2@test.example"), ("Evaluator Tiga", "x3@test.example")]
    {
        let r = buyer
            .post_json(
                "/api/colleagues",
                &json!({"display_name": name, "email": email, "password": crate::common::PASSWORD}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }

    // Bad needs are refused field by field.
    let r = buyer
        .post_json(
            "/api/selections",
            &json!({"title": "", "quantity": "-5", "pattern": "x", "method": "magic"}),
        )
        .await;
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    for f in ["title", "product", "quantity", "unit", "pattern", "method"] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    // Suppliers do not open events.
    let supplier_a = app.api_login("a@test.example").await;
    assert_eq!(supplier_a.post_json("/api/selections", &need()).await.status, 403);

    let r = buyer.post_json("/api/selections", &need()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let base = format!("/api/selections/{id}");

    // Candidates: both UMKM invited; a buyer cannot be one.
    for o in [w.umkm_a, w.umkm_b] {
        let r =
            buyer.post_json(&format!("{base}/candidates"), &json!({"organisation_id": o})).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = buyer
        .post_json(&format!("{base}/candidates"), &json!({"organisation_id": w.buyer_y}))
        .await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.candidate_kind");
    let r =
        buyer.post_json(&format!("{base}/candidates"), &json!({"organisation_id": w.umkm_a})).await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.already_candidate");
    let r = buyer
        .post_json(&format!("{base}/candidates/registry"), &json!({"sector": "processed_food"}))
        .await;
    assert_eq!(r.json()["added"], 0, "both processed-food UMKM are candidates already");

    // Not ready: values are missing and say which.
    let res = buyer.get(&format!("{base}/results")).await.json();
    assert_eq!(res["not_ready"]["reason"], "missing");
    assert!(res["not_ready"]["details"].as_array().unwrap().len() >= 20);

    // The candidates answer with quotes.
    let supplier_b = app.api_login("b@test.example").await;
    let r = supplier_a
        .post_json(
            &format!("{base}/response"),
            &json!({"response": "accepted", "unit_price": "Rp 0", "lead_time_days": "abc"}),
        )
        .await;
    assert_eq!(r.status, 422);
    let r = supplier_a
        .post_json(&format!("{base}/response"), &json!({"response": "accepted", "unit_price": "Rp 42.000", "lead_time_days": "3", "capacity": "15.000", "min_order": "100"}))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = supplier_b
        .post_json(&format!("{base}/response"), &json!({"response": "accepted", "unit_price": "38000", "lead_time_days": "7", "share_readiness": "on"}))
        .await;
    assert_eq!(
        r.json()["fields"][0]["code"],
        "selection.no_assessment",
        "b has no submitted assessment"
    );
    let r = supplier_b
        .post_json(&format!("{base}/response"), &json!({"response": "accepted", "unit_price": "38000", "lead_time_days": "7", "capacity": "9000"}))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let q = buyer.get(&format!("{base}/quotes")).await.json();
    let quotes = q["quotes"].as_array().unwrap();
    let of = |org: i64| quotes.iter().find(|x| x["organisation_id"] == org).unwrap().clone();
    assert_eq!(
        (of(w.umkm_b)["lowest_price"].as_bool(), of(w.umkm_a)["shortest_lead"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(of(w.umkm_a)["covers_quantity"], true);

    // The buyer rates both on the components and enters on-time and quality; a bad cell
    // refuses the whole grid.
    let mut cells = serde_json::Map::new();
    for (i, k) in COMPONENTS.iter().enumerate() {
        cells.insert(format!("{}.{k}", w.umkm_a), json!(60 + 4 * i as i64));
        cells.insert(format!("{}.{k}", w.umkm_b), json!(format!("{},5", 70 - 3 * i as i64)));
    }
    for (org, on_time, quality) in [(w.umkm_a, "96", "98,5"), (w.umkm_b, "88", "95")] {
        cells.insert(format!("{org}.on_time"), json!(on_time));
        cells.insert(format!("{org}.quality"), json!(quality));
    }
    let mut bad = cells.clone();
    bad.insert(format!("{}.trust", w.umkm_a), json!("150"));
    let r = put(&buyer, &format!("{base}/values"), &json!({"cells": bad})).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["field"].as_str()),
        (422, Some(format!("values.{}.trust", w.umkm_a).as_str()))
    );
    assert_eq!(
        buyer.get(&format!("{base}/results")).await.json()["not_ready"]["reason"],
        "missing",
        "nothing was saved"
    );
    let r = put(&buyer, &format!("{base}/values"), &json!({"cells": cells})).await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Ranked with equal direct weights by TOPSIS.
    let res = buyer.get(&format!("{base}/results")).await.json();
    assert!(res["not_ready"].is_null(), "{res}");
    assert_eq!(res["total"], 2);
    assert_eq!(res["methods"][0], "topsis");
    assert!(res["methods"].as_array().unwrap().len() >= 4);
    let weights: f64 =
        res["criteria"].as_array().unwrap().iter().map(|c| c["weight"].as_f64().unwrap()).sum();
    assert!((weights - 1.0).abs() < 1e-12);
    assert_eq!(res["rows"][0]["rank"], 1);
    assert!(res["stability"].as_array().unwrap().len() == 11);

    // Three evaluators weigh with AHP; the group weights are the engine's AIJ.
    let keys: Vec<String> = res["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_owned())
        .collect();
    let r = put(
        &buyer,
        &format!("{base}/criteria"),
        &json!({"weight_mode": "ahp", "included": keys, "weights": {}}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = buyer.get(&format!("{base}/results")).await.json();
    assert_eq!(r["not_ready"]["reason"], "weights", "no evaluator has answered");
    let e2 = app.api_login("x2@test.example").await;
    let e3 = app.api_login("x3@test.example").await;
    let preview = buyer
        .post_json(&format!("{base}/judgments/preview"), &judgments(&keys, |i| (i + 1) as f64))
        .await
        .json();
    assert!(preview["cr"].as_f64().unwrap() < 0.1, "{preview}");
    let r = put(&buyer, &format!("{base}/judgments"), &json!({"judgments": {"trust|price": "10"}}))
        .await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.judgment_scale");
    for (c, f) in [(&buyer, 0usize), (&e2, 1), (&e3, 2)] {
        let body = match f {
            0 => judgments(&keys, |i| (i + 1) as f64),
            1 => judgments(&keys, |_| 1.0),
            _ => judgments(&keys, |i| (keys.len() - i) as f64),
        };
        let r = put(c, &format!("{base}/judgments"), &body).await;
        assert_eq!(r.status, 204, "{}", r.text);
    }
    let ws = buyer.get(&base).await.json();
    let evaluators = ws["evaluators"].as_array().unwrap();
    assert_eq!(evaluators.len(), 3);
    assert!(evaluators
        .iter()
        .all(|e| e["counted"] == true && e["answered"] == 55 && e["cr"].as_f64().is_some()));
    let res = buyer.get(&format!("{base}/results")).await.json();
    assert!(res["not_ready"].is_null(), "{res}");
    assert_eq!(res["evaluators"].as_array().unwrap().len(), 3);
    let before: Vec<Value> = res["rows"].as_array().unwrap().clone();

    // A candidate sees its own position and breakdown, never the other candidate.
    let mine = supplier_a.get(&format!("{base}/mine")).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let m = mine.json();
    assert_eq!(m["position"]["of"], 2);
    assert_eq!(m["position"]["breakdown"].as_array().unwrap().len(), 11);
    assert!(!mine.text.contains("UMKM B") && !mine.text.contains("38000"), "{}", mine.text);
    let list = supplier_a.get("/api/selections").await;
    assert!(
        list.text.contains("Bika ambon untuk hotel") && !list.text.contains("UMKM B"),
        "{}",
        list.text
    );

    // Nobody else sees the event.
    let buyer_y = app.api_login("y@test.example").await;
    let officer = app.api_login("officer@test.example").await;
    let admin = app.api_login("admin@test.example").await;
    for c in [&supplier_a, &buyer_y, &officer, &admin] {
        for path in [base.clone(), format!("{base}/results"), format!("{base}/quotes")] {
            assert_eq!(c.get(&path).await.status, 404, "{path}");
        }
    }
    for c in [&buyer, &buyer_y, &officer, &admin] {
        assert_eq!(c.get(&format!("{base}/mine")).await.status, 404);
    }
    let r = buyer_y
        .post_json(&format!("{base}/decision"), &json!({"version": 1, "awards": {}, "reason": "x"}))
        .await;
    assert_eq!(r.status, 404);
    // CSRF-less writes are refused.
    let r =
        buyer.send_json(Method::PUT, &format!("{base}/values"), &json!({"cells": {}}), false).await;
    assert_eq!(r.status, 403);

    // The decision: split quantities, a reason; stale versions and bad splits are refused.
    let version = buyer.get(&base).await.json()["event"]["version"].as_i64().unwrap();
    let awards = json!({w.umkm_a.to_string(): "8.000", w.umkm_b.to_string(): "3000"});
    let r = buyer
        .post_json(
            &format!("{base}/decision"),
            &json!({"version": version, "awards": awards, "reason": "x"}),
        )
        .await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.award_sum");
    let awards = json!({w.umkm_a.to_string(): "8.000", w.umkm_b.to_string(): "4000"});
    let reason = "Skor tertinggi; pasokan dibagi agar aman";
    let r = buyer
        .post_json(
            &format!("{base}/decision"),
            &json!({"version": version - 1, "awards": awards, "reason": reason}),
        )
        .await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.closed", "a stale version");
    let r = buyer
        .post_json(
            &format!("{base}/decision"),
            &json!({"version": version, "awards": awards, "reason": reason}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let pids: Vec<i64> =
        r.json()["partnerships"].as_array().unwrap().iter().map(|p| p.as_i64().unwrap()).collect();
    assert_eq!(pids.len(), 2);
    let p = supplier_a.get(&format!("/api/partnerships/{}", pids[0])).await;
    assert_eq!(p.status, 200, "the winner sees its proposed partnership");
    let p = p.json()["partnership"].clone();
    assert_eq!(
        (p["status"].as_str(), p["pattern"].as_str()),
        (Some("proposed"), Some("rantai_pasok"))
    );

    // Frozen: results are the same numbers, writes are refused.
    let res = buyer.get(&format!("{base}/results")).await.json();
    assert_eq!(res["event"]["status"], "decided");
    let after = res["rows"].as_array().unwrap();
    for (b, a) in before.iter().zip(after) {
        assert_eq!(
            (b["organisation_id"].clone(), b["score"].clone()),
            (a["organisation_id"].clone(), a["score"].clone())
        );
    }
    assert!(after.iter().any(|r| r["award_quantity"] == 8000));
    let r = put(&buyer, &format!("{base}/values"), &json!({"cells": cells})).await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.closed");
    let r =
        supplier_b.post_json(&format!("{base}/response"), &json!({"response": "declined"})).await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.closed");
    let m = supplier_b.get(&format!("{base}/mine")).await.json();
    assert_eq!(m["position"]["frozen"], true);
    // Of the decision, a candidate sees its own award only, never the other winner's.
    let own_awards = m["event"]["decision"]["awards"].as_array().unwrap();
    assert!(own_awards.len() == 1 && own_awards[0][0] == w.umkm_b, "{own_awards:?}");
    assert!(m["position"]["score"].is_null() && m["position"]["gap"].is_string(), "{m}");

    // A revision re-opens it as a copy.
    let r = buyer.post_json(&format!("{base}/revision"), &json!({})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let rid = r.json()["id"].as_i64().unwrap();
    let ws = buyer.get(&format!("/api/selections/{rid}")).await.json();
    assert_eq!(
        (ws["event"]["revision"].as_i64(), ws["event"]["status"].as_str()),
        (Some(2), Some("open"))
    );
    assert_eq!(buyer.get(&base).await.json()["event"]["status"], "superseded");
    app.stop().await;
}

#[tokio::test]
async fn selection_from_invitation_to_decision_on_sqlite() {
    selection_flow(spawn().await).await;
}

#[tokio::test]
async fn selection_from_invitation_to_decision_on_postgres() {
    selection_flow(spawn_postgres().await).await;
}

/// The value of `attr="…"` on the element of the results table row of `org`.
fn row_attr(html: &str, org: i64, attr: &str) -> Option<String> {
    let row = html.split(&format!("data-organisation=\"{org}\"")).nth(1)?;
    let start = row.find(&format!("{attr}=\""))? + attr.len() + 2;
    Some(row[start..].split('"').next()?.to_owned())
}

#[tokio::test]
async fn selection_pages_work_without_javascript() {
    let app = spawn().await;
    let w = &app.world;
    let buyer = app.web_login("x@test.example").await;
    let csrf = buyer.form_token("/selections/new").await;
    // A rejected form keeps what was typed and says what is wrong, in Indonesian.
    let r = buyer
        .post_form(
            "/selections/new",
            &[
                ("csrf_token", &csrf),
                ("title", "Sirup <markisa>"),
                ("product", ""),
                ("quantity", "0"),
                ("unit", "botol"),
                ("pattern", "rantai_pasok"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("value=\"Sirup &lt;markisa&gt;\"")
            || r.text.contains("value=\"Sirup &#60;markisa&#62;\""),
        "{}",
        r.text
    );
    assert!(r.text.contains("Jumlah harus paling sedikit 1."));
    let r = buyer
        .post_form(
            "/selections/new",
            &[
                ("csrf_token", &csrf),
                ("title", "Sirup markisa"),
                ("product", "sirup"),
                ("quantity", "500"),
                ("unit", "botol"),
                ("pattern", "rantai_pasok"),
                ("method", "saw"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let loc = r.location.unwrap();
    let id: i64 =
        loc.trim_start_matches("/selections/").split('?').next().unwrap().parse().unwrap();
    // Without the CSRF token nothing happens.
    let r = buyer
        .post_form(
            &format!("/selections/{id}/invite"),
            &[("organisation_id", &w.umkm_a.to_string())],
        )
        .await;
    assert_eq!(r.status, 403);
    // Search and invite both UMKM.
    let page = buyer.get(&format!("/selections/{id}?q=UMKM")).await;
    assert!(page.text.contains("UMKM A") && page.text.contains("UMKM B"), "{}", page.text);
    for o in [w.umkm_a, w.umkm_b] {
        let r = buyer
            .post_form(
                &format!("/selections/{id}/invite"),
                &[("csrf_token", &csrf), ("organisation_id", &o.to_string())],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text);
    }
    // The candidates answer on their page.
    for (email, price) in [("a@test.example", "12.500"), ("b@test.example", "11.000")] {
        let c = app.web_login(email).await;
        let list = c.get("/selections").await;
        assert!(list.text.contains("Sirup markisa"), "{}", list.text);
        let token = c.form_token(&format!("/selections/{id}/mine")).await;
        let r = c
            .post_form(
                &format!("/selections/{id}/mine"),
                &[
                    ("csrf_token", &token),
                    ("response", "accepted"),
                    ("unit_price", "nol"),
                    ("lead_time_days", "2"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("value=\"nol\""), "typed value kept");
        let r = c
            .post_form(
                &format!("/selections/{id}/mine"),
                &[
                    ("csrf_token", &token),
                    ("response", "accepted"),
                    ("unit_price", price),
                    ("lead_time_days", "2"),
                    ("capacity", "600"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text);
    }
    // The value grid: a bad cell keeps everything typed.
    let grid = buyer.get(&format!("/selections/{id}/values")).await;
    assert_eq!(grid.status, 200);
    assert!(grid.text.contains("Penawaran"), "price comes from the quote");
    let mut cells: Vec<(String, String)> = vec![("csrf_token".into(), csrf.clone())];
    for (k, o) in [(0, w.umkm_a), (1, w.umkm_b)] {
        for (j, c) in COMPONENTS.iter().enumerate() {
            cells.push((format!("v.{o}.{c}"), format!("{}", 50 + 5 * j + 10 * k)));
        }
        cells.push((format!("v.{o}.on_time"), "90".into()));
        cells.push((format!("v.{o}.quality"), if k == 0 { "97".into() } else { "x".into() }));
    }
    let form: Vec<(&str, &str)> = cells.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = buyer.post_form(&format!("/selections/{id}/values"), &form).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Harus berupa angka") && r.text.contains("value=\"x\""), "{}", r.text);
    cells.last_mut().unwrap().1 = "93,5".into();
    let form: Vec<(&str, &str)> = cells.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = buyer.post_form(&format!("/selections/{id}/values"), &form).await;
    assert_eq!(r.status, 303, "{}", r.text);

    // The results page shows the same numbers as the API, to full precision.
    let page = buyer.get(&format!("/selections/{id}/results")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let api = buyer.get(&format!("/api/selections/{id}/results")).await.json();
    for row in api["rows"].as_array().unwrap() {
        let org = row["organisation_id"].as_i64().unwrap();
        let shown: f64 = row_attr(&page.text, org, "data-score").unwrap().parse().unwrap();
        assert_eq!(shown.to_bits(), row["score"].as_f64().unwrap().to_bits());
    }
    for part in [
        "<svg class=\"bar\"",
        "id=\"methods\"",
        "id=\"sensitivity\"",
        "id=\"smaa\"",
        "id=\"decision\"",
    ] {
        assert!(page.text.contains(part), "{part} missing");
    }
    // Criteria page: weights rescaled; the AHP page saves judgments and shows the CR.
    let r = buyer.get(&format!("/selections/{id}/criteria")).await;
    assert!(r.text.contains("name=\"w.trust\""));
    let ahp = buyer.get(&format!("/selections/{id}/ahp")).await;
    assert!(ahp.text.contains("name=\"j.joint_planning|joint_operation_control\""), "{}", ahp.text);
    let r = buyer
        .post_form(
            &format!("/selections/{id}/ahp"),
            &[
                ("csrf_token", &csrf),
                ("j.joint_planning|trust", "3"),
                ("j.trust|price", "1/5"),
                ("j.price|quality", "2"),
            ],
        )
        .await;
    // "price|quality" is not a pair of the form (quality comes before price).
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("skala Saaty") && r.text.contains("<option value=\"3\" selected>"),
        "{}",
        r.text
    );
    let r = buyer
        .post_form(
            &format!("/selections/{id}/ahp"),
            &[("csrf_token", &csrf), ("j.joint_planning|trust", "3"), ("j.trust|price", "1/5")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let ahp = buyer.get(&format!("/selections/{id}/ahp")).await;
    assert!(ahp.text.contains("<option value=\"1/5\" selected>"), "saved judgment shown");
    // The quotes page marks the lowest price.
    let q = buyer.get(&format!("/selections/{id}/quotes")).await;
    assert!(q.text.contains("termurah"), "{}", q.text);
    // Another buyer and the candidates cannot open the buyer's pages.
    let other = app.web_login("y@test.example").await;
    let candidate = app.web_login("a@test.example").await;
    for c in [&other, &candidate] {
        for p in ["", "/values", "/results", "/quotes", "/ahp", "/criteria", "/report"] {
            assert_eq!(c.get(&format!("/selections/{id}{p}")).await.status, 404, "{p}");
        }
    }
    // The candidate's page shows its own rank, never the other candidate.
    let mine = candidate.get(&format!("/selections/{id}/mine")).await;
    assert!(
        mine.text.contains("id=\"own-rank\"")
            && !mine.text.contains("UMKM B")
            && !mine.text.contains("11.000"),
        "{}",
        mine.text
    );
    // The decision form: a wrong split is refused with the typed values kept; then decided.
    let version = buyer.get(&format!("/api/selections/{id}")).await.json()["event"]["version"]
        .as_i64()
        .unwrap()
        .to_string();
    let a = format!("award.{}", w.umkm_a);
    let b = format!("award.{}", w.umkm_b);
    let r = buyer
        .post_form(
            &format!("/selections/{id}/decision"),
            &[
                ("csrf_token", &csrf),
                ("version", &version),
                (&a, "300"),
                (&b, "100"),
                ("reason", "Harga dan mutu"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("value=\"300\"") && r.text.contains("Harga dan mutu"));
    let r = buyer
        .post_form(
            &format!("/selections/{id}/decision"),
            &[
                ("csrf_token", &csrf),
                ("version", &version),
                (&a, "300"),
                (&b, "200"),
                ("reason", "Harga dan mutu"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let page = buyer.get(&format!("/selections/{id}/results")).await;
    assert!(page.text.contains("Harga dan mutu") && page.text.contains("Buka revisi baru"));
    assert!(page.text.contains("Oleh: x@test.example"), "who decided is recorded");
    let report = buyer.get(&format!("/selections/{id}/report")).await;
    assert!(
        report.status == 200
            && report.text.contains("Laporan seleksi pemasok")
            && report.text.contains("<svg class=\"bar\"")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_candidate_shares_its_latest_assessment_as_component_values() {
    let app = spawn().await;
    let w = &app.world;
    let buyer = app.api_login("x@test.example").await;
    let a = app.api_login("a@test.example").await;
    // UMKM A submits a readiness self-assessment: joint planning all 4s, trust all 5s.
    let r = a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    let aid = r.json()["id"].as_i64().unwrap();
    let answers = json!({"answers": {"jp1": 4, "jp2": 4, "jp3": 4, "jp4": 4, "tr1": 5, "tr2": 5, "tr3": 5, "tr4": 5}});
    let r = a.post_json(&format!("/api/assessments/{aid}/submit"), &answers).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = buyer.post_json("/api/selections", &need()).await.json()["id"].as_i64().unwrap();
    // The readiness filter takes maturity levels only: A's overall index (joint planning 75,
    // trust 100) is level 4 or higher; B has no assessment and never passes.
    let registry = format!("/api/selections/{id}/candidates/registry");
    let r = buyer.post_json(&registry, &json!({"min_readiness": "80"})).await;
    assert_eq!(r.json()["fields"][0]["code"], "selection.readiness_level");
    let r = buyer
        .post_json(&registry, &json!({"min_readiness": "4", "sector": "processed_food"}))
        .await;
    assert_eq!(r.json()["added"], 1, "{}", r.text);
    let ws = buyer.get(&format!("/api/selections/{id}")).await.json();
    assert_eq!(ws["candidates"][0]["organisation_id"], w.umkm_a);
    // The buyer's own rating is kept over the shared score.
    let r = put(
        &buyer,
        &format!("/api/selections/{id}/values"),
        &json!({"cells": {format!("{}.trust", w.umkm_a): 40}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = a
        .post_json(&format!("/api/selections/{id}/response"), &json!({"response": "accepted", "unit_price": "9000", "lead_time_days": "1", "share_readiness": "on"}))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let ws = buyer.get(&format!("/api/selections/{id}")).await.json();
    let c = ws["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["organisation_id"] == w.umkm_a)
        .unwrap()
        .clone();
    assert_eq!(c["shared_assessment_id"], aid);
    // 4 on a 1–5 scale is 75 on 0–100.
    assert_eq!(c["values"]["joint_planning"], json!({"value": 75.0, "source": "self_assessment"}));
    assert_eq!(c["values"]["trust"], json!({"value": 40.0, "source": "buyer"}));
    assert!(c["values"].get("scope").is_none(), "an unscored component stays missing");
    app.stop().await;
}

/// Issue 15, item 4: the registry's readiness filter is no oracle for an UMKM's private index.
/// A buyer probing every threshold it likes gets a field error for any number, and across every
/// value the filter takes (the maturity levels) two UMKM of one level answer alike.
#[tokio::test]
async fn the_readiness_filter_tells_a_level_never_an_index() {
    let app = spawn().await;
    let w = &app.world;
    let buyer = app.api_login("x@test.example").await;
    // Overall index 75.0 for A (joint planning all 4s) and 81.25 for B (4, 4, 4, 5): level 4.
    for (email, org, last) in [("a@test.example", w.umkm_a, 4), ("b@test.example", w.umkm_b, 5)] {
        let c = app.api_login(email).await;
        let r = c.post_json(&format!("/api/organisations/{org}/readiness"), &json!({})).await;
        let aid = r.json()["id"].as_i64().unwrap();
        let answers = json!({"answers": {"jp1": 4, "jp2": 4, "jp3": 4, "jp4": last}});
        let r = c.post_json(&format!("/api/assessments/{aid}/submit"), &answers).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let levels = ["", "1", "2", "3", "4", "5"];
    let numbers = ["75.01", "75", "75,5", "77", "80", "81.25", "0", "62.5", "100", "4.0", "-1"];
    let mut answers = Vec::new();
    for probe in levels.iter().chain(&numbers) {
        let id = buyer.post_json("/api/selections", &need()).await.json()["id"].as_i64().unwrap();
        let body = json!({"min_readiness": probe, "sector": "processed_food"});
        let r = buyer.post_json(&format!("/api/selections/{id}/candidates/registry"), &body).await;
        if numbers.contains(probe) {
            assert_eq!(r.status, 422, "{probe:?} must be refused: {}", r.text);
            let f = &r.json()["fields"][0];
            assert_eq!(
                (f["field"].as_str(), f["code"].as_str()),
                (Some("min_readiness"), Some("selection.readiness_level"))
            );
            continue;
        }
        assert_eq!(r.status, 200, "{probe:?}: {}", r.text);
        let ws = buyer.get(&format!("/api/selections/{id}")).await.json();
        let has = |org: i64| {
            ws["candidates"].as_array().unwrap().iter().any(|c| c["organisation_id"] == org)
        };
        assert_eq!(has(w.umkm_a), has(w.umkm_b), "{probe:?} tells 75.0 from 81.25");
        answers.push((*probe, has(w.umkm_a)));
    }
    // Levels mean what they say: both are at level 4, neither at 5.
    assert_eq!(
        answers,
        [("", true), ("1", true), ("2", true), ("3", true), ("4", true), ("5", false)]
    );
    // The form offers the levels and says why; a number typed anyway is a field error (422).
    let web = app.web_login("x@test.example").await;
    let id = buyer.post_json("/api/selections", &need()).await.json()["id"].as_i64().unwrap();
    let page = web.get(&format!("/selections/{id}")).await;
    assert!(
        page.text.contains("<select id=\"min_readiness\"")
            && page.text.contains("<option value=\"4\">"),
        "{}",
        page.text
    );
    let csrf = web.form_token(&format!("/selections/{id}")).await;
    let r = web
        .post_form(
            &format!("/selections/{id}/registry"),
            &[("csrf_token", &csrf), ("min_readiness", "75.01")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"min_readiness-error\""), "{}", r.text);
    app.stop().await;
}
