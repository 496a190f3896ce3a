//! HTTP tests: the real application on port 0, a fresh database per test, reqwest as the client.

mod access;
mod assessment;
mod browser;
mod candidate_view;
mod coaching;
mod common;
mod files;
mod forms;
mod hardening;
mod instrument_rule;
mod instruments;
mod partnership_assessment;
mod platform;
mod privacy;
mod selection;
mod selection_export;
mod seven_point;

use common::spawn;
use serde_json::json;

#[tokio::test]
async fn health_check_and_openapi() {
    let app = spawn().await;
    let c = app.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.text.as_str()), (200, "ok"));
    let doc = c.get("/api/openapi.json").await.json();
    assert_eq!(doc["info"]["title"], "Mitra API");
    app.stop().await;
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let app = spawn().await;
    let c = app.client();
    for (method, path) in mitra_server::api::ROUTES {
        let path = path.replace("{id}", "1");
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = c.send_json(m, &path, &json!({}), false).await;
        assert!(
            r.status != 405
                && !(r.status == 404 && r.json()["code"] == "not_found" && !path.contains('1')),
            "{method} {path} answered {}: {}",
            r.status,
            r.text
        );
    }
    // An unknown API path is a JSON 404.
    let r = c.get("/api/nothing-here").await;
    assert_eq!((r.status, r.json()["code"].as_str()), (404, Some("not_found")));
    app.stop().await;
}

