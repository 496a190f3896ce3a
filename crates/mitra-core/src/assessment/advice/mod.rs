//! From gap to action: recommendations, action plans, and progress between assessments.
//!
//! An [`AdviceLibrary`] holds one recommendation per component and maturity level, in both
//! languages, written for a small business owner: the next concrete step from that level. The
//! shipped library covers levels 1–4 of all nine components; an institution edits its own copy.
//! [`AdviceLibrary::recommend`] turns the gaps of [`crate::assessment::lambert`] into
//! [`Recommendation`]s, largest gap first; [`plan`] makes them an [`ActionPlan`]; [`compare`] shows
//! what changed since the previous assessment.

mod library;
pub mod plan;

pub use plan::{Action, ActionPlan, ActionStatus, CoachNote};

use super::lambert::Gap;
use super::{AssessmentError, AssessmentScore, Bilingual, Component, Maturity};
use serde::Serialize;

/// Gaps at or below this are met targets: no advice.
const MET: f64 = 1e-9;

/// One entry of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdviceEntry {
    /// The component.
    pub component: Component,
    /// The maturity level the advice is for, 1–5.
    pub level: u8,
    /// The advice in Indonesian.
    pub text_id: String,
    /// The advice in English.
    pub text_en: String,
}

/// Recommendations per component and maturity level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdviceLibrary {
    entries: Vec<AdviceEntry>,
}

impl Default for AdviceLibrary {
    /// Mitra's shipped library: levels 1–4 of every component.
    fn default() -> Self {
        AdviceLibrary {
            entries: library::DEFAULT
                .iter()
                .map(|&(component, level, id, en)| AdviceEntry {
                    component,
                    level,
                    text_id: id.to_string(),
                    text_en: en.to_string(),
                })
                .collect(),
        }
    }
}

/// Advice for one component, drawn from its gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The component.
    pub component: Component,
    /// Its current maturity level.
    pub level: Maturity,
    /// Target − score on the 1–5 readiness scale (positive).
    pub gap: f64,
    /// The advice in Indonesian.
    pub text_id: String,
    /// The advice in English.
    pub text_en: String,
}

impl Recommendation {
    /// The advice in both languages.
    pub fn text(&self) -> Bilingual<'_> {
        Bilingual { id: &self.text_id, en: &self.text_en }
    }
}

impl AdviceLibrary {
    /// Every entry, in component and level order.
    pub fn entries(&self) -> &[AdviceEntry] {
        &self.entries
    }

    /// The advice for `component` at `level`, if the library has one.
    pub fn get(&self, component: Component, level: Maturity) -> Option<Bilingual<'_>> {
        self.entries
            .iter()
            .find(|e| e.component == component && e.level == level.level())
            .map(|e| Bilingual { id: &e.text_id, en: &e.text_en })
    }

    /// Writes (or replaces) the advice for `component` at `level`; both texts must be non-empty.
    pub fn set(
        &mut self,
        component: Component,
        level: Maturity,
        text_id: impl Into<String>,
        text_en: impl Into<String>,
    ) -> Result<(), AssessmentError> {
        let (text_id, text_en) = (text_id.into(), text_en.into());
        if text_id.trim().is_empty() || text_en.trim().is_empty() {
            return Err(AssessmentError::Empty {
                what: format!("the advice for '{component}' at level {}", level.level()),
            });
        }
        let entry = AdviceEntry { component, level: level.level(), text_id, text_en };
        match self.entries.iter_mut().find(|e| e.component == component && e.level == level.level())
        {
            Some(e) => *e = entry,
            None => {
                self.entries.push(entry);
                self.entries.sort_by_key(|e| (e.component, e.level));
            }
        }
        Ok(())
    }

    /// One recommendation per component with a positive gap, in the order of `gaps` (largest
    /// first, as [`crate::assessment::lambert::TargetProfiles::gaps`] returns them). The advice is
    /// the entry for the component's current level, or the nearest lower level the library has;
    /// a component with no entry at or below its level gets none.
    pub fn recommend(&self, gaps: &[Gap]) -> Vec<Recommendation> {
        gaps.iter()
            .filter(|g| g.gap > MET)
            .filter_map(|g| {
                let entry = self
                    .entries
                    .iter()
                    .filter(|e| e.component == g.component && e.level <= g.level.level())
                    .max_by_key(|e| e.level)?;
                Some(Recommendation {
                    component: g.component,
                    level: g.level,
                    gap: g.gap,
                    text_id: entry.text_id.clone(),
                    text_en: entry.text_en.clone(),
                })
            })
            .collect()
    }
}

/// [`AdviceLibrary::recommend`] with the shipped library.
pub fn recommend(gaps: &[Gap]) -> Vec<Recommendation> {
    AdviceLibrary::default().recommend(gaps)
}

/// How one component changed between two assessments.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComponentChange {
    /// The component.
    pub component: Component,
    /// The previous 0–100 index, when scored.
    pub previous: Option<f64>,
    /// The current 0–100 index, when scored.
    pub current: Option<f64>,
    /// `current − previous`, when both are scored.
    pub change: Option<f64>,
    /// The previous maturity level.
    pub previous_level: Option<Maturity>,
    /// The current maturity level.
    pub current_level: Option<Maturity>,
}

/// What changed since the last assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Per component, in display order (the union of both assessments' components).
    pub components: Vec<ComponentChange>,
    /// Change of the overall index, when both have one.
    pub overall: Option<f64>,
}

/// The change per component (on 0–100, so even instruments on different scales compare) and of
/// the overall index from `previous` to `current`.
pub fn compare(previous: &AssessmentScore, current: &AssessmentScore) -> Progress {
    let mut components: Vec<Component> =
        previous.components.iter().chain(&current.components).map(|c| c.component).collect();
    components.sort_unstable();
    components.dedup();
    let changes = components
        .into_iter()
        .map(|c| {
            let p = previous.component(c);
            let n = current.component(c);
            let (pi, ni) = (p.and_then(|s| s.index()), n.and_then(|s| s.index()));
            ComponentChange {
                component: c,
                previous: pi,
                current: ni,
                change: pi.zip(ni).map(|(a, b)| b - a),
                previous_level: p.and_then(|s| s.maturity()),
                current_level: n.and_then(|s| s.maturity()),
            }
        })
        .collect();
    let overall = previous.overall.index.zip(current.overall.index).map(|(a, b)| b - a);
    Progress { components: changes, overall }
}

#[cfg(test)]
mod tests;
