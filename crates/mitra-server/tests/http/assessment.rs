//! Readiness self-assessment: pages, API, and who may see it.

use serde_json::json;

use crate::common::{csrf_in, spawn, spawn_postgres, TestApp};

#[tokio::test]
async fn supplier_takes_saves_resumes_and_submits_in_the_pages() {
    let app = spawn().await;
    let w = &app.world;
    let a = app.web_login("a@test.example").await;
    let path = format!("/organisations/{}/readiness", w.umkm_a);
    let page = a.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Penilaian kesiapan kemitraan"));
    assert!(page.text.contains("perencanaan bersama") && page.text.contains("type=\"radio\""));
    let csrf = csrf_in(&page.text).unwrap();
    // Submitting nothing is refused, in the user's language.
    let r = a.post_form(&path, &[("csrf_token", &csrf), ("action", "submit")]).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Jawab setidaknya satu pertanyaan"), "{}", r.text);
    // A tampered value is refused beside its question; what was chosen stays chosen.
    let r = a
        .post_form(
            &path,
            &[("csrf_token", &csrf), ("jp1", "4"), ("jp2", "7"), ("action", "submit")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"jp2-error\"") && r.text.contains("Pilih salah satu jawaban"));
    assert!(r.text.contains("id=\"jp1-4\" name=\"jp1\" value=\"4\" checked"), "kept: {}", r.text);
    // Save and continue later: the draft comes back filled in.
    let r = a
        .post_form(&path, &[("csrf_token", &csrf), ("jp1", "4"), ("tr1", "2"), ("action", "save")])
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let again = a.get(&path).await;
    assert!(again.text.contains("id=\"jp1-4\" name=\"jp1\" value=\"4\" checked"));
    assert!(again.text.contains("id=\"tr1-2\" name=\"tr1\" value=\"2\" checked"));
    assert!(again.text.contains("<strong>2 / 32</strong>"));
    // Submit: every component but two answered.
    let mut form: Vec<(String, String)> =
        vec![("csrf_token".into(), csrf.clone()), ("action".into(), "submit".into())];
    for (prefix, v) in
        [("jp", "2"), ("oc", "3"), ("cm", "4"), ("tr", "5"), ("co", "4"), ("cs", "1")]
    {
        for n in 1..=4 {
            form.push((format!("{prefix}{n}"), v.into()));
        }
    }
    form.push(("sc1".into(), "3".into()));
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = a.post_form(&path, &borrowed).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let results_path = r.location.unwrap();
    assert!(results_path.starts_with("/assessments/"));
    let res = a.get(&results_path).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let t = &res.text;
    assert!(t.contains("<svg") && t.contains("<title id=\"readiness-radar-title\">"), "radar");
    assert!(t.contains("Belum dinilai: perlu 2 jawaban"), "scope and joint investment unscored");
    assert!(t.contains("berkembang") && t.contains("terpadu"), "maturity names");
    assert!(t.contains("Langkah yang disarankan"));
    assert!(t.contains("Ini penilaian pertama"));
    // Overall: mean of indices 25, 50, 75, 100, 75, 0 = 54.
    assert!(t.contains("<p class=\"big\">54</p>"), "{t}");
    // Submitted answers are final.
    let id: i64 = results_path
        .trim_start_matches("/assessments/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let api = app.api_login("a@test.example").await;
    let r = api
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/assessments/{id}"),
            &json!({"answers": {"jp1": 1}}),
            true,
        )
        .await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("assessment.already_submitted"))
    );
    // A re-assessment shows the change per component.
    let r = api.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id2 = r.json()["id"].as_i64().unwrap();
    assert_ne!(id2, id);
    let body =
        json!({"answers": {"jp1": 4, "jp2": 4, "jp3": "4", "jp4": null, "tr1": 5, "tr2": 5}});
    let r = api.post_json(&format!("/api/assessments/{id2}/submit"), &body).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("submitted")), "{}", r.text);
    let res = api.get(&format!("/api/assessments/{id2}?type=type_iii")).await.json();
    assert_eq!(res["target_type"], "type_iii");
    assert_eq!(res["previous_id"], id);
    let jp = res["progress"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "joint_planning")
        .unwrap()
        .clone();
    assert_eq!(
        (jp["previous"].as_f64(), jp["current"].as_f64(), jp["change"].as_f64()),
        (Some(25.0), Some(75.0), Some(50.0))
    );
    let page = a.get(&format!("/assessments/{id2}")).await.text;
    assert!(page.contains("+50") && page.contains("class=\"series previous\""), "{page}");
    // English when the switch says so.
    let en = a.get("/lang/en?next=/dashboard").await;
    assert_eq!(en.status, 303);
    let page = a.get(&path).await.text;
    assert!(page.contains("Save and continue later") && page.contains("joint planning"));
    app.stop().await;
}

