//! Survey files shared by `mitra assess score`/`import` and the web upload: one row per
//! respondent, one column per item, the shape a Google Forms or KoboToolbox export has.
//!
//! Bytes in, meaning out — no file system: [`csv_grid`] and [`xlsx_grid`] turn a file's bytes into
//! a [`Grid`] of text cells; [`match_columns`] maps columns to the instrument's items (a mapping
//! of `column_header,item_key`; the item key, any case, also after a Kobo group prefix
//! `grup/jp1`; the item's Indonesian or English text, also inside the `[…]` of a Google Forms grid
//! question); [`parse_rows`] checks every answer and names the row and column of each bad one, so
//! the user fixes the file in one pass. The first column, when it matches no item, names the
//! respondents. Messages come from the catalogue (`survey.*`).

use mitra_core::assessment::{AssessmentError, Instrument, Response};
use mitra_core::field::parse_number;
use mitra_core::{t, Lang};

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

/// A file that cannot be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{detail}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct GridError {
    /// Where, when known.
    pub line: Option<usize>,
    /// What (the reader's own words).
    pub detail: String,
}

/// The delimiter of a CSV file from its first line: tab, semicolon or comma (quoted text
/// ignored).
pub fn detect_delimiter(header: &[u8]) -> u8 {
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

/// Reads CSV bytes (UTF-8, an optional byte-order mark; comma, semicolon or tab) as text cells.
/// Blank lines are skipped; line numbers are the file's.
pub fn csv_grid(bytes: &[u8]) -> Result<Grid, GridError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|e| GridError {
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
        let more = reader.read_record(&mut record).map_err(|e| GridError {
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

/// A spreadsheet range as text cells (row numbers are the sheet's).
pub fn range_grid(range: &calamine::Range<calamine::Data>) -> Grid {
    use calamine::Data;
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
    grid
}

/// Reads the first sheet of XLSX/XLS/ODS bytes as text cells.
pub fn xlsx_grid(bytes: &[u8]) -> Result<Grid, GridError> {
    use calamine::Reader;
    let bad = |e: calamine::Error| GridError { line: None, detail: e.to_string() };
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(bad)?;
    let first = wb.sheet_names().first().cloned().ok_or(GridError {
        line: None,
        detail: "the workbook has no sheet / buku kerja tanpa lembar".into(),
    })?;
    Ok(range_grid(&wb.worksheet_range(&first).map_err(bad)?))
}

/// Whether a file name is a spreadsheet (by extension), else CSV.
pub fn is_spreadsheet(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") && name.contains('.')
}

/// `column_header,item_key` pairs of a mapping file's grid, with their lines; a first row
/// `column_header,item_key` is a header and skipped. `Err` names the first bad line.
pub fn mapping_pairs(grid: Grid) -> Result<Vec<(usize, String, String)>, usize> {
    let mut pairs = Vec::new();
    let is_header = |c: &[String]| {
        c.len() >= 2
            && c[0].eq_ignore_ascii_case("column_header")
            && c[1].eq_ignore_ascii_case("item_key")
    };
    let first = (!is_header(&grid.header)).then(|| (grid.header_line, grid.header.clone()));
    for (line, cells) in first.into_iter().chain(grid.rows) {
        if cells.len() < 2 || cells[0].is_empty() || cells[1].is_empty() {
            return Err(line);
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

/// Why a header cannot be matched to the instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnError {
    /// A mapping line names an item the instrument does not have.
    UnknownItem {
        /// The mapping's line.
        line: usize,
        /// The key given.
        item: String,
        /// The instrument's keys.
        available: Vec<String>,
    },
    /// Two columns answer the same item.
    ItemTwice {
        /// The item.
        item: String,
        /// The two headers.
        columns: [String; 2],
    },
    /// Items without a column.
    MissingItems {
        /// Their keys.
        items: Vec<String>,
        /// Columns not recognised.
        unknown: Vec<String>,
    },
}

/// How a header is compared with an item's text: case, spacing and a final full stop ignored.
fn normalize(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    s.trim_end_matches(['.', ' ']).to_string()
}

/// The item a header names by key or text, if any.
pub(crate) fn auto_match(header: &str, instrument: &Instrument) -> Option<usize> {
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

/// Matches a header to the instrument's items.
pub fn match_columns(
    header: &[String],
    instrument: &Instrument,
    mapping: &[(usize, String, String)],
) -> Result<Columns, ColumnError> {
    let mut mapped: Vec<(String, usize)> = Vec::new();
    for (line, column, key) in mapping {
        let Some((k, _)) = instrument.item(key.trim()) else {
            return Err(ColumnError::UnknownItem {
                line: *line,
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
                    return Err(ColumnError::ItemTwice {
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
        return Err(ColumnError::MissingItems { items: missing, unknown: columns.unknown });
    }
    columns.unused_mapping =
        mapped.into_iter().filter(|(h, _)| !header.contains(h)).map(|(h, _)| h).collect();
    Ok(columns)
}

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // the fields are the answer as typed and the scale's points
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
    /// A NIB or name that is no UMKM of the importing institution's province.
    UnknownUmkm { text: String },
    /// A name that several UMKM of the province share (use the NIB).
    AmbiguousUmkm { text: String },
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
        let at = if self.column.is_empty() {
            t(lang, "survey.at_row").replace("{row}", &self.line.to_string())
        } else {
            t(lang, "survey.at_cell")
                .replace("{row}", &self.line.to_string())
                .replace("{column}", &self.column)
        };
        let what = match &self.problem {
            Problem::OutOfScale { text, points }
            | Problem::NotWhole { text, points }
            | Problem::NotANumber { text, points } => t(lang, self.code())
                .replace("{text}", text)
                .replace("{points}", &points.to_string()),
            Problem::MissingRequired => t(lang, self.code()).to_owned(),
            Problem::UnknownUmkm { text } | Problem::AmbiguousUmkm { text } => {
                t(lang, self.code()).replace("{text}", text)
            }
            Problem::ExtraCells { found, expected } => t(lang, self.code())
                .replace("{found}", &found.to_string())
                .replace("{expected}", &expected.to_string()),
        };
        format!("{at}: {what}")
    }

    /// The catalogue key of the problem (`survey.<key>`).
    pub fn code(&self) -> &'static str {
        match self.problem {
            Problem::OutOfScale { .. } => "survey.out_of_scale",
            Problem::NotWhole { .. } => "survey.not_whole",
            Problem::NotANumber { .. } => "survey.not_a_number",
            Problem::MissingRequired => "survey.missing_required",
            Problem::ExtraCells { .. } => "survey.extra_cells",
            Problem::UnknownUmkm { .. } => "survey.unknown_umkm",
            Problem::AmbiguousUmkm { .. } => "survey.ambiguous_umkm",
        }
    }

    /// A stable key for the kind of problem, for JSON.
    pub fn key(&self) -> &'static str {
        match self.problem {
            Problem::OutOfScale { .. } => "out_of_scale",
            Problem::NotWhole { .. } => "not_whole",
            Problem::NotANumber { .. } => "not_a_number",
            Problem::MissingRequired => "missing_required",
            Problem::ExtraCells { .. } => "extra_cells",
            Problem::UnknownUmkm { .. } => "unknown_umkm",
            Problem::AmbiguousUmkm { .. } => "ambiguous_umkm",
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
