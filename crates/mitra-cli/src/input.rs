//! Reading a decision table from CSV or XLSX (through `mitra_files`' bounded reader).
//!
//! Shape: a header row of criterion names (its first cell labels the alternatives column), then
//! one alternative per row: its name, then one number per criterion. CSV may use `,`, `;` or tab
//! as delimiter (detected from the header) and a decimal comma (`2,5`) when a value has no dot.

use crate::error::{CliError, Fill, Place};
use crate::progress::Progress;
use std::path::{Path, PathBuf};

/// A decision table as read from a file, before it becomes a `DecisionMatrix`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Criterion names from the header, in order.
    pub criteria: Vec<String>,
    /// Alternative names from the first column.
    pub alternatives: Vec<String>,
    /// Line (CSV) or row (XLSX) number of each alternative, 1-based.
    pub lines: Vec<usize>,
    /// Row-major values.
    pub values: Vec<f64>,
}

/// Reads `path` as XLSX (by extension; XLS and ODS are refused, see `mitra_files::workbook`)
/// or else CSV.
pub fn read_table(
    path: &Path,
    sheet: Option<&str>,
    progress: &Progress,
) -> Result<Table, CliError> {
    match Format::of(&path.to_string_lossy()) {
        Format::Csv => read_csv(path, progress),
        _ => read_spreadsheet(path, sheet),
    }
}

pub use mitra_core::field::parse_number;
pub(crate) use mitra_files::detect_delimiter;
use mitra_files::limits::MAX_INFLATED_BYTES;
use mitra_files::{FileError, Format, Grid};

/// Rows gathered so far; the one place where a data row's cells become a name and numbers, so the
/// sequential and the parallel readers report errors identically.
struct RowSink<'h> {
    file: &'h Path,
    header: &'h [String],
    /// The file's 1-based column of each header cell.
    columns: &'h [usize],
    alternatives: Vec<String>,
    lines: Vec<usize>,
    values: Vec<f64>,
}

impl<'h> RowSink<'h> {
    fn new(file: &'h Path, header: &'h [String], columns: &'h [usize], capacity: usize) -> Self {
        Self {
            file,
            header,
            columns,
            alternatives: Vec::with_capacity(capacity),
            lines: Vec::with_capacity(capacity),
            values: Vec::with_capacity(capacity * (header.len() - 1)),
        }
    }

    /// Adds one data row (all its cells, the name first); blank rows are skipped.
    fn push(&mut self, line: usize, cells: &[&str]) -> Result<(), CliError> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let place = |k: usize| Place {
            file: self.file.to_path_buf(),
            line,
            column: self.header.get(k).cloned(),
            column_number: self.columns.get(k).copied().unwrap_or(k + 1),
        };
        if cells.len() != self.header.len() {
            return Err(CliError::RowLength {
                place: Place {
                    file: self.file.to_path_buf(),
                    line,
                    column: None,
                    column_number: 0,
                },
                expected: self.header.len(),
                found: cells.len(),
            });
        }
        let name = cells[0].trim();
        if name.is_empty() {
            return Err(CliError::EmptyCell { place: place(0), fill: Fill::Name });
        }
        for (k, cell) in cells.iter().enumerate().skip(1) {
            match parse_number(cell) {
                Some(v) => self.values.push(v),
                None if cell.trim().is_empty() => {
                    return Err(CliError::EmptyCell { place: place(k), fill: Fill::Number })
                }
                None => {
                    return Err(CliError::NotANumber {
                        place: place(k),
                        text: cell.trim().to_string(),
                    })
                }
            }
        }
        self.alternatives.push(name.to_string());
        self.lines.push(line);
        Ok(())
    }

    fn append(&mut self, mut other: RowSink<'_>) {
        self.alternatives.append(&mut other.alternatives);
        self.lines.append(&mut other.lines);
        self.values.append(&mut other.values);
    }
}

/// Data below this size is read on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

