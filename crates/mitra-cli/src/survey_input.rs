//! Reading survey files for `mitra assess`: the file system and the CLI's error words around the
//! shared parsing in `mitra_files::survey` (the web upload uses the same), so a file reads the
//! same on the command line and in the browser.

use crate::error::{CliError, Place};
use crate::input::read_file_grid;
use mitra_core::assessment::Instrument;
use mitra_files::survey::{self, ColumnError};
pub use mitra_files::survey::{parse_rows, BadAnswer, Columns, Grid, Respondent};
use std::path::Path;

/// Reads `path` as XLSX (by extension) or else CSV, as text cells; a file without answer rows
/// is a survey problem, worded as one.
pub fn read_grid(path: &Path, sheet: Option<&str>) -> Result<Grid, CliError> {
    let grid = read_file_grid(path, sheet)?;
    if grid.header.is_empty() || grid.rows.is_empty() {
        return Err(CliError::NoSurveyRows { file: path.to_path_buf() });
    }
    Ok(grid)
}

/// `column_header,item_key` pairs from a mapping file, with their lines.
pub fn read_mapping(path: &Path) -> Result<Vec<(usize, String, String)>, CliError> {
    let grid = mitra_files::csv_grid(&crate::input::read_bytes(path)?)
        .map_err(|error| CliError::File { file: path.to_path_buf(), error })?;
    survey::mapping_pairs(grid)
        .map_err(|line| CliError::BadMapping { file: path.to_path_buf(), line })
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
