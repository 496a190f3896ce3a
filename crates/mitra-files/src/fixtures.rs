//! Files built in memory for the tests of every crate that reads user files (feature
//! `fixtures`): real workbooks, one with a cell at the sheet's far corner, and zip bombs.

use std::io::Write;

/// The last cell of a sheet, `XFD1048576` (0-based row and column).
pub const FAR_CORNER: (u32, u16) = (1_048_575, 16_383);

/// An XLSX workbook of `rows` on its first sheet (a cell that parses as a number is written as
/// one) and, if given, one more cell of text at `extra` (0-based row and column).
pub fn workbook(rows: &[Vec<String>], extra: Option<((u32, u16), &str)>) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let written = match text.parse::<f64>() {
                Ok(v) => sheet.write_number(r, c, v).map(|_| ()),
                Err(_) => sheet.write_string(r, c, text).map(|_| ()),
            };
            written.expect("a cell inside the sheet");
        }
    }
    if let Some(((r, c), text)) = extra {
        sheet.write_string(r, c, text).expect("a cell inside the sheet");
    }
    wb.save_to_buffer().expect("the workbook is written")
}

/// A zip archive that looks like a workbook (it has `xl/workbook.xml`) with `parts` more
/// entries of zeros, each inflating to `bytes` (deflate shrinks them about a thousandfold).
pub fn zip_bomb(parts: usize, bytes: u64) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(bytes >= u32::MAX as u64);
    zip.start_file("xl/workbook.xml", options).expect("zip entry");
    zip.write_all(b"<workbook/>").expect("zip write");
    let zeros = vec![0u8; 1 << 20];
    for k in 0..parts {
        zip.start_file(format!("xl/worksheets/sheet{}.xml", k + 1), options).expect("zip entry");
        let mut left = bytes;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            zip.write_all(&zeros[..n]).expect("zip write");
            left -= n as u64;
        }
    }
    zip.finish().expect("zip written").into_inner()
}
