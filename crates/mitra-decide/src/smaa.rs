//! SMAA-2: stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001).
//!
//! When nobody can say exactly what the weights are, SMAA-2 draws many weight vectors (uniformly
//! from the simplex, or from the part of it within per-criterion bounds), ranks the alternatives
//! at each, and reports:
//!
//! - **rank acceptability** bᵢʳ: the share of draws in which alternative i takes rank r;
//! - **central weights**: the average weights of the draws in which i is first (none if it never
//!   is) — the typical preferences that make i the best choice;
//! - **confidence factor** pᵢᶜ: the share of draws of the criteria values in which i is first
//!   when the weights are fixed at its central weights;
//! - **holistic acceptability** Σᵣ αʳ·bᵢʳ with linearly decreasing meta-weights
//!   αʳ = (m − r)/(m − 1) (1 for r = 1, 0 for the last rank): one number that rewards good ranks.
//!
//! The criteria values are exact unless [`SmaaOptions::value_noise`] is given: then every draw
//! also perturbs every value uniformly within ±noise of itself (relative), so both the
//! acceptabilities and the confidence factors account for imprecise data; the confidence factors
//! are then estimated from as many value draws as there are samples. With exact values a
//! confidence factor is 1 or 0: whether i is first at its central weights.
//!
//! **Ties.** Tied alternatives share the positions they occupy equally: two alternatives tied for
//! first each get half of rank 1 and half of rank 2 (and half a draw towards their central
//! weights). So every row and every column of the acceptability table sums to 1.
//!
//! **Reproducibility.** Draws are made in fixed chunks of 256, chunk k from a ChaCha8 generator
//! seeded with the seed and stream k; chunks run in parallel and are merged in chunk order, so the
//! result depends only on the inputs and the seed, not on the number of threads.
//!
//! **Speed.** For SAW and TOPSIS the normalised matrix is computed once (once per draw of values
//! with noise) and each weight vector costs one pass over it; other methods are re-run in full
//! for each draw. The acceptability table has m² entries, so at most 5,000 alternatives.

use crate::{
    batch::Prepared,
    matrix::DecisionMatrix,
    rank::ranks_into,
    rank::{self, ScoreOrder},
    DecideError, Method, Weights,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Draws per chunk: the unit of parallel work and of seeding.
const CHUNK: usize = 256;
/// Rows of the count table updated together (see `acceptability_group`).
const ROW_BLOCK: usize = 8;
/// Consecutive draws outside the bounds after which interval sampling gives up.
const MAX_REJECTIONS: usize = 10_000;
/// Largest number of alternatives (the acceptability table is m × m).
pub const SMAA_MAX_ALTERNATIVES: usize = 5_000;
/// Generator streams from here on are used for the confidence-factor pass.
const CONFIDENCE_STREAM: u64 = 1 << 40;
/// Slack allowed in the sums of weight bounds and in bound checks (rounding).
const BOUND_SLACK: f64 = 1e-9;

/// How weight vectors are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightSampling {
    /// Uniformly from all weight vectors (non-negative, sum 1): no preference information.
    Simplex,
    /// Uniformly from the weight vectors with each weight within its (lower, upper) bounds, one
    /// pair per criterion, each within [0, 1]. Rejected when no weight vector fits (Σ lower > 1
    /// or Σ upper < 1).
    Intervals(Vec<(f64, f64)>),
}

/// Everything that controls one SMAA-2 run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmaaOptions {
    /// How weight vectors are drawn.
    pub sampling: WeightSampling,
    /// Number of draws (at least 1; 10,000 gives acceptabilities to about ±0.01).
    pub samples: usize,
    /// Seed of the random generator: the same seed gives the same result.
    pub seed: u64,
    /// Relative uncertainty of every criterion value, in [0, 1): 0.1 draws each value uniformly
    /// within ±10 % of itself. `None` keeps the values exact.
    pub value_noise: Option<f64>,
}

