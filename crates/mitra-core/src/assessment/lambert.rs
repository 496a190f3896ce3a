//! Lambert's partnership model: which type of partnership a pair of firms should aim for, and how
//! far an assessment is from that type's target profile.
//!
//! Each firm scores its own four **drivers** 1–5 (total 4–20); the two firms jointly score the four
//! core **facilitators** 1–5, and each extra facilitator present (exclusivity, shared competitors,
//! prior history, shared end-user) adds [`PropensityGrid::extra_points`]. The *lower* of the two
//! driver totals and the facilitator total are each put in a band, and the grid cell of the two
//! bands is the recommended [`PartnershipType`].
//!
//! Shipped default (Lambert & Knemeyer 2004 as the domain notes describe it; the exact edges could
//! not be confirmed from a primary source, so every number here is configuration): bands low
//! (below 12, i.e. the published 8–11 and anything lower), medium (12–15), high (16 and above);
//! one point per extra facilitator; and the grid
//!
//! ```text
//!                    facilitators low   medium     high
//! drivers low                    arm's  Type I     Type I
//! drivers medium                 Type I Type II    Type II
//! drivers high                   Type I Type II    Type III
//! ```
//!
//! (low on either axis → arm's length or Type I; both high → Type III).
//!
//! [`TargetProfiles`] hold, per type, a target on the 1–5 readiness scale for every component
//! (default 2 for Type I, 3 for Type II, 4 for Type III; editable), and [`TargetProfiles::gaps`]
//! measures target − score per component.

use super::{AssessmentError, AssessmentScore, Bilingual, Component, Maturity};
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of relationship in Lambert's model, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipType {
    /// Plain market transactions; no partnership.
    ArmsLength,
    /// Limited coordination, short horizon, one function on each side.
    #[serde(rename = "type_i")]
    TypeI,
    /// Integrated activities, long horizon, several functions.
    #[serde(rename = "type_ii")]
    TypeII,
    /// Significant operational integration; each firm an extension of the other.
    #[serde(rename = "type_iii")]
    TypeIII,
}

impl PartnershipType {
    /// All types, loosest first.
    pub const ALL: [PartnershipType; 4] = [
        PartnershipType::ArmsLength,
        PartnershipType::TypeI,
        PartnershipType::TypeII,
        PartnershipType::TypeIII,
    ];

    /// Stable key (`arms_length`, `type_i`, `type_ii`, `type_iii`).
    pub fn key(self) -> &'static str {
        match self {
            PartnershipType::ArmsLength => "arms_length",
            PartnershipType::TypeI => "type_i",
            PartnershipType::TypeII => "type_ii",
            PartnershipType::TypeIII => "type_iii",
        }
    }

    /// The type with this key.
    pub fn from_key(key: &str) -> Option<PartnershipType> {
        PartnershipType::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The type's name in both languages.
    pub fn name(self) -> Bilingual<'static> {
        let (id, en) = match self {
            PartnershipType::ArmsLength => ("hubungan pasar biasa", "arm's length"),
            PartnershipType::TypeI => ("kemitraan Tipe I", "Type I partnership"),
            PartnershipType::TypeII => ("kemitraan Tipe II", "Type II partnership"),
            PartnershipType::TypeIII => ("kemitraan Tipe III", "Type III partnership"),
        };
        Bilingual { id, en }
    }
}

/// Names of the four drivers, in the order of [`Drivers::new`].
pub const DRIVERS: [&str; 4] =
    ["asset_cost_efficiency", "customer_service", "marketing_advantage", "profit_stability"];

/// Names of the four core facilitators, in the order of [`Facilitators::new`].
pub const FACILITATORS: [&str; 4] =
    ["corporate_compatibility", "managerial_philosophy", "mutuality", "symmetry"];

/// Facilitators that add points when present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraFacilitator {
    /// The firms deal exclusively with each other for this business.
    Exclusivity,
    /// They face the same competitors.
    SharedCompetitors,
    /// They have worked together well before.
    PriorHistory,
    /// They serve the same end customer.
    SharedEndUser,
}

