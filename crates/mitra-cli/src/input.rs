//! Reading a decision table from CSV or XLSX.
//!
//! Shape: a header row of criterion names (its first cell labels the alternatives column), then
//! one alternative per row: its name, then one number per criterion. CSV may use `,`, `;` or tab
//! as delimiter (detected from the header) and a decimal comma (`2,5`) when a value has no dot.

use crate::error::{CliError, Place};
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

/// Reads `path` as XLSX/XLS/ODS (by extension) or else CSV.
pub fn read_table(
    path: &Path,
    sheet: Option<&str>,
    progress: &Progress,
) -> Result<Table, CliError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path, sheet),
        _ => read_csv(path, progress),
    }
}

/// Parses a number as users type it: `1.5`, `-2`, `1e3`, or `1,5` (decimal comma, no dot).
/// Rejects `NaN`, `inf` and anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let bytes = t.as_bytes();
    // f64::from_str also accepts "inf", "NaN", "infinity": refuse letters other than an exponent.
    if bytes.iter().any(|b| b.is_ascii_alphabetic() && *b != b'e' && *b != b'E') {
        return None;
    }
    let v = match t.parse::<f64>() {
        Ok(v) => v,
        Err(_) if t.matches(',').count() == 1 && !t.contains('.') => {
            t.replace(',', ".").parse().ok()?
        }
        Err(_) => return None,
    };
    v.is_finite().then_some(v)
}

