//! Exports of a selection's results: the XLSX workbook read back with calamine equals the JSON
//! results number for number, the inputs CSV is `mitra rank`'s table, and only the buyer's users
//! get either (page and API).

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{spawn, Client, TestApp};

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

/// A downloaded file.
struct File {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

async fn download(c: &Client, path: &str, lang: &str) -> File {
    let r = c
        .http
        .get(format!("{}{path}", c.base))
        .header("accept-language", lang)
        .send()
        .await
        .expect("GET");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let content_type =
        headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    File { status, content_type, headers, bytes: r.bytes().await.expect("body").to_vec() }
}

/// An event with A and B quoting and the buyer's values on every criterion, ranked by TOPSIS
/// with direct weights. Returns the event id.
async fn ranked_event(app: &TestApp, buyer: &Client) -> i64 {
    let w = &app.world;
    let need = json!({
        "title": "Bika ambon untuk hotel", "product": "bika ambon", "quantity": "12.000",
        "unit": "kotak", "pattern": "rantai_pasok"
    });
    let r = buyer.post_json("/api/selections", &need).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let base = format!("/api/selections/{id}");
    for o in [w.umkm_a, w.umkm_b] {
        let r =
            buyer.post_json(&format!("{base}/candidates"), &json!({"organisation_id": o})).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    for (email, price, lead) in
        [("a@test.example", "42.000", "3"), ("b@test.example", "38000", "7")]
    {
        let s = app.api_login(email).await;
        let body = json!({"response": "accepted", "unit_price": price, "lead_time_days": lead,
            "capacity": "9000", "min_order": "100"});
        let r = s.post_json(&format!("{base}/response"), &body).await;
        assert_eq!(r.status, 204, "{}", r.text);
    }
    let mut cells = serde_json::Map::new();
    for (i, k) in COMPONENTS.iter().enumerate() {
        cells.insert(format!("{}.{k}", w.umkm_a), json!(60 + 4 * i as i64));
        cells.insert(format!("{}.{k}", w.umkm_b), json!(format!("{},5", 70 - 3 * i as i64)));
    }
    for (org, on_time, quality) in [(w.umkm_a, "96", "98,5"), (w.umkm_b, "88", "95")] {
        cells.insert(format!("{org}.on_time"), json!(on_time));
        cells.insert(format!("{org}.quality"), json!(quality));
    }
    let r = buyer
        .send_json(Method::PUT, &format!("{base}/values"), &json!({"cells": cells}), true)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Unequal direct weights (percentages that do not add up to 100 are rescaled).
    let mut weights = serde_json::Map::new();
    let keys: Vec<String> = COMPONENTS
        .iter()
        .map(|k| (*k).to_owned())
        .chain(["on_time", "quality", "price"].map(str::to_owned))
        .collect();
    for (i, k) in keys.iter().enumerate() {
        weights.insert(k.clone(), json!(format!("{}", 3 + i % 4)));
    }
    let r = buyer
        .send_json(
            Method::PUT,
            &format!("{base}/criteria"),
            &json!({"weight_mode": "direct", "included": keys, "weights": weights}),
            true,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    id
}

fn sheets(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("a readable workbook")
}

fn range(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn num(r: &Range<Data>, row: usize, col: usize) -> f64 {
    match r.get((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    match r.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

#[tokio::test]
async fn the_workbook_holds_the_results_bit_for_bit() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let id = ranked_event(&app, &buyer).await;
    let res = buyer.get(&format!("/api/selections/{id}/results?per_page=1000")).await.json();
    assert!(res["not_ready"].is_null(), "{res}");
    let rows = res["rows"].as_array().unwrap();
    let criteria = res["criteria"].as_array().unwrap();
    assert_eq!((rows.len(), criteria.len()), (2, 11));

    let f = download(&buyer, &format!("/api/selections/{id}/export.xlsx"), "id").await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, mitra_server::selection_export::XLSX_TYPE);
    assert!(f.headers["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let mut wb = sheets(&f.bytes);
    assert_eq!(
        wb.sheet_names(),
        ["Masukan", "Sumber nilai", "Penawaran", "Bobot", "Hasil", "Sensitivitas", "SMAA"],
        "Indonesian sheet names, sensitivity and SMAA computed for two candidates"
    );

    // Results: rank, name, score bitwise, the rank by every compared method.
    let results = range(&mut wb, "Hasil");
    let methods = res["methods"].as_array().unwrap();
    assert!(methods.len() >= 4);
    for (k, m) in methods.iter().enumerate() {
        assert!(text(&results, 0, 3 + k).ends_with(&m.as_str().unwrap().to_uppercase()));
    }
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(num(&results, i + 1, 0), row["rank"].as_f64().unwrap());
        assert_eq!(text(&results, i + 1, 1), row["name"].as_str().unwrap());
        let score = num(&results, i + 1, 2);
        assert_eq!(score.to_bits(), row["score"].as_f64().unwrap().to_bits(), "score of row {i}");
        for (k, r) in row["method_ranks"].as_array().unwrap().iter().enumerate() {
            assert_eq!(num(&results, i + 1, 3 + k), r.as_f64().unwrap());
        }
    }
    assert!(results.get((0, 3 + methods.len())).is_none(), "no award column while open");

    // Weights: every weight bitwise, benefit/cost and unit.
    let weights = range(&mut wb, "Bobot");
    let mut sum = 0.0;
    for (j, c) in criteria.iter().enumerate() {
        assert_eq!(text(&weights, j + 1, 0), c["name"].as_str().unwrap());
        let w = num(&weights, j + 1, 3);
        assert_eq!(w.to_bits(), c["weight"].as_f64().unwrap().to_bits(), "weight {j}");
        let kind = text(&weights, j + 1, 1);
        assert_eq!(kind.starts_with("biaya"), c["cost"] == true, "{kind}");
        sum += w;
    }
    assert!((sum - 1.0).abs() < 1e-12);
    assert!(weights.get((criteria.len() + 2, 0)).is_none(), "no evaluators with direct weights");

    // Inputs: values bitwise, best first; sources name where each came from.
    let inputs = range(&mut wb, "Masukan");
    let sources = range(&mut wb, "Sumber nilai");
    assert_eq!(text(&inputs, 0, 11), "harga satuan (Rp)");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(text(&inputs, i + 1, 0), row["name"].as_str().unwrap());
        for (j, v) in row["values"].as_array().unwrap().iter().enumerate() {
            assert_eq!(num(&inputs, i + 1, j + 1).to_bits(), v.as_f64().unwrap().to_bits());
        }
        assert_eq!(text(&sources, i + 1, 4), "Penilaian pembeli", "trust rated by the buyer");
        assert_eq!(text(&sources, i + 1, 9), "Diisi pembeli", "on-time entered");
        assert_eq!(text(&sources, i + 1, 11), "Penawaran", "price from the quote");
    }
    let quotes = range(&mut wb, "Penawaran");
    let prices: Vec<f64> = (1..=2).map(|i| num(&quotes, i, 1)).collect();
    assert!(prices.contains(&42_000.0) && prices.contains(&38_000.0), "{prices:?}");

    // Sensitivity and SMAA equal the JSON view.
    let sens = range(&mut wb, "Sensitivitas");
    for (j, s) in res["stability"].as_array().unwrap().iter().enumerate() {
        assert_eq!(text(&sens, j + 1, 0), s["name"].as_str().unwrap());
        for (k, f) in ["weight", "lo", "hi"].iter().enumerate() {
            assert_eq!(num(&sens, j + 1, 1 + k).to_bits(), s[f].as_f64().unwrap().to_bits());
        }
    }
    let smaa = range(&mut wb, "SMAA");
    for (i, row) in rows.iter().enumerate() {
        for (k, a) in row["acceptability"].as_array().unwrap().iter().enumerate() {
            assert_eq!(num(&smaa, i + 1, 1 + k).to_bits(), a.as_f64().unwrap().to_bits());
        }
    }

    // In English through the page route, with the web session.
    let web = app.web_login("x@test.example").await;
    assert_eq!(web.get("/lang/en?next=/dashboard").await.status, 303);
    let f = download(&web, &format!("/selections/{id}/export.xlsx"), "en").await;
    assert_eq!(f.status, 200);
    let mut wb = sheets(&f.bytes);
    assert_eq!(wb.sheet_names()[..5], ["Inputs", "Value sources", "Quotes", "Weights", "Results"]);
    let results = range(&mut wb, "Results");
    assert_eq!(
        num(&results, 1, 2).to_bits(),
        rows[0]["score"].as_f64().unwrap().to_bits(),
        "the page's download is the same workbook"
    );

    // Once decided, the awarded quantities appear.
    let version = buyer.get(&format!("/api/selections/{id}")).await.json()["event"]["version"]
        .as_i64()
        .unwrap();
    let w = &app.world;
    let awards = json!({w.umkm_a.to_string(): "8000", w.umkm_b.to_string(): "4000"});
    let r = buyer
        .post_json(
            &format!("/api/selections/{id}/decision"),
            &json!({"version": version, "awards": awards, "reason": "dibagi"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let f = download(&buyer, &format!("/api/selections/{id}/export.xlsx"), "id").await;
    let results = range(&mut sheets(&f.bytes), "Hasil");
    let awarded: Vec<f64> = (1..=2).map(|i| num(&results, i, 3 + methods.len())).collect();
    assert_eq!(awarded.iter().sum::<f64>(), 12_000.0, "{awarded:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_inputs_csv_is_mitra_rank_s_table() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let id = ranked_event(&app, &buyer).await;
    let f = download(&buyer, &format!("/api/selections/{id}/inputs.csv"), "id").await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.starts_with("text/csv"));
    let command = f.headers["x-mitra-rank-command"].to_str().unwrap().to_owned();
    assert!(
        command.starts_with(&format!(
            "mitra rank seleksi-{id}-masukan.csv --method topsis --weights "
        )),
        "{command}"
    );
    assert!(command.ends_with("--cost price --format json"), "{command}");
    let text = String::from_utf8(f.bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("alternative,joint_planning,") && lines[0].ends_with(",price"));
    let w = &app.world;
    assert!(text.contains(&format!("UMKM A #{},", w.umkm_a)), "{text}");
    assert!(text.contains(&format!("UMKM B #{},", w.umkm_b)), "{text}");
    assert!(
        text.contains(",70.5,") && text.contains(",98.5,") && text.contains(",42000"),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn only_the_buyer_s_users_export() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let id = ranked_event(&app, &buyer).await;
    let candidate = app.api_login("a@test.example").await;
    let other_buyer = app.api_login("y@test.example").await;
    let officer = app.api_login("officer@test.example").await;
    let admin = app.api_login("admin@test.example").await;
    for c in [&candidate, &other_buyer, &officer, &admin] {
        for file in ["export.xlsx", "inputs.csv"] {
            let f = download(c, &format!("/api/selections/{id}/{file}"), "id").await;
            assert_eq!(f.status, 404, "{file}");
            let body: Value = serde_json::from_slice(&f.bytes).unwrap();
            assert_eq!(body["code"], "not_found");
        }
    }
    for email in ["a@test.example", "y@test.example"] {
        let web = app.web_login(email).await;
        for file in ["export.xlsx", "inputs.csv"] {
            let f = download(&web, &format!("/selections/{id}/{file}"), "id").await;
            assert_eq!(f.status, 404, "{email} {file}");
            assert!(f.content_type.starts_with("text/html"));
        }
    }
    // Not signed in: the API says 401, the page sends to the login page.
    let anonymous = app.client();
    assert_eq!(
        download(&anonymous, &format!("/api/selections/{id}/export.xlsx"), "id").await.status,
        401
    );
    let f = download(&anonymous, &format!("/selections/{id}/export.xlsx"), "id").await;
    assert_eq!(f.status, 303);
    // An event that cannot be ranked has nothing to export.
    let r = buyer
        .post_json(
            "/api/selections",
            &json!({"title": "Kosong", "product": "kopi", "quantity": "1", "unit": "kg",
                "pattern": "rantai_pasok"}),
        )
        .await;
    let empty = r.json()["id"].as_i64().unwrap();
    let f = download(&buyer, &format!("/api/selections/{empty}/export.xlsx"), "id").await;
    assert_eq!(f.status, 422);
    let body: Value = serde_json::from_slice(&f.bytes).unwrap();
    assert_eq!(body["fields"][0]["code"], "selection.not_ready");
    app.stop().await;
}

#[tokio::test]
async fn each_page_of_results_names_its_own_rows() {
    // Pages load only the names they show: page by page, the rows, names and winner are those
    // of the whole ranking.
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    let id = ranked_event(&app, &buyer).await;
    let all = buyer.get(&format!("/api/selections/{id}/results?per_page=1000")).await.json();
    let rows = all["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0]["name"], rows[1]["name"]);
    for (k, row) in rows.iter().enumerate() {
        let page = buyer
            .get(&format!("/api/selections/{id}/results?page={}&per_page=1", k + 1))
            .await
            .json();
        assert_eq!((page["total"].as_u64(), page["page"].as_u64()), (Some(2), Some(k as u64 + 1)));
        let only = &page["rows"][0];
        assert_eq!(only["name"], row["name"], "page {}", k + 1);
        assert!(!only["name"].as_str().unwrap().is_empty());
        assert_eq!(only["organisation_id"], row["organisation_id"]);
        assert_eq!(
            only["score"].as_f64().map(f64::to_bits),
            row["score"].as_f64().map(f64::to_bits)
        );
        assert_eq!(page["winner"], all["winner"], "the winner is named on every page");
        let stability = page["stability"].as_array().unwrap();
        for (s, t) in stability.iter().zip(all["stability"].as_array().unwrap()) {
            assert_eq!((&s["below"], &s["above"]), (&t["below"], &t["above"]));
        }
    }
    assert_eq!(all["winner"], rows[0]["name"]);
}

/// OWASP's CSV injection: a name a spreadsheet would run as a formula is written with a leading
/// `'`, while numbers — a negative one too — stay numbers, so `mitra rank` reads the same table.
#[tokio::test]
async fn the_inputs_csv_writes_formula_names_as_text() {
    let app = spawn().await;
    let buyer = app.api_login("x@test.example").await;
    // (Names are trimmed when registered, so a leading tab or carriage return is unit-tested.)
    let names = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1)"];
    let mut orgs = Vec::new();
    for name in names {
        orgs.push(app.add_umkm(name).await);
    }
    let id = buyer.event_on("saw", &orgs, &[("price", "50"), ("custom_1", "50")]).await;
    let mut cells = Vec::new();
    for (i, o) in orgs.iter().enumerate() {
        cells.push((*o, "price", format!("{}", 9000 + 100 * i)));
        cells.push((*o, "custom_1", format!("{}", i as i64 - 5)));
    }
    buyer.set_values(id, &cells).await;
    let f = download(&buyer, &format!("/api/selections/{id}/inputs.csv"), "id").await;
    assert_eq!(f.status, 200);
    let mut reader = csv::Reader::from_reader(f.bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), names.len());
    for (name, o) in names.iter().zip(&orgs) {
        let row = rows.iter().find(|r| r[0].ends_with(&format!(" #{o}"))).unwrap();
        assert_eq!(&row[0], format!("'{name} #{o}"), "a formula name is written as text");
    }
    let first = rows.iter().find(|r| r[0].ends_with(&format!(" #{}", orgs[0]))).unwrap();
    assert_eq!((&first[1], &first[2]), ("9000", "-5"), "numbers are never prefixed");
    // An ordinary name is left alone.
    let id = ranked_event(&app, &buyer).await;
    let f = download(&buyer, &format!("/api/selections/{id}/inputs.csv"), "id").await;
    let text = String::from_utf8(f.bytes).unwrap();
    assert!(text.contains(&format!("\nUMKM A #{},", app.world.umkm_a)), "{text}");
    app.stop().await;
}
