//! The ranking methods behind one entry point, [`Method::evaluate`].
//!
//! Every result is an [`Evaluation`]: the method with its parameters, the weights used, one score
//! and rank per alternative (input order), and the method's own per-alternative quantities
//! (TOPSIS `d_plus`/`d_minus`, VIKOR `s`/`r`/`q`, …) under stable names.

use crate::{
    copras, edas,
    matrix::DecisionMatrix,
    moora,
    normalize::Normalization,
    promethee::{self, Preference},
    rank::{self, ScoreOrder},
    saw, topsis,
    vikor::{self, VikorCompromise},
    waspas, wp, DecideError, Weights,
};
use serde::{Deserialize, Serialize};

/// A ranking method and its parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// Simple additive weighting: Σ wⱼ·rᵢⱼ over a normalised matrix.
    Saw {
        /// How raw values are normalised (cost criteria turned by the normalisation).
        normalization: Normalization,
    },
    /// Weighted product: Π xᵢⱼ^wⱼ (cost criteria x^−wⱼ), computed in log space. Needs positive
    /// values; independent of each criterion's unit, so no normalisation is needed.
    Wp,
    /// TOPSIS: closeness to the ideal and distance from the anti-ideal solution (Euclidean).
    Topsis {
        /// `vector` (Hwang–Yoon) or `min_max`; the others are accepted too.
        normalization: Normalization,
    },
    /// WASPAS (Zavadskas et al. 2012): λ·WSM + (1−λ)·WPM on the normalised matrix. Needs
    /// positive values.
    Waspas {
        /// Share of the weighted sum in the score, in \[0, 1\] (0.5 in the original paper).
        lambda: f64,
        /// How raw values are normalised (`linear` in the original paper).
        normalization: Normalization,
    },
    /// VIKOR (Opricovic 1998): group utility S, individual regret R and their compromise Q;
    /// lower Q is better. The evaluation also reports the compromise solution.
    Vikor {
        /// Weight of the strategy of the majority of criteria, in \[0, 1\] (usually 0.5).
        v: f64,
    },
    /// PROMETHEE II (Brans & Vincke 1985): net outranking flow φ = φ⁺ − φ⁻ from one preference
    /// function per criterion.
    Promethee {
        /// One preference function per criterion, in criterion order.
        preferences: Vec<Preference>,
    },
    /// EDAS (Keshavarz Ghorabaee et al. 2015): positive and negative distances from the
    /// average solution.
    Edas,
    /// COPRAS (Zavadskas et al. 1994): sum-normalised benefit and cost sums combined into a
    /// relative significance Q. Needs positive values.
    Copras,
    /// MOORA ratio system (Brauers & Zavadskas 2006): vector-normalised weighted benefits minus
    /// weighted costs.
    Moora,
}

/// A ranking method's name without its parameters: what a user chooses, a command line types
/// and an event stores (`topsis`, `saw`, …, in serde as those lowercase keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MethodKey {
    /// Simple additive weighting.
    Saw,
    /// Weighted product.
    Wp,
    /// TOPSIS.
    Topsis,
    /// WASPAS.
    Waspas,
    /// VIKOR.
    Vikor,
    /// PROMETHEE II.
    Promethee,
    /// EDAS.
    Edas,
    /// COPRAS.
    Copras,
    /// MOORA.
    Moora,
}

impl MethodKey {
    /// Every method, in documentation order.
    pub const ALL: [MethodKey; 9] = [
        MethodKey::Saw,
        MethodKey::Wp,
        MethodKey::Topsis,
        MethodKey::Waspas,
        MethodKey::Vikor,
        MethodKey::Promethee,
        MethodKey::Edas,
        MethodKey::Copras,
        MethodKey::Moora,
    ];

