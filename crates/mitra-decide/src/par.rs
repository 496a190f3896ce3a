//! When and how the engine uses both cores.
//!
//! Small problems (the usual sourcing event: tens of candidates) run on the calling thread with no
//! extra allocation; from [`PAR_MIN_ROWS`] rows on, work is split by row blocks with rayon.

use crate::matrix::DecisionMatrix;
use rayon::prelude::*;

/// Matrices with at least this many rows are processed in parallel.
pub const PAR_MIN_ROWS: usize = 32 * 1024;

/// Rows per parallel work item: large enough to amortise scheduling, small enough to balance.
const BLOCK_ROWS: usize = 16 * 1024;

/// Folds row blocks (flat row-major slices) into one accumulator, in parallel when large.
pub(crate) fn fold_rows<A, I, F, R>(matrix: &DecisionMatrix, init: I, fold: F, reduce: R) -> A
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    F: Fn(A, &[f64]) -> A + Sync + Send,
    R: Fn(A, A) -> A + Sync + Send,
{
    let values = matrix.values();
    if matrix.n_alternatives() < PAR_MIN_ROWS {
        return fold(init(), values);
    }
    let block = BLOCK_ROWS * matrix.n_criteria();
    values.par_chunks(block).fold(&init, fold).reduce(&init, reduce)
}

/// Computes one output per row, in parallel when large.
pub(crate) fn map_rows<T, F>(matrix: &DecisionMatrix, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(&[f64]) -> T + Sync + Send,
{
    let n = matrix.n_criteria();
    let values = matrix.values();
    if matrix.n_alternatives() < PAR_MIN_ROWS {
        return values.chunks_exact(n).map(f).collect();
    }
    values.par_chunks_exact(n).with_min_len(BLOCK_ROWS).map(f).collect()
}
