//! The numerics: priority vectors, λmax, GCI, and the completion of missing judgments.
//!
//! Judgments are a row-major n×n buffer in which `0.0` marks a missing judgment (0 is never a
//! valid judgment, so no separate mask is needed).

/// Power iteration stops when no weight moves by more than this (weights sum to 1).
pub(crate) const POWER_TOLERANCE: f64 = 1e-12;
/// Power iteration gives up after this many steps (reported as not converged). A positive
/// reciprocal matrix converges geometrically at rate |λ₂/λ₁|, typically in tens of steps.
pub(crate) const MAX_ITERATIONS: usize = 10_000;

/// A priority vector and how it was found.
pub(crate) struct Priorities {
    pub(crate) w: Vec<f64>,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
}

/// `exp(y)` normalised to sum 1, shifted by max(y) first so that nothing overflows.
fn softmax_normalise(y: &[f64]) -> Vec<f64> {
    let top = y.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = y.iter().map(|v| (v - top).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

/// Row geometric means of a complete matrix, normalised.
pub(crate) fn geometric_mean(n: usize, a: &[f64]) -> Vec<f64> {
    let y: Vec<f64> =
        a.chunks_exact(n).map(|row| row.iter().map(|v| v.ln()).sum::<f64>() / n as f64).collect();
    softmax_normalise(&y)
}

/// Logarithmic least squares over the known judgments: minimises Σ (ln a_ij − y_i + y_j)² over
/// the known pairs. The normal equations are L·y = r with L the Laplacian of the comparison
/// graph and r_i = Σ_known ln a_ij; L + 11ᵀ is positive definite when the graph is connected,
/// and since Σ r_i = 0 its solution is the one with Σ y = 0. For a complete matrix this is the
/// row geometric mean.
pub(crate) fn log_least_squares(n: usize, a: &[f64]) -> Vec<f64> {
    let mut m = vec![1.0; n * n];
    let mut r = vec![0.0; n];
    for i in 0..n {
        for j in 0..n {
            let v = a[i * n + j];
            if i != j && v > 0.0 {
                m[i * n + i] += 1.0;
                m[i * n + j] -= 1.0;
                r[i] += v.ln();
            }
        }
    }
    softmax_normalise(&solve_linear(n, m, r))
}

/// Solves `m·x = r` (n×n, row-major) by Gaussian elimination with partial pivoting. `m` is
/// symmetric positive definite here, so pivots never vanish.
fn solve_linear(n: usize, mut m: Vec<f64>, mut r: Vec<f64>) -> Vec<f64> {
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&p, &q| m[p * n + col].abs().total_cmp(&m[q * n + col].abs()))
            .unwrap_or(col);
        if pivot != col {
            for k in 0..n {
                m.swap(col * n + k, pivot * n + k);
            }
            r.swap(col, pivot);
        }
        let d = m[col * n + col];
        for row in col + 1..n {
            let f = m[row * n + col] / d;
            if f != 0.0 {
                for k in col..n {
                    m[row * n + k] -= f * m[col * n + k];
                }
                r[row] -= f * r[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| m[row * n + k] * x[k]).sum();
        x[row] = (r[row] - s) / m[row * n + row];
    }
    x
}

/// Harker's (1987) matrix for missing judgments: missing cells 0, `b_ii = 1 + m_i` with m_i the
/// number of missing judgments in row i. Its principal eigenvector is the principal eigenvector
/// of the matrix completed with `w_i/w_j`, with the same eigenvalue.
pub(crate) fn harker(n: usize, a: &[f64]) -> Vec<f64> {
    let mut b = a.to_vec();
    for i in 0..n {
        let missing = (0..n).filter(|&j| j != i && a[i * n + j] == 0.0).count();
        b[i * n + i] = 1.0 + missing as f64;
    }
    b
}

/// Principal eigenvector of a non-negative primitive matrix by power iteration from `start`,
/// until no weight moves by more than [`POWER_TOLERANCE`] or [`MAX_ITERATIONS`] steps.
pub(crate) fn power_iteration(n: usize, b: &[f64], start: Vec<f64>) -> Priorities {
    let mut w = start;
    let mut next = vec![0.0; n];
    for it in 1..=MAX_ITERATIONS {
        for (x, row) in next.iter_mut().zip(b.chunks_exact(n)) {
            *x = row.iter().zip(&w).map(|(a, v)| a * v).sum();
        }
        let s: f64 = next.iter().sum();
        let mut delta: f64 = 0.0;
        for (x, v) in next.iter_mut().zip(&w) {
            *x /= s;
            delta = delta.max((*x - v).abs());
        }
        std::mem::swap(&mut w, &mut next);
        if delta <= POWER_TOLERANCE {
            return Priorities { w, iterations: it, converged: true };
        }
    }
    Priorities { w, iterations: MAX_ITERATIONS, converged: false }
}

/// The matrix with every missing cell filled with `w_i/w_j`.
pub(crate) fn complete(n: usize, a: &[f64], w: &[f64]) -> Vec<f64> {
    let mut c = a.to_vec();
    for i in 0..n {
        for j in 0..n {
            if c[i * n + j] == 0.0 {
                c[i * n + j] = w[i] / w[j];
            }
        }
    }
    c
}

/// λ estimate `(1/n) Σ_i (A·w)_i / w_i` on a complete matrix. For the principal eigenvector it
/// is λmax itself; for other vectors (geometric mean) it is the usual approximation.
pub(crate) fn mean_ratio(n: usize, a: &[f64], w: &[f64]) -> f64 {
    let s: f64 = a
        .chunks_exact(n)
        .zip(w)
        .map(|(row, wi)| row.iter().zip(w).map(|(x, wj)| x * wj).sum::<f64>() / wi)
        .sum();
    s / n as f64
}

/// Geometric consistency index (Aguarón & Moreno-Jiménez 2003) of a complete matrix:
/// `2/((n−1)(n−2)) Σ_{i<j} ln²(a_ij·w_j/w_i)`; 0 for n ≤ 2.
pub(crate) fn gci(n: usize, a: &[f64], w: &[f64]) -> f64 {
    if n <= 2 {
        return 0.0;
    }
    let mut s = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            s += (a[i * n + j] * w[j] / w[i]).ln().powi(2);
        }
    }
    2.0 * s / ((n - 1) * (n - 2)) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system() {
        // 2x + y = 3, x + 3y = 5 → x = 0.8, y = 1.4
        let x = solve_linear(2, vec![2.0, 1.0, 1.0, 3.0], vec![3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-15 && (x[1] - 1.4).abs() < 1e-15, "{x:?}");
        // A zero first pivot needs the row swap.
        let x = solve_linear(2, vec![0.0, 1.0, 1.0, 0.0], vec![2.0, 3.0]);
        assert_eq!(x, vec![3.0, 2.0]);
    }

    #[test]
    fn least_squares_of_a_complete_matrix_is_the_geometric_mean() {
        let a = [1.0, 3.0, 5.0, 1.0 / 3.0, 1.0, 2.0, 0.2, 0.5, 1.0];
        let g = geometric_mean(3, &a);
        let l = log_least_squares(3, &a);
        for (x, y) in g.iter().zip(&l) {
            assert!((x - y).abs() < 1e-14, "{g:?} {l:?}");
        }
    }
}
