//! Every method through `mitra rank`, bit-exact against the engine, and their parameters.

use crate::*;
use mitra_decide::{Criterion, DecisionMatrix, Method, Normalization, Preference, Weights};
use serde_json::Value;
use std::fs;

const DATA: &str = "supplier,mutu,harga,tepat_waktu,kapasitas
A,4,20000,0.9,120
B,3,15000,0.8,200
C,5,25000,0.95,90
D,4,18000,0.85,150
";

fn matrix() -> DecisionMatrix {
    DecisionMatrix::from_rows(
        ["A", "B", "C", "D"].map(String::from).to_vec(),
        vec![
            Criterion::benefit("mutu"),
            Criterion::cost("harga"),
            Criterion::benefit("tepat_waktu"),
            Criterion::benefit("kapasitas"),
        ],
        &[
            vec![4.0, 20000.0, 0.9, 120.0],
            vec![3.0, 15000.0, 0.8, 200.0],
            vec![5.0, 25000.0, 0.95, 90.0],
            vec![4.0, 18000.0, 0.85, 150.0],
        ],
    )
    .unwrap()
}

fn run_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args =
        vec!["rank", "s.csv", "--cost", "harga", "--weights", "4,3,2,1", "--format", "json"];
    args.extend_from_slice(extra);
    let o = mitra(dir, &args);
    assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn check_against_engine(v: &Value, method: &Method) {
    let e = method.evaluate(&matrix(), &Weights::new(&[4.0, 3.0, 2.0, 1.0]).unwrap()).unwrap();
    assert_eq!(v["method"], serde_json::to_value(method).unwrap());
    for (i, a) in v["alternatives"].as_array().unwrap().iter().enumerate() {
        assert_eq!(a["score"].as_f64().unwrap(), e.scores[i], "{}", method.key());
        assert_eq!(a["rank"].as_u64().unwrap() as usize, e.ranks[i], "{}", method.key());
        for q in &e.quantities {
            assert_eq!(a[q.name].as_f64().unwrap(), q.values[i], "{} {}", method.key(), q.name);
        }
    }
}

#[test]
fn every_method_agrees_with_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    for key in mitra_decide::MethodKey::ALL.map(|k| k.as_str()) {
        let v = run_json(dir.path(), &["--method", key]);
        check_against_engine(&v, &Method::default_for(key, 4).unwrap());
    }
}

#[test]
fn method_parameters_reach_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    let v = run_json(dir.path(), &["--method", "vikor", "--vikor-v", "0.3"]);
    check_against_engine(&v, &Method::Vikor { v: 0.3 });
    assert_eq!(v["score_order"], "lower_is_better");
    assert!(v["compromise"]["compromise_set"].as_array().is_some());
    let v = run_json(
        dir.path(),
        &["--method", "waspas", "--waspas-lambda", "0.8", "--normalization", "max"],
    );
    check_against_engine(&v, &Method::Waspas { lambda: 0.8, normalization: Normalization::Max });
    let v = run_json(dir.path(), &["--method", "saw", "--normalization", "vector"]);
    check_against_engine(&v, &Method::Saw { normalization: Normalization::Vector });
    let v = run_json(
        dir.path(),
        &[
            "--method",
            "promethee",
            "--preference",
            "linear,v_shape,usual,gaussian",
            "--q",
            "0.5,0,0,0",
            "--p",
            "1.5,3000,0,0",
            "--s",
            "40",
        ],
    );
    let preferences = vec![
        Preference::linear(0.5, 1.5),
        Preference { p: 3000.0, ..Preference::v_shape(3000.0) },
        Preference { s: 40.0, ..Preference::usual() },
        Preference::gaussian(40.0),
    ];
    let preferences: Vec<Preference> = preferences
        .into_iter()
        .zip([(0.5, 1.5, 40.0), (0.0, 3000.0, 40.0), (0.0, 0.0, 40.0), (0.0, 0.0, 40.0)])
        .map(|(f, (q, p, s))| Preference { q, p, s, ..f })
        .collect();
    check_against_engine(&v, &Method::Promethee { preferences });
}

#[test]
fn parameter_errors_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    fs::write(dir.path().join("z.csv"), "s,a,b\nX,0,1\nY,2,3\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["rank", "s.csv", "--method", "vikor", "--vikor-v", "1.5"],
            "--vikor-v: '1.5' tidak dapat digunakan; harus antara 0 dan 1",
        ),
        (
            &["rank", "s.csv", "--method", "vikor", "--normalization", "max"],
            "metode vikor memakai normalisasinya sendiri",
        ),
        (
            &["rank", "s.csv", "--method", "promethee", "--preference", "level"],
            "--q harus diisi untuk fungsi preferensi level",
        ),
        (
            &[
                "rank",
                "s.csv",
                "--method",
                "promethee",
                "--preference",
                "linear",
                "--q",
                "2",
                "--p",
                "1",
            ],
            "parameter p = 1 tidak valid (harus lebih besar dari q)",
        ),
        (
            &["rank", "s.csv", "--method", "promethee", "--preference", "usual,usual"],
            "berikan satu nilai untuk semua kriteria atau 4 nilai",
        ),
        (
            &["rank", "s.csv", "--method", "promethee", "--preference", "step"],
            "--preference: 'step'",
        ),
        (
            &["rank", "z.csv", "--method", "wp"],
            "z.csv: baris 2 ('X'), kolom 'a': 0 harus lebih besar dari nol untuk wp",
        ),
        (&["rank", "s.csv", "--method", "electre"], "pilih salah satu: saw, wp, topsis"),
    ];
    for (args, needle) in cases {
        let o = mitra(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}
