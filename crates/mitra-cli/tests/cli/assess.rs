//! `mitra assess score`: scores, reliability, survey shapes, located errors, exit codes.

use crate::*;
use mitra_core::assessment::{score, Component, Instrument, Response};
use serde_json::Value;
use std::fs;

/// The 32 item keys of the starting instrument, in order.
fn keys() -> Vec<String> {
    Instrument::starting().items().iter().map(|it| it.key.clone()).collect()
}

/// A survey CSV: an id column, then every item; each row is `(id, 32 answers as text)`.
fn survey(rows: &[(&str, Vec<String>)]) -> String {
    let mut s = format!("responden,{}\n", keys().join(","));
    for (id, answers) in rows {
        s.push_str(&format!("{id},{}\n", answers.join(",")));
    }
    s
}

/// 32 answers: the component's answers repeated, e.g. `[4, 5, 3, 4]` for every component.
fn answers(per_component: [&str; 4]) -> Vec<String> {
    (0..8).flat_map(|_| per_component.map(String::from)).collect()
}

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn hand_checked_scores_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = answers(["2", "2", "", "1"]);
    b[4..8].iter_mut().for_each(|a| a.clear()); // joint operation control unanswered
    b[8..12].clone_from_slice(&["5", "", "", ""].map(String::from)); // communication: 1 of 4
    fs::write(dir.path().join("s.csv"), survey(&[("A", answers(["4", "5", "3", "4"])), ("B", b)]))
        .unwrap();
    let v = json(&mitra(dir.path(), &["assess", "score", "s.csv", "--format", "json"]));
    assert_eq!(v["instrument"], "starting@1");
    assert_eq!((v["respondents_scored"].as_u64(), v["rows_rejected"].as_u64()), (Some(2), Some(0)));
    let a = &v["respondents"][0];
    assert_eq!((a["id"].as_str(), a["line"].as_u64()), (Some("A"), Some(2)));
    // (4 + 5 + 3 + 4) / 4 = 4 → 75, level 4, on every component; overall 75.
    let jp = &a["components"][0];
    assert_eq!(jp["component"], "joint_planning");
    assert_eq!((jp["mean"].as_f64(), jp["index"].as_f64()), (Some(4.0), Some(75.0)));
    assert_eq!((jp["maturity"].as_u64(), jp["status"].as_str()), (Some(4), Some("scored")));
    assert_eq!(a["overall"]["index"].as_f64(), Some(75.0));
    // B: (2 + 2 + 1) / 3 = 5/3 → 16.67 where scored; two components unscored and left out.
    let b = &v["respondents"][1];
    let first = b["components"][0]["mean"].as_f64().unwrap();
    assert!((first - 5.0 / 3.0).abs() < 1e-12);
    assert_eq!(b["components"][1]["status"], "unscored");
    assert_eq!(b["components"][1]["needed"].as_u64(), Some(2));
    assert_eq!(b["components"][2]["answered"].as_u64(), Some(1));
    assert_eq!(
        b["overall"]["left_out"],
        serde_json::json!(["joint_operation_control", "communication"])
    );
    let overall = b["overall"]["index"].as_f64().unwrap();
    assert!((overall - (5.0 / 3.0 - 1.0) / 4.0 * 100.0).abs() < 1e-9, "{overall}");
}

