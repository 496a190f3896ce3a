//! Institutions' own instruments: copy, edit, publish on the pages; published versions are
//! immutable; only officers of the owning institution see them; assessments score on the stored
//! version they name.

use std::collections::BTreeMap;

use mitra_core::assessment::instrument_store::InstrumentStore;
use mitra_core::assessment::store::{AssessmentKind, AssessmentStore, NewAssessment};
use mitra_core::assessment::{Component, Instrument, InstrumentStatus};
use mitra_core::Store;
use serde_json::json;

use crate::common::{csrf_in, spawn, Client, TestApp, PASSWORD};

/// The edit form's fields for `i` as it is, with `change` applied.
fn fields(i: &Instrument, change: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: BTreeMap<String, String> = BTreeMap::new();
    f.insert("title_id".into(), i.spec().title_id.clone());
    f.insert("title_en".into(), i.spec().title_en.clone());
    f.insert("scale".into(), i.scale().points().to_string());
    for (c, w) in i.weights() {
        f.insert(format!("weight.{}", c.key()), w.to_string());
    }
    for it in i.items() {
        f.insert(format!("text_id.{}", it.key), it.text_id.clone());
        f.insert(format!("text_en.{}", it.key), it.text_en.clone());
        if it.reverse {
            f.insert(format!("reverse.{}", it.key), "on".into());
        }
    }
    for (k, v) in change {
        f.insert((*k).into(), (*v).into());
    }
    f.into_iter().collect()
}

async fn post(c: &Client, path: &str, csrf: &str, f: Vec<(String, String)>) -> crate::common::Resp {
    let mut form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.push(("csrf_token", csrf));
    c.post_form(path, &form).await
}

async fn stored(app: &TestApp, key: &str, version: u32) -> Instrument {
    app.db.instrument(key, version).await.unwrap().expect("stored").instrument
}