/// The result of an SMAA-2 run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmaaResult {
    /// Number of draws.
    pub samples: usize,
    /// The seed used.
    pub seed: u64,
    /// The relative value noise, if any.
    pub value_noise: Option<f64>,
    /// `rank_acceptability[i][r]`: share of draws in which alternative i took rank r + 1.
    pub rank_acceptability: Vec<Vec<f64>>,
    /// Mean weights of the draws in which alternative i was first; `None` if it never was.
    pub central_weights: Vec<Option<Vec<f64>>>,
    /// Share of value draws in which i is first at its central weights; `None` without central
    /// weights. With exact values it is 1 or 0.
    pub confidence: Vec<Option<f64>>,
    /// Σᵣ αʳ·bᵢʳ with αʳ = (m − r)/(m − 1).
    pub holistic_acceptability: Vec<f64>,
}

impl SmaaResult {
    /// The first-rank acceptability b¹ of every alternative: how often it is the best choice.
    pub fn first_rank_acceptability(&self) -> Vec<f64> {
        self.rank_acceptability.iter().map(|row| row[0]).collect()
    }
}

/// SMAA-2 with exact criteria values; see [`smaa2_with`].
pub fn smaa2(
    method: &Method,
    matrix: &DecisionMatrix,
    sampling: WeightSampling,
    samples: usize,
    seed: u64,
) -> Result<SmaaResult, DecideError> {
    smaa2_with(method, matrix, &SmaaOptions { sampling, samples, seed, value_noise: None })
}

/// Runs SMAA-2 (see the module documentation).
///
/// Fails when the problem does not suit the method, `samples` is 0 (or above 2³²−1), the matrix
/// has more than [`SMAA_MAX_ALTERNATIVES`] alternatives, the weight bounds are malformed, admit
/// no weight vector, or leave so little room that 10,000 draws in a row miss them, or the value
/// noise is outside [0, 1).
pub fn smaa2_with(
    method: &Method,
    matrix: &DecisionMatrix,
    options: &SmaaOptions,
) -> Result<SmaaResult, DecideError> {
    run(method, matrix, options, true)
}

/// [`smaa2_with`], with the fast SAW/TOPSIS scorers (`fast`) or re-running the method in full for
/// every draw, as every other method does (the tests compare the two).
fn run(
    method: &Method,
    matrix: &DecisionMatrix,
    options: &SmaaOptions,
    fast: bool,
) -> Result<SmaaResult, DecideError> {
    let (m, n) = (matrix.n_alternatives(), matrix.n_criteria());
    method.validate(matrix, &Weights::equal(n)?)?;
    if options.samples == 0 || options.samples > u32::MAX as usize {
        return Err(DecideError::InvalidParameter {
            name: "samples",
            value: options.samples as f64,
            expected: "between 1 and 4294967295",
        });
    }
    if m > SMAA_MAX_ALTERNATIVES {
        return Err(DecideError::InvalidParameter {
            name: "alternatives",
            value: m as f64,
            expected: "at most 5000 for SMAA",
        });
    }
    let noise = match options.value_noise {
        Some(x) if !(0.0..1.0).contains(&x) => {
            return Err(DecideError::InvalidParameter {
                name: "value_noise",
                value: x,
                expected: "at least 0 and below 1",
            })
        }
        Some(x) if x > 0.0 => Some(x),
        _ => None,
    };
    let ctx = Ctx {
        method,
        matrix,
        sampler: Sampler::new(&options.sampling, n)?,
        noise,
        samples: options.samples,
        seed: options.seed,
        fast,
    };

    let parts = ctx.in_groups(|chunks| ctx.acceptability_group(chunks))?;
    let mut dense = vec![0u64; m * m];
    let mut ties: BTreeMap<(usize, usize, usize), u64> = BTreeMap::new();
    let mut first_share = vec![0.0; m];
    let mut weight_sums = vec![0.0; m * n];
    for part in parts {
        for (d, p) in dense.iter_mut().zip(&part.dense) {
            *d += u64::from(*p);
        }
        for (key, c) in part.ties {
            *ties.entry(key).or_default() += c;
        }
        // Chunk order, so the floating-point sums do not depend on the grouping.
        for chunk in part.centrals {
            for (i, (share, sums)) in chunk {
                first_share[i] += share;
                for (acc, s) in weight_sums[i * n..(i + 1) * n].iter_mut().zip(&sums) {
                    *acc += s;
                }
            }
        }
    }

    let total = options.samples as f64;
    let mut rank_acceptability: Vec<Vec<f64>> =
        dense.chunks_exact(m).map(|row| row.iter().map(|&c| c as f64).collect()).collect();
    for (&(i, r, k), &c) in &ties {
        for cell in &mut rank_acceptability[i][r - 1..r - 1 + k] {
            *cell += c as f64 / k as f64;
        }
    }
    for row in &mut rank_acceptability {
        for cell in row.iter_mut() {
            *cell /= total;
        }
    }
    let central_weights: Vec<Option<Vec<f64>>> = (0..m)
        .map(|i| {
            (first_share[i] > 0.0).then(|| {
                let sums = weight_sums[i * n..(i + 1) * n].to_vec();
                Weights::from_nonnegative(sums).as_slice().to_vec()
            })
        })
        .collect();
    let confidence = ctx.confidence(&central_weights)?;
    let holistic_acceptability = rank_acceptability
        .iter()
        .map(|row| {
            if m == 1 {
                return row[0];
            }
            row.iter().enumerate().map(|(r, b)| b * (m - 1 - r) as f64 / (m - 1) as f64).sum()
        })
        .collect();
    Ok(SmaaResult {
        samples: options.samples,
        seed: options.seed,
        value_noise: options.value_noise,
        rank_acceptability,
        central_weights,
        confidence,
        holistic_acceptability,
    })
}