#[test]
fn example_survey_matches_the_core_and_pingouin() {
    let f = examples().join("survey.csv");
    let dir = tempfile::tempdir().unwrap();
    let v = json(&mitra(dir.path(), &["assess", "score", f.to_str().unwrap(), "--format", "json"]));
    assert_eq!(v["respondents"].as_array().unwrap().len(), 40);
    // Respondent scores equal the core's on the same answers (first row of the file).
    let text = fs::read_to_string(&f).unwrap();
    let cells: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let i = Instrument::starting();
    let pairs = keys().into_iter().zip(&cells[1..]).map(|(k, c)| (k, c.parse::<i64>().ok()));
    let expected = score(&i, &Response::from_answers(&i, pairs).unwrap()).unwrap();
    assert_eq!(v["respondents"][0]["overall"]["index"].as_f64(), expected.overall.index);
    for (k, c) in Component::CORE.iter().enumerate() {
        let got = v["respondents"][0]["components"][k]["mean"].as_f64();
        assert_eq!(got, expected.component(*c).unwrap().mean(), "{c}");
    }
    // Cronbach's α per component (listwise) from pingouin 0.7.0, `cronbach_alpha(df[items],
    // nan_policy='listwise')` on examples/survey.csv.
    let pingouin = [
        ("joint_planning", 0.8644725177304965, 40),
        ("joint_operation_control", 0.8533333333333332, 39),
        ("communication", 0.813749324689357, 40),
        ("trust", 0.7932145886344362, 39),
        ("commitment", 0.7725250278086762, 40),
        ("contract_style", 0.796079055859299, 40),
        ("scope", 0.6121139189731246, 40),
        ("joint_investment", 0.8150234741784038, 39),
    ];
    for (r, (key, alpha, n)) in v["reliability"].as_array().unwrap().iter().zip(pingouin) {
        assert_eq!(r["component"], key);
        assert!((r["alpha"].as_f64().unwrap() - alpha).abs() < 1e-12, "{key}: {}", r["alpha"]);
        assert_eq!(r["n_used"].as_u64(), Some(n));
        assert_eq!(r["n_left_out"].as_u64(), Some(40 - n));
        assert_eq!(r["below_threshold"].as_bool(), Some(alpha < 0.70));
    }
}

#[test]
fn tables_in_both_languages_flag_low_alpha() {
    let f = examples().join("survey.csv");
    let f = f.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let id = mitra(dir.path(), &["assess", "score", f]);
    assert!(id.status.success(), "{}", stderr(&id));
    let out = stdout(&id);
    assert!(out.contains("40 responden dinilai"), "{out}");
    assert!(out.contains("K7 scope: α = 0.6121, n = 40 (0 dikeluarkan)  [di bawah 0,70]"), "{out}");
    assert!(out.contains("K2 joint_operation_control: α = 0.8533, n = 39 (1 dikeluarkan)\n"));
    assert_eq!(out.lines().filter(|l| l.starts_with("UMKM-")).count(), 40);
    let en = stdout(&mitra(dir.path(), &["--lang", "en", "assess", "score", f]));
    assert!(en.contains("K7 scope: α = 0.6121, n = 40 (0 left out)  [below 0.70]"), "{en}");
    assert!(en.contains("α if deleted"));
}

#[test]
fn bad_answers_are_all_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = answers(["3", "3", "3", "3"]);
    bad[2] = "7".into();
    bad[5] = "setuju".into();
    let mut half = answers(["3", "3", "3", "3"]);
    half[31] = "3.5".into();
    let rows = [("A", answers(["4", "4", "4", "4"])), ("B", bad), ("C", half)];
    fs::write(dir.path().join("s.csv"), survey(&rows)).unwrap();
    let args = ["assess", "score", "s.csv", "--format", "json", "-o", "out.json"];
    let o = mitra(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("3 jawaban tidak valid di 2 baris; tidak ada yang dinilai"), "{err}");
    assert!(err.contains("baris 3, kolom 'jp3': 7 di luar skala 1–5"), "{err}");
    assert!(err.contains("baris 3, kolom 'oc2': 'setuju' bukan angka; jawab 1–5"), "{err}");
    assert!(err.contains("baris 4, kolom 'ji4': 3.5 bukan bilangan bulat"), "{err}");
    assert!(!dir.path().join("out.json").exists());
    let en = mitra(dir.path(), &["--lang", "en", "assess", "score", "s.csv"]);
    assert!(stderr(&en).contains("row 3, column 'jp3': 7 is outside the 1–5 scale"));
    // --skip-invalid: the clean row is scored, the others listed on stderr and in the JSON.
    let mut args = args.to_vec();
    args.push("--skip-invalid");
    let o = mitra(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 baris ditolak dan tidak dinilai"), "{}", stderr(&o));
    let v: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(v["respondents"].as_array().unwrap().len(), 1);
    assert_eq!(v["rows_rejected"].as_u64(), Some(2));
    assert_eq!(v["rejected"][0]["problem"], "out_of_scale");
    assert_eq!(v["rejected"][0]["column"], "jp3");
}

