//! `mitra rank`: formats, inputs, errors and exit codes.

use crate::*;
use mitra_decide::{Criterion, DecisionMatrix, Method, Normalization, Weights};
use serde_json::Value;
use std::fs;

const SMALL: &str =
    "supplier,kualitas,harga,tepat_waktu\nA,4,20000,0.9\nB,3,15000,0.8\nC,5,25000,0.95\n";

fn small_matrix() -> DecisionMatrix {
    DecisionMatrix::from_rows(
        vec!["A".into(), "B".into(), "C".into()],
        vec![
            Criterion::benefit("kualitas"),
            Criterion::cost("harga"),
            Criterion::benefit("tepat_waktu"),
        ],
        &[vec![4.0, 20000.0, 0.9], vec![3.0, 15000.0, 0.8], vec![5.0, 25000.0, 0.95]],
    )
    .unwrap()
}

#[test]
fn json_has_full_precision_scores_equal_to_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), SMALL).unwrap();
    let o = mitra(
        dir.path(),
        &["rank", "s.csv", "--cost", "harga", "--weights", "3,2,1", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let expected = Method::Topsis { normalization: Normalization::Vector }
        .evaluate(&small_matrix(), &Weights::new(&[3.0, 2.0, 1.0]).unwrap())
        .unwrap();
    let alts = v["alternatives"].as_array().unwrap();
    assert_eq!(alts.len(), 3);
    for (i, a) in alts.iter().enumerate() {
        assert_eq!(a["name"], ["A", "B", "C"][i]);
        assert_eq!(a["score"].as_f64().unwrap(), expected.scores[i], "bit-exact score");
        assert_eq!(a["rank"].as_u64().unwrap() as usize, expected.ranks[i]);
        assert_eq!(a["d_plus"].as_f64().unwrap(), expected.quantity("d_plus").unwrap()[i]);
        assert_eq!(a["d_minus"].as_f64().unwrap(), expected.quantity("d_minus").unwrap()[i]);
    }
    assert_eq!(v["method"]["method"], "topsis");
    assert_eq!(v["method"]["normalization"], "vector");
    assert_eq!(v["criteria"][1]["kind"], "cost");
    assert_eq!(v["criteria"][0]["weight"].as_f64().unwrap(), 0.5);
}

#[test]
fn example_file_ranks_in_both_languages() {
    let f = examples().join("suppliers.csv");
    let f = f.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let id = mitra(dir.path(), &["rank", f, "--cost", "price"]);
    assert!(id.status.success(), "{}", stderr(&id));
    assert!(stdout(&id).contains("Peringkat dengan TOPSIS"));
    let en = mitra(dir.path(), &["--lang", "en", "rank", f, "--cost", "price"]);
    assert!(stdout(&en).contains("Ranking by TOPSIS"));
    assert_eq!(
        stdout(&id).lines().filter(|l| l.trim_start().starts_with(char::is_numeric)).count(),
        10
    );
}

#[test]
fn csv_output_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), SMALL).unwrap();
    let o = mitra(
        dir.path(),
        &[
            "rank", "s.csv", "--cost", "harga", "--method", "saw", "--format", "csv", "-o",
            "out.csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("alternative,score,rank"));
    let expected = Method::Saw { normalization: Normalization::MinMax }
        .evaluate(&small_matrix(), &Weights::equal(3).unwrap())
        .unwrap();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[1].parse::<f64>().unwrap(), expected.scores[i]);
        assert_eq!(f[2].parse::<usize>().unwrap(), expected.ranks[i]);
    }
}

#[test]
fn semicolons_and_decimal_commas_are_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), "\u{feff}supplier;kualitas;harga;tepat_waktu\nA;4;20000;0,9\nB;3;15000;0,8\nC;5;25000;0,95\n").unwrap();
    fs::write(dir.path().join("t.csv"), SMALL).unwrap();
    same_ranking(dir.path(), "s.csv", "t.csv", &["--cost", "harga", "--format", "csv"]);
}

#[test]
fn xlsx_gives_the_same_ranking_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Pemasok").unwrap();
    for (r, line) in SMALL.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if r > 0 => ws.write_number(r as u32, c as u16, v).map(|_| ()).unwrap(),
                _ => ws.write_string(r as u32, c as u16, cell).map(|_| ()).unwrap(),
            }
        }
    }
    wb.save(dir.path().join("s.xlsx")).unwrap();
    fs::write(dir.path().join("s.csv"), SMALL).unwrap();
    same_ranking(dir.path(), "s.xlsx", "s.csv", &["--cost", "harga", "--format", "csv"]);
    let c = mitra(dir.path(), &["rank", "s.xlsx", "--sheet", "Sheet9"]);
    assert_eq!(c.status.code(), Some(2));
    assert!(stderr(&c).contains("lembar 'Sheet9' tidak ada; yang ada: Pemasok"), "{}", stderr(&c));
}

