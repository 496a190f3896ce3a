//! From an event's candidates and criteria to the engine's decision matrix, and the analyses the
//! results page shows: ranking, per-criterion contributions, a comparison of methods, the
//! winner's weight stability and SMAA rank acceptability. Nothing is computed here that the
//! engine (`mitra_decide`) already computes; this module only assembles its inputs.

use mitra_decide::MethodKey;
use std::collections::BTreeMap;

use mitra_decide::ahp::{AhpResult, GroupAhpResult, PairwiseMatrix, PriorityMethod, RandomIndex};
use mitra_decide::{
    Criterion, DecideError, DecisionMatrix, Evaluation, Method, MethodComparison, Normalization,
    SmaaResult, WeightSampling, Weights, WinnerStability,
};
use serde::{Deserialize, Serialize};

use super::{Candidate, CriterionKey, EventCriterion, RankingRow, ValueSource};

/// Pools larger than this get the ranking, contributions and the method comparison, but not
/// the weight-stability scan (101 re-rankings per criterion) nor SMAA.
pub const STABILITY_LIMIT: usize = 2_000;
/// Pools up to this size get the comparison of methods: its Copeland consensus compares every
/// pair of candidates (quadratic — about 10¹⁰ steps for 100,000 candidates), so larger pools are
/// ranked by the event's method alone and stay interactive.
pub const COMPARISON_LIMIT: usize = 5_000;
/// Pools up to this size get SMAA rank acceptability on the results page.
pub const SMAA_LIMIT: usize = 200;
/// SMAA draws on the results page (acceptabilities to about ±0.015).
pub const SMAA_SAMPLES: usize = 4_000;
/// SMAA seed on the results page: the same inputs always show the same table.
pub const SMAA_SEED: u64 = 20_240_601;

/// A value the ranking needs and does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The candidate (organisation id).
    pub organisation_id: i64,
    /// The criterion.
    pub criterion: CriterionKey,
}

/// Why an event cannot be ranked yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", content = "details", rename_all = "snake_case")]
pub enum NotReady {
    /// No candidate takes part.
    NoCandidates,
    /// No criterion is included.
    NoCriteria,
    /// Some values are missing; each must be rated, or its candidate or criterion excluded.
    Missing(Vec<Missing>),
    /// The weights cannot be formed (AHP without a complete evaluator, all direct weights zero).
    Weights,
    /// The method refuses the data (e.g. WP needs positive values).
    Method(String),
}

/// The ranking problem of an event: the ranked candidates and included criteria, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Included criteria, event order.
    pub criteria: Vec<EventCriterion>,
    /// Organisation ids of the ranked candidates, row order.
    pub candidates: Vec<i64>,
    /// The matrix: one row per candidate (named by organisation id), one column per criterion.
    pub matrix: DecisionMatrix,
    /// Where each value came from, row-major like the matrix.
    pub sources: Vec<ValueSource>,
}

/// Lists every missing value of the ranked candidates on the included criteria.
pub fn missing_values(criteria: &[EventCriterion], candidates: &[Candidate]) -> Vec<Missing> {
    let rows: Vec<RankingRow> =
        candidates.iter().filter(|c| c.ranked()).map(|c| c.ranking_row(criteria)).collect();
    missing_in(criteria, &rows)
}

/// The missing values of ranking rows (aligned with `criteria`) on the included criteria.
fn missing_in(criteria: &[EventCriterion], rows: &[RankingRow]) -> Vec<Missing> {
    let mut out = Vec::new();
    for r in rows {
        for (j, k) in criteria.iter().enumerate() {
            if k.included && r.values.get(j).copied().flatten().is_none() {
                out.push(Missing { organisation_id: r.organisation_id, criterion: k.key.clone() });
            }
        }
    }
    out
}

/// Builds the decision matrix, or says what is missing.
pub fn build(criteria: &[EventCriterion], candidates: &[Candidate]) -> Result<Problem, NotReady> {
    let rows = candidates.iter().filter(|c| c.ranked()).map(|c| c.ranking_row(criteria)).collect();
    build_from_rows(criteria, rows)
}

