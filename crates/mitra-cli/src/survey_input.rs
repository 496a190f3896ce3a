//! Reading survey files for `mitra assess`: the file system and the CLI's error words around the
//! shared parsing in `mitra_server::survey` (the web upload uses the same), so a file reads the
//! same on the command line and in the browser.

use crate::error::{CliError, Place};
use crate::input::open_sheet;
use mitra_core::assessment::Instrument;
use mitra_server::survey::{self, ColumnError, GridError};
pub use mitra_server::survey::{parse_rows, BadAnswer, Columns, Grid, Respondent};
use std::path::{Path, PathBuf};

fn malformed(file: &Path, e: GridError) -> CliError {
    CliError::Malformed { file: file.to_path_buf(), line: e.line, detail: e.detail }
}

fn read_csv(path: &Path) -> Result<Grid, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|source| CliError::Open { file: PathBuf::from(path), source })?;
    survey::csv_grid(&bytes).map_err(|e| malformed(path, e))
}

/// Reads `path` as XLSX/XLS/ODS (by extension) or else CSV, as text cells.
pub fn read_grid(path: &Path, sheet: Option<&str>) -> Result<Grid, CliError> {
    let grid = if survey::is_spreadsheet(&path.to_string_lossy()) {
        survey::range_grid(&open_sheet(path, sheet)?)
    } else {
        read_csv(path)?
    };
    if grid.header.is_empty() || grid.rows.is_empty() {
        return Err(CliError::NoRows { file: path.to_path_buf() });
    }
    Ok(grid)
}

/// `column_header,item_key` pairs from a mapping file, with their lines.
pub fn read_mapping(path: &Path) -> Result<Vec<(usize, String, String)>, CliError> {
    survey::mapping_pairs(read_csv(path)?).map_err(|line| CliError::Malformed {
        file: path.to_path_buf(),
        line: Some(line),
        detail: "expected column_header,item_key / seharusnya column_header,item_key".into(),
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
    survey::match_columns(header, instrument, mapping).map_err(|e| match e {
        ColumnError::UnknownItem { line, item, available } => CliError::UnknownItem {
            place: Place {
                file: mapping_file.unwrap_or(file).to_path_buf(),
                line,
                column: Some("item_key".into()),
                column_number: 2,
            },
            item,
            available,
        },
        ColumnError::ItemTwice { item, columns } => {
            CliError::ItemTwice { file: file.to_path_buf(), item, columns }
        }
        ColumnError::MissingItems { items, unknown } => {
            CliError::MissingItems { file: file.to_path_buf(), items, unknown }
        }
    })
}