fn read_csv(path: &Path, progress: &Progress) -> Result<Table, CliError> {
    let file = PathBuf::from(path);
    let bytes =
        std::fs::read(path).map_err(|source| CliError::Open { file: file.clone(), source })?;
    let text = mitra_files::grid::csv_text(&bytes)
        .map_err(|error| CliError::File { file: file.clone(), error })?;
    let delimiter = detect_delimiter(text.as_bytes());
    let malformed = |e: csv::Error, data_start: usize| CliError::Malformed {
        file: file.clone(),
        line: e.position().map(|p| {
            let byte = data_start + p.byte() as usize;
            1 + text.as_bytes()[..byte.min(text.len())].iter().filter(|&&b| b == b'\n').count()
        }),
        detail: e.to_string(),
    };
    let builder = || {
        let mut b = csv::ReaderBuilder::new();
        b.delimiter(delimiter).has_headers(false).flexible(true);
        b
    };
    // The header (skipping blank lines), through the csv crate so quoted names work.
    let mut reader = builder().from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let header = loop {
        if !reader.read_record(&mut record).map_err(|e| malformed(e, 0))? {
            return Err(CliError::NoRows { file });
        }
        if record.iter().any(|f| !f.trim().is_empty()) {
            let cells = record.iter().map(|f| f.trim().to_string()).collect();
            let mut byte = record.position().map_or(0, |p| p.byte() as usize);
            while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
                byte += 1;
            }
            let line = 1 + text.bytes().take(byte).filter(|&b| b == b'\n').count();
            break check_header(&file, line, cells, |k| k + 1)?;
        }
    };
    // After a header ending in CRLF the csv reader stops between CR and LF: start the data on
    // the next whole line, and count lines ourselves so both readers number them alike.
    let mut offset = reader.position().byte() as usize;
    if text[offset..].starts_with('\n') {
        offset += 1;
    }
    let first_line = 1 + text[..offset].bytes().filter(|&b| b == b'\n').count();
    let rest = &text[offset..];
    let columns: Vec<usize> = (1..=header.len()).collect();
    let mut sink = RowSink::new(&file, &header, &columns, rest.len() / (8 * header.len()));
    if rest.len() >= PARALLEL_MIN_BYTES && !rest.contains('"') {
        read_unquoted_parallel(rest, first_line, delimiter as char, &mut sink)?;
    } else {
        let bar = progress.bar(rest.len() as u64, "membaca / reading");
        let mut reader = builder().from_reader(rest.as_bytes());
        // The csv crate does not count blank lines, so lines are counted from byte offsets.
        let (mut seen_byte, mut seen_line) = (0usize, first_line);
        while reader.read_record(&mut record).map_err(|e| malformed(e, offset))? {
            // A record's position is where reading began, before any blank lines it skipped.
            let mut byte = record.position().map_or(seen_byte, |p| p.byte() as usize);
            while matches!(rest.as_bytes().get(byte), Some(b'\n' | b'\r')) {
                byte += 1;
            }
            seen_line += rest.as_bytes()[seen_byte..byte].iter().filter(|&&b| b == b'\n').count();
            seen_byte = byte;
            let line = seen_line;
            let cells: Vec<&str> = record.iter().collect();
            sink.push(line, &cells)?;
            if sink.alternatives.len() % 65_536 == 0 {
                bar.set_position(record.position().map_or(0, |p| p.byte()));
            }
        }
        bar.finish_and_clear();
    }
    if sink.alternatives.is_empty() {
        return Err(CliError::NoRows { file });
    }
    let RowSink { alternatives, lines, values, .. } = sink;
    Ok(Table { criteria: header[1..].to_vec(), alternatives, lines, values })
}

