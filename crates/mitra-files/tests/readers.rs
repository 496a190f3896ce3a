//! The bounded readers on bad and hostile files: each is read within its limits or refused with
//! the error that names the limit, fast, whatever the file declares.

use mitra_core::Lang;
use mitra_files::fixtures::{workbook, zip_bomb, FAR_CORNER};
use mitra_files::grid::{table_grid, SheetCell};
use mitra_files::workbook::read_workbook;
use mitra_files::{read_grid, Content, FileError, Limits};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
    cells.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn table() -> Vec<Vec<String>> {
    rows(&[&["nama", "mutu", "harga"], &["A", "4", "20000"], &["B", "3", "15000"]])
}

#[test]
fn a_stray_cell_at_the_far_corner_is_ignored() {
    let bytes = workbook(&table(), Some((FAR_CORNER, "catatan")));
    assert!(bytes.len() < 10_000, "a small file: {} bytes", bytes.len());
    let start = Instant::now();
    let g = read_grid("s.xlsx", &bytes, None).unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(g.header, ["nama", "mutu", "harga"]);
    assert_eq!(g.rows.len(), 2);
    assert_eq!(g.rows[1], (3, vec!["B".to_string(), "3".into(), "15000".into()]));
    // Far below inside the table's columns it is a row of its own, read and not allocated for.
    let below = workbook(&table(), Some(((FAR_CORNER.0, 0), "catatan")));
    let g = read_grid("s.xlsx", &below, None).unwrap();
    assert_eq!(g.rows.last().unwrap().0, 1_048_576);
}

#[test]
fn zip_bombs_are_refused_by_the_bytes_they_inflate_to() {
    let small = Limits { entry_bytes: 4 << 20, inflated_bytes: 10 << 20, ..Limits::DEFAULT };
    let one = zip_bomb(&table(), &[5 << 20]);
    assert!(one.len() < 50_000, "{} bytes", one.len());
    assert_eq!(
        read_workbook(&one, None, &small),
        Err(FileError::EntryTooLarge { entry: "xl/sharedStrings.xml".into(), limit: 4 << 20 })
    );
    let three = zip_bomb(&table(), &[3 << 20, 3 << 20, 3 << 20, 3 << 20]);
    assert_eq!(read_workbook(&three, None, &small), Err(FileError::TooLarge { limit: 10 << 20 }));
    let e = read_workbook(&one, None, &small).unwrap_err();
    assert!(e.message(Lang::Id).contains("lebih dari 4 MiB"), "{}", e.message(Lang::Id));
    assert!(e.message(Lang::En).contains("the limit is 4 MiB a part"), "{}", e.message(Lang::En));
    // Under the limits the same kind of file is an ordinary workbook.
    let fine = zip_bomb(&table(), &[1 << 20, 1 << 20]);
    assert_eq!(read_workbook(&fine, None, &small).unwrap().rows.len(), 2);
}

#[test]
fn a_zip_header_that_understates_the_size_does_not_help() {
    let mut bomb = zip_bomb(&table(), &[5 << 20]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bomb.clone())).unwrap();
    let size = zip.by_name("xl/sharedStrings.xml").unwrap().size();
    let declared = u32::try_from(size).unwrap().to_le_bytes();
    // Every header (local and central) that declares the inflated size now declares 1 KB.
    let at: Vec<usize> =
        bomb.windows(4).enumerate().filter(|(_, w)| *w == declared).map(|(i, _)| i).collect();
    assert_eq!(at.len(), 2, "the local and the central header");
    for i in at {
        bomb[i..i + 4].copy_from_slice(&1024u32.to_le_bytes());
    }
    let small = Limits { entry_bytes: 4 << 20, ..Limits::DEFAULT };
    let e = read_workbook(&bomb, None, &small).unwrap_err();
    assert!(matches!(e, FileError::EntryTooLarge { .. }), "{e:?}");
}

#[test]
fn the_default_limit_stops_a_real_sized_bomb() {
    let bomb = zip_bomb(&table(), &[mitra_files::limits::MAX_ENTRY_BYTES + (10 << 20)]);
    let start = Instant::now();
    let e = read_grid("bom.xlsx", &bomb, None).unwrap_err();
    assert!(matches!(e, FileError::EntryTooLarge { limit, .. } if limit == 100 << 20), "{e:?}");
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}

