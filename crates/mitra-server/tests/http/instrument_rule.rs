//! Which instrument an assessment is answered on: one rule for readiness, assessor ratings,
//! partnership assessments and survey imports. Drafts and other institutions' instruments are
//! never used.

use mitra_core::Store;
use serde_json::{json, Value};

use crate::coaching::{survey_csv, upload};
use crate::common::{spawn, Client, TestApp, PASSWORD};

/// A new institution with one officer (`email`) in `regency`, made by the administrator.
pub(crate) async fn add_institution(app: &TestApp, name: &str, regency: &str, email: &str) {
    let admin = app.api_login("admin@test.example").await;
    let body = json!({
        "kind": "institution", "legal_name": name, "owner_name": "Ketua", "regency": regency,
        "sector": "other", "display_name": format!("Petugas {name}"), "email": email,
        "password": PASSWORD
    });
    let r = admin.post_json("/api/admin/organisations", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
}

/// The officer copies the starting instrument into a draft; its `key@version`.
pub(crate) async fn copy_starting(officer: &Client) -> String {
    let r =
        officer.post_json("/api/instruments/copy", &json!({"key": "starting", "version": 1})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    format!("{}@{}", v["key"].as_str().unwrap(), v["version"])
}

/// Publishes the officer's draft `label` with `points` on its scale.
pub(crate) async fn publish(officer: &Client, label: &str, points: u8) {
    let at = format!("/api/instruments/{}", label.replace('@', "/"));
    let body = json!({"fields": {"scale": points}, "publish": true});
    let r = officer.send_json(reqwest::Method::PUT, &at, &body, true).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("published")), "{}", r.text);
}

fn label_of(record: &Value) -> String {
    format!("{}@{}", record["instrument_key"].as_str().unwrap(), record["instrument_version"])
}

/// Answers every item of the assessment's own instrument with 3 and submits.
async fn submit_mid(c: &Client, id: i64) {
    let i = c.get(&format!("/api/assessments/{id}/instrument")).await;
    assert_eq!(i.status, 200, "{}", i.text);
    let answers: serde_json::Map<String, Value> = i.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| (it["key"].as_str().unwrap().to_owned(), json!(3)))
        .collect();
    let r =
        c.post_json(&format!("/api/assessments/{id}/submit"), &json!({"answers": answers})).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