async fn readiness_is_private(app: &TestApp) {
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    let r = a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    let id = r.json()["id"].as_i64().unwrap();
    let r = a
        .post_json(
            &format!("/api/assessments/{id}/submit"),
            &json!({"answers": {"jp1": 3, "jp2": 3}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Another UMKM: cannot read, change or start it.
    let b = app.api_login("b@test.example").await;
    assert_eq!(b.get(&format!("/api/assessments/{id}")).await.status, 404);
    let r = b
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/assessments/{id}"),
            &json!({"answers": {}}),
            true,
        )
        .await;
    assert_eq!(r.status, 404);
    let r = b.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    assert_eq!(r.status, 403);
    // A buyer (even a partner of the UMKM) and an administrator do not see it.
    let x = app.api_login("x@test.example").await;
    assert_eq!(x.get(&format!("/api/assessments/{id}")).await.status, 404);
    assert_eq!(x.get("/api/readiness/region").await.status, 403);
    let admin = app.api_login("admin@test.example").await;
    assert_eq!(admin.get(&format!("/api/assessments/{id}")).await.status, 404);
    // The institution officer of the region sees it, and the regional list, but cannot answer.
    let officer = app.api_login("officer@test.example").await;
    let r = officer.get(&format!("/api/assessments/{id}")).await;
    assert_eq!((r.status, r.json()["organisation_name"].as_str()), (200, Some("UMKM A")));
    let r = officer
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/assessments/{id}"),
            &json!({"answers": {}}),
            true,
        )
        .await;
    assert_eq!(r.status, 403);
    let list = officer.get("/api/readiness/region").await.json();
    let rows = list.as_array().unwrap();
    let row_a = rows.iter().find(|r| r["organisation_id"] == w.umkm_a).unwrap();
    assert_eq!(row_a["overall_index"].as_f64(), Some(50.0));
    assert!(rows.iter().any(|r| r["organisation_id"] == w.umkm_b && r["latest"].is_null()));
    // Pages say the same.
    let web_b = app.web_login("b@test.example").await;
    assert_eq!(web_b.get(&format!("/assessments/{id}")).await.status, 404);
    assert_eq!(web_b.get(&format!("/organisations/{}/readiness", w.umkm_a)).await.status, 403);
    let csrf = web_b.csrf.clone();
    let r = web_b
        .post_form(
            &format!("/organisations/{}/readiness", w.umkm_a),
            &[("csrf_token", &csrf), ("jp1", "1"), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, 403);
    let web_o = app.web_login("officer@test.example").await;
    let r = web_o.get("/readiness/region").await;
    assert!(r.status == 200 && r.text.contains("UMKM A"), "{}", r.text);
    // Unauthenticated: refused; without CSRF: refused, and nothing changed.
    let anon = app.client();
    assert_eq!(anon.get(&format!("/api/assessments/{id}")).await.status, 401);
    assert_eq!(anon.get(&format!("/assessments/{id}")).await.status, 303);
    assert_eq!(anon.get(&format!("/organisations/{}/readiness", w.umkm_a)).await.status, 303);
    let r = a
        .send_json(
            reqwest::Method::POST,
            &format!("/api/organisations/{}/readiness", w.umkm_a),
            &json!({}),
            false,
        )
        .await;
    assert_eq!((r.status, r.json()["code"].as_str()), (403, Some("csrf.invalid")));
    let web_a = app.web_login("a@test.example").await;
    let r = web_a
        .post_form(
            &format!("/organisations/{}/readiness", w.umkm_a),
            &[("jp1", "1"), ("action", "submit")],
        )
        .await;
    assert_eq!(r.status, 403);
    let latest = mitra_core::assessment::store::AssessmentStore::assessment_draft(
        &app.db,
        w.umkm_a,
        mitra_core::assessment::store::AssessmentKind::Readiness,
        None,
    )
    .await
    .unwrap();
    assert!(latest.is_none(), "no draft was made by the refused post");
}

#[tokio::test]
async fn readiness_is_private_on_sqlite() {
    let app = spawn().await;
    readiness_is_private(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn readiness_is_private_on_postgres() {
    let app = spawn_postgres().await;
    readiness_is_private(&app).await;
    app.stop().await;
}
