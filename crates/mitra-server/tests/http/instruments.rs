//! Institutions' own instruments: copy, edit, publish on the pages; published versions are
//! immutable; only officers of the owning institution see them; assessments score on the stored
//! version they name.

use std::collections::BTreeMap;

use mitra_core::assessment::instrument_store::InstrumentStore;
use mitra_core::assessment::store::{AssessmentKind, AssessmentStore, NewAssessment};
use mitra_core::assessment::{Instrument, InstrumentStatus};
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
