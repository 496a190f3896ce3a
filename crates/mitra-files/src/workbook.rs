//! XLSX workbooks read within [`Limits`]: the zip archive's inflated bytes are counted before
//! the spreadsheet reader sees it, then the sheet is read cell by cell into a sparse list and
//! turned into a [`Grid`] by [`table_grid`] — never through a dense range spanning the cells'
//! addresses.
//!
//! XLS and ODS are refused: calamine builds their sheets as dense ranges while opening the file
//! (XLS: every sheet, spanning the cells' addresses; ODS: expanding repeated rows and columns),
//! before any cell can be seen or counted, so one far cell could still exhaust memory.

use crate::error::{Content, FileError};
use crate::grid::{table_grid, Grid, SheetCell};
use crate::limits::Limits;
use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};
use std::io::{Cursor, Read};

/// Checks a workbook's zip archive against `limits` by inflating every entry and counting the
/// bytes that come out (nothing is kept). Also tells a zip that is no workbook (an ODS, a
/// Word document) from a workbook.
fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileError::Damaged)?;
    if zip.len() > limits.zip_entries {
        return Err(FileError::TooManyEntries { limit: limits.zip_entries });
    }
    let (mut total, mut workbook, mut opendocument) = (0u64, false, false);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(zip::result::ZipError::PASSWORD_REQUIRED) => {
                FileError::Encrypted
            }
            _ => FileError::Damaged,
        })?;
        let name = entry.name().to_owned();
        workbook |= name.eq_ignore_ascii_case("xl/workbook.xml");
        opendocument |= name == "content.xml";
        let inflated = std::io::copy(
            &mut entry.by_ref().take(limits.entry_bytes.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|_| FileError::Damaged)?;
        if inflated > limits.entry_bytes {
            return Err(FileError::EntryTooLarge { entry: name, limit: limits.entry_bytes });
        }
        total = total.saturating_add(inflated);
        if total > limits.inflated_bytes {
            return Err(FileError::TooLarge { limit: limits.inflated_bytes });
        }
    }
    match (workbook, opendocument) {
        (true, _) => Ok(()),
        (false, true) => Err(FileError::Unsupported { format: "ODS" }),
        (false, false) => Err(FileError::NotAWorkbook { content: Content::Zip }),
    }
}

fn xlsx_error(e: XlsxError) -> FileError {
    match e {
        XlsxError::Password => FileError::Encrypted,
        _ => FileError::Damaged,
    }
}

/// A cell's text: strings trimmed, numbers in their shortest round-trip form.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        other => Data::from(other.clone()).to_string(),
    }
}

/// The filled cells of `sheet` (or the first sheet), one by one, at most `limits.cells`.
fn sheet_cells(
    bytes: &[u8],
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Vec<SheetCell>, FileError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            FileError::SheetNotFound { sheet: s.to_owned(), available: names.clone() }
        })?,
        None => names.first().cloned().ok_or(FileError::NoSheet)?,
    };
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(|e| match e {
        XlsxError::NotAWorksheet(_) => FileError::NotAWorksheet { sheet: name.clone() },
        other => xlsx_error(other),
    })?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if cells.len() == limits.cells {
            return Err(FileError::TooManyCells { sheet: name, limit: limits.cells });
        }
        let (row, col) = cell.get_position();
        cells.push(SheetCell { row, col, text });
    }
    Ok(cells)
}

/// Reads `sheet` (or the first sheet) of XLSX bytes as a [`Grid`] within `limits`.
pub fn read_workbook(
    bytes: &[u8],
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Grid, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() as u64 > limits.inflated_bytes {
        return Err(FileError::TooLarge { limit: limits.inflated_bytes });
    }
    match Content::of(bytes) {
        Content::Zip => {}
        content => return Err(FileError::NotAWorkbook { content }),
    }
    check_archive(bytes, limits)?;
    table_grid(sheet_cells(bytes, sheet, limits)?, limits)
}