#[tokio::test]
async fn officers_copy_edit_and_publish_and_published_stays() {
    let app = spawn().await;
    let w = &app.world;
    let key = format!("institution-{}", w.institution);
    let path = format!("/instruments/{key}/2");
    let o = app.web_login("officer@test.example").await;
    let list = o.get("/instruments").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("starting@1"), "{}", list.text);
    let csrf = csrf_in(&list.text).unwrap();

    // Copy the starting instrument: a draft under the institution's key, version 2.
    let r = o
        .post_form(
            "/instruments/copy",
            &[("csrf_token", &csrf), ("key", "starting"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some(format!("{path}?done=instrument.copied").as_str()));
    let draft = stored(&app, &key, 2).await;
    assert_eq!(
        (draft.status(), draft.items()),
        (InstrumentStatus::Draft, Instrument::starting().items())
    );
    let page = o.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("name=\"text_en.jp1\""), "the edit form");

    // Bad input: per-field errors, what was typed kept, nothing written.
    let typed = "Kami merencanakan produksi bersama mitra setiap bulan";
    let bad = fields(
        &draft,
        &[("scale", "6"), ("weight.trust", "-1"), ("text_en.jp2", " "), ("text_id.jp1", typed)],
    );
    let r = post(&o, &path, &csrf, bad).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains(typed), "typed text kept");
    assert!(r.text.contains("Pilih skala 5 atau 7 poin."));
    assert!(r.text.contains("Bobot harus angka nol atau lebih."));
    assert!(r.text.contains("id=\"text_en.jp2-error\""));
    assert_eq!(stored(&app, &key, 2).await, draft, "nothing written");
    let zero: Vec<(String, String)> = fields(&draft, &[])
        .into_iter()
        .map(|(k, v)| if k.starts_with("weight.") { (k, "0".into()) } else { (k, v) })
        .collect();
    let r = post(&o, &path, &csrf, zero).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Setidaknya satu bobot harus lebih dari nol."));

    // A good save: 7-point scale, jp1 reverse-scored, new text, trust weighs double.
    let good = fields(
        &draft,
        &[("scale", "7"), ("reverse.jp1", "on"), ("text_id.jp1", typed), ("weight.trust", "2")],
    );
    let r = post(&o, &path, &csrf, good.clone()).await;
    assert_eq!(
        (r.status, r.location.as_deref()),
        (303, Some(format!("{path}?done=instrument.saved").as_str()))
    );
    let saved = stored(&app, &key, 2).await;
    assert_eq!(saved.scale().points(), 7);
    assert!(saved.items()[0].reverse);
    assert_eq!(saved.items()[0].text_id, typed);
    assert_eq!(saved.status(), InstrumentStatus::Draft);

    // While the version is a draft, UMKM of the province still get the starting instrument.
    let early = app.web_login("b@test.example").await;
    let f = early.get(&format!("/organisations/{}/readiness", w.umkm_b)).await.text;
    assert!(!f.contains(typed) && !f.contains("name=\"jp1\" value=\"7\""), "drafts are not used");

    // Publish; afterwards the version is immutable.
    let mut publish = good.clone();
    publish.push(("action".into(), "publish".into()));
    let r = post(&o, &path, &csrf, publish).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let published = stored(&app, &key, 2).await;
    assert_eq!(published.status(), InstrumentStatus::Published);
    let changed = fields(&published, &[("text_en.jp1", "Changed after publishing")]);
    let r = post(&o, &path, &csrf, changed).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("Versi terbitan tidak dapat diubah"));
    assert_eq!(stored(&app, &key, 2).await, published, "published stays");
    assert!(!o.get(&path).await.text.contains("name=\"text_en.jp1\""), "no form any more");

    // Copying the published version makes version 3; a draft cannot be copied.
    let r = o
        .post_form("/instruments/copy", &[("csrf_token", &csrf), ("key", &key), ("version", "2")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(stored(&app, &key, 3).await.items(), published.items());
    let r = o
        .post_form("/instruments/copy", &[("csrf_token", &csrf), ("key", &key), ("version", "3")])
        .await;
    assert_eq!(r.status, 422);
    let list = o.get("/instruments").await.text;
    assert!(list.contains(&format!("{key}@2")) && list.contains(&format!("{key}@3")));

    // An assessment answered on key@2 scores on that version: 7-point, jp1 reverse-scored.
    let (user, _) = app.db.account_by_email("a@test.example").await.unwrap().unwrap();
    let rec = app
        .db
        .start_assessment(
            &NewAssessment {
                kind: AssessmentKind::Readiness,
                organisation_id: w.umkm_a,
                partnership_id: None,
                instrument_key: key.clone(),
                instrument_version: 2,
                created_by: user.id,
            },
            mitra_server::clock::now(),
        )
        .await
        .unwrap();
    let answers: BTreeMap<String, i64> = published
        .items()
        .iter()
        .map(|it| (it.key.clone(), if it.key == "jp1" { 1 } else { 7 }))
        .collect();
    app.db.save_assessment(rec.id, &answers, None, true, mitra_server::clock::now()).await.unwrap();
    let officer = app.api_login("officer@test.example").await;
    let list = officer.get("/api/readiness/region").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let row = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["organisation_id"] == w.umkm_a)
        .cloned()
        .unwrap();
    assert_eq!(
        row["overall_index"].as_f64(),
        Some(100.0),
        "7 of 7 everywhere once jp1 is reversed"
    );
    app.stop().await;
}