fn detect_delimiter(header: &[u8]) -> u8 {
    let line = header.split(|&b| b == b'\n').next().unwrap_or(b"");
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => comma += 1,
            b';' if !quoted => semi += 1,
            b'\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

fn read_csv(path: &Path, progress: &Progress) -> Result<Table, CliError> {
    let file = PathBuf::from(path);
    let bytes =
        std::fs::read(path).map_err(|source| CliError::Open { file: file.clone(), source })?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes); // Excel's UTF-8 BOM
    let delimiter = detect_delimiter(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let malformed = |e: csv::Error| CliError::Malformed {
        file: file.clone(),
        line: e.position().map(|p| p.line() as usize),
        detail: e.to_string(),
    };
    let mut record = csv::ByteRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut table = Table {
        criteria: Vec::new(),
        alternatives: Vec::new(),
        lines: Vec::new(),
        values: Vec::new(),
    };
    let bar = progress.bar(body.len() as u64, "membaca / reading");
    while reader.read_byte_record(&mut record).map_err(malformed)? {
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        let text = |k: usize| -> Result<&str, CliError> {
            std::str::from_utf8(&record[k]).map_err(|_| CliError::Malformed {
                file: file.clone(),
                line: Some(line),
                detail: "not UTF-8 / bukan UTF-8".into(),
            })
        };
        let Some(h) = &header else {
            let names = (0..record.len())
                .map(|k| text(k).map(|s| s.trim().to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            let h = check_header(&file, names)?;
            table.criteria = h[1..].to_vec();
            header = Some(h);
            continue;
        };
        if record.len() != h.len() {
            return Err(CliError::RowLength {
                place: Place { file, line, column: None, column_number: 0 },
                expected: h.len(),
                found: record.len(),
            });
        }
        let name = text(0)?.trim();
        if name.is_empty() {
            return Err(CliError::EmptyCell {
                place: Place { file, line, column: Some(h[0].clone()), column_number: 1 },
            });
        }
        table.alternatives.push(name.to_string());
        table.lines.push(line);
        for (k, column) in h.iter().enumerate().skip(1) {
            let cell = text(k)?;
            let place = || Place {
                file: file.clone(),
                line,
                column: Some(column.clone()),
                column_number: k + 1,
            };
            if cell.trim().is_empty() {
                return Err(CliError::EmptyCell { place: place() });
            }
            match parse_number(cell) {
                Some(v) => table.values.push(v),
                None => {
                    return Err(CliError::NotANumber {
                        place: place(),
                        text: cell.trim().to_string(),
                    })
                }
            }
        }
        if table.alternatives.len() % 65_536 == 0 {
            bar.set_position(record.position().map_or(0, |p| p.byte()));
        }
    }
    bar.finish_and_clear();
    if header.is_none() || table.alternatives.is_empty() {
        return Err(CliError::NoRows { file });
    }
    Ok(table)
}

fn check_header(file: &Path, names: Vec<String>) -> Result<Vec<String>, CliError> {
    if names.len() < 2 {
        return Err(CliError::NoCriteria { file: file.to_path_buf() });
    }
    for (k, name) in names.iter().enumerate().skip(1) {
        if name.is_empty() {
            return Err(CliError::EmptyCell {
                place: Place {
                    file: file.to_path_buf(),
                    line: 1,
                    column: None,
                    column_number: k + 1,
                },
            });
        }
        if names[1..k].contains(name) {
            return Err(CliError::DuplicateColumn { file: file.to_path_buf(), name: name.clone() });
        }
    }
    Ok(names)
}

fn read_spreadsheet(path: &Path, sheet: Option<&str>) -> Result<Table, CliError> {
    use calamine::{open_workbook_auto, Data, Reader};
    let file = PathBuf::from(path);
    let mut wb = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => CliError::Open { file: file.clone(), source },
        other => CliError::Malformed { file: file.clone(), line: None, detail: other.to_string() },
    })?;
    let names = wb.sheet_names();
    let chosen = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            CliError::SheetNotFound {
                file: file.clone(),
                sheet: s.to_string(),
                available: names.clone(),
            }
        })?,
        None => names.first().cloned().ok_or(CliError::NoRows { file: file.clone() })?,
    };
    let range = wb.worksheet_range(&chosen).map_err(|e| CliError::Malformed {
        file: file.clone(),
        line: None,
        detail: e.to_string(),
    })?;
    let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let cell_text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            other => other.to_string(),
        }
    };
    let mut rows =
        range.rows().enumerate().filter(|(_, r)| r.iter().any(|d| !matches!(d, Data::Empty)));
    let Some((_, head)) = rows.next() else { return Err(CliError::NoRows { file }) };
    let header = check_header(&file, head.iter().map(cell_text).collect())?;
    let width = header.iter().rposition(|h| !h.is_empty()).map_or(0, |k| k + 1);
    let header = header[..width].to_vec();
    let mut table = Table {
        criteria: header[1..].to_vec(),
        alternatives: Vec::new(),
        lines: Vec::new(),
        values: Vec::new(),
    };
    for (r, row) in rows {
        let line = row0 + r + 1;
        let place = |k: usize| Place {
            file: file.clone(),
            line,
            column: Some(header[k].clone()),
            column_number: col0 + k + 1,
        };
        let name = row.first().map(cell_text).unwrap_or_default();
        if name.is_empty() {
            return Err(CliError::EmptyCell { place: place(0) });
        }
        table.alternatives.push(name);
        table.lines.push(line);
        for k in 1..header.len() {
            let v = match row.get(k).unwrap_or(&Data::Empty) {
                Data::Float(f) if f.is_finite() => *f,
                Data::Int(i) => *i as f64,
                Data::Empty => return Err(CliError::EmptyCell { place: place(k) }),
                Data::String(s) if s.trim().is_empty() => {
                    return Err(CliError::EmptyCell { place: place(k) })
                }
                Data::String(s) => parse_number(s).ok_or_else(|| CliError::NotANumber {
                    place: place(k),
                    text: s.trim().to_string(),
                })?,
                other => {
                    return Err(CliError::NotANumber { place: place(k), text: other.to_string() })
                }
            };
            table.values.push(v);
        }
    }
    if table.alternatives.is_empty() {
        return Err(CliError::NoRows { file });
    }
    Ok(table)
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

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"\"x;y\",b,c"), b',');
    }
}
