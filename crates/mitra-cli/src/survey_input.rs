//! Reading survey answers from CSV or XLSX: one row per respondent, one column per item, the
//! shape a Google Forms or KoboToolbox export has.
//!
//! Columns are matched to items by, in order: a mapping file (`column_header,item_key`); the item
//! key (`jp1`, any case, also after a Kobo group prefix `grup/jp1`); the item's Indonesian or
//! English text (case, spacing and a final full stop ignored; also inside the `[…]` of a Google
//! Forms grid question). The first column, when it matches no item, names the respondents. Other
//! columns are reported and ignored. Every bad answer is collected with its row and column, so
//! the user fixes the file in one pass.

use crate::error::{tr, CliError, Place};
use crate::input::{detect_delimiter, open_sheet, parse_number};
use crate::lang::Lang;
use mitra_core::assessment::{AssessmentError, Instrument, Response};
use std::path::{Path, PathBuf};

/// A file's cells as text, before any meaning is given to them.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// 1-based line (CSV) or row (spreadsheet) of the header.
    pub header_line: usize,
    /// Non-blank data rows: line and cells.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads `path` as XLSX/XLS/ODS (by extension) or else CSV, as text cells.
pub fn read_grid(path: &Path, sheet: Option<&str>) -> Result<Grid, CliError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let grid = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path, sheet)?,
        _ => read_csv(path)?,
    };
    if grid.header.is_empty() || grid.rows.is_empty() {
        return Err(CliError::NoRows { file: path.to_path_buf() });
    }
    Ok(grid)
}

fn read_csv(path: &Path) -> Result<Grid, CliError> {
    let file = PathBuf::from(path);
    let bytes =
        std::fs::read(path).map_err(|source| CliError::Open { file: file.clone(), source })?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(body).map_err(|e| CliError::Malformed {
        file: file.clone(),
        line: Some(1 + body[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count()),
        detail: "not UTF-8 / bukan UTF-8".into(),
    })?;
    // Line numbers from byte offsets: the csv crate skips blank lines without counting them.
    let newlines: Vec<usize> =
        text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i).collect();
    let line_of = |mut byte: usize| {
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        1 + newlines.partition_point(|&n| n < byte)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(body))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| CliError::Malformed {
            file: file.clone(),
            line: e.position().map(|p| line_of(p.byte() as usize)),
            detail: e.to_string(),
        })?;
        if !more {
            break;
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = line_of(record.position().map_or(0, |p| p.byte() as usize));
        if grid.header.is_empty() {
            grid.header = cells;
            grid.header_line = line;
        } else {
            grid.rows.push((line, cells));
        }
    }
    Ok(grid)
}

fn read_spreadsheet(path: &Path, sheet: Option<&str>) -> Result<Grid, CliError> {
    use calamine::Data;
    let range = open_sheet(path, sheet)?;
    let row0 = range.start().map_or(0, |(r, _)| r as usize);
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    let mut grid = Grid::default();
    for (r, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if grid.header.is_empty() {
            let width = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |k| k + 1);
            grid.header = cells[..width].to_vec();
            grid.header_line = row0 + r + 1;
        } else {
            grid.rows.push((row0 + r + 1, cells));
        }
    }
    Ok(grid)
}

/// `column_header,item_key` pairs from a mapping file, with their lines; a first row
/// `column_header,item_key` is a header and skipped.
pub fn read_mapping(path: &Path) -> Result<Vec<(usize, String, String)>, CliError> {
    let grid = read_csv(path)?;
    let mut pairs = Vec::new();
    let is_header = |c: &[String]| {
        c.len() >= 2
            && c[0].eq_ignore_ascii_case("column_header")
            && c[1].eq_ignore_ascii_case("item_key")
    };
    let first = (!is_header(&grid.header)).then(|| (grid.header_line, grid.header.clone()));
    for (line, cells) in first.into_iter().chain(grid.rows) {
        if cells.len() < 2 || cells[0].is_empty() || cells[1].is_empty() {
            return Err(CliError::Malformed {
                file: path.to_path_buf(),
                line: Some(line),
                detail: "expected column_header,item_key / seharusnya column_header,item_key"
                    .into(),
            });
        }
        pairs.push((line, cells[0].clone(), cells[1].clone()));
    }
    Ok(pairs)
}

/// Which column holds what.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The column naming the respondents, if any.
    pub id: Option<usize>,
    /// `(column, item index)` for every item of the instrument.
    pub items: Vec<(usize, usize)>,
    /// Header names of the columns ignored.
    pub unknown: Vec<String>,
    /// Mapping entries whose column the file does not have.
    pub unused_mapping: Vec<String>,
}

