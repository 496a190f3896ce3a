//! A 7-point instrument end to end: an institution publishes a 7-point copy, an UMKM of its
//! province takes the readiness self-assessment on it in the pages, and the scores (means,
//! 0–100 indices, maturity levels, weighted overall index, gaps on the 1–5 readiness scale) are
//! the hand-computed ones; a survey file on it takes 7 and names an 8 by row and column.

use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
use serde_json::{json, Value};

use crate::coaching::{survey_csv, upload};
use crate::common::spawn;
use crate::instrument_rule::copy_starting;

/// The answers typed, by item (empty: unanswered). jp1 is reverse-scored: 2 counts as 6.
const ANSWERS: [(&str, &str); 32] = [
    ("jp1", "2"),
    ("jp2", "7"),
    ("jp3", "5"),
    ("jp4", "6"),
    ("oc1", "1"),
    ("oc2", "1"),
    ("oc3", "2"),
    ("oc4", "2"),
    ("cm1", "4"),
    ("cm2", "4"),
    ("cm3", "4"),
    ("cm4", "4"),
    ("tr1", "7"),
    ("tr2", "7"),
    ("tr3", "7"),
    ("tr4", "7"),
    ("co1", "3"),
    ("co2", "4"),
    ("co3", ""),
    ("co4", ""),
    ("cs1", "5"),
    ("cs2", ""),
    ("cs3", ""),
    ("cs4", ""),
    ("sc1", "6"),
    ("sc2", "6"),
    ("sc3", "5"),
    ("sc4", "5"),
    ("ji1", "2"),
    ("ji2", "3"),
    ("ji3", "2"),
    ("ji4", "3"),
];

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn a_seven_point_readiness_assessment_scores_as_computed_by_hand() {
    let app = spawn().await;
    let w = &app.world;
    // The institution's 7-point copy: jp1 reverse-scored, trust weighs double; published.
    let officer = app.api_login("officer@test.example").await;
    let label = copy_starting(&officer).await;
    let at = format!("/api/instruments/{}", label.replace('@', "/"));
    let body =
        json!({"fields": {"scale": 7, "reverse.jp1": true, "weight.trust": "2"}, "publish": true});
    let r = officer.send_json(reqwest::Method::PUT, &at, &body, true).await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("published")), "{}", r.text);

    // The questionnaire offers 1..7 with the 7-point labels.
    let a = app.web_login("a@test.example").await;
    let path = format!("/organisations/{}/readiness", w.umkm_a);
    let form = a.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("id=\"jp1-7\" name=\"jp1\" value=\"7\""), "{}", form.text);
    assert!(form.text.contains("7 · Sangat setuju") && form.text.contains("4 · Netral"));
    assert!(!form.text.contains("value=\"8\""));

    // An 8 is refused beside its item, what was chosen is kept, and nothing is stored.
    let post = |answers: &[(&str, &str)]| {
        let mut f: Vec<(&str, &str)> = answers.to_vec();
        f.push(("csrf_token", &a.csrf));
        f.push(("action", "submit"));
        let f: Vec<(String, String)> =
            f.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        let (a, path) = (&a, path.clone());
        async move {
            let borrowed: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            a.post_form(&path, &borrowed).await
        }
    };
    let mut eight = ANSWERS;
    eight[1] = ("jp2", "8");
    let r = post(&eight).await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"jp2-error\""), "{}", r.text);
    assert!(r.text.contains("Pilih salah satu jawaban pada skala."));
    assert!(r.text.contains("id=\"tr1-7\" name=\"tr1\" value=\"7\" checked"), "kept");
    let draft = app.db.assessment_draft(w.umkm_a, AssessmentKind::Readiness, None).await.unwrap();
    assert!(draft.is_none(), "nothing stored");

    // The answers go in; the assessment is on the 7-point version.
    let r = post(&ANSWERS).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let id: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/assessments/"))
        .and_then(|l| l.split('?').next())
        .and_then(|n| n.parse().ok())
        .expect("the results page");
    let api = app.api_login("a@test.example").await;
    let res: Value = api.get(&format!("/api/assessments/{id}?type=type_ii")).await.json();
    assert_eq!(
        format!(
            "{}@{}",
            res["assessment"]["instrument_key"].as_str().unwrap(),
            res["assessment"]["instrument_version"]
        ),
        label
    );
    assert_eq!(res["score"]["scale"], 7);
    let component = |key: &str| -> Value {
        res["score"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["component"] == key)
            .cloned()
            .unwrap()
    };
    // (component, mean on 1–7, index = (mean − 1) / 6 · 100, level of 1 + (mean − 1) · 4 / 6).
    let expected = [
        ("joint_planning", 6.0, 500.0 / 6.0, 4), // (6 + 7 + 5 + 6) / 4; 4.33 on 1–5
        ("joint_operation_control", 1.5, 50.0 / 6.0, 1), // 1.33
        ("communication", 4.0, 50.0, 3),         // 3.00
        ("trust", 7.0, 100.0, 5),                // 5.00
        ("commitment", 3.5, 250.0 / 6.0, 3),     // two of four answered: 2.67
        ("scope", 5.5, 75.0, 4),                 // 4.00
        ("joint_investment", 2.5, 25.0, 2),      // 2.00
    ];
    for (key, mean, index, level) in expected {
        let c = component(key);
        assert_eq!(c["status"], "scored", "{key}: {c}");
        assert!(close(c["mean"].as_f64(), mean), "{key}: {c}");
        assert!(close(c["index"].as_f64(), index), "{key}: {c}");
        assert_eq!(c["maturity"], level, "{key}: {c}");
    }
    // One answer of four is not enough: no score, and it says how many it needs.
    let cs = component("contract_style");
    assert_eq!((cs["status"].as_str(), cs["needed"].as_i64()), (Some("unscored"), Some(2)));
    // Overall: trust counts twice, contract style is left out: (Σ indices + 100) / 8.
    let overall = (500.0 / 6.0 + 50.0 / 6.0 + 50.0 + 2.0 * 100.0 + 250.0 / 6.0 + 75.0 + 25.0) / 8.0;
    assert!(
        close(res["score"]["overall"]["index"].as_f64(), overall),
        "{}",
        res["score"]["overall"]
    );
    assert!(close(Some(overall), 725.0 / 12.0));
    assert_eq!(res["score"]["overall"]["left_out"], json!(["contract_style"]));
    // Gaps are measured on the 1–5 readiness scale: joint investment's 2.5 of 7 is 2.0.
    let ji = res["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["component"] == "joint_investment")
        .cloned()
        .unwrap();
    assert!(close(ji["score"].as_f64(), 2.0), "{ji}");

    // The results page says the scale and shows the same figures.
    let page = a.get(&format!("/assessments/{id}")).await.text;
    assert!(page.contains("Rata-rata (1–7)"), "{page}");
    assert!(page.contains("<td class=\"num\">6.00</td><td class=\"num\">83</td>"), "{page}");
    assert!(page.contains("<p class=\"big\">60</p>"), "{page}");

    // The other questionnaires open on it too: the officer's rating, both partnership sides.
    let web_officer = app.web_login("officer@test.example").await;
    let rating =
        web_officer.get(&format!("/organisations/{}/assessor-ratings/new", w.umkm_a)).await;
    assert!(rating.text.contains("name=\"jp1\" value=\"7\""), "{}", rating.text);
    let r = api
        .post_json(&format!("/api/partnerships/{}/status", w.p_xa), &json!({"status": "active"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let x = app.web_login("x@test.example").await;
    for c in [&x, &a] {
        let side = c.get(&format!("/partnerships/{}/assessment/form", w.p_xa)).await;
        assert!(side.text.contains("name=\"tr4\" value=\"7\""), "{}", side.text);
    }

    // A survey file on the same version: 7 is an answer, 8 is named by row and column.
    let csv = survey_csv(&[("", "7", None), ("", "5", Some(("oc3", "8")))]);
    let o = app.api_login("officer@test.example").await;
    let r = upload(&o, "/api/survey-imports", &[("file", Some("tujuh.csv"), csv.as_bytes())]).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (422, Some("survey.invalid")), "{}", r.text);
    let problems = r.json()["problems"].clone();
    assert_eq!(problems.as_array().unwrap().len(), 1, "{problems}");
    assert_eq!(
        (problems[0]["row"].as_i64(), problems[0]["column"].as_str()),
        (Some(3), Some("oc3"))
    );
    assert!(problems[0]["message"]
        .as_str()
        .unwrap()
        .contains("baris 3, kolom 'oc3': 8 di luar skala 1–7"));
    app.stop().await;
}
