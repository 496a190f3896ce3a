//! `mitra ahp` and `mitra rank --ahp/--weights entropy|critic`.

use crate::*;
use mitra_decide::{objective, Criterion, DecisionMatrix};
use serde_json::Value;
use std::fs;

/// Saaty's (1990) house example as a user would type it, with fractions.
const HOUSE: &str = "kriteria,size,transport,neighborhood,age,yard,modern,condition,financing
size,1,5,3,7,6,6,1/3,1/4
transport,1/5,1,1/3,5,3,3,1/5,1/7
neighborhood,1/3,3,1,6,3,4,6,1/5
age,1/7,1/5,1/6,1,1/3,1/4,1/7,1/8
yard,1/6,1/3,1/3,3,1,1/2,1/5,1/6
modern,1/6,1/3,1/4,4,2,1,1/5,1/6
condition,3,5,1/6,7,5,5,1,1/2
financing,4,7,5,8,6,6,2,1
";

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn saaty_house_reproduces_the_published_consistency() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("house.csv"), HOUSE).unwrap();
    let v = json(&mitra(dir.path(), &["ahp", "house.csv", "--format", "json"]));
    let r = |k: &str| (v[k].as_f64().unwrap() * 1000.0).round() / 1000.0;
    assert_eq!((r("lambda_max"), r("ci"), r("cr")), (9.669, 0.238, 0.169));
    let w: Vec<f64> =
        v["weights"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    let published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333];
    for (a, b) in w.iter().zip(published) {
        assert!((a - b).abs() < 5e-4 + 1e-12, "{w:?}");
    }
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert_eq!(v["items"][7], "financing");
    // CR 0.169 > 0.1: the table names the judgments to revisit, in Indonesian by default.
    let t = mitra(dir.path(), &["ahp", "house.csv"]);
    let out = stdout(&t);
    assert!(out.contains("TIDAK konsisten"), "{out}");
    assert!(out.contains("Penilaian yang paling tidak konsisten"), "{out}");
    assert!(out.contains("neighborhood : condition = 6"), "{out}");
}

#[test]
fn judgment_lines_with_missing_pairs_are_completed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.csv"), "a,b,value\nharga,mutu,3\nmutu,waktu,2\n").unwrap();
    let v = json(&mitra(dir.path(), &["ahp", "j.csv", "--format", "json"]));
    let w: Vec<f64> =
        v["weights"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    // The two judgments are consistent with 6 : 2 : 1, which the completion must recover.
    for (a, b) in w.iter().zip([6.0 / 9.0, 2.0 / 9.0, 1.0 / 9.0]) {
        assert!((a - b).abs() < 1e-9, "{w:?}");
    }
    assert_eq!(v["completion"]["missing"].as_array().unwrap().len(), 1);
    let o = mitra(dir.path(), &["ahp", "j.csv"]);
    assert!(stdout(&o).contains("1 perbandingan kosong dilengkapi"), "{}", stdout(&o));
}

#[test]
fn three_evaluators_give_a_group_result() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("e1.csv"), "k,a,b,c\na,1,3,5\nb,1/3,1,2\nc,1/5,1/2,1\n").unwrap();
    // The second evaluator lists the items in another order.
    fs::write(dir.path().join("e2.csv"), "k,c,a,b\nc,1,1/4,1/2\na,4,1,2\nb,2,1/2,1\n").unwrap();
    fs::write(dir.path().join("e3.csv"), "k,a,b,c\na,1,5,7\nb,1/5,1,3\nc,1/7,1/3,1\n").unwrap();
    let v = json(&mitra(dir.path(), &["ahp", "e1.csv", "e2.csv", "e3.csv", "--format", "json"]));
    assert_eq!(v["evaluators"].as_array().unwrap().len(), 3);
    let w: Vec<f64> =
        v["weights"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(w[0] > w[1] && w[1] > w[2], "{w:?}");
    let same = json(&mitra(
        dir.path(),
        &["ahp", "e1.csv", "--evaluators", "e2.csv,e3.csv", "--format", "json"],
    ));
    assert_eq!(v["weights"], same["weights"]);
    let t = stdout(&mitra(dir.path(), &["--lang", "en", "ahp", "e1.csv", "e2.csv", "e3.csv"]));
    assert!(t.contains("Group AHP — 3 evaluators (aij)"), "{t}");
    assert_eq!(t.matches("CR 0.").count(), 3, "{t}");
    fs::write(dir.path().join("e4.csv"), "k,a,b,d\na,1,3,5\nb,1/3,1,2\nd,1/5,1/2,1\n").unwrap();
    let o = mitra(dir.path(), &["ahp", "e1.csv", "e4.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tidak ada: [c], tambahan: [d]"), "{}", stderr(&o));
}

