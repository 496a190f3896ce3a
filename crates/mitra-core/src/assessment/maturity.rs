//! Maturity levels 1–5 of a component, named in both languages.
//!
//! A component's mean is first moved onto the 1–5 readiness scale
//! ([`LikertScale::to_five_point`]) and then rounded half up to a level. The cut points are
//! therefore the midpoints 1.5, 2.5, 3.5 and 4.5 on a 5-point scale, and 1.75, 3.25, 4.75 and 6.25
//! on a 7-point scale; on the 0–100 index both are 12.5, 37.5, 62.5 and 87.5, so a level means the
//! same on either scale. Levels 2, 3 and 4 match the default targets of Lambert's Type I, II and
//! III partnerships (see [`super::lambert`]).

use super::{Bilingual, LikertScale};
use serde::{Serialize, Serializer};

/// How far a component is developed, 1 (initial) to 5 (integrated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Maturity {
    /// 1 — little or nothing of the component is in place.
    Initial = 1,
    /// 2 — occasional, per-deal practice (what a Type I partnership needs).
    Developing = 2,
    /// 3 — regular, agreed practice (Type II).
    Established = 3,
    /// 4 — practice managed jointly and measured (Type III).
    Managed = 4,
    /// 5 — the partner is treated as an extension of the firm.
    Integrated = 5,
}

/// Lower bounds of levels 2–5 on the 1–5 readiness scale.
const CUTS: [f64; 4] = [1.5, 2.5, 3.5, 4.5];

/// Tolerance for means that should sit exactly on a cut point but carry rounding error.
const EPS: f64 = 1e-9;

impl Maturity {
    /// All levels, lowest first.
    pub const ALL: [Maturity; 5] = [
        Maturity::Initial,
        Maturity::Developing,
        Maturity::Established,
        Maturity::Managed,
        Maturity::Integrated,
    ];

    /// The level of a component whose item mean is `mean` on `scale`.
    pub fn from_mean(mean: f64, scale: LikertScale) -> Maturity {
        let r = scale.to_five_point(mean);
        let above = CUTS.iter().filter(|&&c| r + EPS >= c).count();
        Maturity::ALL[above]
    }

    /// The level of a 0–100 index (an overall readiness index as well as a component's): the
    /// cut points are 12.5, 37.5, 62.5 and 87.5.
    pub fn from_index(index: f64) -> Maturity {
        Maturity::from_mean(1.0 + index * 4.0 / 100.0, LikertScale::FIVE)
    }

    /// The level with this number, 1–5.
    pub fn from_level(level: u8) -> Option<Maturity> {
        Maturity::ALL.get(usize::from(level).checked_sub(1)?).copied()
    }

    /// The level number, 1–5.
    pub fn level(self) -> u8 {
        self as u8
    }

    /// The lowest mean on `scale` that reaches levels 2, 3, 4 and 5, for display.
    pub fn cut_points(scale: LikertScale) -> [f64; 4] {
        let span = f64::from(scale.points() - 1);
        CUTS.map(|c| 1.0 + (c - 1.0) * span / 4.0)
    }

    /// The level's name in both languages.
    pub fn name(self) -> Bilingual<'static> {
        let (id, en) = match self {
            Maturity::Initial => ("awal", "initial"),
            Maturity::Developing => ("berkembang", "developing"),
            Maturity::Established => ("mapan", "established"),
            Maturity::Managed => ("terkelola", "managed"),
            Maturity::Integrated => ("terpadu", "integrated"),
        };
        Bilingual { id, en }
    }
}

impl Serialize for Maturity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.level())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_point_cut_points() {
        let l = |m| Maturity::from_mean(m, LikertScale::FIVE).level();
        assert_eq!(
            [l(1.0), l(1.49), l(1.5), l(2.25), l(2.5), l(3.49), l(3.5), l(4.5), l(5.0)],
            [1, 1, 2, 2, 3, 3, 4, 5, 5]
        );
        assert_eq!(Maturity::cut_points(LikertScale::FIVE), CUTS);
    }

    #[test]
    fn seven_point_cut_points() {
        assert_eq!(Maturity::cut_points(LikertScale::SEVEN), [1.75, 3.25, 4.75, 6.25]);
        let l = |m| Maturity::from_mean(m, LikertScale::SEVEN).level();
        assert_eq!(
            [l(1.0), l(1.74), l(1.75), l(3.25), l(4.0), l(4.75), l(6.24), l(6.25), l(7.0)],
            [1, 1, 2, 3, 3, 4, 4, 5, 5]
        );
        // A mean that should sit on a cut point but carries rounding error still reaches it.
        assert_eq!(l(13.0 / 4.0 - 1e-12), 3);
    }

    #[test]
    fn index_cut_points() {
        let l = |i| Maturity::from_index(i).level();
        assert_eq!(
            [l(0.0), l(12.49), l(12.5), l(37.5), l(62.49), l(62.5), l(75.0), l(87.5), l(100.0)],
            [1, 1, 2, 3, 3, 4, 4, 5, 5]
        );
    }

    #[test]
    fn levels_round_trip_and_have_names() {
        for m in Maturity::ALL {
            assert_eq!(Maturity::from_level(m.level()), Some(m));
            assert!(!m.name().id.is_empty() && !m.name().en.is_empty());
        }
        assert_eq!(Maturity::from_level(0), None);
        assert_eq!(Maturity::from_level(6), None);
    }
}
