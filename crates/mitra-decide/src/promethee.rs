//! PROMETHEE II (Brans & Vincke 1985; Brans, Vincke & Mareschal 1986): net outranking flows.
//!
//! For criterion j, the difference d = xₐⱼ − x_bⱼ (x_bⱼ − xₐⱼ for a cost) goes through the
//! criterion's preference function Pⱼ(d) ∈ \[0, 1\], which is 0 for d ≤ 0. With m alternatives,
//! φ⁺(a) = Σ_b Σⱼ wⱼ·Pⱼ(a, b)/(m − 1) (how much a outranks the others), φ⁻(a) the same with a
//! and b swapped, and the score is the net flow φ = φ⁺ − φ⁻ ∈ \[−1, 1\]; higher is better.
//! With one alternative every flow is 0.
//!
//! The six functions of Brans & Vincke, with q the indifference and p the preference threshold:
//!
//! | key | type | P(d) for d > 0 |
//! |---|---|---|
//! | `usual` | I | 1 |
//! | `u_shape` | II | 0 if d ≤ q, else 1 |
//! | `v_shape` | III | d/p if d ≤ p, else 1 |
//! | `level` | IV | 0 if d ≤ q, ½ if q < d ≤ p, else 1 |
//! | `linear` | V | 0 if d ≤ q, (d − q)/(p − q) if q < d ≤ p, else 1 |
//! | `gaussian` | VI | 1 − exp(−d²/(2s²)) |
//!
//! **Cost.** A naive evaluation compares every pair: O(m²·n). Here each criterion's column is
//! sorted once; walking the sorted values, the alternatives beyond each threshold form a prefix
//! (or suffix) whose end only moves forward, so pointers find them, and the linear parts of
//! types III and V are sums of differences over a window, read from prefix sums of the sorted
//! values. Types I–V therefore cost O(m log m) per criterion (the sort) plus O(m). Type VI
//! (Gaussian) is exactly 1 in f64 beyond d = 9s, so only pairs closer than 9s are evaluated:
//! O(m log m + k) for k such pairs, which is O(m²) in the worst case (all values within 9s).
//! Large matrices are processed with the criteria split across threads, and each criterion's
//! contributions, produced in sorted order, are grouped by destination block before they are
//! added: added directly they would land at random places in a flow vector far larger than the
//! cache. Window sums come from prefix sums of the sorted values measured from their median;
//! the property tests check every function against the pairwise definition to 1e-9.

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    par::PAR_MIN_ROWS,
    DecideError,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The shape of a PROMETHEE preference function (Brans & Vincke types I–VI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreferenceFunction {
    /// Type I: any advantage is a full preference. No parameter.
    Usual,
    /// Type II (quasi-criterion): full preference once the advantage exceeds q.
    UShape,
    /// Type III: preference grows linearly up to p, then is full.
    VShape,
    /// Type IV: no preference up to q, half preference up to p, then full.
    Level,
    /// Type V (V-shape with indifference): 0 up to q, linear between q and p, then full.
    Linear,
    /// Type VI: 1 − exp(−d²/(2s²)), smooth around the inflection point s.
    Gaussian,
}

impl PreferenceFunction {
    /// All preference functions, in Brans–Vincke order (types I–VI).
    pub const ALL: [Self; 6] =
        [Self::Usual, Self::UShape, Self::VShape, Self::Level, Self::Linear, Self::Gaussian];

    /// The name used on the command line, in the API and in results.
    pub fn key(self) -> &'static str {
        match self {
            Self::Usual => "usual",
            Self::UShape => "u_shape",
            Self::VShape => "v_shape",
            Self::Level => "level",
            Self::Linear => "linear",
            Self::Gaussian => "gaussian",
        }
    }

    /// Parses [`PreferenceFunction::key`], case-insensitive, also with `-` or nothing in place of
    /// `_` (`u-shape`, `ushape`).
    pub fn from_key(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        Self::ALL.into_iter().find(|f| f.key().replace('_', "") == s)
    }
}

/// A preference function with its thresholds, for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Preference {
    /// The shape.
    pub function: PreferenceFunction,
    /// Indifference threshold: differences up to q are no preference (`u_shape`, `level`,
    /// `linear`).
    #[serde(default)]
    pub q: f64,
    /// Preference threshold: differences above p are full preference (`v_shape`, `level`,
    /// `linear`).
    #[serde(default)]
    pub p: f64,
    /// Inflection point of the `gaussian` function.
    #[serde(default)]
    pub s: f64,
}

