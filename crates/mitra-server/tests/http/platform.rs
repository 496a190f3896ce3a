//! Administration, institution programmes and profile history over HTTP: pages and API, with
//! their privacy rules.

use serde_json::{json, Value};

use crate::common::{spawn, spawn_postgres, TestApp, PASSWORD};

fn organisation_form<'a>(
    csrf: &'a str,
    kind: &'a str,
    name: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("kind", kind),
        ("legal_name", name),
        ("owner_name", "Kepala Dinas"),
        ("regency", "1275"),
        ("sector", "other"),
        ("display_name", "Petugas Baru"),
        ("email", email),
        ("password", PASSWORD),
    ]
}

#[tokio::test]
async fn administrators_create_organisations_and_accounts_others_cannot() {
    let app = spawn().await;
    let admin = app.web_login("admin@test.example").await;
    let csrf = admin.form_token("/admin/organisations/new").await;

    // Rejected: a taken email and a bad NIB; the typed values come back, nothing is stored.
    let mut bad = organisation_form(&csrf, "institution", "Dinas <Baru> 'Kab'", "x@test.example");
    bad.push(("nib", "12-34"));
    let r = admin.post_form("/admin/organisations/new", &bad).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("NIB terdiri atas 13 angka"), "per-field message");
    assert!(r.text.contains("value=\"12-34\""), "typed NIB kept");
    assert!(
        r.text.contains("Dinas &#60;Baru&#62; &#39;Kab&#39;")
            || r.text.contains("Dinas &lt;Baru&gt;")
    );
    let good_nib = organisation_form(&csrf, "institution", "Dinas Baru", "x@test.example");
    let r = admin.post_form("/admin/organisations/new", &good_nib).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Email ini sudah terdaftar"), "the taken email is reported");
    let api = app.api_login("admin@test.example").await;
    let found = api.get("/api/organisations?name=Dinas%20Baru").await.json();
    assert_eq!(found["total"], 0, "the organisation was not created half-way");

    // Without the CSRF token: refused, nothing created.
    let mut no_csrf = organisation_form("", "institution", "Dinas Baru", "baru@test.example");
    no_csrf.remove(0);
    let r = admin.post_form("/admin/organisations/new", &no_csrf).await;
    assert_eq!(r.status, 403);
    assert_eq!(api.get("/api/organisations?name=Dinas%20Baru").await.json()["total"], 0);

    // Accepted: the organisation exists and its first account can log in with its role.
    let ok = organisation_form(&csrf, "institution", "Dinas Baru", "baru@test.example");
    let r = admin.post_form("/admin/organisations/new", &ok).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let org_id: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/organisations/"))
        .and_then(|l| l.split('?').next())
        .and_then(|id| id.parse().ok())
        .expect("redirect to the new profile");
    let me = app.api_login("baru@test.example").await.get("/api/me").await.json();
    assert_eq!(me["role"], "institution_officer");
    assert_eq!(me["organisation_id"], org_id);

    // A further account on an existing organisation takes its kind's role.
    let csrf = admin.form_token("/admin/accounts/new").await;
    let buyer = app.world.buyer_x.to_string();
    let add = |org: &str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("organisation_id", org.to_owned()),
            ("display_name", "Rekan Pembeli".to_owned()),
            ("email", "rekan@test.example".to_owned()),
            ("password", PASSWORD.to_owned()),
        ]
    };
    let post = |form: Vec<(&'static str, String)>| {
        admin.http.post(format!("{}/admin/accounts/new", app.base)).form(&form).send()
    };
    let r = post(add("999999")).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let text = r.text().await.unwrap();
    assert!(text.contains("Organisasi tidak ditemukan") && text.contains("value=\"999999\""));
    let r = post(add(&buyer)).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let me = app.api_login("rekan@test.example").await.get("/api/me").await.json();
    assert_eq!(
        (me["role"].as_str(), me["organisation_id"].as_i64()),
        (Some("buyer_user"), Some(app.world.buyer_x))
    );

    // The list shows name, email, role and organisation.
    let list = admin.get("/admin/accounts").await;
    assert_eq!(list.status, 200);
    for text in
        ["Rekan Pembeli", "rekan@test.example", "Pengguna pembeli", "PT Sawit X", "Dinas Baru"]
    {
        assert!(list.text.contains(text), "{text} listed");
    }
    let listed = api.get("/api/admin/accounts").await.json();
    assert_eq!(listed["total"], 8);

    // The API does the same with the same checks.
    let body = json!({
        "kind": "buyer", "legal_name": "PT Kopi Sumatera", "owner_name": "Direktur",
        "regency": "1211", "sector": "agricultural", "display_name": "Pembeli Kopi",
        "email": "kopi@test.example", "password": PASSWORD
    });
    let r = api.post_json("/api/admin/organisations", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["organisation"]["kind"], "buyer");
    assert_eq!(r.json()["user"]["role"], "buyer_user");
    let mut umkm = body.clone();
    umkm["kind"] = json!("umkm");
    umkm["email"] = json!("umkm@test.example");
    let r = api.post_json("/api/admin/organisations", &umkm).await;
    assert_eq!((r.status, r.json()["fields"][0]["field"].as_str()), (422, Some("kind")));
    let r = api
        .send_json(
            reqwest::Method::POST,
            "/api/admin/accounts",
            &json!({"organisation_id": "1"}),
            false,
        )
        .await;
    assert_eq!(r.status, 403, "no CSRF header");

    // Nobody else administers: pages and API answer 403.
    for email in ["x@test.example", "a@test.example", "officer@test.example"] {
        let web = app.web_login(email).await;
        for path in ["/admin/accounts", "/admin/organisations/new", "/admin/accounts/new"] {
            assert_eq!(web.get(path).await.status, 403, "{email} {path}");
        }
        let token = web.csrf.clone();
        let form = organisation_form(&token, "buyer", "PT Palsu", "palsu@test.example");
        assert_eq!(web.post_form("/admin/organisations/new", &form).await.status, 403);
        let c = app.api_login(email).await;
        assert_eq!(c.get("/api/admin/accounts").await.status, 403, "{email}");
        let mut fake = body.clone();
        fake["email"] = json!("palsu@test.example");
        assert_eq!(c.post_json("/api/admin/organisations", &fake).await.status, 403);
        let acc = json!({"organisation_id": buyer, "display_name": "X", "email": "palsu@test.example", "password": PASSWORD});
        assert_eq!(c.post_json("/api/admin/accounts", &acc).await.status, 403);
    }
    assert!(app.db_has_no_account("palsu@test.example").await);
    app.stop().await;
}

