//! Two-sided partnership assessment, assessor ratings, trend chart and printable reports: pages,
//! API, and who may see what.

use serde_json::{json, Value};

use crate::common::{spawn, spawn_postgres, Client, TestApp};

/// The answers of a whole component (four items) at one value.
fn component(prefix: &str, v: i64, into: &mut serde_json::Map<String, Value>) {
    for n in 1..=4 {
        into.insert(format!("{prefix}{n}"), json!(v));
    }
}

fn answers(parts: &[(&str, i64)]) -> Value {
    let mut m = serde_json::Map::new();
    for (p, v) in parts {
        component(p, *v, &mut m);
    }
    json!({ "answers": m })
}

/// The other party accepts a proposal, so the partnership runs.
async fn accept(app: &TestApp, email: &str, partnership: i64) {
    let c = app.api_login(email).await;
    let r = c
        .post_json(&format!("/api/partnerships/{partnership}/status"), &json!({"status": "active"}))
        .await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("active")), "{}", r.text);
}

/// Starts the caller's side through the API and submits `body`; returns the assessment id.
async fn rate(c: &Client, partnership: i64, body: &Value) -> i64 {
    let r = c.post_json(&format!("/api/partnerships/{partnership}/assessment"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let r = c.post_json(&format!("/api/assessments/{id}/submit"), body).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("submitted")), "{}", r.text);
    id
}

fn form_of(parts: &[(&str, &str)], csrf: &str, action: &str) -> Vec<(String, String)> {
    let mut f =
        vec![("csrf_token".to_owned(), csrf.to_owned()), ("action".to_owned(), action.to_owned())];
    for (p, v) in parts {
        for n in 1..=4 {
            f.push((format!("{p}{n}"), (*v).to_owned()));
        }
    }
    f
}