fn check_1_to_5(names: [&'static str; 4], scores: [u8; 4]) -> Result<[u8; 4], AssessmentError> {
    for (name, value) in names.into_iter().zip(scores) {
        if !(1..=5).contains(&value) {
            return Err(AssessmentError::OutOfRange { name, value });
        }
    }
    Ok(scores)
}

/// One firm's driver scores, each 1–5 (see [`DRIVERS`] for the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Drivers([u8; 4]);

impl Drivers {
    /// Asset/cost efficiency, customer service, marketing advantage, profit stability/growth.
    pub fn new(scores: [u8; 4]) -> Result<Drivers, AssessmentError> {
        check_1_to_5(DRIVERS, scores).map(Drivers)
    }

    /// The four scores.
    pub fn scores(&self) -> [u8; 4] {
        self.0
    }

    /// Their sum, 4–20.
    pub fn total(&self) -> u32 {
        self.0.iter().map(|&s| u32::from(s)).sum()
    }
}

/// The pair's jointly scored facilitators: four core scores 1–5 and the extras present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facilitators {
    core: [u8; 4],
    extras: Vec<ExtraFacilitator>,
}

impl Facilitators {
    /// Corporate compatibility, managerial philosophy and techniques, mutuality, symmetry; extras
    /// counted once each however often listed.
    pub fn new(
        core: [u8; 4],
        extras: impl IntoIterator<Item = ExtraFacilitator>,
    ) -> Result<Facilitators, AssessmentError> {
        let core = check_1_to_5(FACILITATORS, core)?;
        let mut extras: Vec<_> = extras.into_iter().collect();
        extras.sort_unstable();
        extras.dedup();
        Ok(Facilitators { core, extras })
    }

    /// The core scores.
    pub fn core(&self) -> [u8; 4] {
        self.core
    }

    /// The extras present, each once.
    pub fn extras(&self) -> &[ExtraFacilitator] {
        &self.extras
    }
}

/// A band of a driver or facilitator total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Below the medium band.
    Low,
    /// From `medium_from` to below `high_from`.
    Medium,
    /// From `high_from` up.
    High,
}

impl Band {
    /// Low, medium, high.
    pub const ALL: [Band; 3] = [Band::Low, Band::Medium, Band::High];
}

/// The "propensity to partner" grid: band edges and the type of each (drivers, facilitators) cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropensityGrid {
    medium_from: u32,
    high_from: u32,
    extra_points: u32,
    cells: [[PartnershipType; 3]; 3],
}

impl Default for PropensityGrid {
    /// The shipped grid described in the module documentation.
    fn default() -> Self {
        use PartnershipType::*;
        PropensityGrid {
            medium_from: 12,
            high_from: 16,
            extra_points: 1,
            cells: [[ArmsLength, TypeI, TypeI], [TypeI, TypeII, TypeII], [TypeI, TypeII, TypeIII]],
        }
    }
}

impl PropensityGrid {
    /// A grid with its own band edges (`medium_from < high_from`), points per extra facilitator
    /// and cells indexed `[driver band][facilitator band]`, low first.
    pub fn new(
        medium_from: u32,
        high_from: u32,
        extra_points: u32,
        cells: [[PartnershipType; 3]; 3],
    ) -> Result<PropensityGrid, AssessmentError> {
        if medium_from == 0 || medium_from >= high_from {
            return Err(AssessmentError::InvalidBands { medium_from, high_from });
        }
        Ok(PropensityGrid { medium_from, high_from, extra_points, cells })
    }

    /// The first total of the medium band.
    pub fn medium_from(&self) -> u32 {
        self.medium_from
    }

    /// The first total of the high band.
    pub fn high_from(&self) -> u32 {
        self.high_from
    }

    /// Points each extra facilitator adds to the facilitator total.
    pub fn extra_points(&self) -> u32 {
        self.extra_points
    }

    /// The band of a total.
    pub fn band(&self, total: u32) -> Band {
        if total >= self.high_from {
            Band::High
        } else if total >= self.medium_from {
            Band::Medium
        } else {
            Band::Low
        }
    }

    /// The totals a band covers, inclusive; the high band is open-ended (`None`).
    pub fn band_range(&self, band: Band) -> (u32, Option<u32>) {
        match band {
            Band::Low => (0, Some(self.medium_from - 1)),
            Band::Medium => (self.medium_from, Some(self.high_from - 1)),
            Band::High => (self.high_from, None),
        }
    }

    /// The type of a cell.
    pub fn cell(&self, drivers: Band, facilitators: Band) -> PartnershipType {
        self.cells[drivers as usize][facilitators as usize]
    }

    /// The facilitator total: core scores plus the extras' points.
    pub fn facilitator_total(&self, f: &Facilitators) -> u32 {
        f.core.iter().map(|&s| u32::from(s)).sum::<u32>()
            + self.extra_points * f.extras.len() as u32
    }

