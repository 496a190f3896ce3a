//! `mitra rank --sensitivity --smaa --compare --explain` against the engine.

use crate::*;
use mitra_decide::{
    compare_methods, explain_against_winner, smaa2, winner_intervals, Criterion, DecisionMatrix,
    Method, Normalization, WeightSampling, Weights,
};
use serde_json::Value;
use std::fs;

const DATA: &str = "supplier,mutu,harga,tepat_waktu
A,4,20000,0.9
B,3,15000,0.8
C,5,25000,0.95
D,4,18000,0.85
E,2,14000,0.7
";

fn problem() -> (DecisionMatrix, Weights) {
    let m = DecisionMatrix::from_rows(
        ["A", "B", "C", "D", "E"].map(String::from).to_vec(),
        vec![
            Criterion::benefit("mutu"),
            Criterion::cost("harga"),
            Criterion::benefit("tepat_waktu"),
        ],
        &[
            vec![4.0, 20000.0, 0.9],
            vec![3.0, 15000.0, 0.8],
            vec![5.0, 25000.0, 0.95],
            vec![4.0, 18000.0, 0.85],
            vec![2.0, 14000.0, 0.7],
        ],
    )
    .unwrap();
    (m, Weights::new(&[3.0, 2.0, 1.0]).unwrap())
}

fn run(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args =
        vec!["rank", "s.csv", "--cost", "harga", "--weights", "3,2,1", "--format", "json"];
    args.extend_from_slice(extra);
    let o = mitra(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

const NAMES: [&str; 5] = ["A", "B", "C", "D", "E"];

#[test]
fn sensitivity_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    let (m, w) = problem();
    for key in ["topsis", "saw"] {
        let v = run(dir.path(), &["--method", key, "--sensitivity"]);
        let method = Method::default_for(key, 3).unwrap();
        let s = winner_intervals(&method, &m, &w).unwrap();
        assert_eq!(v["sensitivity"]["winner"], NAMES[s.winner]);
        assert_eq!(v["sensitivity"]["method_is_closed_form"], key == "saw");
        for (j, iv) in s.intervals.iter().enumerate() {
            let got = &v["sensitivity"]["intervals"][j];
            assert_eq!(got["criterion"], ["mutu", "harga", "tepat_waktu"][j]);
            assert_eq!(got["lo"].as_f64().unwrap(), iv.lo);
            assert_eq!(got["hi"].as_f64().unwrap(), iv.hi);
            assert_eq!(got["above"].as_str(), iv.above.map(|k| NAMES[k]));
            assert_eq!(got["below"].as_str(), iv.below.map(|k| NAMES[k]));
        }
    }
}

#[test]
fn smaa_is_seeded_and_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    let (m, _) = problem();
    let v = run(dir.path(), &["--smaa", "500", "--seed", "7"]);
    let again = run(dir.path(), &["--smaa", "500", "--seed", "7"]);
    assert_eq!(v["smaa"], again["smaa"]);
    let other = run(dir.path(), &["--smaa", "500", "--seed", "8"]);
    assert_ne!(v["smaa"], other["smaa"]);
    let method = Method::Topsis { normalization: Normalization::Vector };
    let r = smaa2(&method, &m, WeightSampling::Simplex, 500, 7).unwrap();
    for i in 0..5 {
        let alt = &v["smaa"]["alternatives"][i];
        assert_eq!(alt["name"], NAMES[i]);
        let acc: Vec<f64> = alt["rank_acceptability"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(acc, r.rank_acceptability[i]);
        assert_eq!(alt["holistic_acceptability"].as_f64().unwrap(), r.holistic_acceptability[i]);
    }
    let table = stdout(&mitra(dir.path(), &["rank", "s.csv", "--cost", "harga", "--smaa", "200"]));
    assert!(table.contains("SMAA-2 (200 sampel bobot, seed 1)"), "{table}");
}

#[test]
fn compare_and_explain_match_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    let (m, w) = problem();
    let v = run(dir.path(), &["--compare", "saw,vikor,topsis", "--explain", "E,B"]);
    let methods: Vec<Method> =
        ["topsis", "saw", "vikor"].iter().map(|k| Method::default_for(k, 3).unwrap()).collect();
    let c = compare_methods(&methods, &m, &w).unwrap();
    assert_eq!(v["compare"]["methods"].as_array().unwrap().len(), 3, "topsis is not repeated");
    for i in 0..5 {
        let ranks: Vec<usize> = v["compare"]["alternatives"][i]["ranks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(ranks, c.evaluations.iter().map(|e| e.ranks[i]).collect::<Vec<_>>());
    }
    assert_eq!(v["compare"]["spearman"], serde_json::to_value(&c.spearman).unwrap());
    let x = explain_against_winner(&methods[0], &m, &w, 4).unwrap();
    let got = &v["explanations"][0];
    assert_eq!(got["b"], "E");
    assert_eq!(got["a"], NAMES[x.a]);
    assert_eq!(got["total_difference"].as_f64().unwrap(), x.total_difference);
    let sum: f64 = got["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["difference"].as_f64().unwrap())
        .sum();
    assert!((sum - x.total_difference).abs() < 1e-12);
    assert_eq!(v["explanations"][1]["b"], "B");
    let csv = stdout(&mitra(dir.path(), &["rank", "s.csv", "--compare", "saw", "--format", "csv"]));
    assert!(csv.starts_with("alternative,score,rank,d_plus,d_minus,rank_saw\n"), "{csv}");
}

#[test]
fn analysis_options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), DATA).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["rank", "s.csv", "--explain", "Z"], "--explain: alternatif 'Z' tidak ada di berkas"),
        (&["rank", "s.csv", "--smaa", "0"], "--smaa: '0' tidak dapat digunakan; minimal 1 sampel"),
        (&["rank", "s.csv", "--compare", "electre"], "--method: 'electre'"),
        (&["rank", "s.csv", "--smaa", "10", "--smaa-noise", "2"], "parameter"),
    ];
    for (args, needle) in cases {
        let o = mitra(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}
