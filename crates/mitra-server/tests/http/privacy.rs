//! One organisation never sees another's private data.

use serde_json::json;

use crate::common::{spawn, spawn_postgres, TestApp};

async fn supplier_cannot_read_or_change_another_umkm(app: &TestApp) {
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    // Own profile: full, with private fields.
    let own = a.get(&format!("/api/organisations/{}", w.umkm_a)).await.json();
    assert_eq!(own["business_capital"], 750_000_000);
    assert_eq!(own["redacted"], false);
    // Another UMKM: neither readable nor changeable, in the API and in the pages.
    let r = a.get(&format!("/api/organisations/{}", w.umkm_b)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (403, Some("forbidden")));
    let r = a
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/organisations/{}", w.umkm_b),
            &json!({"legal_name": "Diambil alih"}),
            true,
        )
        .await;
    assert_eq!(r.status, 403);
    let b = app.db.clone();
    let still = mitra_core::Store::organisation(&b, w.umkm_b).await.unwrap();
    assert_eq!(still.legal_name, "UMKM B");
    // Another UMKM's partnership: invisible (404, not 403: its existence does not leak).
    let r = a.get(&format!("/api/partnerships/{}", w.p_yb)).await;
    assert_eq!(r.status, 404);
    let r = a
        .post_json(
            &format!("/api/partnerships/{}/status", w.p_yb),
            &json!({"status": "ended", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status, 404);
    let mine = a.get("/api/partnerships").await.json();
    let ids: Vec<i64> =
        mine["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [w.p_xa]);
    // Searches return no UMKM to a supplier.
    let found = a.get("/api/organisations?per_page=100").await.json();
    assert!(found["items"].as_array().unwrap().iter().all(|o| o["kind"] != "umkm"), "{found}");
    // Certificates likewise: own organisation yes, another no.
    let cert = json!({"kind": "halal", "number": "ID-1", "expires_on": "2030-01-31"});
    let r = a.post_json(&format!("/api/organisations/{}/certificates", w.umkm_a), &cert).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["certificates"][0]["expires_on"], "2030-01-31");
    let r = a.post_json(&format!("/api/organisations/{}/certificates", w.umkm_b), &cert).await;
    assert_eq!(r.status, 403);
    let bad = json!({"kind": "halal", "issued_on": "2024-02-30"});
    let r = a.post_json(&format!("/api/organisations/{}/certificates", w.umkm_a), &bad).await;
    assert_eq!((r.status, r.json()["fields"][0]["field"].as_str()), (422, Some("issued_on")));
    // Asking a search for UMKM does not widen what a supplier sees.
    let found = a.get("/api/organisations?kind=umkm").await.json();
    assert!(found["items"].as_array().unwrap().iter().all(|o| o["kind"] != "umkm"), "{found}");
    // Pages say the same.
    let web = app.web_login("a@test.example").await;
    assert_eq!(web.get(&format!("/organisations/{}", w.umkm_b)).await.status, 403);
    assert_eq!(web.get(&format!("/organisations/{}/edit", w.umkm_b)).await.status, 403);
    assert_eq!(web.get(&format!("/partnerships/{}", w.p_yb)).await.status, 404);
    let csrf = web.csrf.clone();
    let r = web
        .post_form(
            &format!("/organisations/{}/edit", w.umkm_b),
            &[
                ("csrf_token", csrf.as_str()),
                ("legal_name", "x"),
                ("owner_name", "x"),
                ("regency", "1275"),
                ("sector", "crafts"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn supplier_cannot_read_or_change_another_umkm_sqlite() {
    let app = spawn().await;
    supplier_cannot_read_or_change_another_umkm(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn supplier_cannot_read_or_change_another_umkm_postgres() {
    let app = spawn_postgres().await;
    supplier_cannot_read_or_change_another_umkm(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn buyer_cannot_see_another_buyers_partnerships() {
    let app = spawn().await;
    let w = &app.world;
    let y = app.api_login("y@test.example").await;
    assert_eq!(y.get(&format!("/api/partnerships/{}", w.p_xa)).await.status, 404);
    assert_eq!(y.get(&format!("/api/partnerships/{}", w.p_yb)).await.status, 200);
    let list = y.get("/api/partnerships").await.json();
    assert!(list["items"].as_array().unwrap().iter().all(|p| p["id"] != w.p_xa));
    // A buyer sees an UMKM's directory profile, without its private figures.
    let profile = y.get(&format!("/api/organisations/{}", w.umkm_a)).await.json();
    assert_eq!(
        (profile["redacted"].as_bool(), profile["business_capital"].is_null()),
        (Some(true), true)
    );
    assert!(profile["contact_phone"].is_null());
    assert_eq!(profile["size_class"], "micro");
    // Nor through the pages.
    let web = app.web_login("y@test.example").await;
    assert_eq!(web.get(&format!("/partnerships/{}", w.p_xa)).await.status, 404);
    let page = web.get(&format!("/organisations/{}", w.umkm_a)).await.text;
    assert!(
        !page.contains("750.000.000") && !page.contains("0812 6000 1234"),
        "private figures leaked"
    );
    // A buyer may narrow a search to UMKM.
    let umkm = y.get("/api/organisations?kind=umkm").await.json();
    assert_eq!(umkm["total"], 2);
    // And the stats are for institutions only.
    assert_eq!(y.get("/api/partnerships/stats").await.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn the_institution_sees_aggregates_and_consented_details_only() {
    let app = spawn().await;
    let w = &app.world;
    let officer = app.api_login("officer@test.example").await;
    assert_eq!(
        officer.get(&format!("/api/partnerships/{}", w.p_xa)).await.status,
        404,
        "no consent"
    );
    assert_eq!(
        officer.get(&format!("/api/partnerships/{}", w.p_yb)).await.status,
        200,
        "consent given"
    );
    let r = officer
        .post_json(
            &format!("/api/partnerships/{}/status", w.p_yb),
            &json!({"status": "ended", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status, 403, "seeing is not changing");
    let stats = officer.get("/api/partnerships/stats").await.json();
    assert_eq!(stats["province"], "12");
    let total: i64 = stats["partnerships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 2);
    // Consent is the supplier's: the buyer cannot grant it, the supplier can and can withdraw it.
    let x = app.api_login("x@test.example").await;
    let r = x
        .post_json(&format!("/api/partnerships/{}/consent", w.p_xa), &json!({"consent": true}))
        .await;
    assert_eq!(r.status, 403);
    let a = app.api_login("a@test.example").await;
    let r = a
        .post_json(&format!("/api/partnerships/{}/consent", w.p_xa), &json!({"consent": true}))
        .await;
    assert_eq!((r.status, r.json()["institution_consent"].as_bool()), (200, Some(true)));
    assert_eq!(
        officer.get(&format!("/api/partnerships/{}", w.p_xa)).await.status,
        200,
        "now consented"
    );
    a.post_json(&format!("/api/partnerships/{}/consent", w.p_xa), &json!({"consent": false})).await;
    assert_eq!(
        officer.get(&format!("/api/partnerships/{}", w.p_xa)).await.status,
        404,
        "withdrawn"
    );
    // Full profiles in its province.
    let a = officer.get(&format!("/api/organisations/{}", w.umkm_a)).await.json();
    assert_eq!(a["business_capital"], 750_000_000);
    let dash = app.web_login("officer@test.example").await.get("/dashboard").await;
    assert!(
        dash.text.contains("Ringkasan wilayah") && dash.text.contains("Subkontrak"),
        "{}",
        dash.text
    );
    app.stop().await;
}
