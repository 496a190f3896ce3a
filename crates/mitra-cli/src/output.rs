//! Where results go: stdout, or a file written whole or not at all.

use crate::error::CliError;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Output format of `rank` and `ahp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// One row per alternative, for spreadsheets.
    Csv,
    /// Everything, at full f64 precision, for programs.
    Json,
}

/// Runs `write` against stdout, or against a temporary file beside `path` that replaces `path`
/// only when everything was written: a failed run never leaves a partial output file.
pub fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    match path {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|source| CliError::Write { file: None, source })
        }
        Some(path) => {
            let fail = |source| CliError::Write { file: Some(path.to_path_buf()), source };
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
            {
                let mut out = BufWriter::with_capacity(1 << 16, tmp.as_file());
                write(&mut out).and_then(|()| out.flush()).map_err(fail)?;
            }
            tmp.as_file().sync_all().map_err(fail)?;
            tmp.persist(path).map_err(|e| fail(e.error))?;
            Ok(())
        }
    }
}

/// Formats a float for tables: 4 decimals, or scientific when tiny or huge.
pub fn fmt_num(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e7) {
        format!("{x:.4e}")
    } else {
        format!("{x:.4}")
    }
}

/// Formats a pairwise judgment as people write it: `3`, `1/3`, or a decimal.
pub fn fmt_ratio(x: f64) -> String {
    let near = |v: f64| (v - v.round()).abs() < 1e-9 && v.round() >= 1.0;
    if near(x) {
        format!("{}", x.round())
    } else if near(1.0 / x) {
        format!("1/{}", (1.0 / x).round())
    } else {
        format!("{x:.3}")
    }
}