#[test]
fn a_bad_number_names_row_and_column_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "supplier,kualitas,harga\nA,4,20000\nB,3,dua ribu\n";
    fs::write(dir.path().join("s.csv"), bad).unwrap();
    let o = mitra(dir.path(), &["rank", "s.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("s.csv: baris 3, kolom 3 'harga': 'dua ribu' bukan angka"),
        "{}",
        stderr(&o)
    );
    let o = mitra(dir.path(), &["--lang", "en", "rank", "s.csv"]);
    assert!(
        stderr(&o).contains("s.csv: row 3, column 3 'harga': 'dua ribu' is not a number"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn bad_input_never_writes_or_clobbers_the_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.csv"), "supplier,kualitas\nA,\n").unwrap();
    let o = mitra(dir.path(), &["rank", "bad.csv", "-o", "new.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sel kosong"), "{}", stderr(&o));
    assert!(!dir.path().join("new.json").exists());
    fs::write(dir.path().join("old.json"), "keep me").unwrap();
    let o = mitra(dir.path(), &["rank", "bad.csv", "-o", "old.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_to_string(dir.path().join("old.json")).unwrap(), "keep me");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary files left behind");
}

#[test]
fn options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), SMALL).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["rank", "s.csv", "--weights", "1,2"], "ada 2 bobot, seharusnya 3"),
        (&["rank", "s.csv", "--weights", "1,-2,1"], "bobot kriteria 'harga' = -2"),
        (&["rank", "s.csv", "--weights", "0,0,0"], "semua bobot nol"),
        (&["rank", "s.csv", "--weights", "satu,2,3"], "--weights: 'satu' tidak dapat digunakan"),
        (&["rank", "s.csv", "--method", "electre"], "--method: 'electre' tidak dapat digunakan"),
        (&["rank", "s.csv", "--normalization", "zscore"], "--normalization: 'zscore'"),
        (&["rank", "s.csv", "--cost", "price"], "--cost: kriteria 'price' tidak ada"),
        (&["rank", "missing.csv"], "tidak dapat membuka missing.csv"),
    ];
    for (args, needle) in cases {
        let o = mitra(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn structural_errors_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("supplier,a,b\nX,1\n", "baris 2: ada 2 sel, seharusnya 3"),
        ("supplier,a,a\nX,1,2\n", "kolom 'a' muncul dua kali"),
        ("supplier,a\n", "tidak ada baris data"),
        ("supplier\nX\n", "baris judul tidak memuat kriteria"),
        ("supplier,a\nX,NaN\n", "'NaN' bukan angka"),
        ("supplier,a\n,1\n", "baris 2, kolom 1 'supplier': sel kosong"),
    ];
    for (k, (text, needle)) in cases.iter().enumerate() {
        let name = format!("f{k}.csv");
        fs::write(dir.path().join(&name), text).unwrap();
        let o = mitra(dir.path(), &["rank", &name]);
        assert_eq!(o.status.code(), Some(2), "{text:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{text:?}: {}", stderr(&o));
    }
    fs::write(dir.path().join("bin.csv"), b"supplier,a\nX,\xff\xfe\n").unwrap();
    let o = mitra(dir.path(), &["rank", "bin.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("baris 2"), "{}", stderr(&o));
}

/// A file large enough for the parallel reader (over 1 MiB), its quoted twin read sequentially;
/// row `i` names alternative `name(i)`.
fn big_files(dir: &std::path::Path, bad_line: Option<usize>, name: fn(usize) -> String) {
    let mut plain = String::from("supplier,kualitas,harga,tepat_waktu\r\n");
    let mut quoted = plain.clone();
    for i in 0..60_000 {
        let line = i + 2;
        let q = if Some(line) == bad_line { "empat".to_string() } else { format!("{}", 1 + i % 5) };
        let row = format!("{q},{},0.{:02}", 10_000 + (i * 7919) % 20_000, i % 100);
        plain.push_str(&format!("{},{row}\r\n", name(i)));
        quoted.push_str(&format!("\"{}\",{row}\r\n", name(i)));
        if i == 20_000 {
            plain.push('\n'); // a blank line in the middle shifts later line numbers by one
            quoted.push('\n');
        }
    }
    assert!(plain.len() > 1 << 20, "large enough for the parallel reader");
    fs::write(dir.join("plain.csv"), plain).unwrap();
    fs::write(dir.join("quoted.csv"), quoted).unwrap();
}

#[test]
fn parallel_and_sequential_readers_agree() {
    // ASCII names, and mostly multi-byte ones: the parallel reader's block boundaries (byte
    // offsets) then fall inside characters, which once panicked (exit 101).
    let names: [fn(usize) -> String; 2] = [
        |i| format!("UMKM {i}"),
        |i| format!("Kopi Ñandú Sidikalang — ü {} {i}", "ÑÜé".repeat(12)),
    ];
    for name in names {
        let dir = tempfile::tempdir().unwrap();
        big_files(dir.path(), None, name);
        let args = ["--cost", "harga", "--format", "csv"];
        let ranked = same_ranking(dir.path(), "plain.csv", "quoted.csv", &args);
        assert_eq!(ranked.lines().count(), 60_001);
        assert!(ranked.contains(&name(59_999)), "{}", name(59_999));
    }
}

#[test]
fn parallel_reader_reports_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    // Row 45,000 sits after the blank line, so it is file line 45,003, not 45,002.
    big_files(dir.path(), Some(45_002), |i| format!("UMKM {i}"));
    for f in ["plain.csv", "quoted.csv"] {
        let o = mitra(dir.path(), &["rank", f]);
        assert_eq!(o.status.code(), Some(2));
        let needle = format!("{f}: baris 45003, kolom 2 'kualitas': 'empat' bukan angka");
        assert!(stderr(&o).contains(&needle), "{}", stderr(&o));
    }
}