fn borrow(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn both_sides_rate_a_partnership_and_see_the_comparison() {
    let app = spawn().await;
    let w = &app.world;
    let p = w.p_xa;
    let path = format!("/partnerships/{p}/assessment");
    let x = app.web_login("x@test.example").await;
    // A proposal is not rated yet.
    let xa = app.api_login("x@test.example").await;
    let r = xa.post_json(&format!("/api/partnerships/{p}/assessment"), &json!({})).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("partnership_assessment.not_live"))
    );
    accept(&app, "a@test.example", p).await;
    // The partnership page links to the assessment; the buyer starts in the pages.
    let detail = x.get(&format!("/partnerships/{p}")).await.text;
    assert!(detail.contains(&format!("href=\"{path}\"")), "{detail}");
    let page = x.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains("Penilaian kemitraan dua pihak") && page.text.contains("Mulai menilai")
    );
    let form = x.get(&format!("{path}/form")).await;
    assert!(form.text.contains("Nilai kemitraan ini") && form.text.contains("type=\"radio\""));
    // A bad answer is refused beside its question; the choices stay.
    let mut bad = form_of(&[("jp", "4")], &x.csrf, "submit");
    bad.push(("tr1".into(), "9".into()));
    let r = x.post_form(&format!("{path}/form"), &borrow(&bad)).await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("id=\"tr1-error\"")
            && r.text.contains("id=\"jp2-4\" name=\"jp2\" value=\"4\" checked")
    );
    // Save half-way, come back, submit.
    let half = form_of(&[("jp", "4")], &x.csrf, "save");
    let r = x.post_form(&format!("{path}/form"), &borrow(&half)).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let again = x.get(&format!("{path}/form")).await.text;
    assert!(
        again.contains("id=\"jp3-4\" name=\"jp3\" value=\"4\" checked")
            && again.contains("<strong>4 / 32</strong>")
    );
    let full = form_of(&[("jp", "4"), ("tr", "2"), ("cm", "3")], &x.csrf, "submit");
    let r = x.post_form(&format!("{path}/form"), &borrow(&full)).await;
    assert_eq!(
        (r.status, r.location.as_deref()),
        (303, Some(format!("{path}?done=partnership_assessment.submitted").as_str()))
    );
    // Only one side has submitted: each sees its own answers only, and waits.
    let page = x.get(&path).await.text;
    assert!(page.contains("Menunggu pihak lain") && !page.contains("partnership-radar"), "{page}");
    let buyer_view = xa.get(&format!("/api/partnerships/{p}/assessment")).await.json();
    let buyer_id = buyer_view["buyer"]["assessment_id"].as_i64().expect("own side's id");
    assert!(buyer_view["comparison"].is_null());
    let a = app.api_login("a@test.example").await;
    let supplier_view = a.get(&format!("/api/partnerships/{p}/assessment")).await.json();
    assert!(
        supplier_view["buyer"]["submitted_at"].is_i64(),
        "the supplier sees that the buyer submitted"
    );
    assert!(supplier_view["buyer"]["assessment_id"].is_null(), "but not the buyer's assessment");
    assert_eq!(supplier_view["viewer_side"], "supplier");
    assert_eq!(a.get(&format!("/api/assessments/{buyer_id}")).await.status, 404);
    let own = xa.get(&format!("/api/assessments/{buyer_id}")).await;
    assert_eq!((own.status, own.json()["organisation_name"].as_str()), (200, Some("PT Sawit X")));
    // The supplier rates through the API: joint planning 2, trust 3, communication 3.
    let supplier_id = rate(&a, p, &answers(&[("jp", 2), ("tr", 3), ("cm", 3)])).await;
    let c = a.get(&format!("/api/partnerships/{p}/assessment?type=type_iii")).await.json();
    let cmp = &c["comparison"];
    assert_eq!(c["target_type"], "type_iii");
    // Buyer: 75, 25, 50 → 50; supplier: 25, 50, 50 → 41.67.
    assert_eq!(cmp["buyer_overall"].as_f64(), Some(50.0));
    assert!((cmp["supplier_overall"].as_f64().unwrap() - 125.0 / 3.0).abs() < 1e-9);
    let findings: Vec<(String, f64, String)> = cmp["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["component"].as_str().unwrap().to_owned(),
                f["gap"].as_f64().unwrap(),
                f["higher"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("joint_planning".to_owned(), 50.0, "buyer".to_owned()),
            ("trust".to_owned(), 25.0, "supplier".to_owned())
        ]
    );
    assert_eq!(cmp["gaps"][2]["component"], "communication");
    assert_eq!(cmp["gaps"][2]["gap"].as_f64(), Some(0.0));
    assert_eq!(cmp["targets"]["trust"].as_f64(), Some(75.0), "Type III target 4 of 5");
    let jp = &cmp["rows"][0];
    assert_eq!(
        (jp["component"].as_str(), jp["buyer"]["mean"].as_f64(), jp["supplier"]["index"].as_f64()),
        (Some("joint_planning"), Some(4.0), Some(25.0))
    );
    // The page shows both views side by side, the findings and the overlaid radar.
    let page = x.get(&format!("{path}?type=type_ii")).await.text;
    assert!(page.contains("<title id=\"partnership-radar-title\">"), "{page}");
    for class in ["series buyer", "series supplier", "series target"] {
        assert!(page.contains(&format!("class=\"{class}\"")), "{class}");
    }
    assert!(page.contains("Kesenjangan persepsi pada perencanaan bersama: pembeli menilainya 50 poin lebih tinggi daripada pemasok"));
    assert!(page.contains(
        "Kesenjangan persepsi pada kepercayaan: pemasok menilainya 25 poin lebih tinggi"
    ));
    assert!(!page.contains("Kesenjangan persepsi pada komunikasi"));
    assert!(
        page.contains("Penilaian kedua pihak per komponen") && page.contains("4 — terkelola"),
        "{page}"
    );
    // The printable comparison and the side's own printable report.
    let report = x.get(&format!("{path}/report?type=type_ii")).await;
    assert_eq!(report.status, 200);
    assert!(report.text.contains("Laporan penilaian") && report.text.contains("partnership-radar"));
    assert!(!report.text.contains("<form method=\"get\""), "no controls in the report");
    let own_report = a.get(&format!("/assessments/{supplier_id}/report")).await;
    assert_eq!(own_report.status, 200);
    assert!(
        own_report.text.contains("UMKM A")
            && own_report.text.contains("Hasil penilaian kemitraan (pihak Anda)")
    );
    // English on request.
    let en = x.get("/lang/en?next=/dashboard").await;
    assert_eq!(en.status, 303);
    let page = x.get(&path).await.text;
    assert!(page.contains("Perception gap on joint planning: the buyer rates it 50 points higher than the supplier does."), "{page}");
    app.stop().await;
}