    /// Where a buyer and a supplier fall on the grid and which type it recommends.
    pub fn place(
        &self,
        buyer: &Drivers,
        supplier: &Drivers,
        facilitators: &Facilitators,
    ) -> Placement {
        let drivers = buyer.total().min(supplier.total());
        let facilitator_total = self.facilitator_total(facilitators);
        let (db, fb) = (self.band(drivers), self.band(facilitator_total));
        Placement {
            buyer_drivers: buyer.total(),
            supplier_drivers: supplier.total(),
            drivers,
            facilitators: facilitator_total,
            driver_band: db,
            facilitator_band: fb,
            recommended: self.cell(db, fb),
        }
    }
}

/// A pair's position on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// The buyer's driver total.
    pub buyer_drivers: u32,
    /// The supplier's driver total.
    pub supplier_drivers: u32,
    /// The lower of the two: a partnership is only as driven as its less eager side.
    pub drivers: u32,
    /// The facilitator total.
    pub facilitators: u32,
    /// Band of `drivers`.
    pub driver_band: Band,
    /// Band of `facilitators`.
    pub facilitator_band: Band,
    /// The grid cell's type.
    pub recommended: PartnershipType,
}

/// Target readiness (1–5) per component for each partnership type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProfiles {
    targets: BTreeMap<PartnershipType, BTreeMap<Component, f64>>,
}

impl Default for TargetProfiles {
    /// Type I 2, Type II 3, Type III 4 on every component; no target for arm's length.
    fn default() -> Self {
        let level = |v: f64| Component::ALL.iter().map(|&c| (c, v)).collect();
        TargetProfiles {
            targets: [
                (PartnershipType::TypeI, level(2.0)),
                (PartnershipType::TypeII, level(3.0)),
                (PartnershipType::TypeIII, level(4.0)),
            ]
            .into(),
        }
    }
}

/// How far one component is from its target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gap {
    /// The component.
    pub component: Component,
    /// Its score on the 1–5 readiness scale.
    pub score: f64,
    /// The target on the same scale.
    pub target: f64,
    /// `target − score`: positive means work to do, zero or negative means the target is met.
    pub gap: f64,
    /// The component's current maturity level.
    pub level: Maturity,
}

impl TargetProfiles {
    /// The target of `component` for `ty`, if one is set.
    pub fn target(&self, ty: PartnershipType, component: Component) -> Option<f64> {
        self.targets.get(&ty)?.get(&component).copied()
    }

    /// Sets a target, which must lie on the 1–5 readiness scale.
    pub fn set(
        &mut self,
        ty: PartnershipType,
        component: Component,
        value: f64,
    ) -> Result<(), AssessmentError> {
        if !(1.0..=5.0).contains(&value) {
            return Err(AssessmentError::InvalidTarget { component, value });
        }
        self.targets.entry(ty).or_default().insert(component, value);
        Ok(())
    }

    /// Every target as `(type, component, target)`, type then component order.
    pub fn entries(&self) -> Vec<(PartnershipType, Component, f64)> {
        self.targets.iter().flat_map(|(t, m)| m.iter().map(move |(c, v)| (*t, *c, *v))).collect()
    }

    /// The defaults with `entries` laid over them (an institution's own targets).
    pub fn with_entries(entries: &[(PartnershipType, Component, f64)]) -> TargetProfiles {
        let mut p = TargetProfiles::default();
        for (t, c, v) in entries {
            // Stored targets were checked when saved; a bad one keeps the default.
            let _ = p.set(*t, *c, *v);
        }
        p
    }

    /// Target − score for each scored component that has a target for `ty`, largest gap first
    /// (ties in display order). Unscored components have no gap; see the score for why.
    pub fn gaps(&self, ty: PartnershipType, score: &AssessmentScore) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = score
            .components
            .iter()
            .filter_map(|c| {
                let target = self.target(ty, c.component)?;
                let readiness = score.scale.to_five_point(c.mean()?);
                Some(Gap {
                    component: c.component,
                    score: readiness,
                    target,
                    gap: target - readiness,
                    level: c.maturity()?,
                })
            })
            .collect();
        gaps.sort_by(|a, b| b.gap.total_cmp(&a.gap));
        gaps
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod serde_keys {
    use super::PartnershipType;

    /// JSON carries the same keys as `key()` (snake_case alone would write `type_i_i_i`).
    #[test]
    fn serialised_names_are_the_keys() {
        for t in PartnershipType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.key());
        }
    }
}