/// Draws weight vectors.
struct Sampler {
    n: usize,
    /// Lower bounds, upper bounds, and 1 − Σ lower.
    bounds: Option<(Vec<f64>, Vec<f64>, f64)>,
}

impl Sampler {
    fn new(sampling: &WeightSampling, n: usize) -> Result<Self, DecideError> {
        let bounds = match sampling {
            WeightSampling::Simplex => None,
            WeightSampling::Intervals(b) => {
                if b.len() != n {
                    return Err(DecideError::WeightCount { expected: n, found: b.len() });
                }
                for &(lo, hi) in b {
                    if !(lo >= 0.0 && lo <= hi && hi <= 1.0) {
                        return Err(DecideError::InvalidParameter {
                            name: "weight_bounds",
                            value: if (0.0..=1.0).contains(&lo) { hi } else { lo },
                            expected: "0 ≤ lower ≤ upper ≤ 1 for every criterion",
                        });
                    }
                }
                let lo: Vec<f64> = b.iter().map(|p| p.0).collect();
                let hi: Vec<f64> = b.iter().map(|p| p.1).collect();
                let (sum_lo, sum_hi) = (lo.iter().sum::<f64>(), hi.iter().sum::<f64>());
                if sum_lo > 1.0 + BOUND_SLACK {
                    return Err(DecideError::InvalidParameter {
                        name: "weight_bounds",
                        value: sum_lo,
                        expected: "lower bounds that sum to at most 1",
                    });
                }
                if sum_hi < 1.0 - BOUND_SLACK {
                    return Err(DecideError::InvalidParameter {
                        name: "weight_bounds",
                        value: sum_hi,
                        expected: "upper bounds that sum to at least 1",
                    });
                }
                Some((lo, hi, (1.0 - sum_lo).max(0.0)))
            }
        };
        Ok(Self { n, bounds })
    }

    /// Uniform on the simplex: normalised standard exponentials.
    fn simplex(&self, rng: &mut ChaCha8Rng, w: &mut [f64]) {
        let mut sum = 0.0;
        for x in w.iter_mut() {
            // 1 − u lies in (0, 1], so the logarithm is finite.
            *x = -(1.0 - rng.random::<f64>()).ln();
            sum += *x;
        }
        if sum > 0.0 {
            w.iter_mut().for_each(|x| *x /= sum);
        } else {
            w.fill(1.0 / self.n as f64);
        }
    }