/// Builds the decision matrix from the ranked candidates' rows (each aligned with `criteria`),
/// or says what is missing. Matrix rows are in organisation-id order whatever order the rows
/// come in, so a pool loaded whole and one loaded as ranking rows give the same problem (ties
/// are ranked by row order, and sums depend on it to the last bit).
pub fn build_from_rows(
    criteria: &[EventCriterion],
    mut rows: Vec<RankingRow>,
) -> Result<Problem, NotReady> {
    let included: Vec<usize> = (0..criteria.len()).filter(|&j| criteria[j].included).collect();
    if included.is_empty() {
        return Err(NotReady::NoCriteria);
    }
    if rows.is_empty() {
        return Err(NotReady::NoCandidates);
    }
    rows.sort_by_key(|r| r.organisation_id);
    let missing = missing_in(criteria, &rows);
    if !missing.is_empty() {
        return Err(NotReady::Missing(missing));
    }
    let n = included.len();
    let mut values = Vec::with_capacity(rows.len() * n);
    let mut sources = Vec::with_capacity(rows.len() * n);
    for r in &rows {
        // Checked above: every included value is present.
        for v in included.iter().filter_map(|&j| r.values.get(j).copied().flatten()) {
            values.push(v.value);
            sources.push(v.source);
        }
    }
    let included: Vec<EventCriterion> = included.iter().map(|&j| criteria[j].clone()).collect();
    let engine_criteria = included
        .iter()
        .map(|k| if k.cost { Criterion::cost(&k.key) } else { Criterion::benefit(&k.key) })
        .collect();
    let names = rows.iter().map(|r| r.organisation_id.to_string()).collect();
    let matrix = DecisionMatrix::new(names, engine_criteria, values)
        .map_err(|e| NotReady::Method(e.to_string()))?;
    Ok(Problem {
        criteria: included,
        candidates: rows.iter().map(|r| r.organisation_id).collect(),
        matrix,
        sources,
    })
}

/// The direct weights of the included criteria, normalised (all zero: `NotReady::Weights`).
pub fn direct_weights(criteria: &[EventCriterion]) -> Result<Weights, NotReady> {
    let raw: Vec<f64> = criteria.iter().filter(|c| c.included).map(|c| c.weight).collect();
    Weights::new(&raw).map_err(|_| NotReady::Weights)
}

/// Turns typed percentages into direct weights that sum to 100 %: each value is read as a
/// non-negative number (decimal comma accepted) and the whole set rescaled, so sliders that do
/// not add up to 100 still mean what their proportions say. Returns per-key errors for bad input.
pub fn normalise_percentages(
    raw: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, f64>, crate::FieldErrors> {
    let mut e = crate::FieldErrors::new();
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let s = v.trim().replace(',', ".");
        match s.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => {
                out.insert(k.clone(), x);
            }
            _ => e.add(&format!("weights.{k}"), "selection.weight_number"),
        }
    }
    // Scaled by the largest first, so that weights near f64::MAX (1e308 and 1e308) add up to a
    // finite total instead of infinity (which made every percentage NaN or zero).
    let largest = out.values().copied().fold(0.0, f64::max);
    let total: f64 = if largest > 0.0 { out.values().map(|v| v / largest).sum() } else { 0.0 };
    if e.is_empty() && total <= 0.0 {
        e.add("weights", "selection.weights_zero");
    }
    e.finish(|| out.into_iter().map(|(k, v)| (k, 100.0 * (v / largest) / total)).collect())
}

/// One evaluator's pairwise judgments over criterion keys: `(a, b) → x` means "a is x times as
/// important as b" (Saaty's 1/9 … 9).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgments {
    /// The evaluator (account id).
    pub evaluator_id: i64,
    /// Their name, for the page.
    pub evaluator_name: String,
    /// Judgments by pair of criterion keys (in JSON: `"a|b": x`).
    #[serde(with = "pair_keys")]
    pub values: BTreeMap<(CriterionKey, CriterionKey), f64>,
}

/// Pairs of criterion keys as `"a|b"` map keys (JSON keys must be strings; criterion keys never
/// contain `|`).
mod pair_keys {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        m: &BTreeMap<(String, String), f64>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        m.iter()
            .map(|((a, b), v)| (format!("{a}|{b}"), *v))
            .collect::<BTreeMap<_, _>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(String, String), f64>, D::Error> {
        let flat = BTreeMap::<String, f64>::deserialize(d)?;
        flat.into_iter()
            .map(|(k, v)| match k.split_once('|') {
                Some((a, b)) => Ok(((a.to_owned(), b.to_owned()), v)),
                None => Err(serde::de::Error::custom(format!("pair key without '|': {k}"))),
            })
            .collect()
    }
}

/// The pairs an AHP form asks about, in form order: each included criterion against every
/// later one.
pub fn pairs(criteria: &[EventCriterion]) -> Vec<(CriterionKey, CriterionKey)> {
    let inc: Vec<&EventCriterion> = criteria.iter().filter(|c| c.included).collect();
    let mut out = Vec::new();
    for (i, a) in inc.iter().enumerate() {
        for b in &inc[i + 1..] {
            out.push((a.key.clone(), b.key.clone()));
        }
    }
    out
}

