//! Reading pairwise comparisons for AHP from CSV.
//!
//! Two shapes are accepted:
//! - a **matrix**: names in the first row and first column (same order), judgment aᵢⱼ = how much
//!   more important row i is than column j; an empty cell or `-` is a missing judgment;
//! - **one judgment per line**: `a,b,value` (a header line such as `a,b,value` is skipped), which
//!   allows any judgments to be missing.
//!
//! Values may be written as fractions (`1/3`) or decimals (`0.333`, `0,5`).

use crate::error::{CliError, Fill, Place};
use crate::input::parse_number;
use mitra_files::limits::MAX_PAIRWISE_ITEMS;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Pairwise judgments read from a file, with where each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseInput {
    /// The items compared (criteria or alternatives), in file order.
    pub names: Vec<String>,
    /// (row item, column item, value, line) for every judgment given (a diagonal cell too, so
    /// that a diagonal other than 1 is reported).
    pub judgments: Vec<(usize, usize, f64, usize)>,
    /// The file.
    pub file: PathBuf,
}

/// Parses `1/3`, `3`, `0.333` or `0,5`.
pub fn parse_judgment(text: &str) -> Option<f64> {
    match text.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (parse_number(a)?, parse_number(b)?);
            (b != 0.0).then(|| a / b)
        }
        None => parse_number(text),
    }
}

fn is_missing(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "?" | "NA" | "na")
}

/// Reads a pairwise file in either shape.
pub fn read_pairwise(path: &Path) -> Result<PairwiseInput, CliError> {
    let file = PathBuf::from(path);
    let bytes =
        std::fs::read(path).map_err(|source| CliError::Open { file: file.clone(), source })?;
    let text = mitra_files::grid::csv_text(&bytes)
        .map_err(|error| CliError::File { file: file.clone(), error })?;
    let delimiter =
        if text.lines().next().is_some_and(|l| l.matches(';').count() > l.matches(',').count()) {
            b';'
        } else {
            b','
        };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| CliError::Malformed {
            file: file.clone(),
            line: e.position().map(|p| p.line() as usize),
            detail: e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    if rows.is_empty() {
        return Err(CliError::NoRows { file });
    }
    let judgment_lines = rows.iter().all(|(_, r)| r.len() == 3)
        && rows
            .iter()
            .skip(1)
            .all(|(_, r)| parse_judgment(&r[1]).is_none() && parse_judgment(&r[2]).is_some());
    if judgment_lines {
        read_lines(file, rows)
    } else {
        read_matrix(file, rows)
    }
}

fn read_lines(file: PathBuf, rows: Vec<(usize, Vec<String>)>) -> Result<PairwiseInput, CliError> {
    let mut names: Vec<String> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut judgments = Vec::new();
    let mut index = |name: &str, line: usize, names: &mut Vec<String>| {
        if let Some(&k) = positions.get(name) {
            return Ok(k);
        }
        if names.len() == MAX_PAIRWISE_ITEMS {
            let name = name.to_string();
            return Err(CliError::TooManyItems { file: file.clone(), line, name });
        }
        positions.insert(name.to_string(), names.len());
        names.push(name.to_string());
        Ok(names.len() - 1)
    };
    for (k, (line, r)) in rows.into_iter().enumerate() {
        let place =
            |col: usize| Place { file: file.clone(), line, column: None, column_number: col };
        let Some(v) = parse_judgment(&r[2]) else {
            if k == 0 {
                continue; // header line such as "a,b,value"
            }
            return Err(CliError::NotANumber { place: place(3), text: r[2].clone() });
        };
        if r[0].is_empty() {
            return Err(CliError::EmptyCell { place: place(1), fill: Fill::Name });
        }
        if r[1].is_empty() {
            return Err(CliError::EmptyCell { place: place(2), fill: Fill::Name });
        }
        let (i, j) = (index(&r[0], line, &mut names)?, index(&r[1], line, &mut names)?);
        judgments.push((i, j, v, line));
    }
    Ok(PairwiseInput { names, judgments, file })
}

fn read_matrix(file: PathBuf, rows: Vec<(usize, Vec<String>)>) -> Result<PairwiseInput, CliError> {
    let (header_line, header) = &rows[0];
    let names: Vec<String> = header.get(1..).unwrap_or_default().to_vec();
    let n = names.len();
    if n == 0 {
        return Err(CliError::NoCriteria { file });
    }
    if let Some(name) = names.get(MAX_PAIRWISE_ITEMS) {
        return Err(CliError::TooManyItems { file, line: *header_line, name: name.clone() });
    }
    let mut seen = HashSet::with_capacity(n);
    for (k, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(CliError::EmptyCell {
                fill: Fill::Header,
                place: Place { file, line: *header_line, column: None, column_number: k + 2 },
            });
        }
        if !seen.insert(name.as_str()) {
            return Err(CliError::DuplicateColumn { file, name: name.clone() });
        }
    }
    if rows.len() - 1 != n {
        return Err(CliError::PairwiseRows { file, needed: n, found: rows.len() - 1 });
    }
    let mut judgments = Vec::new();
    for (i, (line, r)) in rows[1..].iter().enumerate() {
        let place = |col: usize, column: Option<String>| Place {
            file: file.clone(),
            line: *line,
            column,
            column_number: col,
        };
        if r.len() != n + 1 {
            return Err(CliError::RowLength {
                place: place(0, None),
                expected: n + 1,
                found: r.len(),
            });
        }
        if r[0] != names[i] {
            return Err(CliError::PairwiseRowName {
                file: file.clone(),
                line: *line,
                expected: names[i].clone(),
                found: r[0].clone(),
            });
        }
        for (j, cell) in r[1..].iter().enumerate() {
            if is_missing(cell) {
                continue;
            }
            let v = parse_judgment(cell).ok_or_else(|| CliError::NotANumber {
                place: place(j + 2, Some(names[j].clone())),
                text: cell.clone(),
            })?;
            judgments.push((i, j, v, *line));
        }
    }
    Ok(PairwiseInput { names, judgments, file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgments_parse() {
        assert_eq!(parse_judgment("1/3"), Some(1.0 / 3.0));
        assert_eq!(parse_judgment(" 5 "), Some(5.0));
        assert_eq!(parse_judgment("0,5"), Some(0.5));
        assert_eq!(parse_judgment("1/0"), None);
        assert_eq!(parse_judgment("tiga"), None);
    }
}