async fn partnership_assessment_is_private(app: &TestApp) {
    let w = &app.world;
    accept(app, "a@test.example", w.p_xa).await;
    accept(app, "y@test.example", w.p_yb).await;
    let x = app.api_login("x@test.example").await;
    let a = app.api_login("a@test.example").await;
    let y = app.api_login("y@test.example").await;
    let b = app.api_login("b@test.example").await;
    let officer = app.api_login("officer@test.example").await;
    let admin = app.api_login("admin@test.example").await;
    let x_id = rate(&x, w.p_xa, &answers(&[("jp", 5)])).await;
    // X–A (no consent): the two parties only.
    for (c, who) in [
        (&y, "another buyer"),
        (&b, "another UMKM"),
        (&officer, "officer without consent"),
        (&admin, "administrator"),
    ] {
        let r = c.get(&format!("/api/partnerships/{}/assessment", w.p_xa)).await;
        assert_eq!(r.status, 404, "{who}: {}", r.text);
        let r = c.post_json(&format!("/api/partnerships/{}/assessment", w.p_xa), &json!({})).await;
        assert_eq!(r.status, 404, "{who} starting: {}", r.text);
        assert_eq!(c.get(&format!("/api/assessments/{x_id}")).await.status, 404, "{who}");
    }
    // The other side cannot read or change the buyer's answers.
    assert_eq!(a.get(&format!("/api/assessments/{x_id}")).await.status, 404);
    let r = a
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/assessments/{x_id}"),
            &json!({"answers": {}}),
            true,
        )
        .await;
    assert_eq!(r.status, 404);
    // Y–B (consent): the officer of the supplier's province reads it but is no side.
    let r = officer.get(&format!("/api/partnerships/{}/assessment", w.p_yb)).await;
    assert_eq!((r.status, r.json()["viewer_side"].clone()), (200, Value::Null), "{}", r.text);
    let r =
        officer.post_json(&format!("/api/partnerships/{}/assessment", w.p_yb), &json!({})).await;
    assert_eq!(r.status, 403);
    assert_eq!(admin.get(&format!("/api/partnerships/{}/assessment", w.p_yb)).await.status, 404);
    assert_eq!(a.get(&format!("/api/partnerships/{}/assessment", w.p_yb)).await.status, 404);
    let y_id = rate(&y, w.p_yb, &answers(&[("cs", 4)])).await;
    assert!(officer.get(&format!("/api/partnerships/{}/assessment", w.p_yb)).await.json()
        ["comparison"]
        .is_null());
    rate(&b, w.p_yb, &answers(&[("cs", 2)])).await;
    let seen = officer.get(&format!("/api/partnerships/{}/assessment", w.p_yb)).await.json();
    assert_eq!(seen["comparison"]["findings"][0]["component"], "contract_style");
    assert!(seen["buyer"]["assessment_id"].is_null(), "the officer gets scores, not answers");
    assert_eq!(officer.get(&format!("/api/assessments/{y_id}")).await.status, 404);
    // Pages say the same.
    let web_b = app.web_login("b@test.example").await;
    assert_eq!(web_b.get(&format!("/partnerships/{}/assessment", w.p_xa)).await.status, 404);
    assert_eq!(web_b.get(&format!("/partnerships/{}/assessment/form", w.p_xa)).await.status, 404);
    assert_eq!(web_b.get(&format!("/partnerships/{}/assessment/report", w.p_xa)).await.status, 404);
    assert_eq!(web_b.get(&format!("/assessments/{x_id}/report")).await.status, 404);
    let f = [("csrf_token", web_b.csrf.as_str()), ("jp1", "1"), ("action", "submit")];
    assert_eq!(
        web_b.post_form(&format!("/partnerships/{}/assessment/form", w.p_xa), &f).await.status,
        404
    );
    let web_o = app.web_login("officer@test.example").await;
    let page = web_o.get(&format!("/partnerships/{}/assessment", w.p_yb)).await;
    assert!(page.status == 200 && page.text.contains("partnership-radar"), "{}", page.text);
    assert_eq!(web_o.get(&format!("/partnerships/{}/assessment/form", w.p_yb)).await.status, 403);
    assert_eq!(web_o.get(&format!("/partnerships/{}/assessment", w.p_xa)).await.status, 404);
    // Unauthenticated and without CSRF: refused.
    let anon = app.client();
    assert_eq!(anon.get(&format!("/api/partnerships/{}/assessment", w.p_xa)).await.status, 401);
    assert_eq!(anon.get(&format!("/partnerships/{}/assessment", w.p_xa)).await.status, 303);
    let r = a
        .send_json(
            reqwest::Method::POST,
            &format!("/api/partnerships/{}/assessment", w.p_xa),
            &json!({}),
            false,
        )
        .await;
    assert_eq!((r.status, r.json()["code"].as_str()), (403, Some("csrf.invalid")));
}