/// The values an AHP form offers: Saaty's scale both ways, as stored (`1/9` … `9`).
pub const SAATY: [f64; 17] = [
    1.0 / 9.0,
    1.0 / 8.0,
    1.0 / 7.0,
    1.0 / 6.0,
    1.0 / 5.0,
    1.0 / 4.0,
    1.0 / 3.0,
    1.0 / 2.0,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    7.0,
    8.0,
    9.0,
];

/// One evaluator's result: priorities and consistency over the included criteria, from the
/// judgments given so far (Harker's method when some are missing). `None` when the judgments do
/// not yet connect every criterion.
pub fn evaluator_result(criteria: &[EventCriterion], judgments: &Judgments) -> Option<AhpResult> {
    let inc: Vec<&CriterionKey> = criteria.iter().filter(|c| c.included).map(|c| &c.key).collect();
    let index = |k: &CriterionKey| inc.iter().position(|x| *x == k);
    let triples: Vec<(usize, usize, f64)> = judgments
        .values
        .iter()
        .filter_map(|((a, b), v)| Some((index(a)?, index(b)?, *v)))
        .collect();
    if inc.len() == 1 {
        return PairwiseMatrix::new(1, &[1.0]).ok().map(|m| {
            mitra_decide::ahp::ahp(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980)
        });
    }
    PairwiseMatrix::from_judgments(inc.len(), &triples)
        .ok()
        .map(|p| p.evaluate(PriorityMethod::Eigenvector, RandomIndex::Saaty1980))
}

/// The group's AHP weights: the evaluators whose judgments are complete, aggregated by the
/// geometric mean of their judgments (AIJ, equal say). `None` when no evaluator is complete.
pub fn group_weights(
    criteria: &[EventCriterion],
    evaluators: &[Judgments],
) -> Option<(GroupAhpResult, Vec<i64>)> {
    let inc: Vec<&CriterionKey> = criteria.iter().filter(|c| c.included).map(|c| &c.key).collect();
    let n = inc.len();
    let mut matrices = Vec::new();
    let mut who = Vec::new();
    for j in evaluators {
        let mut upper = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        for (i, a) in inc.iter().enumerate() {
            for b in &inc[i + 1..] {
                let v = j
                    .values
                    .get(&((*a).clone(), (*b).clone()))
                    .copied()
                    .or_else(|| j.values.get(&((*b).clone(), (*a).clone())).map(|v| 1.0 / v));
                if let Some(v) = v {
                    upper.push(v);
                }
            }
        }
        if upper.len() == n * (n - 1) / 2 {
            if let Ok(m) = PairwiseMatrix::from_upper(n, &upper) {
                matrices.push(m);
                who.push(j.evaluator_id);
            }
        }
    }
    mitra_decide::ahp::group_ahp(
        &matrices,
        None,
        mitra_decide::ahp::Aggregation::Aij,
        PriorityMethod::Eigenvector,
        RandomIndex::Saaty1980,
    )
    .ok()
    .map(|g| (g, who))
}

/// Everything the results page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The ranking by the event's method.
    pub evaluation: Evaluation,
    /// The normalisation behind the contributions.
    pub contribution_normalization: Normalization,
    /// `contributions[i][j]`: weight × normalised value of candidate i on criterion j — the bar
    /// segments of the contribution chart.
    pub contributions: Vec<Vec<f64>>,
    /// The ranking by several methods, their Spearman correlations and consensus (the methods
    /// that accept the data; pools up to [`COMPARISON_LIMIT`]).
    pub comparison: Option<MethodComparison>,
    /// Per criterion, the weight range in which the winner stays first (pools up to
    /// [`STABILITY_LIMIT`]).
    pub stability: Option<WinnerStability>,
    /// Rank acceptability (pools up to [`SMAA_LIMIT`]; weights drawn uniformly).
    pub smaa: Option<SmaaResult>,
}

/// The methods compared beside the event's own, in order (those that refuse the data are
/// left out).
pub const COMPARED: [MethodKey; 5] =
    [MethodKey::Topsis, MethodKey::Saw, MethodKey::Vikor, MethodKey::Promethee, MethodKey::Wp];

/// Ranks the problem with `method` and runs the analyses.
pub fn analyse(
    problem: &Problem,
    method: &Method,
    weights: &Weights,
) -> Result<Analysis, NotReady> {
    let mut a = analyse_ranking(problem, method, weights)?;
    let m = &problem.matrix;
    let n = m.n_criteria();
    let mut methods = vec![method.clone()];
    for key in COMPARED {
        if key != method.method_key() {
            let other = key.method(n);
            if other.validate(m, weights).is_ok() {
                methods.push(other);
            }
        }
    }
    if m.n_alternatives() >= 2 && m.n_alternatives() <= COMPARISON_LIMIT {
        a.comparison = mitra_decide::compare_methods(&methods, m, weights).ok();
    }
    if m.n_alternatives() >= 2 && m.n_alternatives() <= STABILITY_LIMIT {
        a.stability = mitra_decide::winner_intervals(method, m, weights).ok();
    }
    if m.n_alternatives() >= 2 && m.n_alternatives() <= SMAA_LIMIT {
        a.smaa =
            mitra_decide::smaa2(method, m, WeightSampling::Simplex, SMAA_SAMPLES, SMAA_SEED).ok();
    }
    Ok(a)
}