    /// The key as typed (`topsis`).
    pub fn as_str(self) -> &'static str {
        match self {
            MethodKey::Saw => "saw",
            MethodKey::Wp => "wp",
            MethodKey::Topsis => "topsis",
            MethodKey::Waspas => "waspas",
            MethodKey::Vikor => "vikor",
            MethodKey::Promethee => "promethee",
            MethodKey::Edas => "edas",
            MethodKey::Copras => "copras",
            MethodKey::Moora => "moora",
        }
    }

    /// The method named `text` (trimmed, any case), or `None`.
    pub fn parse(text: &str) -> Option<MethodKey> {
        let text = text.trim();
        MethodKey::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(text))
    }

    /// The method with its usual parameters for a problem with `n_criteria` criteria: SAW with
    /// `min_max` (defined on any data), TOPSIS with `vector`, WASPAS with `linear` and λ = 0.5,
    /// VIKOR with v = 0.5, PROMETHEE II with the usual criterion everywhere.
    pub fn method(self, n_criteria: usize) -> Method {
        match self {
            MethodKey::Saw => Method::Saw { normalization: Normalization::MinMax },
            MethodKey::Wp => Method::Wp,
            MethodKey::Topsis => Method::Topsis { normalization: Normalization::Vector },
            MethodKey::Waspas => {
                Method::Waspas { lambda: 0.5, normalization: Normalization::Linear }
            }
            MethodKey::Vikor => Method::Vikor { v: 0.5 },
            MethodKey::Promethee => {
                Method::Promethee { preferences: vec![Preference::usual(); n_criteria] }
            }
            MethodKey::Edas => Method::Edas,
            MethodKey::Copras => Method::Copras,
            MethodKey::Moora => Method::Moora,
        }
    }
}

impl std::fmt::Display for MethodKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Method {
    /// Which method this is, without its parameters.
    pub fn method_key(&self) -> MethodKey {
        match self {
            Self::Saw { .. } => MethodKey::Saw,
            Self::Wp => MethodKey::Wp,
            Self::Topsis { .. } => MethodKey::Topsis,
            Self::Waspas { .. } => MethodKey::Waspas,
            Self::Vikor { .. } => MethodKey::Vikor,
            Self::Promethee { .. } => MethodKey::Promethee,
            Self::Edas => MethodKey::Edas,
            Self::Copras => MethodKey::Copras,
            Self::Moora => MethodKey::Moora,
        }
    }

    /// The method's key as typed on the command line (`topsis`, `saw`, …).
    pub fn key(&self) -> &'static str {
        self.method_key().as_str()
    }

    /// The method named `key` (case-insensitive, one of [`MethodKey::ALL`]) with the usual
    /// parameters ([`MethodKey::method`]). `None` for an unknown key.
    pub fn default_for(key: &str, n_criteria: usize) -> Option<Method> {
        MethodKey::parse(key).map(|k| k.method(n_criteria))
    }

    /// The normalisation the method applies, if it is one of [`Normalization`]'s. WP, VIKOR,
    /// PROMETHEE, EDAS, COPRAS and MOORA each have their own fixed scheme and give `None`.
    pub fn normalization(&self) -> Option<Normalization> {
        match self {
            Self::Saw { normalization }
            | Self::Topsis { normalization }
            | Self::Waspas { normalization, .. } => Some(*normalization),
            _ => None,
        }
    }

    /// Whether a higher score is better for this method (VIKOR's Q is better lower).
    pub fn score_order(&self) -> ScoreOrder {
        match self {
            Self::Vikor { .. } => ScoreOrder::LowerIsBetter,
            _ => ScoreOrder::HigherIsBetter,
        }
    }

    /// Checks that `matrix` and `weights` suit this method: one weight per criterion, valid
    /// parameters, positive values where the method or its normalisation divides by them.
    pub fn validate(&self, matrix: &DecisionMatrix, weights: &Weights) -> Result<(), DecideError> {
        weights.check_len(matrix.n_criteria())?;
        if let Some(norm) = self.normalization() {
            if norm.needs_positive() {
                matrix.require_positive(norm.key())?;
            }
        }
        match self {
            Self::Saw { .. } | Self::Topsis { .. } | Self::Moora => Ok(()),
            Self::Wp | Self::Copras => matrix.require_positive(self.key()),
            Self::Waspas { lambda, .. } => {
                unit_interval("lambda", *lambda)?;
                matrix.require_positive("waspas")
            }
            Self::Vikor { v } => unit_interval("v", *v),
            Self::Promethee { preferences } => {
                if preferences.len() != matrix.n_criteria() {
                    return Err(DecideError::PreferenceCount {
                        expected: matrix.n_criteria(),
                        found: preferences.len(),
                    });
                }
                preferences.iter().try_for_each(Preference::validate)
            }
            Self::Edas => edas::validate(matrix),
        }
    }

    /// Ranks the alternatives of `matrix` with `weights`.
    pub fn evaluate(
        &self,
        matrix: &DecisionMatrix,
        weights: &Weights,
    ) -> Result<Evaluation, DecideError> {
        self.validate(matrix, weights)?;
        Ok(self.evaluate_valid(matrix, weights))
    }

    /// Scores only, one per alternative in input order, after [`Method::validate`]: no ranks and
    /// no quantities, so nothing is computed or allocated beyond what the score needs.
    pub fn scores(
        &self,
        matrix: &DecisionMatrix,
        weights: &Weights,
    ) -> Result<Vec<f64>, DecideError> {
        self.validate(matrix, weights)?;
        Ok(self.scores_valid(matrix, weights))
    }

    /// Scores only (no ranks, no quantities), for callers that re-run a validated problem many
    /// times (sensitivity, SMAA). `matrix` and `weights` must have passed [`Method::validate`].
    pub(crate) fn scores_valid(&self, matrix: &DecisionMatrix, weights: &Weights) -> Vec<f64> {
        self.outcome(matrix, weights, false).scores
    }

    /// The method's scores, and its quantities when `detail` is set.
    fn outcome(&self, matrix: &DecisionMatrix, weights: &Weights, detail: bool) -> Outcome {
        let w = weights.as_slice();
        match self {
            Self::Saw { normalization } => saw::saw(matrix, w, *normalization),
            Self::Wp => wp::wp(matrix, w),
            Self::Topsis { normalization } => topsis::topsis(matrix, w, *normalization, detail),
            Self::Waspas { lambda, normalization } => {
                waspas::waspas(matrix, w, *lambda, *normalization, detail)
            }
            Self::Vikor { v } => vikor::vikor(matrix, w, *v, detail),
            Self::Promethee { preferences } => promethee::promethee(matrix, w, preferences, detail),
            Self::Edas => edas::edas(matrix, w, detail),
            Self::Copras => copras::copras(matrix, w, detail),
            Self::Moora => moora::moora(matrix, w),
        }
    }

    pub(crate) fn evaluate_valid(&self, matrix: &DecisionMatrix, weights: &Weights) -> Evaluation {
        let Outcome { scores, quantities } = self.outcome(matrix, weights, true);
        let score_order = self.score_order();
        let mut evaluation = Evaluation {
            method: self.clone(),
            weights: weights.clone(),
            ranks: rank::ranks(&scores, score_order),
            scores,
            score_order,
            quantities,
            compromise: None,
        };
        if let Self::Vikor { .. } = self {
            if let (Some(s), Some(r)) = (evaluation.quantity("s"), evaluation.quantity("r")) {
                evaluation.compromise = Some(vikor::compromise(s, r, &evaluation.scores));
            }
        }
        evaluation
    }
}

