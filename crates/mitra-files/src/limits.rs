//! Every limit on what a user's file may make Mitra hold or compute, in one place. Messages
//! that refuse a file name the limit it crossed.

/// Most items one pairwise comparison (AHP) may compare. Saaty advises at most about nine per
/// matrix (more are grouped in a hierarchy); a complete matrix of 100 items already asks for
/// 4,950 judgments, more than any panel gives. The bound keeps the n × n matrix tiny (80 KB) and
/// the completion of a sparse file (power iterations over the matrix) under a few seconds even
/// in a debug build (measured: 100 items chained, 2.9 s debug; 300 items, 26 s). Without a
/// bound, 10,000 `a,b,value` lines asked for a 20,000² matrix and the process aborted.
pub const MAX_PAIRWISE_ITEMS: usize = 100;