#[test]
fn many_errors_are_cut_after_fifty() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<(&str, Vec<String>)> =
        (0..3).map(|_| ("X", answers(["9", "9", "9", "9"]))).collect();
    fs::write(dir.path().join("s.csv"), survey(&rows)).unwrap();
    let o = mitra(dir.path(), &["--lang", "en", "assess", "score", "s.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("96 invalid answers in 3 rows"), "{err}");
    assert_eq!(err.matches("is outside the 1–5 scale").count(), 50);
    assert!(err.contains("… and 46 more"), "{err}");
}

#[test]
fn required_answers_missing_items_and_unknown_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut gap = answers(["3", "3", "3", "3"]);
    gap[0].clear();
    fs::write(dir.path().join("s.csv"), survey(&[("A", gap)])).unwrap();
    let o = mitra(dir.path(), &["assess", "score", "s.csv", "--require-all"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("baris 2, kolom 'jp1': butir wajib tidak dijawab"),
        "{}",
        stderr(&o)
    );
    // Without --require-all the blank is simply unanswered.
    assert!(mitra(dir.path(), &["assess", "score", "s.csv"]).status.success());
    // Drop two item columns, add an unknown one.
    let text = "responden,Email,".to_string()
        + &keys()[2..].join(",")
        + "\nA,a@b.id,"
        + &["3"; 30].join(",")
        + "\n";
    fs::write(dir.path().join("t.csv"), text).unwrap();
    let o = mitra(dir.path(), &["--lang", "en", "assess", "score", "t.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("2 items of the instrument have no column: jp1, jp2"), "{err}");
    assert!(err.contains("columns not recognised: 'Email'"), "{err}");
    // With every item present, an unknown column is only a warning.
    let text = "responden,Email,".to_string()
        + &keys().join(",")
        + "\nA,a@b.id,"
        + &["3"; 32].join(",")
        + "\n";
    fs::write(dir.path().join("u.csv"), text).unwrap();
    let o = mitra(dir.path(), &["--lang", "en", "assess", "score", "u.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: columns that are no item of the instrument are ignored: 'Email'"),
        "{err}"
    );
}

#[test]
fn google_forms_headers_and_mapping_files() {
    let dir = tempfile::tempdir().unwrap();
    let i = Instrument::starting();
    // Question text as header (quoted: some contain commas), a timestamp first, as Forms exports.
    let mut head = vec!["Timestamp".to_string()];
    head.extend(i.items().iter().map(|it| format!("\"{}\"", it.text_id)));
    let text = format!(
        "{}\n2025/01/31 10:00:00,{}\n",
        head.join(","),
        answers(["4", "5", "3", "4"]).join(",")
    );
    fs::write(dir.path().join("forms.csv"), text).unwrap();
    let v = json(&mitra(dir.path(), &["assess", "score", "forms.csv", "--format", "json"]));
    assert_eq!(v["respondents"][0]["id"], "2025/01/31 10:00:00");
    assert_eq!(v["respondents"][0]["overall"]["index"].as_f64(), Some(75.0));
    // Columns Q1..Q32 mapped through a mapping file.
    let head: Vec<String> = (1..=32).map(|k| format!("Q{k}")).collect();
    let text = format!("{}\n{}\n", head.join(","), answers(["4", "5", "3", "4"]).join(","));
    fs::write(dir.path().join("q.csv"), text).unwrap();
    let map: String = std::iter::once("column_header,item_key\n".to_string())
        .chain(keys().iter().enumerate().map(|(k, key)| format!("Q{},{key}\n", k + 1)))
        .collect();
    fs::write(dir.path().join("map.csv"), map).unwrap();
    let args = ["assess", "score", "q.csv", "--mapping", "map.csv", "--format", "json"];
    let v = json(&mitra(dir.path(), &args));
    assert_eq!(v["respondents"][0]["id"], Value::Null);
    assert_eq!(v["respondents"][0]["overall"]["index"].as_f64(), Some(75.0));
    fs::write(dir.path().join("bad.csv"), "column_header,item_key\nQ1,jp9\n").unwrap();
    let o = mitra(dir.path(), &["assess", "score", "q.csv", "--mapping", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("bad.csv: baris 2, kolom 2 'item_key': instrumen tidak punya butir 'jp9'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn xlsx_equals_csv_and_seven_point_scale() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [("A", answers(["7", "6", "1", "4"])), ("B", answers(["2", "2", "3", "3"]))];
    let csv_text = survey(&rows);
    fs::write(dir.path().join("s.csv"), &csv_text).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in csv_text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if r > 0 => ws.write_number(r as u32, c as u16, v).map(|_| ()).unwrap(),
                _ => ws.write_string(r as u32, c as u16, cell).map(|_| ()).unwrap(),
            }
        }
    }
    wb.save(dir.path().join("s.xlsx")).unwrap();
    let five = mitra(dir.path(), &["assess", "score", "s.csv"]);
    assert_eq!(five.status.code(), Some(2), "7 and 6 are outside a 5-point scale");
    let a = mitra(dir.path(), &["assess", "score", "s.csv", "--scale", "7", "--format", "csv"]);
    let b = mitra(dir.path(), &["assess", "score", "s.xlsx", "--scale", "7", "--format", "csv"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(stdout(&a), stdout(&b));
    let out = stdout(&a);
    let mut lines = out.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with("respondent,line,joint_planning_mean,joint_planning_index,"));
    assert!(head.ends_with(",overall_index,components_left_out"));
    // A: (7 + 6 + 1 + 4) / 4 = 4.5 on 1–7 → (3.5 / 6) · 100.
    let f: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&f[..3], ["A", "2", "4.5"]);
    assert!((f[3].parse::<f64>().unwrap() - 350.0 / 6.0).abs() < 1e-12);
    let o = mitra(dir.path(), &["assess", "score", "s.csv", "--scale", "6"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--scale: '6' tidak dapat digunakan; pilih 5 atau 7"));
    // On 1–7 an 8 is named by its row and column, and nothing is written.
    let mut eight = answers(["7", "6", "1", "4"]);
    eight[9] = "8".into();
    fs::write(
        dir.path().join("s8.csv"),
        survey(&[("A", answers(["7", "7", "7", "7"])), ("B", eight)]),
    )
    .unwrap();
    let o = mitra(dir.path(), &["assess", "score", "s8.csv", "--scale", "7", "-o", "out.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("baris 3, kolom 'cm2': 8 di luar skala 1–7"), "{}", stderr(&o));
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn reliability_csv_and_section_rules() {
    let f = examples().join("survey.csv");
    let f = f.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o =
        mitra(dir.path(), &["assess", "score", f, "--format", "csv", "--section", "reliability"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("component,alpha,below_0_70,n_used,n_left_out,item,item_mean,item_sd,corrected_item_total,alpha_if_deleted")
    );
    assert_eq!(lines.clone().count(), 32);
    assert!(
        lines.any(|l| l.starts_with("scope,0.612113918973124") && l.contains(",true,40,0,sc1,"))
    );
    let o = mitra(dir.path(), &["assess", "score", f, "--format", "csv", "--section", "all"]);
    assert_eq!(o.status.code(), Some(2));
    let o = mitra(dir.path(), &["assess", "score", f, "--instrument", "mine"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&mitra(
        dir.path(),
        &["assess", "score", f, "--format", "json", "--section", "scores"],
    ));
    assert!(v.get("reliability").is_none() && v["respondents"].is_array());
}

/// `mitra assess import survei.csv` for `inst` into the database at `url`, with `extra` options.
fn import_survey(dir: &Path, url: &str, inst: i64, extra: &[&str]) -> std::process::Output {
    let inst = inst.to_string();
    let mut args =
        vec!["assess", "import", "survei.csv", "--institution", &inst, "--database-url", url];
    args.extend_from_slice(extra);
    mitra(dir, &args)
}

/// A migrated SQLite database with an institution and an UMKM in Medan (province 12); their ids.
fn database(dir: &Path) -> (String, i64, i64) {
    use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
    use mitra_core::Store;
    let url = format!("sqlite:{}", dir.join("mitra.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (inst, umkm) = rt.block_on(async {
        let db = mitra_store::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let org = |name: &str, nib: &str, kind| {
            OrganisationDraft {
                legal_name: name.into(),
                owner_name: "Pemilik".into(),
                nib: nib.into(),
                regency: "1275".into(),
                sector: "processed_food".into(),
                workers: "5".into(),
                business_capital: "750.000.000".into(),
                annual_sales: "1.000.000.000".into(),
                ..Default::default()
            }
            .parse(kind)
            .unwrap()
        };
        let i = org("Dinas Koperasi", "", OrganisationKind::Institution);
        let inst = db.create_organisation(&i, 0).await.unwrap();
        let u = org("Bika Medan", "1234567890123", OrganisationKind::Umkm);
        let umkm = db.create_organisation(&u, 0).await.unwrap();
        db.close().await;
        (inst, umkm)
    });
    (url, inst, umkm)
}

#[test]
fn import_stores_clean_files_only_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (url, inst, umkm) = database(dir.path());
    let mut csv = format!("nib,{}\n", keys().join(","));
    csv.push_str(&format!("1234567890123,{}\n", answers(["4", "4", "4", "4"]).join(",")));
    csv.push_str(&format!(",{}\n", answers(["3", "3", "3", "3"]).join(",")));
    let mut bad = answers(["2", "2", "2", "2"]);
    bad[2] = "7".into();
    csv.push_str(&format!(",{}\n", bad.join(",")));
    csv.push_str(&format!("9999999999999,{}\n", answers(["2", "2", "2", "2"]).join(",")));
    fs::write(dir.path().join("survei.csv"), csv).unwrap();
    let run = |extra: &[&str]| import_survey(dir.path(), &url, inst, extra);
    // Dirty file: refused as a whole, each problem named by row and column; exit code 2.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("tidak ada yang diimpor"), "{err}");
    assert!(err.contains("baris 4, kolom 'jp3': 7 di luar skala 1–5"), "{err}");
    assert!(
        err.contains("baris 5, kolom 'nib': '9999999999999' bukan UMKM di provinsi lembaga ini"),
        "{err}"
    );
    // --clean-rows: the two clean rows go in, one linked to the UMKM by its NIB.
    let o = run(&["--clean-rows", "--format", "json"]);
    let v = json(&o);
    assert_eq!(
        (
            v["imported"].as_u64(),
            v["linked"].as_u64(),
            v["anonymous"].as_u64(),
            v["rejected_rows"].as_u64()
        ),
        (Some(2), Some(1), Some(1), Some(2))
    );
    assert_eq!(v["problems"][0]["column"], "jp3");
    // The linked respondent is now the UMKM's submitted readiness assessment.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let history = rt.block_on(async {
        use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
        let db = mitra_store::Db::connect(&url).await.unwrap();
        let h = db.submitted_assessments(umkm, AssessmentKind::Readiness, None, 5).await.unwrap();
        db.close().await;
        h
    });
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].answers.values().copied().collect::<Vec<i64>>(), vec![4; 32]);
    // An unknown institution or kind is refused with words.
    let o = mitra(
        dir.path(),
        &["assess", "import", "survei.csv", "--institution", "999", "--database-url", &url],
    );
    assert!(stderr(&o).contains("lembaga #999 tidak ada"), "{}", stderr(&o));
    let o = run(&["--kind", "partnership_buyer"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--kind"), "{}", stderr(&o));
}

#[test]
fn import_reads_xlsx_with_a_mapping_file() {
    let dir = tempfile::tempdir().unwrap();
    let (url, inst, umkm) = database(dir.path());
    // Google-Forms-like headers: Q1…Q32 mapped to items, a name column, numbers as numbers.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nama UMKM").unwrap();
    for (c, _) in keys().iter().enumerate() {
        ws.write_string(0, c as u16 + 1, format!("Q{}", c + 1)).unwrap();
    }
    for (r, (name, v)) in [("bika medan", 5.0), ("", 2.0)].iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, *name).unwrap();
        for c in 0..keys().len() {
            ws.write_number(r as u32 + 1, c as u16 + 1, *v).unwrap();
        }
    }
    wb.save(dir.path().join("kobo.xlsx")).unwrap();
    let map: String = std::iter::once("column_header,item_key\n".to_string())
        .chain(keys().iter().enumerate().map(|(c, k)| format!("Q{},{k}\n", c + 1)))
        .collect();
    fs::write(dir.path().join("peta.csv"), map).unwrap();
    let inst = inst.to_string();
    let o = mitra(
        dir.path(),
        &[
            "assess",
            "import",
            "kobo.xlsx",
            "--institution",
            &inst,
            "--mapping",
            "peta.csv",
            "--kind",
            "assessor",
            "--database-url",
            &url,
            "--lang",
            "en",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Linked to an UMKM: 1") && out.contains("Anonymous respondents: 1"),
        "{out}"
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let assessor = rt.block_on(async {
        use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
        let db = mitra_store::Db::connect(&url).await.unwrap();
        let h = db.submitted_assessments(umkm, AssessmentKind::Assessor, None, 5).await.unwrap();
        db.close().await;
        h
    });
    assert_eq!(assessor.len(), 1, "linked by name, case ignored, as an assessor rating");
    assert!(assessor[0].answers.values().all(|&v| v == 5));
}

/// Stores instruments in the database: the institution's own 7-point copy of the starting
/// instrument (`institution-<inst>@2`, published; `@3`, a draft) and another institution's
/// published copy; returns that other institution's label.
fn stored_instruments(url: &str, inst: i64) -> String {
    use mitra_core::assessment::instrument_store::{draft_copy, InstrumentStore};
    use mitra_core::assessment::LikertScale;
    use mitra_core::organisation::{OrganisationDraft, OrganisationKind};
    use mitra_core::user::{Email, NewAccount, Role};
    use mitra_core::Store;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = mitra_store::Db::connect(url).await.unwrap();
        let other = OrganisationDraft {
            legal_name: "BDC Sumut".into(),
            owner_name: "Ketua".into(),
            regency: "1275".into(),
            sector: "other".into(),
            workers: "5".into(),
            business_capital: "750.000.000".into(),
            annual_sales: "1.000.000.000".into(),
            ..Default::default()
        }
        .parse(OrganisationKind::Institution)
        .unwrap();
        let other = db.create_organisation(&other, 0).await.unwrap();
        let mut labels = Vec::new();
        for (owner, version, published) in [(inst, 2, true), (inst, 3, false), (other, 2, true)] {
            let mut i = draft_copy(&Instrument::starting(), owner, version).unwrap();
            i.edit(|s| s.scale = LikertScale::SEVEN).unwrap();
            let officer = NewAccount {
                email: Email::parse(&format!("officer{owner}v{version}@x.example")).unwrap(),
                display_name: "Petugas".into(),
                role: Role::InstitutionOfficer,
                organisation_id: Some(owner),
                password_hash: "h".into(),
            };
            let by = db.create_account(&officer, 0).await.unwrap();
            db.create_instrument(owner, &i, by, 0).await.unwrap();
            if published {
                i.publish();
                db.save_instrument(&i, 0).await.unwrap();
            }
            labels.push(i.label());
        }
        db.close().await;
        labels.pop().unwrap()
    })
}

#[test]
fn import_on_a_stored_seven_point_instrument() {
    let dir = tempfile::tempdir().unwrap();
    let (url, inst, umkm) = database(dir.path());
    let other = stored_instruments(&url, inst);
    let own = format!("institution-{inst}@2");
    // A 7 is an answer on the 7-point instrument; an 8 is not.
    let mut csv = format!("nib,{}\n", keys().join(","));
    csv.push_str(&format!("1234567890123,{}\n", answers(["7", "6", "1", "4"]).join(",")));
    let mut bad = answers(["5", "5", "5", "5"]);
    bad[5] = "8".into();
    csv.push_str(&format!(",{}\n", bad.join(",")));
    fs::write(dir.path().join("survei.csv"), csv).unwrap();
    let run = |extra: &[&str]| import_survey(dir.path(), &url, inst, extra);
    // By default the starting instrument: a 7 is outside 1–5.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("baris 2, kolom 'jp1': 7 di luar skala 1–5"), "{}", stderr(&o));
    // The own published 7-point version: the 7 is fine, the 8 is named by row and column.
    let o = run(&["--instrument", &own]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("baris 3, kolom 'oc2': 8 di luar skala 1–7"), "{err}");
    assert!(!err.contains("baris 2"), "{err}");
    // A draft, another institution's version, an unknown one: refused before anything is read.
    for refused in [format!("institution-{inst}@3"), other, "starting@7".into(), "x".into()] {
        let o = run(&["--instrument", &refused]);
        assert_eq!(o.status.code(), Some(2), "{refused}");
        assert!(
            stderr(&o).contains(&format!("--instrument: '{refused}' tidak dapat digunakan")),
            "{}",
            stderr(&o)
        );
    }
    let o = run(&["--instrument", &own, "--clean-rows", "--format", "json"]);
    let v = json(&o);
    assert_eq!((v["imported"].as_u64(), v["rejected_rows"].as_u64()), (Some(1), Some(1)));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (history, stored) = rt.block_on(async {
        use mitra_core::assessment::instrument_store::InstrumentStore;
        use mitra_core::assessment::store::{AssessmentKind, AssessmentStore};
        let db = mitra_store::Db::connect(&url).await.unwrap();
        let h = db.submitted_assessments(umkm, AssessmentKind::Readiness, None, 5).await.unwrap();
        let i = db.instrument(&format!("institution-{inst}"), 2).await.unwrap().unwrap();
        db.close().await;
        (h, i.instrument)
    });
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].instrument_label(), own);
    // Per component (7 + 6 + 1 + 4) / 4 = 4.5 on 1–7, (4.5 − 1) / 6 · 100 on 0–100.
    let s = score(&stored, &history[0].response(&stored).unwrap()).unwrap();
    assert!(s.components.iter().all(|c| c.mean() == Some(4.5)));
    assert!(s.components.iter().all(|c| (c.index().unwrap() - 350.0 / 6.0).abs() < 1e-12));
}

#[test]
fn score_on_a_stored_published_instrument() {
    let dir = tempfile::tempdir().unwrap();
    let (url, inst, _) = database(dir.path());
    let other = stored_instruments(&url, inst);
    let own = format!("institution-{inst}@2");
    fs::write(
        dir.path().join("s.csv"),
        survey(&[("A", answers(["7", "6", "1", "4"])), ("B", answers(["2", "2", "3", "3"]))]),
    )
    .unwrap();
    let run = |label: &str| {
        mitra(
            dir.path(),
            &[
                "assess",
                "score",
                "s.csv",
                "--instrument",
                label,
                "--database-url",
                &url,
                "--format",
                "csv",
            ],
        )
    };
    // The published 7-point version read from the database: a 7 is an answer, the numbers are
    // those of the built-in starting items on 1–7.
    let stored = run(&own);
    assert!(stored.status.success(), "{}", stderr(&stored));
    let f: Vec<String> =
        stdout(&stored).lines().nth(1).unwrap().split(',').map(str::to_owned).collect();
    assert_eq!(&f[..3], ["A", "2", "4.5"]);
    assert!((f[3].parse::<f64>().unwrap() - 350.0 / 6.0).abs() < 1e-12);
    let same = mitra(dir.path(), &["assess", "score", "s.csv", "--scale", "7", "--format", "csv"]);
    assert_eq!(stdout(&stored), stdout(&same));
    // The starting one by name, still 1–5: the 7 is refused.
    assert_eq!(run("starting@1").status.code(), Some(2));
    // A draft and an unknown version are refused, named; another institution's published one
    // is a published instrument too (the CLI reads the database it is given).
    for refused in [format!("institution-{inst}@3"), format!("institution-{inst}@9"), "x@y".into()]
    {
        let o = run(&refused);
        assert_eq!(o.status.code(), Some(2), "{refused}");
        assert!(
            stderr(&o).contains(&format!("--instrument: '{refused}' tidak dapat digunakan")),
            "{}",
            stderr(&o)
        );
    }
    assert!(run(&other).status.success());
}
