//! Scores of one response: per component, overall, and two sides of a partnership compared.
//!
//! - A component's score is the mean of its answered items after reverse scoring, also shown as
//!   0–100 (`(mean − 1) / (points − 1) · 100`) and as a [`Maturity`] level.
//! - A component with fewer than half its items answered has no score ([`ComponentOutcome::Unscored`]
//!   says how many answers it needs): two answers of four still score, one does not.
//! - The overall index is the weighted mean of the 0–100 component indices over the components
//!   that have a score, the instrument's weights renormalised over them; the components left out
//!   are listed.

use super::{AssessmentError, Component, Instrument, LikertScale, Maturity, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether a component could be scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ComponentOutcome {
    /// Enough items answered.
    Scored {
        /// Mean of the answered items after reverse scoring, 1..=points.
        mean: f64,
        /// The mean as 0–100.
        index: f64,
        /// The maturity level.
        maturity: Maturity,
    },
    /// Fewer than half the component's items answered.
    Unscored {
        /// Answers needed for a score (half the items, rounded up).
        needed: usize,
    },
}

/// The score of one component of one response.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComponentScore {
    /// The component.
    pub component: Component,
    /// Items of the component answered.
    pub answered: usize,
    /// Items of the component in the instrument.
    pub total: usize,
    /// The score, or why there is none.
    #[serde(flatten)]
    pub outcome: ComponentOutcome,
}

impl ComponentScore {
    /// Scores a component from its answered values (already reverse-scored) out of `total`
    /// items. With fewer than half answered (`2·answered < total`) there is no score.
    pub fn from_values(
        component: Component,
        values: &[u8],
        total: usize,
        scale: LikertScale,
    ) -> ComponentScore {
        let answered = values.len();
        let outcome = if answered == 0 || 2 * answered < total {
            ComponentOutcome::Unscored { needed: total.div_ceil(2).max(1) }
        } else {
            let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / answered as f64;
            ComponentOutcome::Scored {
                mean,
                index: scale.to_index(mean),
                maturity: Maturity::from_mean(mean, scale),
            }
        };
        ComponentScore { component, answered, total, outcome }
    }

    /// The item mean, when scored.
    pub fn mean(&self) -> Option<f64> {
        match self.outcome {
            ComponentOutcome::Scored { mean, .. } => Some(mean),
            ComponentOutcome::Unscored { .. } => None,
        }
    }

    /// The 0–100 index, when scored.
    pub fn index(&self) -> Option<f64> {
        match self.outcome {
            ComponentOutcome::Scored { index, .. } => Some(index),
            ComponentOutcome::Unscored { .. } => None,
        }
    }

    /// The maturity level, when scored.
    pub fn maturity(&self) -> Option<Maturity> {
        match self.outcome {
            ComponentOutcome::Scored { maturity, .. } => Some(maturity),
            ComponentOutcome::Unscored { .. } => None,
        }
    }
}

/// The weighted overall index of one response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallIndex {
    /// 0–100, or `None` when no component with a positive weight has a score.
    pub index: Option<f64>,
    /// The weights actually used, renormalised to sum to 1 over the scored components.
    pub weights: BTreeMap<Component, f64>,
    /// Components without a score, left out of the index.
    pub left_out: Vec<Component>,
}

/// Everything scored from one response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentScore {
    /// `key@version` of the instrument.
    pub instrument: String,
    /// Its scale.
    pub scale: LikertScale,
    /// One score per measured component, in display order.
    pub components: Vec<ComponentScore>,
    /// The weighted overall index.
    pub overall: OverallIndex,
}

impl AssessmentScore {
    /// The score of `component`, if the instrument measures it.
    pub fn component(&self, component: Component) -> Option<&ComponentScore> {
        self.components.iter().find(|c| c.component == component)
    }

    /// A component's mean moved onto the 1–5 readiness scale that targets use.
    pub fn readiness(&self, component: Component) -> Option<f64> {
        self.component(component)?.mean().map(|m| self.scale.to_five_point(m))
    }
}

/// Scores `response` with `instrument`; fails only when the response answered another
/// instrument (or another version).
pub fn score(
    instrument: &Instrument,
    response: &Response,
) -> Result<AssessmentScore, AssessmentError> {
    response.check_instrument(instrument)?;
    let scale = instrument.scale();
    let components: Vec<ComponentScore> = instrument
        .components()
        .into_iter()
        .map(|c| {
            let idx = instrument.item_indices(c);
            let values: Vec<u8> = idx
                .iter()
                .filter_map(|&k| {
                    let item = &instrument.items()[k];
                    response.answer(&item.key).map(|a| a.scored(item))
                })
                .collect();
            ComponentScore::from_values(c, &values, idx.len(), scale)
        })
        .collect();
    let overall = overall_index(&components, instrument.weights());
    Ok(AssessmentScore { instrument: instrument.label(), scale, components, overall })
}

