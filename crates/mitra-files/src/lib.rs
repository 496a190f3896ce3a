//! Bounded readers for the files users give Mitra: CSV and spreadsheet bytes in, a text
//! [`Grid`] out, within the limits of [`limits`] — bounded by what a file holds, never by the
//! cell addresses or sizes it declares — and survey files turned into checked answers
//! ([`survey`]). Bytes in, no file system: the command line and the web upload read every file
//! through the same code and word every problem alike ([`FileError::message`]).

pub mod error;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod grid;
pub mod limits;
pub mod survey;
pub mod workbook;

pub use error::{Content, FileError};
pub use grid::{csv_grid, detect_delimiter, Grid};
pub use limits::Limits;

/// How a file is read, by the extension of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Anything not named as a spreadsheet: CSV (comma, semicolon or tab).
    Csv,
    /// `.xlsx` or `.xlsm`.
    Xlsx,
    /// A spreadsheet format that is refused (`XLS`, `ODS`, `XLSB`); see [`workbook`].
    Unsupported(&'static str),
}

impl Format {
    /// The format a file name promises.
    pub fn of(file_name: &str) -> Format {
        let ext = match file_name.rsplit_once('.') {
            Some((_, ext)) => ext.to_ascii_lowercase(),
            None => String::new(),
        };
        match ext.as_str() {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xls" => Format::Unsupported("XLS"),
            "ods" => Format::Unsupported("ODS"),
            "xlsb" => Format::Unsupported("XLSB"),
            _ => Format::Csv,
        }
    }

    /// Whether the name is a spreadsheet's (read or refused), not CSV.
    pub fn is_spreadsheet(self) -> bool {
        self != Format::Csv
    }
}

/// Reads a file's bytes as a [`Grid`], as its name's extension says: `sheet` (or the first) of a
/// workbook within [`Limits::DEFAULT`], else CSV. A 0-byte file is [`FileError::Empty`].
pub fn read_grid(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Grid, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    match Format::of(file_name) {
        Format::Csv => csv_grid(bytes),
        Format::Xlsx => workbook::read_workbook(bytes, sheet, &Limits::DEFAULT),
        Format::Unsupported(format) => Err(FileError::Unsupported { format }),
    }
}
