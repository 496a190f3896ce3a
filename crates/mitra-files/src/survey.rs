//! Survey files shared by `mitra assess score`/`import` and the web upload: one row per
//! respondent, one column per item, the shape a Google Forms or KoboToolbox export has.
//!
//! Bytes in, meaning out — no file system: [`crate::read_grid`] turns a file's bytes into a
//! [`Grid`] of text cells within the limits of [`crate::limits`]; [`match_columns`] maps columns
//! to the instrument's items (a mapping of `column_header,item_key`; the item key, any case, also
//! after a Kobo group prefix `grup/jp1`; the item's Indonesian or English text, also inside the
//! `[…]` of a Google Forms grid question); [`parse_rows`] checks every answer and names the row and column of each bad one, so
//! the user fixes the file in one pass. The first column, when it matches no item, names the
//! respondents. Messages come from the catalogue (`survey.*`).

use mitra_core::assessment::{AssessmentError, Instrument, Response};
use mitra_core::field::parse_number;
use mitra_core::{t, Lang};
use std::collections::{HashMap, HashSet};

pub use crate::grid::Grid;

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
    // Hashed, so a wide header against a long mapping stays linear; the first line wins.
    let mut first_mapped: HashMap<&str, usize> = HashMap::with_capacity(mapped.len());
    for (h, k) in &mapped {
        first_mapped.entry(h.as_str()).or_insert(*k);
    }
    let mut columns = Columns::default();
    let mut seen: Vec<Option<usize>> = vec![None; instrument.items().len()];
    for (c, name) in header.iter().enumerate() {
        let item = first_mapped.get(name.as_str()).copied();
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
    let in_header: HashSet<&str> = header.iter().map(String::as_str).collect();
    columns.unused_mapping = mapped
        .iter()
        .filter(|(h, _)| !in_header.contains(h.as_str()))
        .map(|(h, _)| h.clone())
        .collect();
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
