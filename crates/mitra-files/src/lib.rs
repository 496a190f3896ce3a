//! Bounded readers for the files users give Mitra: CSV and spreadsheet bytes in, a text grid
//! out, within the limits of [`limits`] — bounded by what a file holds, never by the cell
//! addresses or sizes it declares. Bytes in, no file system: the command line and the web upload
//! read every file through the same code and word every problem alike.

pub mod limits;