/// How a header is compared with an item's text: case, spacing and a final full stop ignored.
fn normalize(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    s.trim_end_matches(['.', ' ']).to_string()
}

/// The item a header names by key or text, if any.
fn auto_match(header: &str, instrument: &Instrument) -> Option<usize> {
    let h = header.trim();
    let key = h.rsplit('/').next().unwrap_or(h);
    if let Some(k) = instrument.items().iter().position(|it| it.key.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    // Google Forms grid questions export as "Question [row text]".
    let inner = match (h.ends_with(']'), h.rfind('[')) {
        (true, Some(open)) => &h[open + 1..h.len() - 1],
        _ => h,
    };
    let (h, inner) = (normalize(h), normalize(inner));
    instrument.items().iter().position(|it| {
        let (id, en) = (normalize(&it.text_id), normalize(&it.text_en));
        [&h, &inner].iter().any(|x| **x == id || **x == en)
    })
}

/// Matches the header of `file` to the instrument's items.
pub fn match_columns(
    file: &Path,
    header: &[String],
    instrument: &Instrument,
    mapping: &[(usize, String, String)],
    mapping_file: Option<&Path>,
) -> Result<Columns, CliError> {
    let mut mapped: Vec<(String, usize)> = Vec::new();
    for (line, column, key) in mapping {
        let Some((k, _)) = instrument.item(key.trim()) else {
            return Err(CliError::UnknownItem {
                place: Place {
                    file: mapping_file.unwrap_or(file).to_path_buf(),
                    line: *line,
                    column: Some("item_key".into()),
                    column_number: 2,
                },
                item: key.clone(),
                available: instrument.items().iter().map(|it| it.key.clone()).collect(),
            });
        };
        mapped.push((column.trim().to_string(), k));
    }
    let mut columns = Columns::default();
    let mut seen: Vec<Option<usize>> = vec![None; instrument.items().len()];
    for (c, name) in header.iter().enumerate() {
        let item = mapped.iter().find(|(h, _)| h == name).map(|m| m.1);
        match item.or_else(|| auto_match(name, instrument)) {
            Some(k) => {
                if let Some(first) = seen[k] {
                    return Err(CliError::ItemTwice {
                        file: file.to_path_buf(),
                        item: instrument.items()[k].key.clone(),
                        columns: [header[first].clone(), name.clone()],
                    });
                }
                seen[k] = Some(c);
                columns.items.push((c, k));
            }
            None if c == 0 => columns.id = Some(0),
            None => columns.unknown.push(if name.is_empty() {
                format!("#{}", c + 1)
            } else {
                name.clone()
            }),
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .zip(instrument.items())
        .filter(|(s, _)| s.is_none())
        .map(|(_, it)| it.key.clone())
        .collect();
    if !missing.is_empty() {
        return Err(CliError::MissingItems {
            file: file.to_path_buf(),
            items: missing,
            unknown: columns.unknown,
        });
    }
    columns.unused_mapping =
        mapped.into_iter().filter(|(h, _)| !header.contains(h)).map(|(h, _)| h).collect();
    Ok(columns)
}

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A whole number outside 1..=points.
    OutOfScale { text: String, points: u8 },
    /// A number with a fraction.
    NotWhole { text: String, points: u8 },
    /// Not a number.
    NotANumber { text: String, points: u8 },
    /// A required item left empty.
    MissingRequired,
    /// More cells than the header has columns.
    ExtraCells { found: usize, expected: usize },
}

/// A bad answer and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct BadAnswer {
    /// 1-based line or row.
    pub line: usize,
    /// Column header (empty for a whole-row problem).
    pub column: String,
    /// What is wrong.
    pub problem: Problem,
}

impl BadAnswer {
    /// "baris 17, kolom 'jp3': 7 di luar skala 1–5" / "row 17, column 'jp3': 7 is outside the 1–5
    /// scale".
    pub fn message(&self, lang: Lang) -> String {
        let (line, col) = (self.line, &self.column);
        let at = if col.is_empty() {
            tr!(lang, "baris {line}", "row {line}")
        } else {
            tr!(lang, "baris {line}, kolom '{col}'", "row {line}, column '{col}'")
        };
        let what = match &self.problem {
            Problem::OutOfScale { text, points } => {
                tr!(
                    lang,
                    "{text} di luar skala 1–{points}",
                    "{text} is outside the 1–{points} scale"
                )
            }
            Problem::NotWhole { text, points } => tr!(
                lang,
                "{text} bukan bilangan bulat; jawab 1–{points}",
                "{text} is not a whole number; answer 1–{points}"
            ),
            Problem::NotANumber { text, points } => tr!(
                lang,
                "'{text}' bukan angka; jawab 1–{points}",
                "'{text}' is not a number; answer 1–{points}"
            ),
            Problem::MissingRequired => {
                tr!(lang, "butir wajib tidak dijawab", "a required item is not answered")
            }
            Problem::ExtraCells { found, expected } => tr!(
                lang,
                "ada {found} sel, baris judul hanya {expected} kolom",
                "has {found} cells, the header only {expected} columns"
            ),
        };
        format!("{at}: {what}")
    }

    /// A stable key for the kind of problem, for JSON.
    pub fn key(&self) -> &'static str {
        match self.problem {
            Problem::OutOfScale { .. } => "out_of_scale",
            Problem::NotWhole { .. } => "not_whole",
            Problem::NotANumber { .. } => "not_a_number",
            Problem::MissingRequired => "missing_required",
            Problem::ExtraCells { .. } => "extra_cells",
        }
    }
}