#[tokio::test]
async fn only_the_institution_s_officers_see_its_instruments() {
    let app = spawn().await;
    let w = &app.world;
    let key = format!("institution-{}", w.institution);
    let o = app.web_login("officer@test.example").await;
    let csrf = o.form_token("/instruments").await;
    let r = o
        .post_form(
            "/instruments/copy",
            &[("csrf_token", &csrf), ("key", "starting"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let draft = stored(&app, &key, 2).await;
    // Another institution's officer, a buyer and an UMKM user: 404 everywhere, nothing written.
    let admin = app.api_login("admin@test.example").await;
    let other = json!({
        "kind": "institution", "legal_name": "BDC Sumut", "owner_name": "Ketua",
        "regency": "1275", "sector": "other", "display_name": "Petugas BDC",
        "email": "bdc@test.example", "password": PASSWORD
    });
    assert_eq!(admin.post_json("/api/admin/organisations", &other).await.status, 201);
    for email in ["bdc@test.example", "x@test.example", "a@test.example", "admin@test.example"] {
        let c = app.web_login(email).await;
        let csrf = c.csrf.clone();
        let path = format!("/instruments/{key}/2");
        assert_eq!(c.get(&path).await.status, 404, "{email} reads");
        let r = post(&c, &path, &csrf, fields(&draft, &[("text_en.jp1", "Taken over")])).await;
        assert_eq!(r.status, 404, "{email} edits");
        let r = c
            .post_form(
                "/instruments/copy",
                &[("csrf_token", &csrf), ("key", &key), ("version", "2")],
            )
            .await;
        assert_eq!(r.status, 404, "{email} copies");
        if email == "bdc@test.example" {
            let list = c.get("/instruments").await;
            assert_eq!(list.status, 200);
            assert!(!list.text.contains(&key), "another institution's list");
        } else {
            assert_eq!(c.get("/instruments").await.status, 404, "{email} lists");
        }
    }
    assert_eq!(stored(&app, &key, 2).await, draft);
    assert!(app.db.instrument(&key, 3).await.unwrap().is_none(), "no copy made");
    app.stop().await;
}

#[tokio::test]
async fn institution_instruments_through_the_api() {
    let app = crate::common::spawn().await;
    let officer = app.api_login("officer@test.example").await;
    let list = officer.get("/api/instruments").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "the starting instrument only");
    let (key, version) = (list[0]["key"].clone(), list[0]["version"].clone());
    // Copy into a draft, edit it (a bad scale first: refused, nothing written), publish.
    let r = officer
        .post_json("/api/instruments/copy", &serde_json::json!({"key": key, "version": version}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let draft = r.json();
    assert_eq!(draft["status"], "draft");
    let at = format!("/api/instruments/{}/{}", draft["key"].as_str().unwrap(), draft["version"]);
    let put = |body: serde_json::Value| {
        let (c, at) = (&officer, at.clone());
        async move { c.send_json(reqwest::Method::PUT, &at, &body, true).await }
    };
    let r = put(serde_json::json!({"fields": {"scale": "9", "title_en": "Ours"}})).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_ne!(officer.get(&at).await.json()["title_en"], "Ours");
    let r = put(serde_json::json!({"fields": {"title_en": "Ours", "scale": 7}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = officer.post_json(&format!("{at}/publish"), &serde_json::json!({})).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("published")), "{}", r.text);
    let r = put(serde_json::json!({"fields": {"title_en": "Changed"}})).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].as_str()),
        (422, Some("instrument.immutable"))
    );
    assert_eq!(officer.get(&at).await.json()["title_en"], "Ours", "published stays");
    // Nobody else reads or copies it.
    for email in ["x@test.example", "a@test.example", "admin@test.example"] {
        let c = app.api_login(email).await;
        assert_eq!(c.get(&at).await.status, 404, "{email}");
        assert_eq!(c.get("/api/instruments").await.status, 404, "{email}");
    }
    app.stop().await;
}

fn item_keys(i: &Instrument, prefix: &str) -> Vec<String> {
    i.items().iter().map(|it| it.key.clone()).filter(|k| k.starts_with(prefix)).collect()
}

/// Copies the starting instrument as the fixture officer (web client) into the next draft.
async fn copy_starting(o: &Client, csrf: &str, key: &str, version: u32) {
    let r = o
        .post_form(
            "/instruments/copy",
            &[("csrf_token", csrf), ("key", key), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
}

#[tokio::test]
async fn items_are_added_removed_and_moved_on_the_page() {
    let app = spawn().await;
    let key = format!("institution-{}", app.world.institution);
    let path = format!("/instruments/{key}/2");
    let o = app.web_login("officer@test.example").await;
    let csrf = o.form_token("/instruments").await;
    copy_starting(&o, &csrf, "starting", 1).await;
    let draft = stored(&app, &key, 2).await;
    let page = o.get(&path).await.text;
    assert!(page.contains("value=\"up:jp2\"") && page.contains("value=\"down:jp1\""), "{page}");
    assert!(page.contains("value=\"remove:jp1\"") && !page.contains("value=\"up:jp1\""));
    assert!(page.contains("name=\"new.key\"") && page.contains("value=\"add\""));

    // A bad new item: every field named, what was typed kept, nothing written.
    let typed_text = "Teks pertama yang diketik";
    let add = |extra: &[(&str, &str)]| {
        let mut f = fields(&draft, &[("text_id.jp1", typed_text)]);
        f.push(("action".into(), "add".into()));
        f.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        f
    };
    let r = post(
        &o,
        &path,
        &csrf,
        add(&[("new.component", "trust"), ("new.key", "Butir 5"), ("new.text_en", "Five")]),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("id=\"new.key-error\"") && r.text.contains("id=\"new.text_id-error\""));
    assert!(r.text.contains("Kode butir hanya boleh huruf kecil"), "{}", r.text);
    assert!(r.text.contains("value=\"Butir 5\"") && r.text.contains(typed_text), "typed kept");
    assert_eq!(stored(&app, &key, 2).await, draft, "nothing written");
    // The new item's four fields, and whether it is reverse-scored.
    let item = |component: &str, key: &str, text_id: &str, text_en: &str, reverse: bool| {
        let mut f = vec![
            ("new.component", component),
            ("new.key", key),
            ("new.text_id", text_id),
            ("new.text_en", text_en),
        ];
        if reverse {
            f.push(("new.reverse", "on"));
        }
        add(&f)
    };
    for (component, bad_key, message) in [
        ("trust", "jp2", "Kode butir ini sudah dipakai"),
        ("trust", "nib", "Kode butir hanya boleh"),
        ("nope", "rr1", "id=\"new.component-error\""),
    ] {
        let r = post(&o, &path, &csrf, item(component, bad_key, "Lima", "Five", false)).await;
        assert_eq!(r.status, 422, "{bad_key}");
        assert!(r.text.contains(message), "{bad_key}: {}", r.text);
    }
    assert_eq!(stored(&app, &key, 2).await, draft, "nothing written");

    // A good new item: after tr4, reverse-scored, and the typed text of jp1 saved with it.
    let good = item(
        "trust",
        "tr5",
        "Mitra kadang menyembunyikan masalah dari kami.",
        "Our partner sometimes hides problems from us.",
        true,
    );
    let r = post(&o, &path, &csrf, good).await;
    assert_eq!(
        (r.status, r.location.as_deref()),
        (303, Some(format!("{path}?done=instrument.item_added").as_str())),
        "{}",
        r.text
    );
    let now = stored(&app, &key, 2).await;
    assert_eq!(item_keys(&now, "tr"), ["tr1", "tr2", "tr3", "tr4", "tr5"]);
    let (at, tr5) = now.item("tr5").unwrap();
    assert_eq!((at, tr5.reverse), (now.item("tr4").unwrap().0 + 1, true));
    assert_eq!(now.item("jp1").unwrap().1.text_id, typed_text);
    let shown = o.get(&format!("{path}?done=instrument.item_added")).await.text;
    assert!(shown.contains("Butir baru sudah ditambahkan"));

    // Moving within the component, and back.
    let act = |a: &str| {
        let mut f = fields(&now, &[]);
        f.push(("action".into(), a.to_owned()));
        f
    };
    let r = post(&o, &path, &csrf, act("up:tr5")).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(item_keys(&stored(&app, &key, 2).await, "tr"), ["tr1", "tr2", "tr3", "tr5", "tr4"]);
    let r = post(&o, &path, &csrf, act("down:tr5")).await;
    assert_eq!(r.status, 303);
    assert_eq!(item_keys(&stored(&app, &key, 2).await, "tr"), ["tr1", "tr2", "tr3", "tr4", "tr5"]);
    // Removing: down to the last item of joint planning, which stays.
    for k in ["tr5", "jp2", "jp3", "jp4"] {
        let r = post(&o, &path, &csrf, act(&format!("remove:{k}"))).await;
        assert_eq!(r.status, 303, "{k}: {}", r.text);
    }
    let one_left = stored(&app, &key, 2).await;
    assert_eq!(item_keys(&one_left, "jp"), ["jp1"]);
    assert!(one_left.item("tr5").is_none());
    let r = post(&o, &path, &csrf, act("remove:jp1")).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"item.jp1-error\""), "{}", r.text);
    assert!(r.text.contains("Butir terakhir sebuah komponen tidak dapat dihapus"));
    assert_eq!(stored(&app, &key, 2).await, one_left, "nothing changed");
    assert_eq!(post(&o, &path, &csrf, act("remove:zz9")).await.status, 404);

    // Published: adding, removing and moving are refused and change nothing.
    let r = post(&o, &path, &csrf, act("publish")).await;
    assert_eq!(r.status, 303);
    let published = stored(&app, &key, 2).await;
    assert_eq!(published.status(), InstrumentStatus::Published);
    let mut add_published = fields(&published, &[]);
    add_published.extend(
        [
            ("action", "add"),
            ("new.component", "trust"),
            ("new.key", "tr9"),
            ("new.text_id", "x"),
            ("new.text_en", "x"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    for f in [add_published, act("remove:tr1"), act("up:tr2"), act("down:tr1")] {
        let r = post(&o, &path, &csrf, f).await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("Versi terbitan tidak dapat diubah"));
    }
    assert_eq!(stored(&app, &key, 2).await, published, "published stays");
    app.stop().await;
}

/// The officer of the test institution, logged in over the API, with a draft copy of the
/// starting instrument: (client, the institution's instrument key, the draft's API path).
async fn officer_copy(app: &TestApp) -> (Client, String, String) {
    let key = format!("institution-{}", app.world.institution);
    let officer = app.api_login("officer@test.example").await;
    let r =
        officer.post_json("/api/instruments/copy", &json!({"key": "starting", "version": 1})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let at = format!("/api/instruments/{key}/2");
    (officer, key, at)
}

async fn api_answer(c: &Client, id: i64, i: &Instrument, value: i64) -> serde_json::Value {
    let answers: serde_json::Map<String, serde_json::Value> =
        i.items().iter().map(|it| (it.key.clone(), json!(value))).collect();
    let r =
        c.post_json(&format!("/api/assessments/{id}/submit"), &json!({"answers": answers})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    c.get(&format!("/api/assessments/{id}")).await.json()
}

#[tokio::test]
async fn items_through_the_api_and_old_assessments_keep_their_version() {
    let app = spawn().await;
    let w = &app.world;
    let (officer, key, at) = officer_copy(&app).await;
    let field = |r: &crate::common::Resp| {
        let j = r.json();
        (
            r.status,
            j["fields"][0]["field"].as_str().unwrap_or("").to_owned(),
            j["fields"][0]["code"].as_str().unwrap_or("").to_owned(),
        )
    };
    // Add: field errors named as the body's fields; then a good one.
    let add = |component: &str, key: &str, text_id: &str, text_en: &str| {
        let body =
            json!({"component": component, "key": key, "text_id": text_id, "text_en": text_en});
        let (c, at) = (&officer, at.clone());
        async move { c.post_json(&format!("{at}/items"), &body).await }
    };
    let r = add("trust", "tr1", "a", "b").await;
    assert_eq!(field(&r), (422, "key".into(), "instrument.duplicate_item".into()));
    let r = add("nope", "tr5", "a", "b").await;
    assert_eq!(field(&r), (422, "component".into(), "field.choice".into()));
    let r = add(
        "trust",
        "tr5",
        "Mitra menepati janji pembayaran.",
        "Our partner keeps its payment promises.",
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let keys: Vec<String> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(keys.iter().filter(|k| k.starts_with("tr")).count(), 5);
    // Move and remove.
    let r = officer.post_json(&format!("{at}/items/tr5/move"), &json!({"direction": "up"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(item_keys(&stored(&app, &key, 2).await, "tr"), ["tr1", "tr2", "tr3", "tr5", "tr4"]);
    let r =
        officer.post_json(&format!("{at}/items/tr5/move"), &json!({"direction": "sideways"})).await;
    assert_eq!(field(&r), (422, "direction".into(), "field.choice".into()));
    for k in ["jp2", "jp3", "jp4"] {
        let r = officer
            .send_json(reqwest::Method::DELETE, &format!("{at}/items/{k}"), &json!({}), true)
            .await;
        assert_eq!(r.status, 200, "{k}: {}", r.text);
    }
    let before = stored(&app, &key, 2).await;
    let r = officer
        .send_json(reqwest::Method::DELETE, &format!("{at}/items/jp1"), &json!({}), true)
        .await;
    assert_eq!(field(&r), (422, "item.jp1".into(), "instrument.last_item".into()));
    let r = officer
        .send_json(reqwest::Method::DELETE, &format!("{at}/items/zz9"), &json!({}), true)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(stored(&app, &key, 2).await, before, "nothing changed");
    // Nobody else touches the items: 404, nothing written.
    for email in ["x@test.example", "a@test.example", "admin@test.example"] {
        let c = app.api_login(email).await;
        let r = c
            .post_json(
                &format!("{at}/items"),
                &json!({"component": "trust", "key": "tr9", "text_id": "a", "text_en": "b"}),
            )
            .await;
        assert_eq!(r.status, 404, "{email} adds");
        let r = c
            .send_json(reqwest::Method::DELETE, &format!("{at}/items/tr1"), &json!({}), true)
            .await;
        assert_eq!(r.status, 404, "{email} removes");
        let r = c.post_json(&format!("{at}/items/tr1/move"), &json!({"direction": "down"})).await;
        assert_eq!(r.status, 404, "{email} moves");
    }
    assert_eq!(stored(&app, &key, 2).await, before, "nothing changed");

    // Publish @2; a readiness assessment of UMKM A is answered on it.
    let r = officer.post_json(&format!("{at}/publish"), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v2 = stored(&app, &key, 2).await;
    for (r, what) in [
        (add("trust", "tr9", "a", "b").await, "add"),
        (
            officer
                .send_json(reqwest::Method::DELETE, &format!("{at}/items/tr1"), &json!({}), true)
                .await,
            "remove",
        ),
        (
            officer.post_json(&format!("{at}/items/tr1/move"), &json!({"direction": "down"})).await,
            "move",
        ),
    ] {
        assert_eq!(field(&r), (422, "status".into(), "instrument.immutable".into()), "{what}");
    }
    assert_eq!(stored(&app, &key, 2).await, v2, "published stays");
    let a = app.api_login("a@test.example").await;
    let r = a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let first = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["instrument_version"], 2);
    let res = api_answer(&a, first, &v2, 4).await;
    let components = |res: &serde_json::Value| -> Vec<(String, i64)> {
        res["score"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["component"].as_str().unwrap().to_owned(), c["total"].as_i64().unwrap()))
            .collect()
    };
    let before_scores = (components(&res), res["score"]["overall"]["index"].clone());
    assert!(
        before_scores.0.contains(&("joint_planning".to_owned(), 1))
            && before_scores.0.contains(&("trust".to_owned(), 5))
    );
    // Version 3 with other items (jp2 back, tr5 gone) is published; the old assessment keeps @2.
    let r = officer.post_json("/api/instruments/copy", &json!({"key": key, "version": 2})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let at3 = format!("/api/instruments/{key}/3");
    assert_eq!(
        officer
            .send_json(reqwest::Method::DELETE, &format!("{at3}/items/tr5"), &json!({}), true)
            .await
            .status,
        200
    );
    let r = officer.post_json(&format!("{at3}/items"), &json!({"component": "joint_planning", "key": "jp2", "text_id": "Rencana bulanan.", "text_en": "Monthly plans."})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(officer.post_json(&format!("{at3}/publish"), &json!({})).await.status, 200);
    let again = a.get(&format!("/api/assessments/{first}")).await.json();
    assert_eq!(again["assessment"]["instrument_version"], 2);
    assert_eq!((components(&again), again["score"]["overall"]["index"].clone()), before_scores);
    let r = a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    assert_eq!(r.json()["instrument_version"], 3, "a new assessment takes the new version");
    app.stop().await;
}

#[tokio::test]
async fn an_institution_adds_the_optional_risk_reward_component() {
    // The starting instrument measures the eight components; an institution's copy adds the
    // optional ninth through its first item, an UMKM answers it, and every page shows it.
    let app = spawn().await;
    let w = &app.world;
    let (officer, key, at) = officer_copy(&app).await;
    // The page offers it for a new item; a core component the copy lacks is never offered.
    let page = officer.get(&format!("/instruments/{key}/2")).await.text;
    assert!(page.contains("<option value=\"risk_reward_sharing\""), "offered on the page");
    let item = |k: &str, id: &str, en: &str| json!({"component": "risk_reward_sharing", "key": k, "text_id": id, "text_en": en});
    for (k, id, en) in [
        (
            "rr1",
            "Kerugian karena gagal panen ditanggung bersama.",
            "Losses from crop failure are shared.",
        ),
        (
            "rr2",
            "Keuntungan dari harga tinggi dibagi adil.",
            "Gains from high prices are shared fairly.",
        ),
    ] {
        let r = officer.post_json(&format!("{at}/items"), &item(k, id, en)).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let v = stored(&app, &key, 2).await;
    assert_eq!(v.components().len(), 9);
    assert_eq!(v.weights().get(&Component::RiskRewardSharing), Some(&1.0));
    // Its last item takes it away again; added back, it is published.
    for k in ["rr1", "rr2"] {
        let r = officer
            .send_json(reqwest::Method::DELETE, &format!("{at}/items/{k}"), &json!({}), true)
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    assert_eq!(stored(&app, &key, 2).await.components().len(), 8);
    let r = officer
        .post_json(&format!("{at}/items"), &item("rr1", "Risiko dibagi.", "Risks are shared."))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(officer.post_json(&format!("{at}/publish"), &json!({})).await.status, 200);
    let v2 = stored(&app, &key, 2).await;

    // UMKM A answers it: the component is scored and shown (Indonesian) on the results page.
    let a = app.api_login("a@test.example").await;
    let r = a.post_json(&format!("/api/organisations/{}/readiness", w.umkm_a), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["instrument_version"], 2);
    let id = r.json()["id"].as_i64().unwrap();
    let res = api_answer(&a, id, &v2, 4).await;
    let rr = res["score"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "risk_reward_sharing")
        .cloned()
        .unwrap_or_else(|| panic!("scored: {res}"));
    assert_eq!(rr["total"], 1);
    let html = a.get(&format!("/assessments/{id}")).await;
    assert_eq!(html.status, 200);
    assert!(html.text.contains("berbagi risiko dan keuntungan"), "named on the results page");
    app.stop().await;
}