impl Preference {
    /// Type I, the usual criterion: the only choice that needs no threshold.
    pub fn usual() -> Self {
        Self { function: PreferenceFunction::Usual, q: 0.0, p: 0.0, s: 0.0 }
    }
    /// Type II with indifference threshold `q`.
    pub fn u_shape(q: f64) -> Self {
        Self { function: PreferenceFunction::UShape, q, p: 0.0, s: 0.0 }
    }
    /// Type III with preference threshold `p`.
    pub fn v_shape(p: f64) -> Self {
        Self { function: PreferenceFunction::VShape, q: 0.0, p, s: 0.0 }
    }
    /// Type IV with thresholds `q` < `p`.
    pub fn level(q: f64, p: f64) -> Self {
        Self { function: PreferenceFunction::Level, q, p, s: 0.0 }
    }
    /// Type V with thresholds `q` < `p`.
    pub fn linear(q: f64, p: f64) -> Self {
        Self { function: PreferenceFunction::Linear, q, p, s: 0.0 }
    }
    /// Type VI with inflection point `s`.
    pub fn gaussian(s: f64) -> Self {
        Self { function: PreferenceFunction::Gaussian, q: 0.0, p: 0.0, s }
    }

    /// Checks the thresholds the function uses: all finite, q ≥ 0, p > 0 (`v_shape`), p > q
    /// (`level`, `linear`), s > 0 (`gaussian`).
    pub fn validate(&self) -> Result<(), DecideError> {
        use PreferenceFunction::*;
        let bad =
            |name, value, expected| Err(DecideError::InvalidParameter { name, value, expected });
        for (name, value) in [("q", self.q), ("p", self.p), ("s", self.s)] {
            if !value.is_finite() {
                return bad(name, value, "must be a finite number");
            }
        }
        let (q, p) = (self.q, self.p);
        match self.function {
            Usual => Ok(()),
            UShape | Level | Linear if q < 0.0 => bad("q", q, "must not be negative"),
            UShape => Ok(()),
            VShape if p <= 0.0 => bad("p", p, "must be greater than zero"),
            Level | Linear if p <= q => bad("p", p, "must be greater than q"),
            VShape | Level | Linear => Ok(()),
            Gaussian if self.s <= 0.0 => bad("s", self.s, "must be greater than zero"),
            Gaussian => Ok(()),
        }
    }

    /// P(d): the preference for an advantage `d` (already turned for a cost criterion).
    pub fn value(&self, d: f64) -> f64 {
        use PreferenceFunction::*;
        if d <= 0.0 {
            return 0.0;
        }
        let (q, p) = (self.q, self.p);
        match self.function {
            UShape if d <= q => 0.0,
            VShape if d <= p => d / p,
            Level if d <= q => 0.0,
            Level if d <= p => 0.5,
            Linear if d <= q => 0.0,
            Linear if d <= p => (d - q) / (p - q),
            Gaussian => gaussian(d, self.s),
            Usual | UShape | VShape | Level | Linear => 1.0,
        }
    }
}

/// 1 − exp(−d²/(2s²)), without cancellation for small d.
#[inline]
fn gaussian(d: f64, s: f64) -> f64 {
    -(-(d * d) / (2.0 * s * s)).exp_m1()
}

/// Beyond this many s, the Gaussian preference is 1 in f64 (exp(−40.5) < 2⁻⁵⁴).
const GAUSSIAN_CUTOFF: f64 = 9.0;

