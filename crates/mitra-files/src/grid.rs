//! A file's cells as text, before any meaning is given to them: from CSV bytes ([`csv_grid`]) or
//! from a sheet's filled cells ([`table_grid`]), which is bounded by the cells it holds.

use crate::error::{Content, FileError};
use crate::limits::Limits;

/// A table's cells as text: a header row and the data rows under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// 1-based line (CSV) or row (spreadsheet) of the header.
    pub header_line: usize,
    /// The file's 1-based column of each header cell (a spreadsheet's table may start right of
    /// column A or skip empty spacer columns).
    pub columns: Vec<usize>,
    /// Non-blank data rows: line and cells.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Grid {
    /// The file's 1-based column of cell `k` of a row.
    pub fn column_number(&self, k: usize) -> usize {
        match (self.columns.get(k), self.columns.last()) {
            (Some(&c), _) => c,
            (None, Some(&last)) => last + 1 + k - self.columns.len(),
            (None, None) => k + 1,
        }
    }
}

/// The delimiter of a CSV file from its first non-blank line: tab, semicolon or comma (quoted
/// text ignored).
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut lines = header.split(|&b| b == b'\n');
    let line = lines.find(|l| !l.iter().all(u8::is_ascii_whitespace)).unwrap_or(b"");
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

/// The 1-based line of a byte offset, skipping the line breaks the csv crate stepped over.
fn line_of(text: &[u8], newlines: &[usize], mut byte: usize) -> usize {
    while matches!(text.get(byte), Some(b'\n' | b'\r')) {
        byte += 1;
    }
    1 + newlines.partition_point(|&n| n < byte)
}

/// The text of CSV bytes: UTF-8 after an optional byte-order mark (Excel writes one). Bytes that
/// are a workbook, a PDF or an old Excel file are named as such, other bad bytes by their line.
pub fn csv_text(bytes: &[u8]) -> Result<&str, FileError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| match Content::of(body) {
        content @ (Content::Zip | Content::Ole | Content::Pdf) => FileError::NotCsv { content },
        _ => FileError::NotUtf8 {
            line: 1 + body.iter().take(e.valid_up_to()).filter(|&&b| b == b'\n').count(),
        },
    })
}

/// Reads CSV bytes (UTF-8, an optional byte-order mark; comma, semicolon or tab) as text cells.
/// Blank lines are skipped; line numbers are the file's. A CSV holds at most one cell per byte,
/// so it is bounded by its size.
pub fn csv_grid(bytes: &[u8]) -> Result<Grid, FileError> {
    let text = csv_text(bytes)?;
    let body = text.as_bytes();
    // Line numbers from byte offsets: the csv crate skips blank lines without counting them.
    let newlines: Vec<usize> =
        text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i).collect();
    let line_at = |byte: u64| line_of(text.as_bytes(), &newlines, byte as usize);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(body))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| FileError::Csv {
            line: e.position().map(|p| line_at(p.byte())),
            detail: e.to_string(),
        })?;
        if !more {
            break;
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = line_at(record.position().map_or(0, |p| p.byte()));
        if grid.header.is_empty() {
            grid.columns = (1..=cells.len()).collect();
            grid.header = cells;
            grid.header_line = line;
        } else {
            grid.rows.push((line, cells));
        }
    }
    Ok(grid)
}

/// One filled cell of a sheet: 0-based row and column, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The cell's text, trimmed.
    pub text: String,
}

