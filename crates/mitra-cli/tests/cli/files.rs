//! Bad and hostile files (issue 15): each is refused with a clear message in both languages
//! (exit code 2), or read correctly, and never crashes the process or exhausts its memory.

use crate::*;
use std::fs;
use std::time::{Duration, Instant};

/// Exit code 2, and `id`/`en` each in the message of `--lang id`/`--lang en`.
fn refused(dir: &std::path::Path, args: &[&str], id: &str, en: &str) {
    for (lang, needle) in [("id", id), ("en", en)] {
        let mut all = vec!["--lang", lang];
        all.extend_from_slice(args);
        let o = mitra(dir, &all);
        assert_eq!(o.status.code(), Some(2), "{args:?} --lang {lang}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?} --lang {lang}: {}", stderr(&o));
    }
}

#[test]
fn large_csv_with_non_ascii_names_ranks_like_its_quoted_twin() {
    let dir = tempfile::tempdir().unwrap();
    // Mostly multi-byte names, so the parallel reader's block boundaries (byte offsets) fall
    // inside characters; the quoted twin goes through the csv crate sequentially.
    let mut plain = String::from("nama,mutu,harga\n");
    let mut quoted = plain.clone();
    for i in 0..12_000 {
        let name = format!("Kopi Ñandú Sidikalang — ü {} {i}", "ÑÜé".repeat(12));
        let row = format!("{},{}", 1 + i % 5, 10_000 + (i * 7919) % 20_000);
        plain.push_str(&format!("{name},{row}\n"));
        quoted.push_str(&format!("\"{name}\",{row}\n"));
    }
    assert!(plain.len() > 1 << 20, "large enough for the parallel reader");
    fs::write(dir.path().join("plain.csv"), plain).unwrap();
    fs::write(dir.path().join("quoted.csv"), quoted).unwrap();
    let a = mitra(dir.path(), &["rank", "plain.csv", "--cost", "harga", "--format", "csv"]);
    let b = mitra(dir.path(), &["rank", "quoted.csv", "--cost", "harga", "--format", "csv"]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(stdout(&a).lines().count(), 12_001);
    assert!(stdout(&a).contains("Kopi Ñandú Sidikalang — ü"));
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn huge_ahp_files_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    // 10,000 judgment lines, each naming new items: once asked for a 20,000² matrix.
    let mut lines = String::from("a,b,value\n");
    for i in 0..10_000 {
        lines.push_str(&format!("k{i},m{i},3\n"));
    }
    fs::write(dir.path().join("lines.csv"), lines).unwrap();
    // A matrix header of 100,000 names: once a quadratic duplicate check (28 s).
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    fs::write(dir.path().join("wide.csv"), format!("x,{}\nc0,1\n", header.join(","))).unwrap();
    let start = Instant::now();
    refused(
        dir.path(),
        &["ahp", "lines.csv"],
        "lines.csv: baris 52: butir 'k50' melewati batas 100 butir",
        "lines.csv: row 52: item 'k50' goes over the limit of 100 items",
    );
    refused(
        dir.path(),
        &["ahp", "wide.csv"],
        "wide.csv: baris 1: butir 'c100' melewati batas 100 butir",
        "AHP compares at most 100 items at once",
    );
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
}

#[test]
fn wide_headers_are_checked_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    header.push("c99999".into());
    let row = vec!["1"; header.len()].join(",");
    fs::write(dir.path().join("wide.csv"), format!("nama,{}\nA,{row}\n", header.join(",")))
        .unwrap();
    let start = Instant::now();
    refused(
        dir.path(),
        &["rank", "wide.csv"],
        "wide.csv: kolom 'c99999' muncul dua kali",
        "wide.csv: column 'c99999' appears twice",
    );
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
}

#[test]
fn an_empty_header_cell_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), "\n\nnama,mutu,,harga\nA,1,2,3\n").unwrap();
    refused(
        dir.path(),
        &["rank", "s.csv"],
        "s.csv: baris 3, kolom 3: sel judul kosong",
        "s.csv: row 3, column 3: the header cell is empty",
    );
}