/// The UMKM user starts a readiness assessment, answers and submits it; its instrument.
async fn readiness_on(c: &Client, umkm: i64) -> String {
    let r = c.post_json(&format!("/api/organisations/{umkm}/readiness"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    submit_mid(c, r.json()["id"].as_i64().unwrap()).await;
    label_of(&r.json())
}

/// The officer starts (or resumes) a rating of the UMKM; its instrument.
async fn rating_on(c: &Client, umkm: i64) -> String {
    let r = c.post_json(&format!("/api/organisations/{umkm}/assessor-ratings"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    label_of(&r.json())
}

/// The party starts its side of the partnership; the record.
async fn side_on(c: &Client, partnership: i64) -> Value {
    let r = c.post_json(&format!("/api/partnerships/{partnership}/assessment"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn one_rule_picks_the_instrument_of_every_assessment() {
    let app = spawn().await;
    let w = &app.world;
    // Three more institutions of North Sumatra (the only province shipped), with higher ids.
    add_institution(&app, "BDC Sumut", "1275", "bdc@test.example").await;
    add_institution(&app, "PLUT Deli Serdang", "1212", "plut@test.example").await;
    add_institution(&app, "Klinik UMKM Binjai", "1275", "klinik@test.example").await;
    let (officer, bdc, plut, klinik) = (
        app.api_login("officer@test.example").await,
        app.api_login("bdc@test.example").await,
        app.api_login("plut@test.example").await,
        app.api_login("klinik@test.example").await,
    );
    let a = app.api_login("a@test.example").await;
    let x = app.api_login("x@test.example").await;

    // Drafts are never used.
    let bdc_v2 = copy_starting(&bdc).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, "starting@1");
    // The province's institutions: the lowest id that published one.
    publish(&bdc, &bdc_v2, 5).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, bdc_v2, "the only one that published");
    let own_v2 = copy_starting(&officer).await;
    publish(&officer, &own_v2, 5).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, own_v2, "the lowest id wins");
    let plut_v2 = copy_starting(&plut).await;
    publish(&plut, &plut_v2, 7).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, own_v2, "a higher id is not used");
    // The coach's institution comes first; its new draft is not used.
    let (coach, _) = app.db.account_by_email("bdc@test.example").await.unwrap().unwrap();
    let r = bdc
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/organisations/{}/coach", w.umkm_a),
            &json!({"coach_id": coach.id}),
            true,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let bdc_v3 = copy_starting(&bdc).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, bdc_v2, "the coach's, not its draft");
    // UMKM B (no coach) still gets the province's.
    let b = app.api_login("b@test.example").await;
    assert_eq!(readiness_on(&b, w.umkm_b).await, own_v2);

    // Assessor ratings: the officer's own institution's instrument, else the UMKM's rule.
    assert_eq!(rating_on(&officer, w.umkm_a).await, own_v2);
    assert_eq!(rating_on(&bdc, w.umkm_a).await, bdc_v2);
    assert_eq!(rating_on(&plut, w.umkm_a).await, plut_v2);
    assert_eq!(rating_on(&klinik, w.umkm_a).await, bdc_v2, "none of its own: A's coach's");
    assert_eq!(rating_on(&klinik, w.umkm_b).await, own_v2, "none of its own: B's province's");

    // A partnership: the first side opens on the supplier's instrument; the second answers the
    // same version even after a newer one is published.
    let r = a
        .post_json(&format!("/api/partnerships/{}/status", w.p_xa), &json!({"status": "active"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let buyer_side = side_on(&x, w.p_xa).await;
    assert_eq!(label_of(&buyer_side), bdc_v2);
    publish(&bdc, &bdc_v3, 5).await;
    assert_eq!(readiness_on(&a, w.umkm_a).await, bdc_v3, "the coach's latest now");
    let supplier_side = side_on(&a, w.p_xa).await;
    assert_eq!(label_of(&supplier_side), bdc_v2, "the version the buyer answered");
    // The buyer reads the instrument of its side, not the supplier's side.
    let (bid, sid) = (buyer_side["id"].as_i64().unwrap(), supplier_side["id"].as_i64().unwrap());
    assert_eq!(x.get(&format!("/api/assessments/{sid}/instrument")).await.status, 404);
    submit_mid(&x, bid).await;
    submit_mid(&a, sid).await;
    let overview = x.get(&format!("/api/partnerships/{}/assessment", w.p_xa)).await.json();
    assert!(overview["comparison"].is_object(), "{overview}");
    // A new round opens on the supplier's instrument as it is now; the other side follows.
    let again = side_on(&a, w.p_xa).await;
    assert_eq!(label_of(&again), bdc_v3);
    assert_eq!(label_of(&side_on(&x, w.p_xa).await), bdc_v3);

    // Only the assessment's readers read its instrument (the province's officers do).
    let readiness =
        a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    let rid = readiness.json()["id"].as_i64().unwrap();
    let admin = app.api_login("admin@test.example").await;
    for c in [&x, &b, &admin] {
        assert_eq!(c.get(&format!("/api/assessments/{rid}/instrument")).await.status, 404);
    }
    assert_eq!(plut.get(&format!("/api/assessments/{rid}/instrument")).await.status, 200);
    let own = a.get(&format!("/api/assessments/{rid}/instrument")).await;
    assert_eq!(
        format!("{}@{}", own.json()["key"].as_str().unwrap(), own.json()["version"]),
        bdc_v3
    );
    app.stop().await;
}

#[tokio::test]
async fn survey_uploads_use_a_published_instrument_of_the_officer_s_institution() {
    let app = spawn().await;
    let officer = app.api_login("officer@test.example").await;
    add_institution(&app, "BDC Sumut", "1275", "bdc@test.example").await;
    let bdc = app.api_login("bdc@test.example").await;
    let own_v2 = copy_starting(&officer).await;
    publish(&officer, &own_v2, 7).await;
    let own_v3 = copy_starting(&officer).await;
    let bdc_v2 = copy_starting(&bdc).await;
    publish(&bdc, &bdc_v2, 7).await;
    // A 6 is an answer on the 7-point instrument only.
    let csv = survey_csv(&[("UMKM A", "6", None), ("", "7", None)]);
    let send = |instrument: &str| {
        let (csv, instrument) = (csv.clone(), instrument.to_owned());
        let officer = &officer;
        async move {
            let mut parts: Vec<(&str, Option<&str>, &[u8])> =
                vec![("file", Some("survei.csv"), csv.as_bytes())];
            if !instrument.is_empty() {
                parts.push(("instrument", None, instrument.as_bytes()));
            }
            upload(officer, "/api/survey-imports", &parts).await
        }
    };
    for refused in [own_v3.as_str(), bdc_v2.as_str(), "starting@9", "nonsense"] {
        let r = send(refused).await;
        assert_eq!(r.status, 422, "{refused}: {}", r.text);
        assert_eq!(
            (r.json()["fields"][0]["field"].as_str(), r.json()["fields"][0]["code"].as_str()),
            (Some("instrument"), Some("survey.unknown_instrument")),
            "{refused}"
        );
    }
    let r = send("starting@1").await;
    assert_eq!((r.status, r.json()["code"].as_str()), (422, Some("survey.invalid")));
    assert!(r.json()["problems"][0]["message"].as_str().unwrap().contains("baris 2, kolom 'jp1'"));
    // By default the institution's latest published version: both rows go in.
    let r = send("").await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.json()["imported"].as_i64(), r.json()["linked"].as_i64()), (Some(2), Some(1)));
    let plan =
        officer.get(&format!("/api/organisations/{}/action-plan", app.world.umkm_a)).await.json();
    let id = plan["latest_assessment_id"].as_i64().expect("imported");
    let res = officer.get(&format!("/api/assessments/{id}")).await.json();
    assert_eq!(label_of(&res["assessment"]), own_v2);
    // 6 on 1–7: (6 − 1) / 6 · 100.
    let index = res["score"]["overall"]["index"].as_f64().unwrap();
    assert!((index - 250.0 / 3.0).abs() < 1e-9, "{index}");
    // The page offers the latest published version first and never a draft or another's.
    let web = app.web_login("officer@test.example").await;
    let page = web.get("/survey/import").await.text;
    assert!(page.contains(&format!("<option value=\"{own_v2}\" selected>")), "{page}");
    assert!(page.contains("<option value=\"starting@1\">"));
    assert!(!page.contains(&own_v3) && !page.contains(&bdc_v2));
    app.stop().await;
}