impl TestApp {
    async fn db_has_no_account(&self, email: &str) -> bool {
        use mitra_core::Store;
        self.db.account_by_email(email).await.unwrap().is_none()
    }
}

fn programme_body(name: &str) -> Value {
    json!({
        "name": name,
        "description": "Pendampingan delapan komponen kemitraan.",
        "start_on": "2025-03-01",
        "end_on": "2025-08-31",
        "target_regencies": ["1275", "1207"],
        "target_sectors": ["processed_food"],
        "status": "running"
    })
}

async fn programmes_flow(app: TestApp) {
    let w = &app.world;
    let officer = app.api_login("officer@test.example").await;
    // Bad input: every field's problem at once.
    let mut bad = programme_body("");
    bad["end_on"] = json!("2025-01-01");
    bad["status"] = json!("paused");
    let r = officer.post_json("/api/programmes", &bad).await;
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["name", "end_on", "status"]);

    let r = officer.post_json("/api/programmes", &programme_body("Kelas Kemitraan Medan")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let path = format!("/api/programmes/{id}");
    let enrol = |org: i64| json!({"organisation_id": format!("#{org}")});
    let r = officer.post_json(&format!("{path}/enrolments"), &enrol(w.umkm_a)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()[0]["legal_name"], "UMKM A");
    let r = officer.post_json(&format!("{path}/enrolments"), &enrol(w.buyer_x)).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("programme.not_enrollable"))
    );
    let r = officer.post_json(&format!("{path}/enrolments"), &enrol(999_999)).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("organisation.unknown"))
    );
    let r = officer.post_json(&format!("{path}/enrolments"), &enrol(w.umkm_b)).await;
    assert_eq!(r.status, 200);
    let detail = officer.get(&path).await.json();
    assert_eq!(detail["programme"]["enrolled"], 2);

    // A second institution (made by the administrator) sees none of it.
    let admin = app.api_login("admin@test.example").await;
    let other = json!({
        "kind": "institution", "legal_name": "BDC Sumut", "owner_name": "Ketua",
        "regency": "1207", "sector": "other", "display_name": "Petugas BDC",
        "email": "bdc@test.example", "password": PASSWORD
    });
    assert_eq!(admin.post_json("/api/admin/organisations", &other).await.status, 201);
    let bdc = app.api_login("bdc@test.example").await;
    let buyer = app.api_login("x@test.example").await;
    let member = app.api_login("a@test.example").await;
    for (who, c) in [("other institution", &bdc), ("buyer", &buyer), ("enrolled UMKM", &member)] {
        assert_eq!(c.get(&path).await.status, 404, "{who} reads");
        let r =
            c.send_json(reqwest::Method::PUT, &path, &programme_body("Diambil alih"), true).await;
        assert_eq!(r.status, 404, "{who} changes");
        let r = c.post_json(&format!("{path}/enrolments"), &enrol(w.umkm_a)).await;
        assert_eq!(r.status, 404, "{who} enrols");
        let r = c
            .send_json(
                reqwest::Method::DELETE,
                &format!("{path}/enrolments/{}", w.umkm_a),
                &json!({}),
                true,
            )
            .await;
        assert_eq!(r.status, 404, "{who} removes");
    }
    assert_eq!(bdc.get("/api/programmes").await.json(), json!([]));
    assert_eq!(buyer.get("/api/programmes").await.json(), json!([]));
    assert_eq!(admin.get(&path).await.status, 200, "administrators read");
    let r = admin.post_json(&format!("{path}/enrolments"), &enrol(w.umkm_a)).await;
    assert_eq!(r.status, 403, "but do not manage");
    assert_eq!(officer.get(&path).await.json()["programme"]["name"], "Kelas Kemitraan Medan");

    // The enrolled UMKM's users see it in their list and on their dashboard; others do not.
    let mine = member.get("/api/programmes").await.json();
    assert_eq!(mine[0]["name"], "Kelas Kemitraan Medan");
    let a_web = app.web_login("a@test.example").await;
    assert!(a_web.get("/dashboard").await.text.contains("Kelas Kemitraan Medan"));
    assert_eq!(a_web.get(&format!("/programmes/{id}")).await.status, 404);
    for email in ["x@test.example", "bdc@test.example"] {
        let web = app.web_login(email).await;
        assert!(!web.get("/dashboard").await.text.contains("Kelas Kemitraan Medan"), "{email}");
        assert_eq!(web.get(&format!("/programmes/{id}")).await.status, 404, "{email}");
    }

    // The officer's pages: list, detail, remove by form (CSRF checked), edit keeping input.
    let o_web = app.web_login("officer@test.example").await;
    let page = o_web.get(&format!("/programmes/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("UMKM A") && page.text.contains("UMKM B"));
    let remove = format!("/programmes/{id}/enrolments/{}/remove", w.umkm_a);
    assert_eq!(o_web.post_form(&remove, &[]).await.status, 403, "no CSRF token");
    let r = o_web.post_form(&remove, &[("csrf_token", o_web.csrf.as_str())]).await;
    assert_eq!(r.status, 303);
    assert!(!a_web.get("/dashboard").await.text.contains("Kelas Kemitraan Medan"));
    assert_eq!(member.get("/api/programmes").await.json(), json!([]));
    let edit = format!("/programmes/{id}/edit");
    let csrf = o_web.form_token(&edit).await;
    let r = o_web
        .post_form(
            &edit,
            &[
                ("csrf_token", csrf.as_str()),
                ("name", "Kelas 'Baru' <b>"),
                ("start_on", "2025-09-01"),
                ("end_on", "2025-08-01"),
                ("status", "closed"),
                ("target_regencies", "1275"),
                ("target_sectors", "crafts"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Tanggal selesai tidak boleh sebelum tanggal mulai."), "{}", r.text);
    assert!(r.text.contains("value=\"2025-09-01\""), "typed date kept");
    assert!(r.text.contains("id=\"sec-crafts\" name=\"target_sectors\" value=\"crafts\" checked"));
    let r = o_web
        .post_form(
            &edit,
            &[
                ("csrf_token", csrf.as_str()),
                ("name", "Kelas Kemitraan Medan"),
                ("start_on", "2025-03-01"),
                ("end_on", "2025-08-31"),
                ("status", "closed"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let list = o_web.get("/programmes").await.text;
    assert!(list.contains("Kelas Kemitraan Medan") && list.contains("Selesai"));
    app.stop().await;
}

#[tokio::test]
async fn programmes_sqlite() {
    programmes_flow(spawn().await).await;
}

#[tokio::test]
async fn programmes_postgres() {
    programmes_flow(spawn_postgres().await).await;
}

#[tokio::test]
async fn profile_history_is_shown_to_full_profile_readers_only() {
    let app = spawn().await;
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    let path = format!("/api/organisations/{}", w.umkm_a);
    // The fixture's profile with two fields changed (and one typed differently, unchanged).
    let draft = json!({
        "legal_name": "UMKM A <Baru>", "owner_name": "Pemilik", "contact_phone": "0812 6000 1234",
        "regency": "1275", "sector": "processed_food", "products": "bika ambon", "workers": "5",
        "business_capital": "Rp 900.000.000", "annual_sales": "1,000,000,000"
    });
    let r = a.send_json(reqwest::Method::PUT, &path, &draft, true).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cert = json!({"kind": "pirt", "number": "P-IRT 123"});
    assert_eq!(a.post_json(&format!("{path}/certificates"), &cert).await.status, 201);

    let history = a.get(&format!("{path}/history")).await.json();
    assert_eq!(history[0]["kind"], "certificate");
    assert_eq!(history[1]["kind"], "profile");
    assert_eq!(history[1]["account_name"], "a@test.example");
    let changes = &history[1]["changes"];
    assert_eq!(changes[0], json!({"field": "legal_name", "old": "UMKM A", "new": "UMKM A <Baru>"}));
    assert_eq!(
        changes[1],
        json!({"field": "business_capital", "old": "750000000", "new": "900000000"})
    );
    assert_eq!(changes.as_array().unwrap().len(), 2);

    // Who may read it: the UMKM's users, its province's officer, administrators.
    for email in ["officer@test.example", "admin@test.example"] {
        let r = app.api_login(email).await.get(&format!("{path}/history")).await;
        assert_eq!(r.status, 200, "{email}");
    }
    for email in ["x@test.example", "b@test.example"] {
        let r = app.api_login(email).await.get(&format!("{path}/history")).await;
        assert_eq!(r.status, 403, "{email}");
    }
    // The profile page shows it, newest first, to the same readers only.
    let page =
        app.web_login("a@test.example").await.get(&format!("/organisations/{}", w.umkm_a)).await;
    assert!(page.text.contains("Riwayat perubahan profil"));
    let cert_at = page.text.find("Sertifikat ditambahkan").expect("certificate entry");
    let profile_at = page.text.find("Profil diubah").expect("profile entry");
    assert!(cert_at < profile_at, "newest first");
    assert!(page.text.contains("Rp 750.000.000") && page.text.contains("Rp 900.000.000"));
    let page =
        app.web_login("x@test.example").await.get(&format!("/organisations/{}", w.umkm_a)).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("Riwayat perubahan profil"), "a buyer reads the directory only");
    assert!(!page.text.contains("900.000.000"));
    app.stop().await;
}

/// Logs in through the API with an `X-Forwarded-For` header; returns the status.
async fn login_from(app: &TestApp, forwarded_for: &str, password: &str) -> u16 {
    let body = json!({"email": "x@test.example", "password": password});
    let r = app
        .client()
        .http
        .post(format!("{}/api/session", app.base))
        .header("x-forwarded-for", forwarded_for)
        .json(&body)
        .send()
        .await
        .expect("login");
    r.status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_rate_limit_keys_on_the_forwarded_client() {
    // The test client connects from 127.0.0.1: make that the trusted proxy.
    let app = crate::common::spawn_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        c.login_attempts = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(login_from(&app, "203.0.113.7", "salah sekali").await, 401);
    }
    assert_eq!(login_from(&app, "203.0.113.7", PASSWORD).await, 429, "this client is limited");
    // A forged entry to the left of the proxy's own does not escape the limit.
    assert_eq!(login_from(&app, "198.51.100.9, 203.0.113.7", PASSWORD).await, 429);
    assert_eq!(login_from(&app, "203.0.113.8", PASSWORD).await, 200, "another client is not");
    app.stop().await;

    // Without a trusted proxy the header is ignored: every request is the socket's address.
    let app = crate::common::spawn_with(|c| c.login_attempts = 3).await;
    for _ in 0..3 {
        assert_eq!(login_from(&app, "203.0.113.7", "salah sekali").await, 401);
    }
    assert_eq!(
        login_from(&app, "203.0.113.8", PASSWORD).await,
        429,
        "a forged header changes nothing"
    );
    app.stop().await;
}
