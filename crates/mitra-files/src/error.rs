//! Why a file cannot be read, worded from the catalogue (`file.*`) in the reader's language.

use crate::limits::MIB;
use mitra_core::{t, Lang};
use std::fmt;

/// What a file's first bytes show it holds, when that is not what its name promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A PDF document.
    Pdf,
    /// An OLE compound file: an Excel 97–2003 workbook, or an encrypted XLSX.
    Ole,
    /// Plain text (a CSV named `.xlsx`, say).
    Text,
    /// A zip archive without a workbook (a Word document, say).
    Zip,
    /// Anything else.
    Unknown,
}

impl Content {
    /// What the first bytes of a file show.
    pub fn of(bytes: &[u8]) -> Content {
        let head = bytes.get(..bytes.len().min(512)).unwrap_or(bytes);
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Content::Zip
        } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            Content::Ole
        } else if head.starts_with(b"%PDF") {
            Content::Pdf
        } else if !head.contains(&0) && text_prefix(head) {
            Content::Text
        } else {
            Content::Unknown
        }
    }

    fn key(self) -> &'static str {
        match self {
            Content::Pdf => "file.content.pdf",
            Content::Ole => "file.content.ole",
            Content::Text => "file.content.text",
            Content::Zip => "file.content.zip",
            Content::Unknown => "file.content.unknown",
        }
    }
}

/// UTF-8 up to a character cut off at the end of the sample.
fn text_prefix(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// A file that cannot be read as a table, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// No bytes at all.
    Empty,
    /// CSV bytes that are not UTF-8, from this 1-based line on.
    NotUtf8 {
        /// Line of the first bad byte.
        line: usize,
    },
    /// CSV the csv crate cannot read.
    Csv {
        /// Line, when known.
        line: Option<usize>,
        /// The csv crate's words.
        detail: String,
    },
    /// A file named as a workbook that holds something else.
    NotAWorkbook {
        /// What it holds.
        content: Content,
    },
    /// A file named as CSV that holds a workbook, a PDF or an old Excel file.
    NotCsv {
        /// What it holds.
        content: Content,
    },
    /// A spreadsheet format read only through a dense grid (XLS, ODS, XLSB): refused.
    Unsupported {
        /// `XLS`, `ODS` or `XLSB`.
        format: &'static str,
    },
    /// A zip archive or sheet that breaks off or does not parse.
    Damaged,
    /// A password-protected workbook.
    Encrypted,
    /// The file, or its parts together, inflate past [`crate::limits::MAX_INFLATED_BYTES`].
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// One part inflates past [`crate::limits::MAX_ENTRY_BYTES`].
    EntryTooLarge {
        /// The part's name in the archive.
        entry: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// More parts than [`crate::limits::MAX_ZIP_ENTRIES`].
    TooManyEntries {
        /// The limit.
        limit: usize,
    },
    /// More filled cells than [`crate::limits::MAX_CELLS`].
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A table larger than [`crate::limits::MAX_TABLE_CELLS`].
    TableTooLarge {
        /// Its rows (header included).
        rows: usize,
        /// Its columns.
        columns: usize,
        /// The limit.
        limit: usize,
    },
    /// A workbook without sheets.
    NoSheet,
    /// The sheet asked for does not exist.
    SheetNotFound {
        /// The name asked for.
        sheet: String,
        /// The workbook's sheets.
        available: Vec<String>,
    },
    /// The sheet is a chart or dialog sheet.
    NotAWorksheet {
        /// Its name.
        sheet: String,
    },
}

impl FileError {
    /// The catalogue key of the message (stable).
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "file.empty",
            FileError::NotUtf8 { .. } => "file.not_utf8",
            FileError::Csv { .. } => "file.csv",
            FileError::NotAWorkbook { .. } => "file.not_workbook",
            FileError::NotCsv { .. } => "file.not_csv",
            FileError::Unsupported { .. } => "file.unsupported",
            FileError::Damaged => "file.damaged",
            FileError::Encrypted => "file.encrypted",
            FileError::TooLarge { .. } => "file.too_large",
            FileError::EntryTooLarge { .. } => "file.entry_too_large",
            FileError::TooManyEntries { .. } => "file.too_many_entries",
            FileError::TooManyCells { .. } => "file.too_many_cells",
            FileError::TableTooLarge { .. } => "file.table_too_large",
            FileError::NoSheet => "file.no_sheet",
            FileError::SheetNotFound { .. } => "file.sheet_not_found",
            FileError::NotAWorksheet { .. } => "file.not_a_worksheet",
        }
    }

    /// The 1-based line the problem is on, when it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            FileError::NotUtf8 { line } => Some(*line),
            FileError::Csv { line, .. } => *line,
            _ => None,
        }
    }

    /// What is wrong and what to do, in `lang` ("baris 3: …" when it has a line). The caller
    /// puts the file's name in front.
    pub fn message(&self, lang: Lang) -> String {
        let text = t(lang, self.code());
        let mib = |bytes: &u64| (bytes / MIB).to_string();
        let what = match self {
            FileError::Csv { detail, .. } => text.replace("{detail}", detail),
            FileError::NotAWorkbook { content } => {
                text.replace("{content}", t(lang, content.key()))
            }
            // Named as CSV, a zip archive is most likely a workbook.
            FileError::NotCsv { content: Content::Zip } => {
                text.replace("{content}", t(lang, "file.content.zip_any"))
            }
            FileError::NotCsv { content } => text.replace("{content}", t(lang, content.key())),
            FileError::Unsupported { format } => text.replace("{format}", format),
            FileError::TooLarge { limit } => text.replace("{limit}", &mib(limit)),
            FileError::EntryTooLarge { entry, limit } => {
                text.replace("{entry}", entry).replace("{limit}", &mib(limit))
            }
            FileError::TooManyEntries { limit } => text.replace("{limit}", &limit.to_string()),
            FileError::TooManyCells { sheet, limit } => {
                text.replace("{sheet}", sheet).replace("{limit}", &limit.to_string())
            }
            FileError::TableTooLarge { rows, columns, limit } => text
                .replace("{rows}", &rows.to_string())
                .replace("{columns}", &columns.to_string())
                .replace("{limit}", &limit.to_string()),
            FileError::SheetNotFound { sheet, available } => {
                text.replace("{sheet}", sheet).replace("{available}", &available.join(", "))
            }
            FileError::NotAWorksheet { sheet } => text.replace("{sheet}", sheet),
            FileError::Empty
            | FileError::NotUtf8 { .. }
            | FileError::Damaged
            | FileError::Encrypted
            | FileError::NoSheet => text.to_owned(),
        };
        match self.line() {
            Some(line) => {
                format!("{}: {what}", t(lang, "file.at_line").replace("{line}", &line.to_string()))
            }
            None => what,
        }
    }
}

/// The English message (logs; users get [`FileError::message`] in their language).
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FileError {}