/// The weighted mean of the scored components' indices, `weights` renormalised over them.
pub fn overall_index(
    components: &[ComponentScore],
    weights: &BTreeMap<Component, f64>,
) -> OverallIndex {
    let left_out: Vec<Component> =
        components.iter().filter(|c| c.index().is_none()).map(|c| c.component).collect();
    let scored: Vec<(Component, f64, f64)> = components
        .iter()
        .filter_map(|c| Some((c.component, c.index()?, weights.get(&c.component).copied()?)))
        .collect();
    let total: f64 = scored.iter().map(|s| s.2).sum();
    if total <= 0.0 {
        return OverallIndex { index: None, weights: BTreeMap::new(), left_out };
    }
    let weights: BTreeMap<Component, f64> = scored.iter().map(|s| (s.0, s.2 / total)).collect();
    let index = scored.iter().map(|s| s.1 * s.2).sum::<f64>() / total;
    // Rounding may put a mean of indices a hair outside its inputs' range.
    OverallIndex { index: Some(index.clamp(0.0, 100.0)), weights, left_out }
}

/// Which side of a partnership rates a component higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The buying firm.
    Buyer,
    /// The supplying UMKM.
    Supplier,
}

impl Side {
    /// The other party of the partnership.
    pub fn other(self) -> Side {
        match self {
            Side::Buyer => Side::Supplier,
            Side::Supplier => Side::Buyer,
        }
    }
}

/// One component of a partnership seen from both sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SideGap {
    /// The component.
    pub component: Component,
    /// The buyer's 0–100 index, when scored.
    pub buyer: Option<f64>,
    /// The supplier's 0–100 index, when scored.
    pub supplier: Option<f64>,
    /// `|buyer − supplier|` on 0–100, when both are scored: the perception gap.
    pub gap: Option<f64>,
    /// The side that rates it higher, when they differ.
    pub higher: Option<Side>,
}

/// The buyer's and the supplier's view of the same partnership, largest disagreement first
/// (components that one side could not score last, in display order). Indices on 0–100 are
/// compared, so the two sides may even have used instruments on different scales.
pub fn compare_sides(buyer: &AssessmentScore, supplier: &AssessmentScore) -> Vec<SideGap> {
    let mut components: Vec<Component> =
        buyer.components.iter().chain(&supplier.components).map(|c| c.component).collect();
    components.sort_unstable();
    components.dedup();
    let mut gaps: Vec<SideGap> = components
        .into_iter()
        .map(|c| {
            let b = buyer.component(c).and_then(ComponentScore::index);
            let s = supplier.component(c).and_then(ComponentScore::index);
            let (gap, higher) = match (b, s) {
                (Some(b), Some(s)) => (
                    Some((b - s).abs()),
                    match b.partial_cmp(&s) {
                        Some(std::cmp::Ordering::Greater) => Some(Side::Buyer),
                        Some(std::cmp::Ordering::Less) => Some(Side::Supplier),
                        _ => None,
                    },
                ),
                _ => (None, None),
            };
            SideGap { component: c, buyer: b, supplier: s, gap, higher }
        })
        .collect();
    // Stable sort: equal gaps keep display order.
    gaps.sort_by(|x, y| match (x.gap, y.gap) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    gaps
}

/// A perception gap large enough to name as a finding: 25 points on 0–100, one full answer step
/// on a 5-point scale (two steps' worth of half-steps on a 7-point one).
pub const PERCEPTION_GAP: f64 = 25.0;

/// One component of a partnership with both sides' full scores, for the side-by-side table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SideRow {
    /// The component.
    pub component: Component,
    /// The buyer's score, when its instrument measures the component.
    pub buyer: Option<ComponentScore>,
    /// The supplier's score, when its instrument measures the component.
    pub supplier: Option<ComponentScore>,
    /// `|buyer − supplier|` on 0–100, when both are scored.
    pub gap: Option<f64>,
    /// The side that rates it higher, when they differ.
    pub higher: Option<Side>,
}

/// The buyer's and the supplier's view of the same partnership, compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideComparison {
    /// One row per component either side measured, in display order.
    pub rows: Vec<SideRow>,
    /// The same components by perception gap, largest first ([`compare_sides`]).
    pub gaps: Vec<SideGap>,
    /// The perception gaps of at least [`PERCEPTION_GAP`], largest first: the findings.
    pub findings: Vec<SideGap>,
    /// The buyer's overall index.
    pub buyer_overall: Option<f64>,
    /// The supplier's overall index.
    pub supplier_overall: Option<f64>,
    /// `buyer_overall − supplier_overall` (signed: positive when the buyer rates higher).
    pub overall_difference: Option<f64>,
}

/// Compares both sides of a partnership: the side-by-side rows, the gaps sorted by size and the
/// findings (the gaps of at least [`PERCEPTION_GAP`]). Each side keeps its own score; only the
/// 0–100 indices are compared.
pub fn compare_partnership(buyer: &AssessmentScore, supplier: &AssessmentScore) -> SideComparison {
    let gaps = compare_sides(buyer, supplier);
    let mut rows: Vec<SideRow> = gaps
        .iter()
        .map(|g| SideRow {
            component: g.component,
            buyer: buyer.component(g.component).copied(),
            supplier: supplier.component(g.component).copied(),
            gap: g.gap,
            higher: g.higher,
        })
        .collect();
    rows.sort_by_key(|r| r.component);
    let findings =
        gaps.iter().filter(|g| g.gap.is_some_and(|x| x >= PERCEPTION_GAP)).copied().collect();
    let (b, s) = (buyer.overall.index, supplier.overall.index);
    SideComparison {
        rows,
        gaps,
        findings,
        buyer_overall: b,
        supplier_overall: s,
        overall_difference: b.zip(s).map(|(b, s)| b - s),
    }
}

#[cfg(test)]
mod tests;