/// Parses data that contains no quote character: every line is a record and every delimiter
/// separates fields, exactly as the csv crate would read it. Blocks of lines are parsed on all
/// cores; the first error in file order wins.
fn read_unquoted_parallel(
    rest: &str,
    first_line: usize,
    delimiter: char,
    sink: &mut RowSink<'_>,
) -> Result<(), CliError> {
    use rayon::prelude::*;
    let blocks = 8 * rayon::current_num_threads();
    let target = rest.len() / blocks + 1;
    let mut pieces = Vec::with_capacity(blocks + 1);
    // Pieces end just after a '\n' byte (or at the end), so they always split between
    // characters: a byte offset `target` past the start may fall inside a multi-byte one.
    let bytes = rest.as_bytes();
    let mut start = 0;
    while start < rest.len() {
        let from = (start + target).min(rest.len());
        let end = match bytes.get(from..).and_then(|tail| tail.iter().position(|&b| b == b'\n')) {
            Some(k) => from + k + 1,
            None => rest.len(),
        };
        let piece = rest.get(start..end).ok_or_else(|| CliError::Malformed {
            file: sink.file.to_path_buf(),
            line: None,
            detail: format!("internal: no character boundary at byte {end}"),
        })?;
        pieces.push(piece);
        start = end;
    }
    let newlines: Vec<usize> =
        pieces.par_iter().map(|p| p.bytes().filter(|&b| b == b'\n').count()).collect();
    let starts: Vec<usize> = newlines
        .iter()
        .scan(first_line, |line, n| {
            let here = *line;
            *line += n;
            Some(here)
        })
        .collect();
    let (file, header, columns) = (sink.file, sink.header, sink.columns);
    let parts: Vec<Result<RowSink<'_>, CliError>> = pieces
        .par_iter()
        .zip(starts)
        .map(|(piece, line0)| {
            let mut part = RowSink::new(file, header, columns, piece.len() / (8 * header.len()));
            let mut cells: Vec<&str> = Vec::with_capacity(header.len());
            for (k, l) in piece.lines().enumerate() {
                cells.clear();
                cells.extend(l.split(delimiter));
                part.push(line0 + k, &cells)?;
            }
            Ok(part)
        })
        .collect();
    for part in parts {
        sink.append(part?);
    }
    Ok(())
}

/// Checks a header row (at `line`): criteria named, each once. `column_number(k)` is the file's
/// 1-based column of header cell `k`. Linear: a header of 100,000 names is checked at once.
fn check_header(
    file: &Path,
    line: usize,
    names: Vec<String>,
    column_number: impl Fn(usize) -> usize,
) -> Result<Vec<String>, CliError> {
    if names.len() < 2 {
        return Err(CliError::NoCriteria { file: file.to_path_buf() });
    }
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    for (k, name) in names.iter().enumerate().skip(1) {
        if name.is_empty() {
            return Err(CliError::EmptyCell {
                fill: Fill::Header,
                place: Place {
                    file: file.to_path_buf(),
                    line,
                    column: None,
                    column_number: column_number(k),
                },
            });
        }
        if !seen.insert(name.as_str()) {
            return Err(CliError::DuplicateColumn { file: file.to_path_buf(), name: name.clone() });
        }
    }
    Ok(names)
}

/// A file's bytes; a spreadsheet larger than [`MAX_INFLATED_BYTES`] is refused unread.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    let file = PathBuf::from(path);
    let open = |source| CliError::Open { file: file.clone(), source };
    if Format::of(&path.to_string_lossy()).is_spreadsheet()
        && std::fs::metadata(path).map_err(open)?.len() > MAX_INFLATED_BYTES
    {
        let error = FileError::TooLarge { limit: MAX_INFLATED_BYTES };
        return Err(CliError::File { file, error });
    }
    std::fs::read(path).map_err(open)
}

/// Reads `sheet` (or the first) of an XLSX file, or a CSV file, as text cells through the one
/// bounded reader the web upload uses too ([`mitra_files::read_grid`]).
pub(crate) fn read_file_grid(path: &Path, sheet: Option<&str>) -> Result<Grid, CliError> {
    let bytes = read_bytes(path)?;
    mitra_files::read_grid(&path.to_string_lossy(), &bytes, sheet)
        .map_err(|error| CliError::File { file: path.to_path_buf(), error })
}

fn read_spreadsheet(path: &Path, sheet: Option<&str>) -> Result<Table, CliError> {
    let file = PathBuf::from(path);
    let grid = read_file_grid(path, sheet)?;
    if grid.header.is_empty() {
        return Err(CliError::NoRows { file });
    }
    let header =
        check_header(&file, grid.header_line, grid.header.clone(), |k| grid.column_number(k))?;
    let mut sink = RowSink::new(&file, &header, &grid.columns, grid.rows.len());
    let mut cells: Vec<&str> = Vec::with_capacity(header.len());
    for (line, row) in &grid.rows {
        cells.clear();
        cells.extend(row.iter().map(String::as_str));
        sink.push(*line, &cells)?;
    }
    if sink.alternatives.is_empty() {
        return Err(CliError::NoRows { file });
    }
    let RowSink { alternatives, lines, values, .. } = sink;
    Ok(Table { criteria: header[1..].to_vec(), alternatives, lines, values })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 2.5 "), Some(2.5));
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("-1e3"), Some(-1000.0));
        assert_eq!(parse_number("dua ribu"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1.000,5"), None);
        assert_eq!(parse_number("1e999"), None);
    }
}
