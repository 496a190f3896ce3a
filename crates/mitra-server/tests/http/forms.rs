//! Forms: CSRF, verbatim text, escaping, rejected input kept, language switch.

use crate::common::{csrf_in, spawn};

const NASTY: &str = "Robert'); DROP TABLE organisation;-- <script>alert(1)</script> & \"Ulos\"";

fn register_form<'a>(
    csrf: &'a str,
    name: &'a str,
    nib: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("display_name", "Tiurma Sinaga"),
        ("email", email),
        ("password", "ulos batak asli"),
        ("password_confirm", "ulos batak asli"),
        ("legal_name", name),
        ("nib", nib),
        ("owner_name", "Tiurma Sinaga"),
        ("regency", "1206"),
        ("sector", "garment_textile"),
        ("products", "ulos, songket"),
        ("workers", "4"),
        ("business_capital", "120.000.000"),
        ("annual_sales", "480.000.000"),
        ("online_presence", "social_media"),
        ("qc_practice", "manual_inspection"),
    ]
}

/// The nasty name appears HTML-escaped (askama writes numeric entities; either style is fine).
fn shows_escaped(html: &str) -> bool {
    ["Robert&#39;); DROP TABLE organisation;-- &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Ulos&#34;",
     "Robert&#x27;); DROP TABLE organisation;-- &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ulos&quot;"]
        .iter()
        .any(|e| html.contains(e))
}

#[tokio::test]
async fn csrf_less_form_posts_are_refused() {
    let app = spawn().await;
    let w = &app.world;
    // Login form without a token, and with a wrong one.
    let c = app.client();
    let r = c
        .post_form("/login", &[("email", "x@test.example"), ("password", crate::common::PASSWORD)])
        .await;
    assert_eq!(r.status, 403);
    let _ = c.form_token("/login").await;
    let r = c
        .post_form(
            "/login",
            &[
                ("csrf_token", "0000"),
                ("email", "x@test.example"),
                ("password", crate::common::PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    // Signed in: a proposal without the token creates nothing.
    let x = app.web_login("x@test.example").await;
    let supplier = w.umkm_b.to_string();
    let buyer = w.buyer_x.to_string();
    let form = [
        ("buyer_id", buyer.as_str()),
        ("supplier_id", supplier.as_str()),
        ("pattern", "subkontrak"),
        ("path", "natural"),
        ("contract_style", "spot"),
    ];
    let r = x.post_form("/partnerships/new", &form).await;
    assert_eq!(r.status, 403);
    assert!(r.text.contains("Formulir kedaluwarsa"), "the page says why, in Indonesian");
    let api = app.api_login("x@test.example").await;
    assert_eq!(api.get("/api/partnerships").await.json()["total"], 1, "nothing was created");
    // The same form with the token works.
    let mut with = form.to_vec();
    with.push(("csrf_token", x.csrf.as_str()));
    let r = x.post_form("/partnerships/new", &with).await;
    assert_eq!(r.status, 303, "{}", r.text);
    // Logout and API mutations need it too.
    assert_eq!(x.post_form("/logout", &[]).await.status, 403);
    let r = api
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/organisations/{}", w.buyer_x),
            &serde_json::json!({}),
            false,
        )
        .await;
    assert_eq!((r.status, r.json()["code"].as_str()), (403, Some("csrf.invalid")));
    app.stop().await;
}

#[tokio::test]
async fn sql_metacharacters_are_stored_verbatim_and_escaped_in_pages() {
    let app = spawn().await;
    let c = app.client();
    let csrf = c.form_token("/register").await;
    let r = c.post_form("/register", &register_form(&csrf, NASTY, "", "tiurma@test.example")).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let me = c.get("/dashboard").await;
    assert!(!me.text.contains("<script>alert(1)</script>"), "unescaped HTML in the dashboard");
    assert!(shows_escaped(&me.text), "{}", me.text);
    // Stored verbatim: the API returns exactly what was typed, and the table still exists.
    let owner = app.client();
    let r = owner
        .post_json(
            "/api/session",
            &serde_json::json!({"email": "tiurma@test.example", "password": "ulos batak asli"}),
        )
        .await;
    let org_id = r.json()["user"]["organisation_id"].as_i64().unwrap();
    let profile = owner.get(&format!("/api/organisations/{org_id}")).await.json();
    assert_eq!(profile["legal_name"], NASTY);
    // Searching for a quote works and finds it.
    let buyer = app.api_login("x@test.example").await;
    let found = buyer.get("/api/organisations?name=Robert%27%29%3B").await.json();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["legal_name"], NASTY);
    let page =
        app.web_login("x@test.example").await.get(&format!("/organisations/{org_id}")).await.text;
    assert!(!page.contains("<script>alert(1)") && shows_escaped(&page), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn rejected_forms_keep_what_was_typed_with_messages_per_field() {
    let app = spawn().await;
    let c = app.client();
    let csrf = c.form_token("/register").await;
    let r = c
        .post_form(
            "/register",
            &register_form(&csrf, "Tenun Ulos Boru Sinaga", "12345", "not-an-email"),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("value=\"Tenun Ulos Boru Sinaga\""), "the typed name is kept");
    assert!(r.text.contains("value=\"12345\""), "the typed NIB is kept");
    assert!(r.text.contains("NIB terdiri atas 13 angka."), "Indonesian message beside the field");
    assert!(r.text.contains("Alamat email tidak valid."));
    assert!(r.text.contains("aria-invalid=\"true\""));
    // In English after the switch, which sticks.
    let r = c.get("/lang/en?next=/register").await;
    assert_eq!((r.status, r.location.as_deref()), (303, Some("/register")));
    let csrf = csrf_in(&c.get("/register").await.text).unwrap();
    let r =
        c.post_form("/register", &register_form(&csrf, "Tenun", "12345", "x@test.example")).await;
    assert!(r.text.contains("An NIB has 13 digits."), "{}", r.text);
    assert!(r.text.contains("<html lang=\"en\">"));
    let login = c.get("/login").await.text;
    assert!(login.contains("Log in to Mitra") && login.contains("hreflang=\"id\""));
    app.stop().await;
}

#[tokio::test]
async fn pages_render_for_every_role() {
    let app = spawn().await;
    let w = &app.world;
    for (email, expect) in [
        ("a@test.example", "Kemitraan Anda"),
        ("x@test.example", "Cari pemasok UMKM"),
        ("officer@test.example", "Ringkasan wilayah"),
        ("admin@test.example", "Ringkasan wilayah"),
    ] {
        let c = app.web_login(email).await;
        let dash = c.get("/dashboard").await;
        assert_eq!(dash.status, 200, "{email}");
        assert!(dash.text.contains(expect), "{email}: {}", dash.text);
        for path in [
            "/organisations",
            "/organisations?regency=1275&sector=processed_food&page=1",
            "/partnerships",
            "/password",
        ] {
            assert_eq!(c.get(path).await.status, 200, "{email} {path}");
        }
    }
    let x = app.web_login("x@test.example").await;
    assert_eq!(x.get(&format!("/partnerships/{}", w.p_xa)).await.status, 200);
    assert_eq!(x.get(&format!("/organisations/{}?law=uu20_2008", w.umkm_a)).await.status, 200);
    assert_eq!(x.get(&format!("/partnerships/new?supplier_id={}", w.umkm_a)).await.status, 200);
    let css = x.get("/static/mitra.css").await;
    assert!(css.status == 200 && css.text.contains("@media"));
    app.stop().await;
}