/// One respondent's clean answers.
#[derive(Debug, Clone)]
pub struct Respondent {
    /// From the id column, when there is one and it is filled.
    pub id: Option<String>,
    /// 1-based line or row.
    pub line: usize,
    /// The answers.
    pub response: Response,
}

/// The rows parsed: clean respondents and every bad answer of the others.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Rows without a problem.
    pub respondents: Vec<Respondent>,
    /// Every problem, in file order.
    pub bad: Vec<BadAnswer>,
    /// Number of rows with at least one problem.
    pub rejected_rows: usize,
}

/// Parses every data row; `require_all` treats every item as required.
pub fn parse_rows(
    grid: &Grid,
    columns: &Columns,
    instrument: &Instrument,
    require_all: bool,
) -> Parsed {
    let points = instrument.scale().points();
    let mut parsed = Parsed::default();
    for (line, cells) in &grid.rows {
        let before = parsed.bad.len();
        let bad = |column: &str, problem| BadAnswer { line: *line, column: column.into(), problem };
        if cells.len() > grid.header.len()
            && cells[grid.header.len()..].iter().any(|c| !c.is_empty())
        {
            let found = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |k| k + 1);
            parsed.bad.push(bad("", Problem::ExtraCells { found, expected: grid.header.len() }));
        }
        let mut answers: Vec<(&str, Option<i64>)> = Vec::with_capacity(columns.items.len());
        for &(c, k) in &columns.items {
            let item = &instrument.items()[k];
            let text = cells.get(c).map_or("", String::as_str);
            let column = &grid.header[c];
            if text.is_empty() {
                if require_all || item.required {
                    parsed.bad.push(bad(column, Problem::MissingRequired));
                }
                answers.push((&item.key, None));
                continue;
            }
            let t = text.to_string();
            match parse_number(text) {
                None => parsed.bad.push(bad(column, Problem::NotANumber { text: t, points })),
                Some(v) if v.fract() != 0.0 => {
                    parsed.bad.push(bad(column, Problem::NotWhole { text: t, points }))
                }
                Some(v) if !(1.0..=f64::from(points)).contains(&v) => {
                    parsed.bad.push(bad(column, Problem::OutOfScale { text: t, points }))
                }
                Some(v) => answers.push((&item.key, Some(v as i64))),
            }
        }
        if parsed.bad.len() > before {
            parsed.rejected_rows += 1;
            continue;
        }
        match Response::from_answers(instrument, answers) {
            Ok(response) => {
                let id = columns.id.and_then(|c| cells.get(c)).filter(|s| !s.is_empty()).cloned();
                parsed.respondents.push(Respondent { id, line: *line, response });
            }
            // Cannot happen: every value was checked against the scale above. Reported, not
            // swallowed, should the two checks ever drift apart.
            Err(AssessmentError::OutOfScale { value, points }) => {
                parsed.bad.push(bad("", Problem::OutOfScale { text: value.to_string(), points }));
                parsed.rejected_rows += 1;
            }
            Err(_) => parsed.rejected_rows += 1,
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_keys_texts_and_exports() {
        let i = Instrument::starting();
        let jp1 = &i.items()[0];
        assert_eq!(auto_match("JP1", &i), Some(0));
        assert_eq!(auto_match("kesiapan/jp1", &i), Some(0));
        assert_eq!(auto_match(&format!("  {}  ", jp1.text_en.to_uppercase()), &i), Some(0));
        assert_eq!(auto_match(jp1.text_id.trim_end_matches('.'), &i), Some(0));
        assert_eq!(auto_match(&format!("Kemitraan Anda [{}]", i.items()[5].text_id), &i), Some(5));
        assert_eq!(auto_match("Timestamp", &i), None);
        assert_eq!(auto_match("jp", &i), None);
    }
}