/// The table a sheet's filled cells hold, in any order. The header is the first row with a
/// filled cell; the table's columns end at the header's last filled cell (cells right of it —
/// a note, a stray mark at `XFD1048576` — are ignored); a column with neither a header nor any
/// data is a spacer and left out; rows blank within the table are skipped. Memory is bounded by
/// the cells given and by `limits.table_cells`, never by the cells' addresses.
pub fn table_grid(mut cells: Vec<SheetCell>, limits: &Limits) -> Result<Grid, FileError> {
    cells.retain(|c| !c.text.is_empty());
    cells.sort_unstable_by_key(|c| (c.row, c.col));
    cells.dedup_by_key(|c| (c.row, c.col));
    let Some(header_row) = cells.first().map(|c| c.row) else { return Ok(Grid::default()) };
    let last_col = cells.iter().take_while(|c| c.row == header_row).map(|c| c.col).max();
    let last_col = last_col.unwrap_or(0);
    cells.retain(|c| c.col <= last_col);
    let mut used: Vec<u32> = cells.iter().map(|c| c.col).collect();
    used.sort_unstable();
    used.dedup();
    let mut row_count: usize = 0;
    let mut previous = None;
    for c in &cells {
        if previous != Some(c.row) {
            row_count += 1;
            previous = Some(c.row);
        }
    }
    if row_count.saturating_mul(used.len()) > limits.table_cells {
        return Err(FileError::TableTooLarge {
            rows: row_count,
            columns: used.len(),
            limit: limits.table_cells,
        });
    }
    let mut grid = Grid {
        header: vec![String::new(); used.len()],
        header_line: header_row as usize + 1,
        columns: used.iter().map(|&c| c as usize + 1).collect(),
        rows: Vec::with_capacity(row_count.saturating_sub(1)),
    };
    for c in cells {
        let Ok(k) = used.binary_search(&c.col) else { continue };
        let row = if c.row == header_row {
            &mut grid.header
        } else {
            if grid.rows.last().is_none_or(|(line, _)| *line != c.row as usize + 1) {
                grid.rows.push((c.row as usize + 1, vec![String::new(); used.len()]));
            }
            match grid.rows.last_mut() {
                Some((_, row)) => row,
                None => continue,
            }
        };
        if let Some(slot) = row.get_mut(k) {
            *slot = c.text;
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> SheetCell {
        SheetCell { row, col, text: text.into() }
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"\"x;y\",b,c"), b',');
    }

    #[test]
    fn tables_start_at_the_header_and_end_at_its_last_cell() {
        let cells = vec![
            cell(1_048_575, 16_383, "stray"),
            cell(2, 1, "nama"),
            cell(2, 2, "mutu"),
            // column D (3) is a spacer: no header, no data
            cell(2, 4, "harga"),
            cell(3, 1, "A"),
            cell(3, 2, "4"),
            cell(3, 4, "20"),
            cell(3, 9, "note to the right"),
            cell(5, 1, "B"),
            cell(5, 2, "3"),
            cell(5, 4, "15"),
        ];
        let g = table_grid(cells, &Limits::DEFAULT).unwrap();
        assert_eq!(g.header, ["nama", "mutu", "harga"]);
        assert_eq!((g.header_line, g.columns.clone()), (3, vec![2, 3, 5]));
        assert_eq!(
            g.rows,
            [
                (4, vec!["A".into(), "4".into(), "20".into()]),
                (6, vec!["B".into(), "3".into(), "15".into()])
            ]
        );
        assert_eq!(g.column_number(1), 3);
    }

    #[test]
    fn an_empty_header_cell_over_data_stays() {
        let cells = vec![cell(0, 1, "mutu"), cell(1, 0, "A"), cell(1, 1, "4")];
        let g = table_grid(cells, &Limits::DEFAULT).unwrap();
        assert_eq!(
            (g.header.clone(), g.columns.clone()),
            (vec!["".into(), "mutu".into()], vec![1, 2])
        );
    }

    #[test]
    fn csv_lines_are_the_files() {
        let g = csv_grid(b"\xEF\xBB\xBF\n\nnama;mutu\r\n\r\nA;4\n").unwrap();
        assert_eq!((g.header_line, g.rows[0].0, g.columns.clone()), (3, 5, vec![1, 2]));
        assert_eq!(csv_grid(b"a,b\n1,\xFF\n"), Err(FileError::NotUtf8 { line: 2 }));
        let pdf = csv_grid(b"%PDF-1.4\n\xE2\xE3\xCF\xD3\n");
        assert_eq!(pdf, Err(FileError::NotCsv { content: Content::Pdf }));
        let xlsx = csv_grid(b"PK\x03\x04\x14\0\x08\x08\xFF\xFE");
        assert_eq!(xlsx, Err(FileError::NotCsv { content: Content::Zip }));
    }
}
