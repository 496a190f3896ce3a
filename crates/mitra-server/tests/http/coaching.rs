//! Coaching: action plans and coaches, the institution's advice library, Lambert ratings — pages,
//! API, and who may see them.

use mitra_core::user::{Email, NewAccount, Role};
use mitra_core::Store;
use mitra_server::{auth, HashCost};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{csrf_in, spawn, spawn_postgres, Client, TestApp, PASSWORD};

/// Another account (the fixture world has one officer).
async fn add_account(app: &TestApp, email: &str, name: &str, role: Role, org: i64) -> i64 {
    let hash = auth::hash_password(PASSWORD, HashCost::TEST).await.unwrap();
    let account = NewAccount {
        email: Email::parse(email).unwrap(),
        display_name: name.into(),
        role,
        organisation_id: Some(org),
        password_hash: hash,
    };
    app.db.create_account(&account, mitra_server::clock::now()).await.unwrap()
}

/// Submits a readiness assessment with every item of the listed components answered `value`.
async fn submit_readiness(c: &Client, umkm: i64, answers: &[(&str, i64)]) -> i64 {
    let r = c.post_json(&format!("/api/organisations/{umkm}/readiness"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json()["id"].as_i64().unwrap();
    let mut body = serde_json::Map::new();
    for (prefix, v) in answers {
        for n in 1..=4 {
            body.insert(format!("{prefix}{n}"), json!(v));
        }
    }
    let r = c.post_json(&format!("/api/assessments/{id}/submit"), &json!({"answers": body})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    id
}

async fn put(c: &Client, path: &str, body: Value) -> crate::common::Resp {
    c.send_json(Method::PUT, path, &body, true).await
}

fn field_code(r: &crate::common::Resp) -> (u16, String, String) {
    let j = r.json();
    (
        r.status,
        j["fields"][0]["field"].as_str().unwrap_or("").to_owned(),
        j["fields"][0]["code"].as_str().unwrap_or("").to_owned(),
    )
}

#[tokio::test]
async fn coach_plan_progress_in_pages_and_api() {
    let app = spawn().await;
    let w = &app.world;
    let coach_id = add_account(
        &app,
        "coach@test.example",
        "Pak Budi",
        Role::InstitutionOfficer,
        w.institution,
    )
    .await;
    let a = app.api_login("a@test.example").await;
    let first = submit_readiness(&a, w.umkm_a, &[("jp", 1), ("tr", 2), ("cm", 4)]).await;

    // The supplier sees its empty plan with suggestions from the gaps (target Type II: 3).
    let plan_path = format!("/api/organisations/{}/action-plan", w.umkm_a);
    let v = a.get(&plan_path).await.json();
    assert_eq!(v["latest_assessment_id"], first);
    assert_eq!(v["target_type"], "type_ii");
    assert!(v["coach"].is_null() && v["actions"].as_array().unwrap().is_empty());
    let suggested: Vec<&str> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["component"].as_str().unwrap())
        .collect();
    assert_eq!(suggested, ["joint_planning", "trust"], "largest gap first; communication is met");
    assert!(v["progress"].is_null());

    // The officer assigns a colleague as coach; an officer of no institution of theirs is refused.
    let officer = app.api_login("officer@test.example").await;
    let r = put(
        &officer,
        &format!("/api/organisations/{}/coach", w.umkm_a),
        json!({"coach_id": coach_id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["display_name"].as_str()),
        (200, Some("Pak Budi")),
        "{}",
        r.text
    );
    let buyer_user = app.db.account_by_email("x@test.example").await.unwrap().unwrap().0.id;
    let r = put(
        &officer,
        &format!("/api/organisations/{}/coach", w.umkm_a),
        json!({"coach_id": buyer_user}),
    )
    .await;
    assert_eq!(field_code(&r), (422, "coach_id".into(), "coach.unknown".into()));
    let r =
        put(&a, &format!("/api/organisations/{}/coach", w.umkm_a), json!({"coach_id": coach_id}))
            .await;
    assert_eq!(r.status, 403, "the UMKM does not pick its own coach");

    // Adopting in the pages: nothing chosen is refused, with what was typed kept.
    let web = app.web_login("a@test.example").await;
    let page_path = format!("/organisations/{}/plan", w.umkm_a);
    let page = web.get(&page_path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Pak Budi") && page.text.contains("Saran dari penilaian terakhir"));
    let csrf = csrf_in(&page.text).unwrap();
    let adopt = format!("{page_path}/actions");
    let r = web
        .post_form(
            &adopt,
            &[("csrf_token", &csrf), ("owner", "Bu Rina"), ("first_due", "2020-01-31")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("Pilih setidaknya satu langkah") && r.text.contains("value=\"Bu Rina\""),
        "{}",
        r.text
    );
    let r = web
        .post_form(
            &adopt,
            &[
                ("csrf_token", &csrf),
                ("adopt.joint_planning", "on"),
                ("adopt.trust", "on"),
                ("owner", "Bu Rina"),
                ("first_due", "2020-01-31"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let v = a.get(&plan_path).await.json();
    let actions = v["actions"].as_array().unwrap().clone();
    assert_eq!(actions.len(), 2);
    assert_eq!(
        (
            actions[0]["component"].as_str(),
            actions[0]["owner"].as_str(),
            actions[0]["due"].as_str()
        ),
        (Some("joint_planning"), Some("Bu Rina"), Some("2020-01-31"))
    );
    assert_eq!(actions[1]["due"], "2020-03-01", "30 days later");
    assert_eq!(actions[0]["status"], "planned");
    assert_eq!(actions[0]["assessment_id"], first);
    assert!(
        v["suggestions"].as_array().unwrap().is_empty(),
        "adopted ones are not suggested again"
    );
    assert_eq!(v["counts"]["overdue"], 2, "due in 2020");

    // Changing an action through the API: status along the arrows, versions, coach's notes.
    let act = actions[0]["id"].as_i64().unwrap();
    let path = format!("/api/actions/{act}");
    let r = put(
        &a,
        &path,
        json!({"version": 1, "status": "in_progress", "owner_user_id": "", "due": "2099-12-31"}),
    )
    .await;
    assert_eq!((r.status, r.json()["version"].as_i64()), (200, Some(2)), "{}", r.text);
    assert_eq!(r.json()["due"], "2099-12-31");
    let r = put(&a, &path, json!({"version": 1, "status": "done"})).await;
    assert_eq!(field_code(&r), (422, "version".into(), "action.stale".into()));
    let r = put(&a, &path, json!({"version": 2, "status": "done"})).await;
    assert_eq!(r.status, 200);
    let r = put(&a, &path, json!({"version": 3, "status": "dropped"})).await;
    assert_eq!(field_code(&r), (422, "status".into(), "action.status_transition".into()));
    let r = put(&a, &path, json!({"version": 3, "note": "Sudah saya kerjakan."})).await;
    assert_eq!(field_code(&r), (422, "note".into(), "action.note_coach_only".into()));
    let coach = app.api_login("coach@test.example").await;
    let r = put(&coach, &path, json!({"version": 3, "note": "Rencana kirim bulanan sudah rapi."}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["notes"][0]["author"], "Pak Budi");
    // Owner as a user of the UMKM.
    let a_user = app.db.account_by_email("a@test.example").await.unwrap().unwrap().0.id;
    let second = actions[1]["id"].as_i64().unwrap();
    let r = put(
        &coach,
        &format!("/api/actions/{second}"),
        json!({"version": 1, "owner_user_id": a_user}),
    )
    .await;
    assert_eq!((r.status, r.json()["owner_user_id"].as_i64()), (200, Some(a_user)), "{}", r.text);
    let r = put(
        &coach,
        &format!("/api/actions/{second}"),
        json!({"version": 2, "owner_user_id": buyer_user}),
    )
    .await;
    assert_eq!(field_code(&r), (422, "owner_user_id".into(), "field.choice".into()));

    // A rejected page form shows its own errors and what was typed.
    let page = web.get(&page_path).await;
    let csrf = csrf_in(&page.text).unwrap();
    let r = web
        .post_form(
            &format!("/actions/{second}"),
            &[("csrf_token", &csrf), ("version", "2"), ("due", "31-12-2099")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains(&format!("id=\"due-{second}-error\""))
            && r.text.contains("value=\"31-12-2099\""),
        "{}",
        r.text
    );
    assert!(
        page.text.contains("Rencana kirim bulanan sudah rapi.") && page.text.contains("Selesai")
    );

    // The officer's list: the UMKM, its coach, counts and overdue.
    let list = officer.get("/api/action-plans").await.json();
    let row = &list.as_array().unwrap()[0];
    assert_eq!(
        (row["organisation_id"].as_i64(), row["coach"]["display_name"].as_str()),
        (Some(w.umkm_a), Some("Pak Budi"))
    );
    assert_eq!(
        (
            row["counts"]["done"].as_i64(),
            row["counts"]["planned"].as_i64(),
            row["counts"]["overdue"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let o = app.web_login("officer@test.example").await;
    let page = o.get("/plans/region").await;
    assert!(
        page.status == 200 && page.text.contains("UMKM A") && page.text.contains("Pak Budi"),
        "{}",
        page.text
    );
    assert_eq!(o.get("/plans").await.location.as_deref(), Some("/plans/region"));
    assert_eq!(web.get("/plans").await.location, Some(page_path.clone()));

    // Re-assessment: the plan shows the change per component.
    submit_readiness(&a, w.umkm_a, &[("jp", 3), ("tr", 2), ("cm", 4)]).await;
    let v = a.get(&plan_path).await.json();
    let jp = v["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["component"] == "joint_planning")
        .unwrap()
        .clone();
    assert_eq!(
        (jp["previous"].as_f64(), jp["current"].as_f64(), jp["change"].as_f64()),
        (Some(0.0), Some(50.0), Some(50.0))
    );
    assert_eq!((jp["done"].as_i64(), jp["open"].as_i64()), (Some(1), Some(0)));
    let page = web.get(&page_path).await.text;
    assert!(page.contains("Kemajuan sejak penilaian sebelumnya") && page.contains("+50"), "{page}");
    app.stop().await;
}

async fn plans_are_private(app: TestApp) {
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    submit_readiness(&a, w.umkm_a, &[("jp", 1)]).await;
    let r = a
        .post_json(
            &format!("/api/organisations/{}/action-plan/actions", w.umkm_a),
            &json!({"components": ["joint_planning"], "owner": "Bu Rina", "first_due": "2030-01-01"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let action = r.json()[0]["id"].as_i64().unwrap();
    let plan = format!("/api/organisations/{}/action-plan", w.umkm_a);
    for email in ["b@test.example", "x@test.example", "admin@test.example"] {
        let c = app.api_login(email).await;
        assert_eq!(c.get(&plan).await.status, 404, "{email} reads the plan");
        let r = put(&c, &format!("/api/actions/{action}"), json!({"version": 1, "status": "done"}))
            .await;
        assert_eq!(r.status, 404, "{email} changes an action");
        let r = c
            .post_json(
                &format!("/api/organisations/{}/action-plan/actions", w.umkm_a),
                &json!({"components": ["trust"], "owner": "x", "first_due": "2030-01-01"}),
            )
            .await;
        assert_eq!(r.status, 404, "{email} adds an action");
        assert_eq!(c.get("/api/action-plans").await.status, 403, "{email} lists plans");
        let web = app.web_login(email).await;
        assert_eq!(
            web.get(&format!("/organisations/{}/plan", w.umkm_a)).await.status,
            404,
            "{email} page"
        );
    }
    // A buyer is not an UMKM: its "plan" does not exist.
    let officer = app.api_login("officer@test.example").await;
    assert_eq!(
        officer.get(&format!("/api/organisations/{}/action-plan", w.buyer_x)).await.status,
        404
    );
    assert_eq!(officer.get(&plan).await.status, 200, "the officer of the province reads it");
    let r =
        put(&a, &format!("/api/actions/{action}"), json!({"version": 1, "status": "done"})).await;
    assert_eq!(r.status, 200, "the UMKM's own users update it");
    app.stop().await;
}

#[tokio::test]
async fn plans_are_private_on_sqlite() {
    plans_are_private(spawn().await).await;
}

#[tokio::test]
async fn plans_are_private_on_postgres() {
    plans_are_private(spawn_postgres().await).await;
}

#[tokio::test]
async fn institution_edits_its_advice() {
    let app = spawn().await;
    let w = &app.world;
    let a = app.api_login("a@test.example").await;
    let id = submit_readiness(&a, w.umkm_a, &[("tr", 1)]).await;
    let shipped = a.get(&format!("/api/assessments/{id}")).await.json()["recommendations"][0]
        ["text_en"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(a.get("/api/advice").await.status, 403, "suppliers do not edit advice");
    let officer = app.api_login("officer@test.example").await;
    let lib = officer.get("/api/advice").await.json();
    assert_eq!(lib.as_array().unwrap().len(), 36, "nine components, levels 1–4");
    let r = put(
        &officer,
        "/api/advice/trust/1",
        json!({"text_id": "Catat setiap janji kirim.", "text_en": " "}),
    )
    .await;
    assert_eq!(field_code(&r), (422, "text_en".into(), "field.required".into()));
    assert_eq!(put(&officer, "/api/advice/trust/9", json!({})).await.status, 404);
    let r = put(
        &officer,
        "/api/advice/trust/1",
        json!({"text_id": "Catat setiap janji kirim di buku.", "text_en": "Write every delivery promise in a book."}),
    )
    .await;
    assert_eq!((r.status, r.json()["own"].as_bool()), (200, Some(true)), "{}", r.text);
    // The UMKM of the institution's province now gets the institution's text, in both languages.
    let res = a.get(&format!("/api/assessments/{id}")).await.json();
    assert_eq!(res["recommendations"][0]["text_en"], "Write every delivery promise in a book.");
    let web = app.web_login("a@test.example").await;
    assert!(web
        .get(&format!("/assessments/{id}"))
        .await
        .text
        .contains("Catat setiap janji kirim di buku."));
    // Edited in the page form, then reset to Mitra's text.
    let o = app.web_login("officer@test.example").await;
    let form = o.get("/advice/trust/1").await;
    assert!(form.text.contains("Catat setiap janji kirim di buku."));
    let csrf = csrf_in(&form.text).unwrap();
    let r = o
        .post_form(
            "/advice/trust/1",
            &[("csrf_token", &csrf), ("action", "save"), ("text_id", ""), ("text_en", "Kept")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("id=\"text_id-error\"") && r.text.contains(">Kept</textarea>"),
        "{}",
        r.text
    );
    let r = o.post_form("/advice/trust/1", &[("csrf_token", &csrf), ("action", "reset")]).await;
    assert_eq!(r.status, 303);
    let res = a.get(&format!("/api/assessments/{id}")).await.json();
    assert_eq!(res["recommendations"][0]["text_en"].as_str(), Some(shipped.as_str()));
    assert!(o.get("/advice").await.text.contains("Teks bawaan Mitra"));
    app.stop().await;
}

async fn lambert_between_the_parties(app: TestApp) {
    let w = &app.world;
    let x = app.api_login("x@test.example").await;
    let a = app.api_login("a@test.example").await;
    let base = format!("/api/partnerships/{}/lambert", w.p_xa);
    let v = a.get(&base).await.json();
    assert!(v["placement"].is_null());
    assert_eq!(v["my_side"], "supplier");
    let r = put(
        &x,
        &format!("{base}/drivers"),
        json!({"asset_cost_efficiency": 5, "customer_service": "7", "marketing_advantage": 4}),
    )
    .await;
    assert_eq!(r.status, 422);
    let codes: Vec<(String, String)> = r.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    assert!(
        codes.contains(&("customer_service".into(), "lambert.out_of_range".into())),
        "{codes:?}"
    );
    assert!(codes.contains(&("profit_stability".into(), "field.required".into())), "{codes:?}");
    let drivers = json!({"asset_cost_efficiency": 5, "customer_service": 4, "marketing_advantage": 4, "profit_stability": 4});
    assert_eq!(put(&x, &format!("{base}/drivers"), drivers).await.status, 200);
    // The supplier's lower total decides; facilitators with two extras.
    let r = put(&a, &format!("{base}/drivers"), json!({"asset_cost_efficiency": "4", "customer_service": "3", "marketing_advantage": "3", "profit_stability": "3"})).await;
    assert_eq!(r.status, 200);
    let r = put(&a, &format!("{base}/facilitators"), json!({"corporate_compatibility": 4, "managerial_philosophy": 4, "mutuality": 4, "symmetry": 3, "extras": ["prior_history", "exclusivity"]})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = x.get(&base).await.json();
    assert_eq!(v["my_side"], "buyer");
    let p = &v["placement"];
    assert_eq!(
        (
            p["buyer_drivers"].as_i64(),
            p["supplier_drivers"].as_i64(),
            p["drivers"].as_i64(),
            p["facilitators"].as_i64()
        ),
        (Some(17), Some(13), Some(13), Some(17))
    );
    assert_eq!(
        (p["driver_band"].as_str(), p["facilitator_band"].as_str(), p["recommended"].as_str()),
        (Some("medium"), Some("high"), Some("type_ii"))
    );
    // The page shows the grid with the pair's cell.
    let web = app.web_login("a@test.example").await;
    let page = web.get(&format!("/partnerships/{}/lambert", w.p_xa)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("class=\"here\"><strong>▶ kemitraan Tipe II</strong>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("Sedang (12–15)") && page.text.contains("Tinggi (≥ 16)"));
    // A page form out of range keeps the choices and marks the field.
    let csrf = csrf_in(&page.text).unwrap();
    let r = web
        .post_form(
            &format!("/partnerships/{}/lambert/drivers", w.p_xa),
            &[("csrf_token", &csrf), ("asset_cost_efficiency", "2"), ("customer_service", "9")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains("id=\"customer_service-error\"")
            && r.text.contains("<option value=\"2\" selected>2</option>"),
        "{}",
        r.text
    );
    // The type feeds the UMKM's target: its plan measures gaps to the recommended type's profile.
    let plan = format!("/api/organisations/{}/action-plan", w.umkm_a);
    assert_eq!(a.get(&plan).await.json()["target_type"], "type_ii");
    let r = put(&a, &format!("{base}/drivers"), json!({"asset_cost_efficiency": 4, "customer_service": 4, "marketing_advantage": 4, "profit_stability": 4})).await;
    assert_eq!(r.json()["placement"]["recommended"], "type_iii");
    assert_eq!(a.get(&plan).await.json()["target_type"], "type_iii");
    // …and the results of its readiness assessment default to that type too (a query still wins).
    let id = submit_readiness(&a, w.umkm_a, &[("jp", 3)]).await;
    assert_eq!(a.get(&format!("/api/assessments/{id}")).await.json()["target_type"], "type_iii");
    let r = a.get(&format!("/api/assessments/{id}?type=type_i")).await.json();
    assert_eq!(r["target_type"], "type_i");

    // Privacy: the other UMKM, the other buyer, administrators, and the officer without the
    // supplier's consent get 404; with consent the officer reads but does not rate.
    for email in ["b@test.example", "y@test.example", "admin@test.example", "officer@test.example"]
    {
        let c = app.api_login(email).await;
        assert_eq!(c.get(&base).await.status, 404, "{email}");
        assert_eq!(
            put(&c, &format!("{base}/facilitators"), json!({})).await.status,
            404,
            "{email}"
        );
    }
    let officer = app.api_login("officer@test.example").await;
    let consented = format!("/api/partnerships/{}/lambert", w.p_yb);
    let v = officer.get(&consented).await;
    assert_eq!((v.status, v.json()["my_side"].is_null()), (200, true), "{}", v.text);
    let r = put(&officer, &format!("{consented}/drivers"), json!({"asset_cost_efficiency": 1, "customer_service": 1, "marketing_advantage": 1, "profit_stability": 1})).await;
    assert_eq!(r.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn lambert_on_sqlite() {
    lambert_between_the_parties(spawn().await).await;
}

#[tokio::test]
async fn lambert_on_postgres() {
    lambert_between_the_parties(spawn_postgres().await).await;
}

/// A `multipart/form-data` body by hand: `(name, file name, bytes)`.
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mitra-test-boundary-7d3f".to_owned();
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub(crate) async fn upload(
    c: &Client,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> crate::common::Resp {
    let (ct, body) = multipart(parts);
    let mut req = c.http.post(format!("{}{path}", c.base)).header("content-type", ct).body(body);
    if !c.csrf.is_empty() {
        req = req.header("x-csrf-token", &c.csrf);
    }
    let r = req.send().await.expect("upload");
    let status = r.status().as_u16();
    crate::common::Resp { status, location: None, text: r.text().await.unwrap() }
}

/// A survey: an `umkm` name column, then every item; rows of (name, answer for every item, and
/// one item changed).
/// One survey row: the UMKM name, the answer to every item, and one item answered otherwise.
pub(crate) type SurveyRow<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);

pub(crate) fn survey_csv(rows: &[SurveyRow<'_>]) -> String {
    let keys: Vec<String> = mitra_core::assessment::Instrument::starting()
        .items()
        .iter()
        .map(|i| i.key.clone())
        .collect();
    let mut s = format!("umkm,{}\n", keys.join(","));
    for (name, v, change) in rows {
        let cells: Vec<&str> = keys
            .iter()
            .map(|k| match change {
                Some((item, x)) if item == k => *x,
                _ => *v,
            })
            .collect();
        s.push_str(&format!("{name},{}\n", cells.join(",")));
    }
    s
}

async fn survey_upload(app: TestApp) {
    let w = &app.world;
    let csv = survey_csv(&[
        ("UMKM A", "4", None),
        ("", "3", None),
        ("", "2", Some(("jp3", "7"))),
        ("Tidak Ada", "2", None),
    ]);
    let officer = app.api_login("officer@test.example").await;
    let plan = format!("/api/organisations/{}/action-plan", w.umkm_a);
    // Dirty: refused, every problem with its row and column, nothing stored.
    let r =
        upload(&officer, "/api/survey-imports", &[("file", Some("survei.csv"), csv.as_bytes())])
            .await;
    assert_eq!(r.status, 422, "{}", r.text);
    let v = r.json();
    assert_eq!(v["code"], "survey.invalid");
    let problems: Vec<(i64, String, String)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().unwrap(),
                p["column"].as_str().unwrap().into(),
                p["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (4, "jp3".into(), "survey.out_of_scale".into()),
            (5, "umkm".into(), "survey.unknown_umkm".into())
        ]
    );
    assert!(v["problems"][0]["message"].as_str().unwrap().contains("baris 4, kolom 'jp3'"));
    assert!(officer.get(&plan).await.json()["latest_assessment_id"].is_null(), "nothing stored");
    // Clean rows only: the linked respondent becomes UMKM A's readiness assessment.
    let r = upload(
        &officer,
        "/api/survey-imports",
        &[
            ("file", Some("survei.csv"), csv.as_bytes()),
            ("clean_rows", None, b"on"),
            ("kind", None, b"readiness"),
        ],
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    assert_eq!(
        (
            v["imported"].as_i64(),
            v["linked"].as_i64(),
            v["anonymous"].as_i64(),
            v["rejected_rows"].as_i64()
        ),
        (Some(2), Some(1), Some(1), Some(2))
    );
    let latest =
        officer.get(&plan).await.json()["latest_assessment_id"].as_i64().expect("imported");
    let res = officer.get(&format!("/api/assessments/{latest}")).await.json();
    assert_eq!(res["score"]["overall"]["index"].as_f64(), Some(75.0), "all 4s");
    // Only institution officers import; a bad kind is a field error.
    let a = app.api_login("a@test.example").await;
    let r = upload(&a, "/api/survey-imports", &[("file", Some("s.csv"), csv.as_bytes())]).await;
    assert_eq!(r.status, 403);
    let r = upload(
        &officer,
        "/api/survey-imports",
        &[("file", Some("s.csv"), csv.as_bytes()), ("kind", None, b"partnership_buyer")],
    )
    .await;
    assert_eq!(field_code(&r), (422, "kind".into(), "field.choice".into()));
    app.stop().await;
}

#[tokio::test]
async fn survey_upload_on_sqlite() {
    survey_upload(spawn().await).await;
}

#[tokio::test]
async fn survey_upload_on_postgres() {
    survey_upload(spawn_postgres().await).await;
}

#[tokio::test]
async fn survey_upload_page() {
    let app = spawn().await;
    let mut o = app.web_login("officer@test.example").await;
    let form = o.get("/survey/import").await;
    assert_eq!(form.status, 200);
    assert!(
        form.text.contains("enctype=\"multipart/form-data\"")
            && form.text.contains("<label for=\"file\">")
    );
    o.csrf = csrf_in(&form.text).unwrap();
    let csrf = o.csrf.clone();
    // Without a file: the form again with the field marked.
    let r = upload(
        &o,
        "/survey/import",
        &[("csrf_token", None, csrf.as_bytes()), ("file", Some(""), b"")],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"file-error\""), "{}", r.text);
    let bad = survey_csv(&[("", "4", Some(("oc2", "setuju")))]);
    let r = upload(
        &o,
        "/survey/import",
        &[("csrf_token", None, csrf.as_bytes()), ("file", Some("s.csv"), bad.as_bytes())],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.text.contains(
            "<li>baris 2, kolom &#39;oc2&#39;: &#39;setuju&#39; bukan angka; jawab 1–5</li>"
        ),
        "{}",
        r.text
    );
    let good = survey_csv(&[("", "4", None), ("UMKM A", "5", None)]);
    let r = upload(
        &o,
        "/survey/import",
        &[("csrf_token", None, csrf.as_bytes()), ("file", Some("s.csv"), good.as_bytes())],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.text.contains("Survei sudah diimpor.")
            && r.text.contains("Ditautkan ke UMKM: <strong>1</strong>"),
        "{}",
        r.text
    );
    // A forged form without the session's token is refused.
    let r = upload(
        &o,
        "/survey/import",
        &[("csrf_token", None, b"forged"), ("file", Some("s.csv"), good.as_bytes())],
    )
    .await;
    assert_eq!(r.status, 403);
    let a = app.web_login("a@test.example").await;
    assert_eq!(a.get("/survey/import").await.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn the_demo_shows_coaching() {
    let app = spawn().await;
    let report = mitra_server::demo::seed_world(&app.db, HashCost::TEST).await.unwrap();
    let login = async |role: Role| {
        let a = report.accounts.iter().find(|a| a.role == role).unwrap();
        let mut c = app.client();
        let r =
            c.post_json("/api/session", &json!({"email": a.email, "password": a.password})).await;
        assert_eq!(r.status, 200, "{}", r.text);
        c.csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
        c
    };
    let officer = login(Role::InstitutionOfficer).await;
    let list = officer.get("/api/action-plans").await.json();
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["coach"].is_object())
        .expect("the demo UMKM has a coach")
        .clone();
    assert_eq!(row["counts"]["in_progress"], 1);
    assert!(row["counts"]["overdue"].as_i64().unwrap() >= 1, "{row}");
    let umkm = row["organisation_id"].as_i64().unwrap();
    let supplier = login(Role::SupplierUser).await;
    let plan = supplier.get(&format!("/api/organisations/{umkm}/action-plan")).await.json();
    assert!(plan["progress"].is_array(), "two assessments: {plan}");
    assert_eq!(plan["actions"][1]["notes"][0]["author"], "Rahmawati Nasution");
    let partnerships = supplier.get("/api/partnerships").await.json();
    let mut placed = 0;
    for p in partnerships["items"].as_array().unwrap() {
        let id = p["id"].as_i64().unwrap();
        let v = supplier.get(&format!("/api/partnerships/{id}/lambert")).await.json();
        if v["placement"].is_object() {
            placed += 1;
        }
    }
    assert_eq!(placed, 1, "one demo partnership is rated on Lambert's model");
    app.stop().await;
}

#[tokio::test]
async fn an_institution_sets_its_own_target_profiles() {
    let app = crate::common::spawn().await;
    let w = &app.world;
    let officer = app.api_login("officer@test.example").await;
    let defaults = officer.get("/api/targets").await.json();
    assert_eq!(defaults.as_array().unwrap().len(), 27, "three types × nine components");
    assert!(defaults.as_array().unwrap().contains(&serde_json::json!(["type_ii", "trust", 3.0])));

    // UMKM A answers trust 3 throughout: on target for Type II by default.
    let a = app.api_login("a@test.example").await;
    let r = a
        .post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &serde_json::json!({}))
        .await;
    let aid = r.json()["id"].as_i64().unwrap();
    let answers = serde_json::json!({"answers": {"tr1": 3, "tr2": 3, "tr3": 3, "tr4": 3}});
    assert_eq!(a.post_json(&format!("/api/assessments/{aid}/submit"), &answers).await.status, 200);
    let trust_gap = |res: &serde_json::Value| {
        res["gaps"].as_array().unwrap().iter().find(|g| g["component"] == "trust").unwrap().clone()
    };
    let res = a.get(&format!("/api/assessments/{aid}")).await.json();
    assert_eq!(
        (trust_gap(&res)["target"].as_f64(), trust_gap(&res)["gap"].as_f64()),
        (Some(3.0), Some(0.0))
    );

    // Bad targets are refused one by one and nothing is saved.
    let r = put_targets(&officer, serde_json::json!({"targets": {"type_ii.trust": "6", "type_x.trust": 4, "type_i.scope": "2,5"}})).await;
    assert_eq!(r.status, 422);
    let fields = r.json()["fields"].clone();
    let code = |f: &str| {
        fields.as_array().unwrap().iter().find(|e| e["field"] == f).map(|e| e["code"].clone())
    };
    assert_eq!(code("targets.type_ii.trust"), Some(serde_json::json!("targets.range")));
    assert_eq!(code("targets.type_x.trust"), Some(serde_json::json!("field.choice")));
    assert_eq!(officer.get("/api/targets").await.json(), defaults, "nothing saved");
    // A raised Type II target on trust now shows as a gap for the UMKM of the province.
    let r = put_targets(&officer, serde_json::json!({"targets": {"type_ii.trust": "4,5"}})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let res = a.get(&format!("/api/assessments/{aid}")).await.json();
    assert_eq!(
        (trust_gap(&res)["target"].as_f64(), trust_gap(&res)["gap"].as_f64()),
        (Some(4.5), Some(1.5))
    );
    // Only officers set targets.
    for email in ["a@test.example", "x@test.example", "admin@test.example"] {
        let c = app.api_login(email).await;
        assert_eq!(
            put_targets(&c, serde_json::json!({"targets": {}})).await.status,
            403,
            "{email}"
        );
    }
    // The page: the saved value is shown; without the CSRF token nothing happens; reset.
    let web = app.web_login("officer@test.example").await;
    let page = web.get("/targets").await;
    assert!(page.text.contains("name=\"t.type_ii.trust\" value=\"4.5\""), "{}", page.text);
    assert_eq!(web.post_form("/targets/reset", &[]).await.status, 403);
    let token = web.form_token("/targets").await;
    assert_eq!(web.post_form("/targets/reset", &[("csrf_token", &token)]).await.status, 303);
    assert_eq!(officer.get("/api/targets").await.json(), defaults);
    app.stop().await;
}

async fn put_targets(c: &Client, body: Value) -> crate::common::Resp {
    c.send_json(Method::PUT, "/api/targets", &body, true).await
}