    /// One weight vector into `w`. With bounds: lower + (1 − Σ lower)·(uniform on the simplex) is
    /// uniform on the weights above the lower bounds; draws above an upper bound are rejected.
    fn draw(&self, rng: &mut ChaCha8Rng, w: &mut [f64]) -> Result<(), DecideError> {
        let Some((lo, hi, free)) = &self.bounds else {
            self.simplex(rng, w);
            return Ok(());
        };
        for _ in 0..MAX_REJECTIONS {
            self.simplex(rng, w);
            for (x, l) in w.iter_mut().zip(lo) {
                *x = l + free * *x;
            }
            if w.iter().zip(hi).all(|(x, h)| *x <= h + BOUND_SLACK) {
                return Ok(());
            }
        }
        Err(DecideError::InvalidParameter {
            name: "weight_bounds",
            value: MAX_REJECTIONS as f64,
            expected: "bounds wide enough that some of this many random weight vectors fit them",
        })
    }
}

/// One group of chunks' share of the acceptability counts.
struct GroupAcc {
    /// Untied positions: `dense[i * m + r]` counts draws where i alone took rank r + 1.
    dense: Vec<u32>,
    /// (alternative, competition rank, size of the tie) → draws.
    ties: BTreeMap<(usize, usize, usize), u64>,
    /// Per chunk, in order: alternative → (share of first place, share-weighted weight sums).
    centrals: Vec<BTreeMap<usize, (f64, Vec<f64>)>>,
}

/// The fixed inputs of a run.
struct Ctx<'a> {
    method: &'a Method,
    matrix: &'a DecisionMatrix,
    sampler: Sampler,
    noise: Option<f64>,
    samples: usize,
    seed: u64,
    /// Use the fast scorers where there is one.
    fast: bool,
}

