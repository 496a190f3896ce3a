//! Bad and hostile files (issue 15): each is refused with a clear message in both languages
//! (exit code 2), or read correctly, and never crashes the process or exhausts its memory.

use crate::*;
use mitra_files::fixtures::{workbook, zip_bomb, FAR_CORNER};
use mitra_files::limits::MAX_ENTRY_BYTES;
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
    // Without the duplicate the engine's own check (once pairwise: 80 s) passes as quickly.
    header.pop();
    let row = vec!["1"; header.len()].join(",");
    let body = format!("nama,{}\nA,{row}\nB,{row}\n", header.join(","));
    fs::write(dir.path().join("wide.csv"), body).unwrap();
    let start = Instant::now();
    let o = mitra(dir.path(), &["rank", "wide.csv", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
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

const TABLE: &str = "nama,mutu,harga\nA,4,20000\nB,3,15000\nC,5,25000\n";

fn table_rows() -> Vec<Vec<String>> {
    TABLE.lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn a_workbook_with_a_stray_cell_at_the_far_corner_ranks_like_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook(&table_rows(), Some((FAR_CORNER, "catatan")));
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    fs::write(dir.path().join("s.xlsx"), bytes).unwrap();
    fs::write(dir.path().join("s.csv"), TABLE).unwrap();
    same_ranking(dir.path(), "s.xlsx", "s.csv", &["--cost", "harga", "--format", "csv"]);
}

#[test]
fn a_survey_workbook_with_a_stray_cell_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> = mitra_core::assessment::Instrument::starting()
        .items()
        .iter()
        .map(|i| i.key.clone())
        .collect();
    let mut rows = vec![std::iter::once("responden".to_string()).chain(keys.clone()).collect()];
    rows.push(std::iter::once("R1".to_string()).chain(keys.iter().map(|_| "4".into())).collect());
    fs::write(dir.path().join("s.xlsx"), workbook(&rows, Some((FAR_CORNER, "x")))).unwrap();
    let o = mitra(dir.path(), &["assess", "score", "s.xlsx", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("R1"), "{}", stdout(&o));
}

#[test]
fn a_zip_bomb_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = zip_bomb(&table_rows(), &[MAX_ENTRY_BYTES + (10 << 20)]);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    fs::write(dir.path().join("bom.xlsx"), &bomb).unwrap();
    let start = Instant::now();
    refused(
        dir.path(),
        &["rank", "bom.xlsx"],
        "bom.xlsx: bagian 'xl/sharedStrings.xml' buku kerja berisi lebih dari 100 MiB setelah dibuka (batasnya 100 MiB per bagian)",
        "bom.xlsx: part 'xl/sharedStrings.xml' of the workbook holds more than 100 MiB once unpacked (the limit is 100 MiB a part)",
    );
    refused(
        dir.path(),
        &["assess", "score", "bom.xlsx"],
        "batasnya 100 MiB",
        "the limit is 100 MiB",
    );
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn empty_truncated_and_renamed_workbooks_are_named_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let real = workbook(&table_rows(), None);
    fs::write(dir.path().join("kosong.xlsx"), b"").unwrap();
    fs::write(dir.path().join("potong.xlsx"), &real[..real.len() / 2]).unwrap();
    fs::write(dir.path().join("laporan.xlsx"), b"%PDF-1.7\n1 0 obj\n").unwrap();
    fs::write(dir.path().join("teks.xlsx"), TABLE).unwrap();
    fs::write(dir.path().join("lama.xls"), &real).unwrap();
    fs::write(dir.path().join("buku.csv"), &real).unwrap();
    for command in [&["rank"][..], &["assess", "score"]] {
        let run = |file: &str, id: &str, en: &str| {
            let mut args = command.to_vec();
            args.push(file);
            refused(dir.path(), &args, id, en);
        };
        run(
            "kosong.xlsx",
            "kosong.xlsx: berkas kosong (0 bita)",
            "kosong.xlsx: the file is empty (0 bytes)",
        );
        run(
            "potong.xlsx",
            "potong.xlsx: buku kerja XLSX rusak atau tidak lengkap",
            "potong.xlsx: the XLSX workbook is damaged or incomplete",
        );
        run(
            "laporan.xlsx",
            "laporan.xlsx: bukan buku kerja XLSX: isinya dokumen PDF",
            "laporan.xlsx: not an XLSX workbook: it holds a PDF document",
        );
        run(
            "teks.xlsx",
            "teks.xlsx: bukan buku kerja XLSX: isinya teks biasa (CSV? beri nama berakhiran .csv)",
            "teks.xlsx: not an XLSX workbook: it holds plain text (CSV? give it a name ending in .csv)",
        );
        run("lama.xls", "lama.xls: berkas XLS tidak dibaca", "lama.xls: XLS files are not read");
        run(
            "buku.csv",
            "buku.csv: bukan teks CSV: isinya arsip ZIP (buku kerja XLSX?)",
            "buku.csv: not CSV text: it holds a ZIP archive (an XLSX workbook?)",
        );
    }
    for o in
        [mitra(dir.path(), &["rank", "potong.xlsx"]), mitra(dir.path(), &["rank", "laporan.xlsx"])]
    {
        assert!(!stderr(&o).contains("Zip error"), "{}", stderr(&o));
    }
}

#[test]
fn an_empty_header_cell_in_a_workbook_is_named_with_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![vec![String::new(); 3]; 2];
    rows.extend(table_rows());
    rows[2][1] = String::new(); // C3, the header's 'mutu', is empty over data
    fs::write(dir.path().join("s.xlsx"), workbook(&rows, None)).unwrap();
    refused(
        dir.path(),
        &["rank", "s.xlsx"],
        "s.xlsx: baris 3, kolom 2: sel judul kosong; beri nama kolom ini di baris judul",
        "s.xlsx: row 3, column 2: the header cell is empty; name this column in the header row",
    );
}

#[test]
fn an_empty_survey_file_is_a_survey_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("survei.csv"), "responden,jp1,jp2\n").unwrap();
    fs::write(dir.path().join("nol.csv"), "").unwrap();
    refused(
        dir.path(),
        &["assess", "score", "survei.csv"],
        "survei.csv: Berkas survei tidak berisi baris jawaban; baris pertama judul kolom",
        "survei.csv: The survey file holds no rows of answers; the first row names the columns",
    );
    refused(
        dir.path(),
        &["assess", "score", "nol.csv"],
        "nol.csv: berkas kosong (0 bita)",
        "nol.csv: the file is empty (0 bytes)",
    );
    let o = mitra(dir.path(), &["--lang", "en", "assess", "score", "survei.csv"]);
    assert!(!stderr(&o).contains("criteria") && !stderr(&o).contains("alternative"));
}

#[test]
fn an_empty_name_asks_for_a_name_not_a_number() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.csv"), "nama,mutu\nA,4\n,3\n").unwrap();
    fs::write(dir.path().join("j.csv"), "a,b,value\nharga,,3\n").unwrap();
    refused(
        dir.path(),
        &["rank", "s.csv"],
        "s.csv: baris 3, kolom 1 'nama': sel kosong; isi dengan nama",
        "s.csv: row 3, column 1 'nama': the cell is empty; enter a name",
    );
    refused(
        dir.path(),
        &["ahp", "j.csv"],
        "j.csv: baris 2, kolom 2: sel kosong; isi dengan nama",
        "enter a name",
    );
}