/// The ranking and the per-criterion contributions alone (a candidate's own view, and the
/// first step of [`analyse`]): no method comparison, stability or SMAA.
pub fn analyse_ranking(
    problem: &Problem,
    method: &Method,
    weights: &Weights,
) -> Result<Analysis, NotReady> {
    let m = &problem.matrix;
    let evaluation = method.evaluate(m, weights).map_err(|e| not_ready(&e))?;
    let normalization = method.normalization().unwrap_or(Normalization::MinMax);
    let w = weights.as_slice();
    let contributions = normalization
        .normalize(m)
        .chunks_exact(m.n_criteria())
        .map(|row| row.iter().zip(w).map(|(x, w)| x * w).collect())
        .collect();
    Ok(Analysis {
        evaluation,
        contribution_normalization: normalization,
        contributions,
        comparison: None,
        stability: None,
        smaa: None,
    })
}

crate::keyed::keyed_enum! {
    /// How far a candidate's score is from the winner's, in coarse bands: all a candidate is
    /// told of its score. With a handful of candidates an exact score (or a gap to 0.01) and
    /// one's own values are equations in the others' values; a band only bounds them.
    pub enum ScoreGap: "selection.gap" {
        /// Ranked first (alone or tied).
        Leading => "leading",
        /// Less than 0.10 behind.
        Close => "close",
        /// 0.10 to less than 0.25 behind.
        Behind => "behind",
        /// 0.25 or more behind.
        Far => "far",
    }
}

/// Lower bounds of [`ScoreGap::Behind`] and [`ScoreGap::Far`]. Each bound is a place where a
/// candidate's view changes, so there are few: a candidate that knew everything but one other
/// value could narrow that value down to the stretch between two such places.
const GAP_BANDS: [f64; 2] = [0.10, 0.25];

/// What a candidate is told of its own result: its rank, a band for its distance to the winner
/// and the criteria on which another candidate does better — no number derived from another
/// candidate's values, so those values cannot be solved for from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnStanding {
    /// Rank (1 is best).
    pub rank: usize,
    /// Number of ranked candidates.
    pub of: usize,
    /// The band of its score's distance to the winner's.
    pub gap: ScoreGap,
    /// The criteria (indices into the problem's criteria) on which another candidate does
    /// better, the heaviest weight first (ties in criteria order). Ordered by weight, not by how
    /// much each costs: that ordering would change with the others' values and so narrow them.
    pub behind_on: Vec<usize>,
}

/// The standing of matrix row `row` in `analysis` by `method` with `weights`; `None` for a row
/// it lacks. The gap is in the method's score units (TOPSIS, SAW, WASPAS, VIKOR, EDAS score on
/// 0–1, PROMETHEE on −1–1); for WP, COPRAS and MOORA, whose scores have no fixed scale, it is a
/// share of the winner's score.
pub fn own_standing(
    analysis: &Analysis,
    method: &Method,
    weights: &Weights,
    row: usize,
) -> Option<OwnStanding> {
    let e = &analysis.evaluation;
    let (rank, own) = (*e.ranks.get(row)?, *e.scores.get(row)?);
    let best = *e.scores.get(e.winner())?;
    let mut gap = (best - own).abs();
    if matches!(method, Method::Wp | Method::Copras | Method::Moora) && best != 0.0 {
        gap /= best.abs();
    }
    let gap = match GAP_BANDS.iter().filter(|&&b| gap >= b).count() {
        _ if rank == 1 => ScoreGap::Leading,
        0 => ScoreGap::Close,
        1 => ScoreGap::Behind,
        _ => ScoreGap::Far,
    };
    let rows = &analysis.contributions;
    let mut behind_on: Vec<usize> = rows
        .get(row)?
        .iter()
        .enumerate()
        .filter(|&(j, own)| rows.iter().filter_map(|r| r.get(j)).any(|x| x - own > 1e-12))
        .map(|(j, _)| j)
        .collect();
    let weight = |j: usize| weights.as_slice().get(j).copied().unwrap_or(0.0);
    behind_on.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)));
    Some(OwnStanding { rank, of: e.ranks.len(), gap, behind_on })
}

fn not_ready(e: &DecideError) -> NotReady {
    NotReady::Method(e.to_string())
}

#[cfg(test)]
mod tests;