#[test]
fn bad_matrices_name_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("k,a,b\na,1,3\nb,3,1\n", "baris 'a', kolom 'b' = 3, tetapi baris 'b', kolom 'a' = 3"),
        ("k,a,b\na,1,0\nb,1/2,1\n", "harus lebih besar dari nol"),
        ("k,a,b\na,1,tiga\nb,1/3,1\n", "baris 2, kolom 3 'b': 'tiga' bukan angka"),
        ("k,a,b\nb,1,3\na,1/3,1\n", "baris 2 harus bernama 'a'"),
        ("a,b,2\nc,d,3\n", "'c' tidak terhubung dengan 'a'"),
        ("k,a,b\na,2,3\nb,1/3,1\n", "diagonal harus 1"),
    ];
    for (k, (text, needle)) in cases.iter().enumerate() {
        let name = format!("m{k}.csv");
        fs::write(dir.path().join(&name), text).unwrap();
        let o = mitra(dir.path(), &["ahp", &name]);
        assert_eq!(o.status.code(), Some(2), "{text:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{text:?}: {}", stderr(&o));
    }
}

#[test]
fn a_matrix_with_a_missing_row_is_named_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.csv"), "k,a,b,c\na,1,3,5\nb,1/3,1,2\n").unwrap();
    let id = mitra(dir.path(), &["ahp", "m.csv", "--lang", "id"]);
    let en = mitra(dir.path(), &["ahp", "m.csv", "--lang", "en"]);
    assert_eq!((id.status.code(), en.status.code()), (Some(2), Some(2)));
    let (id, en) = (stderr(&id), stderr(&en));
    assert!(id.contains("3 baris perbandingan diperlukan") && id.contains("ada 2"), "{id}");
    assert!(!id.contains("comparison rows"), "only Indonesian: {id}");
    assert!(en.contains("3 comparison rows needed") && en.contains("found 2"), "{en}");
    assert!(!en.contains("baris perbandingan"), "only English: {en}");
    // Rows out of the header's order, likewise.
    fs::write(dir.path().join("o.csv"), "k,a,b\nb,1,3\na,1/3,1\n").unwrap();
    let en = stderr(&mitra(dir.path(), &["ahp", "o.csv", "--lang", "en"]));
    assert!(en.contains("row 2 must be named 'a'") && !en.contains("harus"), "{en}");
}

#[test]
fn rank_takes_ahp_and_objective_weights() {
    let dir = tempfile::tempdir().unwrap();
    let data = "s,mutu,harga,waktu\nA,4,20000,0.9\nB,3,15000,0.8\nC,5,25000,0.95\n";
    fs::write(dir.path().join("s.csv"), data).unwrap();
    fs::write(
        dir.path().join("w.csv"),
        "k,waktu,mutu,harga\nwaktu,1,1/2,1/4\nmutu,2,1,1/2\nharga,4,2,1\n",
    )
    .unwrap();
    let v = json(&mitra(
        dir.path(),
        &["rank", "s.csv", "--cost", "harga", "--ahp", "w.csv", "--format", "json"],
    ));
    let w: Vec<f64> =
        v["criteria"].as_array().unwrap().iter().map(|c| c["weight"].as_f64().unwrap()).collect();
    // The file lists waktu first; the weights follow the data's criterion order (mutu, harga, waktu).
    for (a, b) in w.iter().zip([2.0 / 7.0, 4.0 / 7.0, 1.0 / 7.0]) {
        assert!((a - b).abs() < 1e-9, "{w:?}");
    }
    assert_eq!(v["weight_source"], "ahp");
    assert!(v["ahp"]["cr"].as_f64().unwrap() < 1e-9);

    let m = DecisionMatrix::from_rows(
        vec!["A".into(), "B".into(), "C".into()],
        vec![Criterion::benefit("mutu"), Criterion::cost("harga"), Criterion::benefit("waktu")],
        &[vec![4.0, 20000.0, 0.9], vec![3.0, 15000.0, 0.8], vec![5.0, 25000.0, 0.95]],
    )
    .unwrap();
    for (spec, expected) in
        [("entropy", objective::entropy(&m).unwrap()), ("critic", objective::critic(&m))]
    {
        let v = json(&mitra(
            dir.path(),
            &["rank", "s.csv", "--cost", "harga", "--weights", spec, "--format", "json"],
        ));
        let w: Vec<f64> = v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["weight"].as_f64().unwrap())
            .collect();
        assert_eq!(w, expected.as_slice(), "{spec}");
        assert_eq!(v["weight_source"], spec);
    }

    fs::write(dir.path().join("bad.csv"), "k,mutu,harga\nmutu,1,2\nharga,1/2,1\n").unwrap();
    let o = mitra(dir.path(), &["rank", "s.csv", "--ahp", "bad.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tidak ada: [waktu]"), "{}", stderr(&o));

    fs::write(
        dir.path().join("incons.csv"),
        "k,mutu,harga,waktu\nmutu,1,9,1/9\nharga,1/9,1,9\nwaktu,9,1/9,1\n",
    )
    .unwrap();
    let o = mitra(dir.path(), &["rank", "s.csv", "--ahp", "incons.csv"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("peringatan: perbandingan AHP tidak konsisten"), "{}", stderr(&o));
}