#[tokio::test]
async fn partnership_assessment_is_private_on_sqlite() {
    let app = spawn().await;
    partnership_assessment_is_private(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn partnership_assessment_is_private_on_postgres() {
    let app = spawn_postgres().await;
    partnership_assessment_is_private(&app).await;
    app.stop().await;
}

async fn assessor_rates_an_umkm_with_evidence(app: &TestApp) {
    let w = &app.world;
    let officer = app.api_login("officer@test.example").await;
    let list = format!("/api/organisations/{}/assessor-ratings", w.umkm_a);
    let r = officer.post_json(&list, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["kind"], "assessor");
    // Resuming gives the same draft.
    assert_eq!(officer.post_json(&list, &json!({})).await.json()["id"].as_i64(), Some(id));
    // Bad notes are refused field by field, and nothing is saved.
    let mut body = answers(&[("tr", 4), ("cs", 2)]);
    body["notes"] = json!("Kunjungan 12 Mei: produksi rapi.");
    body["evidence"] = json!({"trust": "Pembeli membayar tepat waktu.", "nope": "x", "contract_style": "x".repeat(2001)});
    let r = officer
        .send_json(reqwest::Method::PUT, &format!("/api/assessments/{id}"), &body, true)
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    let codes: Vec<(String, String)> = r.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    assert!(
        codes.contains(&("evidence.nope".into(), "assessment.unknown_component".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("evidence.contract_style".into(), "field.too_long".into())),
        "{codes:?}"
    );
    // The draft is the officer's alone.
    let a = app.api_login("a@test.example").await;
    assert_eq!(a.get(&format!("/api/assessments/{id}")).await.status, 404);
    assert!(a.get(&list).await.json().as_array().unwrap().is_empty());
    body["evidence"] = json!({"trust": "Pembeli membayar tepat waktu.", "contract_style": "Belum ada kontrak tertulis."});
    let r = officer.post_json(&format!("/api/assessments/{id}/submit"), &body).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("submitted")), "{}", r.text);
    // The UMKM's users see the rating with its notes.
    let ratings = a.get(&list).await.json();
    assert_eq!(ratings[0]["assessment"]["notes"], "Kunjungan 12 Mei: produksi rapi.");
    assert_eq!(ratings[0]["evidence"]["contract_style"], "Belum ada kontrak tertulis.");
    assert_eq!(ratings[0]["overall_index"].as_f64(), Some(50.0), "(75 + 25) / 2");
    let res = a.get(&format!("/api/assessments/{id}")).await.json();
    assert_eq!(res["evidence"]["trust"], "Pembeli membayar tepat waktu.");
    assert_eq!(res["can_answer"], false);
    // Other UMKM, buyers and administrators do not (404); the UMKM cannot rate itself.
    for email in ["b@test.example", "x@test.example", "admin@test.example"] {
        let c = app.api_login(email).await;
        assert_eq!(c.get(&list).await.status, 404, "{email}");
        assert_eq!(c.get(&format!("/api/assessments/{id}")).await.status, 404, "{email}");
        assert_eq!(c.get(&format!("/assessments/{id}/report")).await.status, 404, "{email}");
    }
    assert_eq!(a.post_json(&list, &json!({})).await.status, 403);
    // Submitted is final.
    let r = officer
        .send_json(reqwest::Method::PUT, &format!("/api/assessments/{id}"), &body, true)
        .await;
    assert_eq!(r.json()["fields"][0]["code"], "assessment.already_submitted");
}

#[tokio::test]
async fn assessor_rating_on_sqlite() {
    let app = spawn().await;
    assessor_rates_an_umkm_with_evidence(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn assessor_rating_on_postgres() {
    let app = spawn_postgres().await;
    assessor_rates_an_umkm_with_evidence(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn assessor_pages_keep_what_was_typed_and_show_notes_to_the_umkm() {
    let app = spawn().await;
    let w = &app.world;
    let o = app.web_login("officer@test.example").await;
    let path = format!("/organisations/{}/assessor-ratings/new", w.umkm_a);
    let form = o.get(&path).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("name=\"evidence.trust\"") && form.text.contains("name=\"notes\""));
    let long = "x".repeat(2001);
    let mut f = form_of(&[("tr", "4")], &o.csrf, "submit");
    f.push(("evidence.trust".into(), "Dilihat di buku kas.".into()));
    f.push(("evidence.scope".into(), long));
    f.push(("notes".into(), "Catatan kunjungan".into()));
    let r = o.post_form(&path, &borrow(&f)).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("Dilihat di buku kas.") && r.text.contains("Catatan kunjungan"),
        "kept"
    );
    assert!(r.text.contains("id=\"evidence.scope-error\""));
    f.retain(|(k, _)| k != "evidence.scope");
    let r = o.post_form(&path, &borrow(&f)).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let results = r.location.unwrap();
    let page = o.get(&results).await.text;
    assert!(
        page.contains("Hasil penilaian asesor") && page.contains("Dilihat di buku kas."),
        "{page}"
    );
    let web_a = app.web_login("a@test.example").await;
    let profile = web_a.get(&format!("/organisations/{}", w.umkm_a)).await.text;
    assert!(profile.contains(&format!("/organisations/{}/assessor-ratings", w.umkm_a)));
    let list = web_a.get(&format!("/organisations/{}/assessor-ratings", w.umkm_a)).await;
    assert!(
        list.status == 200
            && list.text.contains("Catatan kunjungan")
            && list.text.contains("Dilihat di buku kas.")
    );
    assert!(!list.text.contains("assessor-ratings/new"), "the UMKM cannot rate itself");
    let web_b = app.web_login("b@test.example").await;
    assert_eq!(
        web_b.get(&format!("/organisations/{}/assessor-ratings", w.umkm_a)).await.status,
        404
    );
    assert_eq!(web_b.get(&path).await.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn readiness_results_show_the_trend_and_print_as_a_report() {
    let app = spawn().await;
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    let mut ids = Vec::new();
    for body in [answers(&[("jp", 2), ("tr", 3)]), answers(&[("jp", 4), ("tr", 3), ("cm", 5)])] {
        let r =
            a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
        let id = r.json()["id"].as_i64().unwrap();
        assert_eq!(a.post_json(&format!("/api/assessments/{id}/submit"), &body).await.status, 200);
        ids.push(id);
    }
    let res = a.get(&format!("/api/assessments/{}", ids[1])).await.json();
    let trend = res["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 2);
    assert_eq!(
        (trend[0]["assessment_id"].as_i64(), trend[1]["assessment_id"].as_i64()),
        (Some(ids[0]), Some(ids[1]))
    );
    // Overall: (25 + 50) / 2 = 37.5, then (75 + 50 + 100) / 3 = 75.
    assert_eq!(
        (trend[0]["overall"].as_f64(), trend[1]["overall"].as_f64()),
        (Some(37.5), Some(75.0))
    );
    let web = app.web_login("a@test.example").await;
    let page = web.get(&format!("/assessments/{}", ids[1])).await.text;
    assert!(
        page.contains("class=\"line-chart\"") && page.contains("<title id=\"trend-title\">"),
        "{page}"
    );
    assert!(
        page.contains("Data diagram tren")
            && page.contains("<td class=\"num\">38</td><td class=\"num\">75</td>"),
        "{page}"
    );
    let report = web.get(&format!("/assessments/{}/report?type=type_iii", ids[1])).await;
    assert_eq!(report.status, 200);
    for needle in [
        "Laporan penilaian",
        "UMKM A",
        "readiness-radar",
        "line-chart",
        "Langkah yang disarankan",
        "kemitraan Tipe III",
    ] {
        assert!(report.text.contains(needle), "{needle} missing from the report");
    }
    let css = web.get("/static/assessment.css").await.text;
    assert!(css.contains("@media print"));
    let b = app.web_login("b@test.example").await;
    assert_eq!(b.get(&format!("/assessments/{}/report", ids[1])).await.status, 404);
    app.stop().await;
}
