//! Reliability of a multi-item scale, as a researcher reports it and as SPSS's RELIABILITY
//! procedure computes it.
//!
//! For each component: Cronbach's α = k/(k−1)·(1 − Σsᵢ²/s²ₜ) with k items, sᵢ² each item's sample
//! variance (n − 1 in the denominator) and s²ₜ the sample variance of the summed score; α if each
//! item were deleted; the corrected item–total correlation (Pearson r of the item with the sum of
//! the *other* items); each item's mean and standard deviation (n − 1); and n. Only respondents
//! who answered every item of the component count (listwise deletion, SPSS's default); how many
//! were left out is reported. α below [`ALPHA_THRESHOLD`] is flagged.
//!
//! Everything comes from one covariance matrix C of the items: s²ₜ = ΣᵢΣⱼ Cᵢⱼ; without item i the
//! total's variance is s²ₜ − 2Σⱼ Cᵢⱼ + Cᵢᵢ and its covariance with item i is Σⱼ Cᵢⱼ − Cᵢᵢ.
//! Values are the scored answers: reverse-scored items are turned round first, as a researcher
//! recodes them before running the analysis.

use super::{Component, Instrument, Response};
use serde::Serialize;

/// The conventional minimum α for an established scale (0.60 is often accepted for a new one).
pub const ALPHA_THRESHOLD: f64 = 0.70;

/// Statistics of one item over the respondents used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStatistics {
    /// The item key.
    pub key: String,
    /// Mean of the item.
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Pearson r of the item with the sum of the other items; `None` with fewer than two items
    /// or when either has no variance.
    pub corrected_item_total: Option<f64>,
    /// α of the remaining items; `None` when fewer than two would remain or their total has no
    /// variance.
    pub alpha_if_deleted: Option<f64>,
}

/// The reliability of one set of items (one component).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    /// Number of items, k.
    pub k: usize,
    /// Respondents who answered every item, n.
    pub n_used: usize,
    /// Respondents left out because they skipped an item.
    pub n_left_out: usize,
    /// Cronbach's α; `None` with fewer than two items or two complete respondents, or when the
    /// summed score does not vary. It can be negative (the items do not measure one thing).
    pub alpha: Option<f64>,
    /// `α < 0.70`. False when α could not be computed.
    pub below_threshold: bool,
    /// Per-item statistics, in the given order; empty when n < 2.
    pub items: Vec<ItemStatistics>,
}

impl Reliability {
    /// Computes the statistics of the items named `keys` from `rows`, one per respondent, each
    /// with one value (or `None` for no answer) per key, in the same order. Rows of another
    /// length count as incomplete.
    pub fn compute<'r>(
        keys: &[String],
        rows: impl IntoIterator<Item = &'r [Option<f64>]>,
    ) -> Reliability {
        let k = keys.len();
        let mut complete: Vec<Vec<f64>> = Vec::new();
        let mut left_out = 0;
        for row in rows {
            match row.iter().copied().collect::<Option<Vec<f64>>>() {
                Some(v) if v.len() == k => complete.push(v),
                _ => left_out += 1,
            }
        }
        let n = complete.len();
        let mut out = Reliability {
            k,
            n_used: n,
            n_left_out: left_out,
            alpha: None,
            below_threshold: false,
            items: Vec::new(),
        };
        if n < 2 || k == 0 {
            return out;
        }
        let means: Vec<f64> =
            (0..k).map(|j| complete.iter().map(|r| r[j]).sum::<f64>() / n as f64).collect();
        // Covariance matrix from deviations (two passes: accurate for Likert data of any size).
        let mut cov = vec![vec![0.0; k]; k];
        let mut dev = vec![0.0; k];
        for r in &complete {
            for ((d, x), m) in dev.iter_mut().zip(r).zip(&means) {
                *d = x - m;
            }
            for (row, di) in cov.iter_mut().zip(&dev) {
                for (c, dj) in row.iter_mut().zip(&dev) {
                    *c += di * dj;
                }
            }
        }
        let denom = (n - 1) as f64;
        cov.iter_mut().flatten().for_each(|c| *c /= denom);
        let item_var: f64 = (0..k).map(|i| cov[i][i]).sum();
        let total_var: f64 = cov.iter().flatten().sum();
        out.alpha = alpha(k, item_var, total_var);
        out.below_threshold = out.alpha.is_some_and(|a| a < ALPHA_THRESHOLD);
        out.items = (0..k)
            .map(|i| {
                let row_sum: f64 = cov[i].iter().sum();
                let rest_var = total_var - 2.0 * row_sum + cov[i][i];
                let rest_cov = row_sum - cov[i][i];
                let corrected_item_total = (k >= 2 && cov[i][i] > 0.0 && rest_var > 0.0)
                    .then(|| (rest_cov / (cov[i][i] * rest_var).sqrt()).clamp(-1.0, 1.0));
                ItemStatistics {
                    key: keys[i].clone(),
                    mean: means[i],
                    sd: cov[i][i].sqrt(),
                    corrected_item_total,
                    alpha_if_deleted: alpha(k - 1, item_var - cov[i][i], rest_var),
                }
            })
            .collect();
        out
    }
}

/// α from k, the sum of item variances and the total's variance; `None` where undefined.
fn alpha(k: usize, item_var: f64, total_var: f64) -> Option<f64> {
    // A total variance within rounding of zero means the summed score is constant.
    (k >= 2 && total_var > 1e-12 * item_var.max(1.0))
        .then(|| k as f64 / (k - 1) as f64 * (1.0 - item_var / total_var))
}

/// The reliability of each component of `instrument` over `responses` (reverse-scored items
/// turned round). Responses to another instrument count as incomplete for every component.
pub fn by_component(
    instrument: &Instrument,
    responses: &[Response],
) -> Vec<(Component, Reliability)> {
    instrument
        .components()
        .into_iter()
        .map(|c| {
            let idx = instrument.item_indices(c);
            let items: Vec<_> = idx.iter().map(|&i| &instrument.items()[i]).collect();
            let keys: Vec<String> = items.iter().map(|it| it.key.clone()).collect();
            let rows: Vec<Vec<Option<f64>>> = responses
                .iter()
                .map(|r| {
                    if r.instrument() != instrument.label() {
                        return Vec::new();
                    }
                    items
                        .iter()
                        .map(|it| r.answer(&it.key).map(|a| f64::from(a.scored(it))))
                        .collect()
                })
                .collect();
            (c, Reliability::compute(&keys, rows.iter().map(Vec::as_slice)))
        })
        .collect()
}

#[cfg(test)]
mod tests;