pub(crate) fn promethee(
    matrix: &DecisionMatrix,
    w: &[f64],
    preferences: &[Preference],
    detail: bool,
) -> Outcome {
    let m = matrix.n_alternatives();
    let active: Vec<usize> = (0..matrix.n_criteria()).filter(|&j| w[j] > 0.0).collect();
    let flows = if m < 2 || active.is_empty() {
        vec![[0.0; 2]; m]
    } else {
        let scale = 1.0 / (m - 1) as f64;
        let threads = if m >= PAR_MIN_ROWS { rayon::current_num_threads() } else { 1 };
        let groups = threads.min(active.len());
        let run = |criteria: &[usize]| {
            let mut flows = vec![[0.0; 2]; m];
            let mut scratch = Scratch {
                sorted: Vec::with_capacity(m + 1),
                prefix: Vec::new(),
                staged: Vec::new(),
            };
            for &j in criteria {
                criterion_flows(
                    matrix,
                    j,
                    &preferences[j],
                    w[j] * scale,
                    groups < threads,
                    &mut scratch,
                    &mut flows,
                );
            }
            flows
        };
        if groups <= 1 {
            run(&active)
        } else {
            // Groups are summed in group order after the parallel part, so the flows are the
            // same bits on every run (a parallel reduce would associate them differently).
            let parts: Vec<Vec<[f64; 2]>> =
                active.par_chunks(active.len().div_ceil(groups)).map(run).collect();
            parts
                .into_iter()
                .reduce(|mut a, b| {
                    for (x, y) in a.iter_mut().zip(&b) {
                        x[0] += y[0];
                        x[1] += y[1];
                    }
                    a
                })
                .unwrap_or_else(|| vec![[0.0; 2]; m])
        }
    };
    let scores: Vec<f64> = flows.iter().map(|f| f[0] - f[1]).collect();
    if !detail {
        return Outcome { scores, quantities: Vec::new() };
    }
    Outcome {
        quantities: vec![
            Quantity { name: "phi_plus", values: flows.iter().map(|f| f[0]).collect() },
            Quantity { name: "phi_minus", values: flows.iter().map(|f| f[1]).collect() },
            Quantity { name: "phi", values: scores.clone() },
        ],
        scores,
    }
}

/// Buffers reused across the criteria of one thread.
struct Scratch {
    /// (value, alternative) sorted by value; cost values negated so that more is better.
    sorted: Vec<(f64, usize)>,
    /// prefix[k] = Σ_{i<k} (sorted[i].0 − centre).
    prefix: Vec<f64>,
    /// (alternative, contributions) grouped by destination block, for large matrices.
    staged: Vec<(usize, [f64; 2])>,
}

/// For a threshold t ≥ 0 and the current value a (non-decreasing across calls), `below` counts
/// the sorted values b with a − b > t, and `above` is the first index with b − a > t. Both only
/// move forward, so a sweep over all alternatives costs O(m) per threshold.
#[derive(Default)]
struct Cursor {
    below: usize,
    above: usize,
}

impl Cursor {
    /// `z` ends with a +∞ sentinel, which stops both searches without a bounds test.
    #[inline]
    fn advance(&mut self, z: &[(f64, usize)], a: f64, t: f64) {
        // A cursor usually moves by zero, one or two places: take those steps as arithmetic,
        // not branches, which would be mispredicted about every other time on spread-out
        // data; the loops after them then rarely run.
        for _ in 0..2 {
            self.below += usize::from(a - z[self.below].0 > t);
            self.above += usize::from(z[self.above].0 - a <= t);
        }
        while a - z[self.below].0 > t {
            self.below += 1;
        }
        while z[self.above].0 - a <= t {
            self.above += 1;
        }
    }
}

/// Up to this many alternatives, a criterion's contributions are added to the flows directly;
/// beyond, the flows no longer fit in cache and the random writes would each miss (and miss the
/// TLB), so they are first grouped by destination block.
const DIRECT_MAX: usize = 1 << 15;

/// log₂ of the alternatives per destination block: 4096 × 16 bytes of flows = 64 KiB.
const BLOCK_SHIFT: u32 = 12;