impl Ctx<'_> {
    fn prepared(&self) -> Prepared {
        if self.fast {
            Prepared::new(self.method)
        } else {
            Prepared::generic()
        }
    }

    fn rng(&self, stream: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream);
        rng
    }

    fn n_chunks(&self) -> usize {
        self.samples.div_ceil(CHUNK)
    }

    /// Draws in chunk `c`.
    fn chunk_len(&self, c: usize) -> usize {
        CHUNK.min(self.samples - c * CHUNK)
    }

    /// Runs `f` on contiguous ranges of chunks, one per thread, results in chunk order.
    fn in_groups<T: Send>(
        &self,
        f: impl Fn(std::ops::Range<usize>) -> Result<T, DecideError> + Sync,
    ) -> Result<Vec<T>, DecideError> {
        let chunks = self.n_chunks();
        let groups = rayon::current_num_threads().clamp(1, chunks);
        let per = chunks.div_ceil(groups);
        (0..groups).into_par_iter().map(|g| f(g * per..((g + 1) * per).min(chunks))).collect()
    }

    /// Overwrites `noisy`'s values with a fresh perturbation of the original values.
    fn perturb(&self, rng: &mut ChaCha8Rng, noise: f64, noisy: &mut DecisionMatrix) {
        for (x, &base) in noisy.values_mut().iter_mut().zip(self.matrix.values()) {
            *x = base * noise.mul_add(2.0 * rng.random::<f64>() - 1.0, 1.0);
        }
    }

    fn acceptability_group(&self, chunks: std::ops::Range<usize>) -> Result<GroupAcc, DecideError> {
        let (m, n) = (self.matrix.n_alternatives(), self.matrix.n_criteria());
        let order = self.method.score_order();
        let mut acc =
            GroupAcc { dense: vec![0; m * m], ties: BTreeMap::new(), centrals: Vec::new() };
        let mut prepared = self.prepared();
        let mut noisy = self.noise.map(|_| self.matrix.clone());
        if noisy.is_none() {
            prepared.refresh(self.matrix);
        }
        let (mut w, mut scores, mut group_size) = (vec![0.0; n], Vec::new(), vec![0usize; m + 1]);
        let (mut keys, mut ranks) = (Vec::with_capacity(m), Vec::with_capacity(m));
        // The untied rank of every alternative in every draw of the chunk (0 when tied), so the
        // m × m counts can be updated row block by row block: one draw touches every row, and
        // updating them draw by draw would miss the cache on nearly every increment.
        let mut chunk_ranks = vec![0u16; CHUNK * m];
        for c in chunks {
            let mut rng = self.rng(c as u64);
            let mut centrals: BTreeMap<usize, (f64, Vec<f64>)> = BTreeMap::new();
            let len = self.chunk_len(c);
            for slot in chunk_ranks.chunks_exact_mut(m).take(len) {
                self.sampler.draw(&mut rng, &mut w)?;
                let data = match (&mut noisy, self.noise) {
                    (Some(noisy), Some(noise)) => {
                        self.perturb(&mut rng, noise, noisy);
                        prepared.refresh(noisy);
                        &*noisy
                    }
                    _ => self.matrix,
                };
                prepared.scores_into(self.method, data, &w, &mut scores);
                ranks_into(&scores, order, &mut keys, &mut ranks);
                group_size.fill(0);
                for &r in &ranks {
                    group_size[r] += 1;
                }
                for (i, &r) in ranks.iter().enumerate() {
                    let k = group_size[r];
                    if k == 1 {
                        // r ≤ m ≤ SMAA_MAX_ALTERNATIVES < 2¹⁶.
                        slot[i] = r as u16;
                    } else {
                        slot[i] = 0;
                        *acc.ties.entry((i, r, k)).or_default() += 1;
                    }
                    if r == 1 {
                        let share = 1.0 / k as f64;
                        let entry = centrals.entry(i).or_insert_with(|| (0.0, vec![0.0; n]));
                        entry.0 += share;
                        for (s, x) in entry.1.iter_mut().zip(&w) {
                            *s += share * x;
                        }
                    }
                }
            }
            acc.centrals.push(centrals);
            for i0 in (0..m).step_by(ROW_BLOCK) {
                let rows = i0..(i0 + ROW_BLOCK).min(m);
                for draw in chunk_ranks.chunks_exact(m).take(len) {
                    for i in rows.clone() {
                        if let Some(r) = usize::from(draw[i]).checked_sub(1) {
                            acc.dense[i * m + r] += 1;
                        }
                    }
                }
            }
        }
        Ok(acc)
    }

    /// Confidence factors (module documentation).
    fn confidence(&self, central: &[Option<Vec<f64>>]) -> Result<Vec<Option<f64>>, DecideError> {
        let order = self.method.score_order();
        let candidates: Vec<(usize, &[f64])> =
            central.iter().enumerate().filter_map(|(i, w)| Some((i, w.as_deref()?))).collect();
        let mut prepared = self.prepared();
        let mut scores = Vec::new();
        let Some(noise) = self.noise else {
            prepared.refresh(self.matrix);
            return Ok(central
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let w = w.as_deref()?;
                    prepared.scores_into(self.method, self.matrix, w, &mut scores);
                    Some(if is_first(&scores, i, order) { 1.0 } else { 0.0 })
                })
                .collect());
        };
        let parts = self.in_groups(|chunks| {
            let mut prepared = self.prepared();
            let mut noisy = self.matrix.clone();
            let mut scores = Vec::new();
            let mut hits = vec![0u64; candidates.len()];
            for c in chunks {
                let mut rng = self.rng(CONFIDENCE_STREAM + c as u64);
                for _ in 0..self.chunk_len(c) {
                    self.perturb(&mut rng, noise, &mut noisy);
                    prepared.refresh(&noisy);
                    for (h, &(i, w)) in hits.iter_mut().zip(&candidates) {
                        prepared.scores_into(self.method, &noisy, w, &mut scores);
                        *h += u64::from(is_first(&scores, i, order));
                    }
                }
            }
            Ok(hits)
        })?;
        let mut out = vec![None; central.len()];
        for (k, &(i, _)) in candidates.iter().enumerate() {
            let hits: u64 = parts.iter().map(|p| p[k]).sum();
            out[i] = Some(hits as f64 / self.samples as f64);
        }
        Ok(out)
    }
}