/// Checks that a parameter is a finite number in \[0, 1\].
fn unit_interval(name: &'static str, value: f64) -> Result<(), DecideError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(DecideError::InvalidParameter { name, value, expected: "must be between 0 and 1" })
    }
}

/// What a method computes before ranking.
pub(crate) struct Outcome {
    pub(crate) scores: Vec<f64>,
    pub(crate) quantities: Vec<Quantity>,
}

/// One named per-alternative quantity of a method (`d_plus`, `s`, `phi_minus`, …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Stable snake_case name, used as JSON key and CSV column.
    pub name: &'static str,
    /// One value per alternative, input order.
    pub values: Vec<f64>,
}

/// The result of ranking: everything needed to reproduce and explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The method and its parameters.
    pub method: Method,
    /// The weights used (sum 1).
    pub weights: Weights,
    /// One score per alternative, input order.
    pub scores: Vec<f64>,
    /// One rank per alternative, input order; 1 is best, ties share the best rank.
    pub ranks: Vec<usize>,
    /// Whether higher or lower scores are better.
    pub score_order: ScoreOrder,
    /// The method's own per-alternative quantities.
    pub quantities: Vec<Quantity>,
    /// VIKOR only: whether the best alternative is a stable compromise, and if not, the set of
    /// alternatives that share the compromise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compromise: Option<VikorCompromise>,
}

impl Evaluation {
    /// Index of the (first) alternative ranked 1.
    pub fn winner(&self) -> usize {
        self.ranks.iter().position(|&r| r == 1).unwrap_or(0)
    }
    /// A quantity by name.
    pub fn quantity(&self, name: &str) -> Option<&[f64]> {
        self.quantities.iter().find(|q| q.name == name).map(|q| q.values.as_slice())
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn every_key_names_its_method_and_back() {
        for k in MethodKey::ALL {
            assert_eq!(k.method(3).method_key(), k);
            assert_eq!(MethodKey::parse(&format!(" {} ", k.as_str().to_uppercase())), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(serde_json::from_str::<MethodKey>(&json).unwrap(), k);
        }
        assert_eq!(MethodKey::parse("magic"), None);
    }
}