/// Adds `c`·Σ_b P(a, b) and `c`·Σ_b P(b, a) of criterion `j` to `flows[a]`.
fn criterion_flows(
    matrix: &DecisionMatrix,
    j: usize,
    pref: &Preference,
    c: f64,
    parallel_sort: bool,
    scratch: &mut Scratch,
    flows: &mut [[f64; 2]],
) {
    let sign = if matrix.is_cost(j) { -1.0 } else { 1.0 };
    let z = &mut scratch.sorted;
    z.clear();
    z.extend(matrix.column(j).enumerate().map(|(i, x)| (sign * x, i)));
    let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0);
    if parallel_sort {
        z.par_sort_unstable_by(cmp);
    } else {
        z.sort_unstable_by(cmp);
    }
    z.push((f64::INFINITY, usize::MAX));
    let z = &scratch.sorted;
    let m = z.len() - 1;
    if m <= DIRECT_MAX {
        sweep(z, pref, &mut scratch.prefix, |k, out, inc| {
            let f = &mut flows[z[k].1];
            f[0] += c * out;
            f[1] += c * inc;
        });
        return;
    }
    // Each alternative appears once, so destination block b receives exactly the alternatives
    // b·2¹² … (b+1)·2¹² − 1: its slots in `staged` are known before the sweep.
    let staged = &mut scratch.staged;
    staged.clear();
    staged.resize(m, (0, [0.0; 2]));
    let mut fill: Vec<usize> =
        (0..m.div_ceil(1 << BLOCK_SHIFT)).map(|b| b << BLOCK_SHIFT).collect();
    sweep(z, pref, &mut scratch.prefix, |k, out, inc| {
        let i = z[k].1;
        let slot = &mut fill[i >> BLOCK_SHIFT];
        staged[*slot] = (i, [out, inc]);
        *slot += 1;
    });
    for &(i, [out, inc]) in staged.iter() {
        let f = &mut flows[i];
        f[0] += c * out;
        f[1] += c * inc;
    }
}

/// Walks the sorted values (followed by a +∞ sentinel) once and calls
/// `emit(k, Σ_b P(a, b), Σ_b P(b, a))` for the alternative at sorted position k.
fn sweep(
    z: &[(f64, usize)],
    pref: &Preference,
    prefix: &mut Vec<f64>,
    mut emit: impl FnMut(usize, f64, f64),
) {
    use PreferenceFunction::*;
    let m = z.len() - 1;
    match pref.function {
        Usual | UShape => {
            let t = if pref.function == Usual { 0.0 } else { pref.q };
            let mut cur = Cursor::default();
            for k in 0..m {
                cur.advance(z, z[k].0, t);
                emit(k, cur.below as f64, (m - cur.above) as f64);
            }
        }
        Level => {
            let (mut cq, mut cp) = (Cursor::default(), Cursor::default());
            for k in 0..m {
                let a = z[k].0;
                cq.advance(z, a, pref.q);
                cp.advance(z, a, pref.p);
                let out = 0.5 * (cq.below + cp.below) as f64;
                let inc = 0.5 * (2 * m - cq.above - cp.above) as f64;
                emit(k, out, inc);
            }
        }
        VShape | Linear => {
            let q = if pref.function == VShape { 0.0 } else { pref.q };
            let (p, width) = (pref.p, pref.p - q);
            // Prefix sums of values measured from the median keep the window sums accurate.
            let centre = z[m / 2].0;
            prefix.clear();
            prefix.push(0.0);
            let mut acc = 0.0;
            prefix.extend(z[..m].iter().map(|&(x, _)| {
                acc += x - centre;
                acc
            }));
            let (mut cq, mut cp) = (Cursor::default(), Cursor::default());
            for k in 0..m {
                let a = z[k].0;
                cq.advance(z, a, q);
                cp.advance(z, a, p);
                let a = a - centre;
                // Σ over q < a − b ≤ p of (a − b − q), and over q < b − a ≤ p of (b − a − q).
                let n_out = (cq.below - cp.below) as f64;
                let s_out = n_out * (a - q) - (prefix[cq.below] - prefix[cp.below]);
                let n_in = (cp.above - cq.above) as f64;
                let s_in = (prefix[cp.above] - prefix[cq.above]) - n_in * (a + q);
                emit(k, cp.below as f64 + s_out / width, (m - cp.above) as f64 + s_in / width);
            }
        }
        Gaussian => {
            let s = pref.s;
            let cut = GAUSSIAN_CUTOFF * s;
            let (mut c0, mut cc) = (Cursor::default(), Cursor::default());
            for k in 0..m {
                let a = z[k].0;
                c0.advance(z, a, 0.0);
                cc.advance(z, a, cut);
                let near_out: f64 =
                    z[cc.below..c0.below].iter().map(|b| gaussian(a - b.0, s)).sum();
                let near_in: f64 = z[c0.above..cc.above].iter().map(|b| gaussian(b.0 - a, s)).sum();
                emit(k, cc.below as f64 + near_out, (m - cc.above) as f64 + near_in);
            }
        }
    }
}