/// Whether alternative `i` is ranked first (ties included), as [`rank::ranks`] decides it.
fn is_first(scores: &[f64], i: usize, order: ScoreOrder) -> bool {
    let best = match order {
        ScoreOrder::HigherIsBetter => scores.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ScoreOrder::LowerIsBetter => scores.iter().copied().fold(f64::INFINITY, f64::min),
    };
    rank::tied(scores[i], best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::sample_matrix;
    use crate::Normalization;

    /// The path every method without a fast scorer takes gives the same result: identical for
    /// SAW (same scores to the bit), and for TOPSIS unless a draw lands within rounding of a tie.
    #[test]
    fn generic_path_matches_fast_path() {
        let m = sample_matrix();
        for noise in [None, Some(0.1)] {
            let options = SmaaOptions {
                sampling: WeightSampling::Intervals(vec![(0.1, 0.6); 3]),
                samples: 1000,
                seed: 3,
                value_noise: noise,
            };
            for norm in Normalization::ALL {
                for method in
                    [Method::Saw { normalization: norm }, Method::Topsis { normalization: norm }]
                {
                    let fast = run(&method, &m, &options, true).unwrap();
                    let slow = run(&method, &m, &options, false).unwrap();
                    assert_eq!(fast, slow, "{method:?} {noise:?}");
                }
            }
        }
    }

    #[test]
    fn interval_draws_stay_in_bounds() {
        let bounds = vec![(0.1, 0.3), (0.2, 0.6), (0.3, 0.5)];
        let s = Sampler::new(&WeightSampling::Intervals(bounds.clone()), 3).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut w = [0.0; 3];
        for _ in 0..1000 {
            s.draw(&mut rng, &mut w).unwrap();
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for (x, (lo, hi)) in w.iter().zip(&bounds) {
                assert!(*x >= lo - 1e-12 && *x <= hi + 1e-9, "{w:?}");
            }
        }
    }

    /// Uniform on the simplex: each weight of 3 has mean 1/3 and P(w₁ > 1/2) = (1/2)² = 1/4.
    #[test]
    fn simplex_draws_are_uniform() {
        let s = Sampler::new(&WeightSampling::Simplex, 3).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut w = [0.0; 3];
        let (mut mean, mut above) = ([0.0; 3], 0usize);
        let draws = 40_000;
        for _ in 0..draws {
            s.draw(&mut rng, &mut w).unwrap();
            for (a, x) in mean.iter_mut().zip(&w) {
                *a += x / draws as f64;
            }
            above += usize::from(w[0] > 0.5);
        }
        for a in mean {
            assert!((a - 1.0 / 3.0).abs() < 0.01, "{mean:?}");
        }
        assert!((above as f64 / draws as f64 - 0.25).abs() < 0.01, "{above}");
    }

    #[test]
    fn impossible_bounds_rejected() {
        let tight = WeightSampling::Intervals(vec![(0.6, 0.7), (0.5, 0.6)]);
        assert!(Sampler::new(&tight, 2).is_err());
        let low = WeightSampling::Intervals(vec![(0.0, 0.3), (0.0, 0.6)]);
        assert!(Sampler::new(&low, 2).is_err());
        let inverted = WeightSampling::Intervals(vec![(0.5, 0.4), (0.0, 1.0)]);
        assert!(Sampler::new(&inverted, 2).is_err());
        assert!(Sampler::new(&WeightSampling::Intervals(vec![(0.0, 1.0)]), 2).is_err());
    }
}
