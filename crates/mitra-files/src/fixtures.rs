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

/// A zip bomb that is a real workbook: [`workbook`] of `rows`, whose shared strings part
/// gains one string of `sizes[0]` bytes (`A`s) and which gains a part of spaces for each further
/// size. Deflate shrinks such parts about a thousandfold; without a limit, reading the first
/// sheet holds the long string in memory, several times over while it is parsed.
pub fn zip_bomb(rows: &[Vec<String>], sizes: &[u64]) -> Vec<u8> {
    let plain = workbook(rows, None);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(plain)).expect("a workbook");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(sizes.iter().any(|&s| s >= u64::from(u32::MAX)));
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("an entry");
        if entry.name() != "xl/sharedStrings.xml" {
            zip.raw_copy_file(entry).expect("copied");
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).expect("shared strings");
        let (head, _) = xml.rsplit_once("</sst>").expect("the end of the shared strings");
        zip.start_file("xl/sharedStrings.xml", options).expect("zip entry");
        zip.write_all(head.as_bytes()).expect("zip write");
        zip.write_all(b"<si><t>").expect("zip write");
        repeat(&mut zip, b'A', sizes.first().copied().unwrap_or(0));
        zip.write_all(b"</t></si></sst>").expect("zip write");
    }
    for (k, &size) in sizes.iter().enumerate().skip(1) {
        zip.start_file(format!("customXml/item{k}.xml"), options).expect("zip entry");
        repeat(&mut zip, b' ', size);
    }
    zip.finish().expect("zip written").into_inner()
}

fn repeat(out: &mut impl Write, byte: u8, mut count: u64) {
    let chunk = vec![byte; 1 << 20];
    while count > 0 {
        let n = count.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n]).expect("zip write");
        count -= n as u64;
    }
}
