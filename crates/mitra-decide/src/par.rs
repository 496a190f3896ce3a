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

/// Folds row blocks (flat row-major slices) into one accumulator, in parallel when large and
/// deterministically: the same input gives the same bits on every run.
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
    // Fixed blocks folded independently, then merged in block order: floating-point sums come
    // out bit-identical on every run, whatever the number of threads or how work was stolen.
    let block = BLOCK_ROWS * matrix.n_criteria();
    let parts: Vec<A> = values.par_chunks(block).map(|rows| fold(init(), rows)).collect();
    parts.into_iter().reduce(reduce).unwrap_or_else(init)
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

/// Computes `K` outputs per row and writes them straight into `K` vectors (no vector of tuples
/// to split afterwards), in parallel when large.
pub(crate) fn map_rows_k<const K: usize, F>(matrix: &DecisionMatrix, f: F) -> [Vec<f64>; K]
where
    F: Fn(&[f64]) -> [f64; K] + Sync + Send,
{
    let (m, n) = (matrix.n_alternatives(), matrix.n_criteria());
    let values = matrix.values();
    let mut outs: [Vec<f64>; K] = std::array::from_fn(|_| vec![0.0; m]);
    let fill = |outs: [&mut [f64]; K], rows: &[f64]| {
        for (i, row) in rows.chunks_exact(n).enumerate() {
            let r = f(row);
            for k in 0..K {
                outs[k][i] = r[k];
            }
        }
    };
    if m < PAR_MIN_ROWS {
        fill(outs.each_mut().map(|o| o.as_mut_slice()), values);
        return outs;
    }
    let mut chunks = outs.each_mut().map(|o| o.chunks_mut(BLOCK_ROWS));
    let blocks: Vec<[&mut [f64]; K]> = (0..m.div_ceil(BLOCK_ROWS))
        .map(|_| chunks.each_mut().map(|c| c.next().unwrap_or_default()))
        .collect();
    blocks
        .into_par_iter()
        .zip(values.par_chunks(BLOCK_ROWS * n))
        .for_each(|(o, rows)| fill(o, rows));
    outs
}

/// `f(i)` for every alternative index `i`, in parallel when large.
pub(crate) fn map_index<F>(m: usize, f: F) -> Vec<f64>
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    if m < PAR_MIN_ROWS {
        return (0..m).map(f).collect();
    }
    (0..m).into_par_iter().with_min_len(BLOCK_ROWS).map(f).collect()
}

/// Minimum and maximum of `values` (`(+∞, −∞)` when empty), in parallel when large.
pub(crate) fn min_max(values: &[f64]) -> (f64, f64) {
    let fold = |(lo, hi): (f64, f64), &x: &f64| (lo.min(x), hi.max(x));
    let empty = (f64::INFINITY, f64::NEG_INFINITY);
    if values.len() < PAR_MIN_ROWS {
        return values.iter().fold(empty, fold);
    }
    values
        .par_chunks(BLOCK_ROWS)
        .map(|c| c.iter().fold(empty, fold))
        .reduce(|| empty, |a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// `a[i] = f(a[i], b[i])` for every i, in parallel when large.
pub(crate) fn zip_in_place<F>(a: &mut [f64], b: &[f64], f: F)
where
    F: Fn(f64, f64) -> f64 + Sync + Send,
{
    let apply = |a: &mut [f64], b: &[f64]| a.iter_mut().zip(b).for_each(|(x, &y)| *x = f(*x, y));
    if a.len() < PAR_MIN_ROWS {
        return apply(a, b);
    }
    a.par_chunks_mut(BLOCK_ROWS).zip(b.par_chunks(BLOCK_ROWS)).for_each(|(a, b)| apply(a, b));
}

/// Two outputs per row into two vectors, in parallel when large.
pub(crate) fn map_rows_2<F>(matrix: &DecisionMatrix, f: F) -> (Vec<f64>, Vec<f64>)
where
    F: Fn(&[f64]) -> (f64, f64) + Sync + Send,
{
    let n = matrix.n_criteria();
    let values = matrix.values();
    if matrix.n_alternatives() < PAR_MIN_ROWS {
        return values.chunks_exact(n).map(f).unzip();
    }
    values.par_chunks_exact(n).with_min_len(BLOCK_ROWS).map(f).unzip()
}

/// One output per row, computed two rows at a time by `pair` (and `single` for an odd last
/// row), in parallel when large. Two independent rows give the compiler two lanes to fill
/// with the same arithmetic (packed square roots and divisions included).
pub(crate) fn map_row_pairs<P, S>(matrix: &DecisionMatrix, pair: P, single: S) -> Vec<f64>
where
    P: Fn(&[f64], &[f64]) -> [f64; 2] + Sync + Send,
    S: Fn(&[f64]) -> f64 + Sync + Send,
{
    let (m, n) = (matrix.n_alternatives(), matrix.n_criteria());
    let values = matrix.values();
    let fill = |out: &mut [f64], rows: &[f64]| {
        let mut pairs = rows.chunks_exact(2 * n);
        let mut outs = out.chunks_exact_mut(2);
        for (o, r) in (&mut outs).zip(&mut pairs) {
            let (r0, r1) = r.split_at(n);
            o.copy_from_slice(&pair(r0, r1));
        }
        if let Some(o) = outs.into_remainder().first_mut() {
            *o = single(pairs.remainder());
        }
    };
    let mut out = vec![0.0; m];
    if m < PAR_MIN_ROWS {
        fill(&mut out, values);
    } else {
        // BLOCK_ROWS is even, so only the last block can end with a single row.
        out.par_chunks_mut(BLOCK_ROWS)
            .zip(values.par_chunks(BLOCK_ROWS * n))
            .for_each(|(o, rows)| fill(o, rows));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Criterion;

    /// Floating-point addition is not associative: a parallel fold that merged blocks in the
    /// order threads finish would give different last bits from run to run.
    #[test]
    fn fold_rows_gives_the_same_bits_every_time() {
        let m = 40 * BLOCK_ROWS + 123;
        let values: Vec<f64> =
            (0..m).map(|i| 1.0 / (1.0 + (i % 977) as f64) + 1e6 * ((i % 3) as f64)).collect();
        let names = (0..m).map(|i| i.to_string()).collect();
        let matrix = DecisionMatrix::new(names, vec![Criterion::benefit("x")], values).unwrap();
        let sum = || {
            fold_rows(&matrix, || 0.0f64, |a, rows| rows.iter().fold(a, |s, x| s + x), |a, b| a + b)
        };
        let first = sum().to_bits();
        for _ in 0..20 {
            assert_eq!(sum().to_bits(), first);
        }
    }
}
