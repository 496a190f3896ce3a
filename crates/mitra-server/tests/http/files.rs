//! Hostile survey workbooks uploaded to the page and the API (issue 15): a stray cell at the
//! sheet's far corner is ignored and the survey imported; a zip bomb is refused naming the
//! limit; the server keeps answering.

use crate::coaching::{survey_csv, upload};
use crate::common::{csrf_in, spawn};
use mitra_files::fixtures::{workbook, zip_bomb, FAR_CORNER};
use mitra_files::limits::MAX_ENTRY_BYTES;
use std::time::{Duration, Instant};

fn survey_rows() -> Vec<Vec<String>> {
    survey_csv(&[("UMKM A", "4", None), ("", "3", None)])
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// The page's form fields: the session's token and the file.
fn page<'a>(csrf: &'a str, file: &'a str, bytes: &'a [u8]) -> [Part<'a>; 2] {
    [("csrf_token", None, csrf.as_bytes()), ("file", Some(file), bytes)]
}

/// The API's form fields: the file, clean rows only.
fn clean_rows<'a>(file: &'a str, bytes: &'a [u8]) -> [Part<'a>; 2] {
    [("file", Some(file), bytes), ("clean_rows", None, b"on")]
}

type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

#[tokio::test]
async fn hostile_workbooks_get_an_answer_and_the_server_stays_up() {
    let app = spawn().await;
    let stray = workbook(&survey_rows(), Some((FAR_CORNER, "catatan")));
    let bomb = zip_bomb(&survey_rows(), &[MAX_ENTRY_BYTES + (10 << 20)]);
    assert!(stray.len() < 20_000 && bomb.len() < 1 << 20, "{} {}", stray.len(), bomb.len());

    // The page, in Indonesian: the stray cell does not stop the import.
    let mut o = app.web_login("officer@test.example").await;
    o.csrf = csrf_in(&o.get("/survey/import").await.text).unwrap();
    let csrf = o.csrf.clone();
    let start = Instant::now();
    let r = upload(&o, "/survey/import", &page(&csrf, "survei.xlsx", &stray)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.text.contains("Survei sudah diimpor."), "{}", r.text);
    let r = upload(&o, "/survey/import", &page(&csrf, "bom.xlsx", &bomb)).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("bom.xlsx: bagian &#39;xl/sharedStrings.xml&#39; buku kerja berisi lebih dari 100 MiB setelah dibuka (batasnya 100 MiB per bagian)"),
        "{}",
        r.text
    );
    let r = upload(&o, "/survey/import", &page(&csrf, "laporan.xlsx", b"%PDF-1.7")).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("laporan.xlsx: bukan buku kerja XLSX: isinya dokumen PDF"),
        "{}",
        r.text
    );

    // The API, in English.
    let api = app.api_login("officer@test.example").await;
    let lang = api.http.get(format!("{}/lang/en", api.base)).send().await.unwrap();
    assert!(lang.status().is_success() || lang.status().is_redirection());
    let r = upload(&api, "/api/survey-imports", &clean_rows("survei.xlsx", &stray)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["imported"], 2, "{}", r.text);
    let r = upload(&api, "/api/survey-imports", &clean_rows("bom.xlsx", &bomb)).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.json()["code"], "survey.unreadable");
    let message = r.json()["message"].as_str().unwrap_or("").to_owned();
    assert!(message.contains("bom.xlsx: part 'xl/sharedStrings.xml' of the workbook holds more than 100 MiB once unpacked (the limit is 100 MiB a part)"), "{message}");
    assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());

    let r = app.client().get("/healthz").await;
    assert_eq!((r.status, r.text.as_str()), (200, "ok"));
    app.stop().await;
}