#[test]
fn files_that_are_not_workbooks_say_what_they_are() {
    let real = workbook(&table(), None);
    let cases: Vec<(&str, Vec<u8>, FileError)> = vec![
        ("empty", Vec::new(), FileError::Empty),
        ("truncated", real[..real.len() / 2].to_vec(), FileError::Damaged),
        (
            "pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            FileError::NotAWorkbook { content: Content::Pdf },
        ),
        ("csv", b"nama,mutu\nA,4\n".to_vec(), FileError::NotAWorkbook { content: Content::Text }),
        (
            "xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0".to_vec(),
            FileError::NotAWorkbook { content: Content::Ole },
        ),
        (
            "zip",
            zip_with(&["word/document.xml"]),
            FileError::NotAWorkbook { content: Content::Zip },
        ),
        ("ods", zip_with(&["mimetype", "content.xml"]), FileError::Unsupported { format: "ODS" }),
    ];
    for (what, bytes, expected) in cases {
        assert_eq!(read_grid("s.xlsx", &bytes, None), Err(expected), "{what}");
    }
    assert_eq!(read_grid("s.ods", &real, None), Err(FileError::Unsupported { format: "ODS" }));
    assert_eq!(read_grid("s.xls", &real, None), Err(FileError::Unsupported { format: "XLS" }));
    let e = read_grid("s.xlsx", b"%PDF-1.4", None).unwrap_err();
    assert_eq!(e.message(Lang::Id), "bukan buku kerja XLSX: isinya dokumen PDF; simpan dari Excel atau LibreOffice sebagai .xlsx, atau ekspor sebagai .csv");
    assert!(e.message(Lang::En).starts_with("not an XLSX workbook: it holds a PDF document"));
    let e = read_grid("s.xlsx", &real, Some("Lembar9")).unwrap_err();
    assert_eq!(e.message(Lang::En), "there is no sheet 'Lembar9'; available: Sheet1");
}

fn zip_with(names: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in names {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"x").unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn cells_past_the_limit_are_refused_while_reading() {
    let many: Vec<Vec<String>> =
        (0..50).map(|r| (0..10).map(|c| format!("{r}-{c}")).collect()).collect();
    let bytes = workbook(&many, None);
    let limits = Limits { cells: 400, ..Limits::DEFAULT };
    let e = read_workbook(&bytes, None, &limits).unwrap_err();
    assert_eq!(e, FileError::TooManyCells { sheet: "Sheet1".into(), limit: 400 });
    assert!(e.message(Lang::En).contains("more than 400 filled cells"));
    assert_eq!(
        read_workbook(&bytes, None, &Limits { cells: 500, ..limits }).unwrap().rows.len(),
        49
    );
}

#[test]
fn a_scatter_of_cells_cannot_make_a_large_table() {
    // 2,000 cells: a header of 1,000 and 1,000 rows of one cell each would be a million empty
    // cells; the table limit refuses it before anything is laid out.
    let mut cells: Vec<SheetCell> =
        (0..1000).map(|c| SheetCell { row: 0, col: c, text: "h".into() }).collect();
    cells.extend((1..=1000).map(|r| SheetCell { row: r * 1000, col: r % 1000, text: "x".into() }));
    let limits = Limits { table_cells: 100_000, ..Limits::DEFAULT };
    assert_eq!(
        table_grid(cells, &limits),
        Err(FileError::TableTooLarge { rows: 1001, columns: 1000, limit: 100_000 })
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any cells anywhere in the sheet: the table holds at most the cells given in its rows and
    /// columns, and at most `table_cells` cells — never anything sized by the addresses.
    #[test]
    fn the_table_is_bounded_by_the_cells_held(
        positions in prop::collection::vec((0u32..1_048_576, 0u32..16_384), 1..300),
        header in prop::collection::vec(0u32..16_384, 1..20),
    ) {
        let mut cells: Vec<SheetCell> = header.iter().map(|&c| SheetCell { row: 0, col: c, text: "h".into() }).collect();
        cells.extend(positions.iter().map(|&(r, c)| SheetCell { row: r, col: c, text: "v".into() }));
        let n = cells.len();
        let limits = Limits { table_cells: 5_000, ..Limits::DEFAULT };
        match table_grid(cells, &limits) {
            Ok(g) => {
                prop_assert!(g.header.len() <= n && g.rows.len() < n);
                prop_assert!((g.rows.len() + 1) * g.header.len() <= 5_000);
                prop_assert!(g.rows.iter().all(|(_, r)| r.len() == g.header.len()));
                prop_assert_eq!(g.columns.len(), g.header.len());
                prop_assert!(g.header.last().is_some_and(|h| !h.is_empty()));
            }
            Err(FileError::TableTooLarge { rows, columns, .. }) => prop_assert!(rows * columns > 5_000),
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Real workbooks with cells scattered up to the far corner read fast and small.
    #[test]
    fn scattered_workbooks_read_within_bounds(
        positions in prop::collection::vec((1u32..1_048_576, 0u16..16_384), 1..40),
    ) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        sheet.write_string(0, 0, "nama").unwrap();
        sheet.write_string(0, 16_383, "ujung").unwrap();
        for &(r, c) in &positions {
            sheet.write_number(r, c, 1.0).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let start = Instant::now();
        let g = read_workbook(&bytes, None, &Limits::DEFAULT).unwrap();
        prop_assert!(start.elapsed() < Duration::from_secs(2));
        prop_assert!(g.rows.len() <= positions.len());
        prop_assert!(g.header.len() <= positions.len() + 2);
    }
}