#[tokio::test]
async fn unauthenticated_requests_are_refused() {
    let app = spawn().await;
    let c = app.client();
    for path in [
        "/api/me",
        "/api/organisations",
        "/api/organisations/1",
        "/api/partnerships",
        "/api/partnerships/1",
        "/api/partnerships/stats",
        "/api/regions",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(r.json()["code"], "auth.required", "{path}");
    }
    let r = c.post_json("/api/partnerships", &json!({"buyer_id": "1"})).await;
    assert_eq!(r.status, 401);
    for path in [
        "/dashboard",
        "/organisations",
        "/organisations/1",
        "/partnerships",
        "/partnerships/1",
        "/password",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, 303, "{path}");
        assert!(
            r.location.as_deref().is_some_and(|l| l.starts_with("/login?next=")),
            "{path}: {:?}",
            r.location
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn api_messages_follow_the_language() {
    let app = spawn().await;
    let c = app.client();
    let r = c.get("/api/me").await;
    assert_eq!(r.json()["message"], "Silakan masuk terlebih dahulu.");
    let en = c
        .http
        .get(format!("{}/api/me", c.base))
        .header("accept-language", "en-US,en;q=0.8")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = en.json().await.unwrap();
    assert_eq!(body["message"], "Please log in first.");
    app.stop().await;
}

#[tokio::test]
async fn login_is_rate_limited_per_account_and_address() {
    let app = spawn().await;
    let c = app.client();
    for _ in 0..5 {
        let r = c
            .post_json(
                "/api/session",
                &json!({"email": "a@test.example", "password": "salah sekali"}),
            )
            .await;
        assert_eq!((r.status, r.json()["code"].as_str()), (401, Some("auth.invalid")));
    }
    let r = c
        .post_json(
            "/api/session",
            &json!({"email": "a@test.example", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (429, Some("auth.rate_limited")),
        "even the right password waits"
    );
    // Another account from the same address is not affected.
    let r = c
        .post_json(
            "/api/session",
            &json!({"email": "b@test.example", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 200);
    app.stop().await;
}

#[tokio::test]
async fn password_change_ends_other_sessions() {
    let app = spawn().await;
    let first = app.api_login("a@test.example").await;
    let second = app.api_login("a@test.example").await;
    let body = json!({"current_password": "bukan ini", "new_password": "sandi baru yang panjang", "new_password_confirm": "sandi baru yang panjang"});
    let r = first.post_json("/api/password", &body).await;
    assert_eq!((r.status, r.json()["fields"][0]["code"].as_str()), (422, Some("password.wrong")));
    let body = json!({"current_password": common::PASSWORD, "new_password": "sandi baru yang panjang", "new_password_confirm": "sandi baru yang panjang"});
    assert_eq!(first.post_json("/api/password", &body).await.status, 204);
    assert_eq!(first.get("/api/me").await.status, 200, "this session stays");
    assert_eq!(second.get("/api/me").await.status, 401, "the other session ended");
    let c = app.client();
    let old = c
        .post_json(
            "/api/session",
            &json!({"email": "a@test.example", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(old.status, 401);
    let new = c
        .post_json(
            "/api/session",
            &json!({"email": "a@test.example", "password": "sandi baru yang panjang"}),
        )
        .await;
    assert_eq!(new.status, 200);
    app.stop().await;
}

#[tokio::test]
async fn partnership_lifecycle_through_the_api() {
    let app = spawn().await;
    let w = &app.world;
    let buyer = app.api_login("y@test.example").await;
    let supplier = app.api_login("a@test.example").await;
    let draft = json!({
        "buyer_id": w.buyer_y.to_string(), "supplier_id": w.umkm_a.to_string(),
        "pattern": "rantai_pasok", "path": "facilitated", "facilitator": "Dinas Koperasi",
        "contract_written": "true", "contract_style": "long_term", "start_on": "2026-01-01",
        "payment_terms_days": "30", "scope": ["procurement", "transport"],
        "joint_investments": [{"purpose": "cold storage", "amount": "Rp 80.000.000", "buyer_share_pct": "75"}]
    });
    let r = buyer.post_json("/api/partnerships", &draft).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let p = r.json();
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["joint_investments"][0]["supplier_share_pct"], 25);
    // Both parties see it.
    assert!(supplier.get("/api/partnerships").await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id));
    // The proposer cannot accept its own proposal; the other party can.
    let accept = json!({"status": "active"});
    let r = buyer.post_json(&format!("/api/partnerships/{id}/status"), &accept).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("status.counterparty"))
    );
    let r = supplier.post_json(&format!("/api/partnerships/{id}/status"), &accept).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("active")));
    let end = json!({"status": "ended"});
    let r = buyer.post_json(&format!("/api/partnerships/{id}/status"), &end).await;
    assert_eq!(r.json()["fields"][0]["code"], "status.reason_required");
    let detail = buyer.get(&format!("/api/partnerships/{id}")).await.json();
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
    // Validation errors are per field, in the caller's language.
    let r = buyer.post_json("/api/partnerships", &json!({"buyer_id": w.buyer_y.to_string(), "supplier_id": w.buyer_x.to_string(), "pattern": "barter", "path": "natural", "contract_style": "spot"})).await;
    assert_eq!(r.status, 422);
    let fields = r.json()["fields"].clone();
    let code_of = |f: &str| {
        fields.as_array().unwrap().iter().find(|e| e["field"] == f).map(|e| e["code"].clone())
    };
    assert_eq!(code_of("supplier_id"), Some(json!("partnership.supplier_kind")));
    assert_eq!(code_of("pattern"), Some(json!("field.choice")));
    app.stop().await;
}

#[tokio::test]
async fn registration_through_the_api_signs_in() {
    let app = spawn().await;
    let c = app.client();
    let body = json!({
        "display_name": "Dame Tarigan", "email": "dame@test.example",
        "password": "sirup markisa enak", "password_confirm": "sirup markisa enak",
        "legal_name": "Sirup Markisa Sibayak", "owner_name": "Dame Tarigan", "regency": "1211",
        "sector": "processed_food", "products": "sirup markisa", "workers": "3",
        "business_capital": "200.000.000", "annual_sales": "500.000.000"
    });
    let r = c.post_json("/api/register", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let me = c.get("/api/me").await.json();
    assert_eq!(
        (me["role"].as_str(), me["email"].as_str()),
        (Some("supplier_user"), Some("dame@test.example"))
    );
    let again = app.client().post_json("/api/register", &body).await;
    assert_eq!(
        (again.status, again.json()["fields"][0]["code"].as_str()),
        (422, Some("email.taken"))
    );
    app.stop().await;
}

#[tokio::test]
async fn colleagues_join_the_inviters_organisation_with_its_role() {
    let app = spawn().await;
    let a = app.api_login("a@test.example").await;
    let body =
        json!({"display_name": "Budi", "email": "budi@test.example", "password": "sementara-123"});
    let r = a.post_json("/api/colleagues", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let c = app.client();
    let r = c
        .post_json(
            "/api/session",
            &json!({"email": "budi@test.example", "password": "sementara-123"}),
        )
        .await;
    let user = r.json()["user"].clone();
    assert_eq!(
        (user["role"].as_str(), user["organisation_id"].as_i64()),
        (Some("supplier_user"), Some(app.world.umkm_a))
    );
    let again = a.post_json("/api/colleagues", &body).await;
    assert_eq!(
        (again.status, again.json()["fields"][0]["code"].as_str()),
        (422, Some("email.taken"))
    );
    let admin = app.api_login("admin@test.example").await;
    let r = admin
        .post_json(
            "/api/colleagues",
            &json!({"display_name": "X", "email": "x2@test.example", "password": "sementara-123"}),
        )
        .await;
    assert_eq!(r.status, 403);
    // The page works too.
    let web = app.web_login("x@test.example").await;
    let csrf = web.form_token("/colleagues").await;
    let r = web
        .post_form(
            "/colleagues",
            &[
                ("csrf_token", csrf.as_str()),
                ("display_name", "Sari"),
                ("email", "bad"),
                ("password", "sementara-123"),
            ],
        )
        .await;
    assert!(
        r.status == 422
            && r.text.contains("value=\"Sari\"")
            && r.text.contains("Alamat email tidak valid.")
    );
    app.stop().await;
}
