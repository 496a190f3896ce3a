//! Every limit on what a user's file may make Mitra hold or compute, in one place. The messages
//! that refuse a file name the limit it crossed.
//!
//! A spreadsheet is a zip archive of XML parts: its size on disk says little (a 1.9 MB upload
//! inflated to 1.95 GB), and its cell addresses say nothing about what it holds (one stray cell at
//! `XFD1048576` once made a dense grid of 17 billion cells). So the inflated bytes are counted
//! before the spreadsheet reader sees them, cells are read one by one into a sparse list, and the
//! table built from them is bounded by its own size.

/// One mebibyte.
pub const MIB: u64 = 1 << 20;

/// Most filled cells read from one sheet. A million cells is a 100,000-row table of ten
/// criteria — far beyond any survey — and holds about 50 MB; larger tables go through CSV,
/// which the command line reads without this limit (in parallel).
pub const MAX_CELLS: usize = 1_000_000;

/// Most cells (rows × columns, blank rows and spacer columns left out) of the table built from a
/// sheet's cells. A real table is dense, so this is about its filled cells; a sparse scatter of
/// cells cannot make an empty grid larger than this (24 bytes a cell: at most 48 MB).
pub const MAX_TABLE_CELLS: usize = 2 * MAX_CELLS;

/// Most bytes one part (zip entry) of a workbook may inflate to, counted while inflating (the
/// sizes a zip header declares can lie). A sheet of [`MAX_CELLS`] cells as Excel writes it takes
/// about 40–70 MB.
pub const MAX_ENTRY_BYTES: u64 = 100 * MIB;

/// Most bytes all parts of a workbook together may inflate to; also the largest spreadsheet file
/// read at all.
pub const MAX_INFLATED_BYTES: u64 = 200 * MIB;

/// Most parts (zip entries) a workbook may have; Excel writes a dozen or so per sheet.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Most items one pairwise comparison (AHP) may compare. Saaty advises at most about nine per
/// matrix (more are grouped in a hierarchy); a complete matrix of 100 items already asks for
/// 4,950 judgments, more than any panel gives. The bound keeps the n × n matrix tiny (80 KB) and
/// the completion of a sparse file (power iterations over the matrix) under a few seconds even
/// in a debug build (measured: 100 items chained, 2.9 s debug; 300 items, 26 s). Without a
/// bound, 10,000 `a,b,value` lines asked for a 20,000² matrix and the process aborted.
pub const MAX_PAIRWISE_ITEMS: usize = 100;

/// The limits a spreadsheet is read within: [`Limits::DEFAULT`] everywhere; tests lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Filled cells read from a sheet ([`MAX_CELLS`]).
    pub cells: usize,
    /// Cells of the table built ([`MAX_TABLE_CELLS`]).
    pub table_cells: usize,
    /// Inflated bytes of one zip entry ([`MAX_ENTRY_BYTES`]).
    pub entry_bytes: u64,
    /// Inflated bytes of all zip entries, and bytes of the file ([`MAX_INFLATED_BYTES`]).
    pub inflated_bytes: u64,
    /// Zip entries ([`MAX_ZIP_ENTRIES`]).
    pub zip_entries: usize,
}

impl Limits {
    /// The limits of this module's constants.
    pub const DEFAULT: Limits = Limits {
        cells: MAX_CELLS,
        table_cells: MAX_TABLE_CELLS,
        entry_bytes: MAX_ENTRY_BYTES,
        inflated_bytes: MAX_INFLATED_BYTES,
        zip_entries: MAX_ZIP_ENTRIES,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
