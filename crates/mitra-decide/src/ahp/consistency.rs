//! Random-index tables, the priority methods and the consistency thresholds.

use serde::{Deserialize, Serialize};

/// Saaty's acceptance threshold for the consistency ratio: CR ≤ 0.1 is "consistent enough".
pub const CR_THRESHOLD: f64 = 0.1;

/// The random index RI(n): the mean consistency index of random reciprocal matrices of size n,
/// the denominator of the consistency ratio CR = CI / RI. Published tables differ (they were
/// simulated with different samples and scales), so the table is a choice and is reported with
/// every CR. All tables cover n = 1…15 and give RI = 0 for n ≤ 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum RandomIndex {
    /// Saaty (1980), the classic table (RI(3) = 0.58, RI(8) = 1.41).
    #[default]
    #[serde(rename = "saaty1980")]
    Saaty1980,
    /// Saaty (2008), also in Saaty (2005) p. 31 and used by AHPy's `random_index='saaty'`
    /// (RI(3) = 0.52).
    #[serde(rename = "saaty2008")]
    Saaty2008,
    /// Tummala & Ling (1998).
    #[serde(rename = "tummala_ling1998")]
    TummalaLing1998,
    /// Alonso & Lamata (2006).
    #[serde(rename = "alonso_lamata2006")]
    AlonsoLamata2006,
    /// Donegan & Dodd (1991), AHPy's default (`random_index='dd'`).
    #[serde(rename = "donegan_dodd1991")]
    DoneganDodd1991,
}

/// Largest n covered by every table.
pub const RI_MAX_N: usize = 15;

// The tables, n = 1..=15, as collected in tests/data/mcdm-published.json `ri_tables` (copied
// from the sources named in `RandomIndex::citation`).
const SAATY1980: [f64; RI_MAX_N] =
    [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];
const SAATY2008: [f64; RI_MAX_N] =
    [0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59];
const TUMMALA_LING1998: [f64; RI_MAX_N] = [
    0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356,
    1.5571, 1.5714, 1.5831,
];
const ALONSO_LAMATA2006: [f64; RI_MAX_N] = [
    0.0, 0.0, 0.5247, 0.8816, 1.1086, 1.2479, 1.3417, 1.4057, 1.4499, 1.4854, 1.5140, 1.5365,
    1.5551, 1.5713, 1.5838,
];
const DONEGAN_DODD1991: [f64; RI_MAX_N] = [
    0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497,
    1.4643, 1.4822, 1.4969,
];

impl RandomIndex {
    /// All tables, in documentation order.
    pub const ALL: [RandomIndex; 5] = [
        Self::Saaty1980,
        Self::Saaty2008,
        Self::TummalaLing1998,
        Self::AlonsoLamata2006,
        Self::DoneganDodd1991,
    ];

    /// The name used on the command line, in the API and in results.
    pub fn key(self) -> &'static str {
        match self {
            Self::Saaty1980 => "saaty1980",
            Self::Saaty2008 => "saaty2008",
            Self::TummalaLing1998 => "tummala_ling1998",
            Self::AlonsoLamata2006 => "alonso_lamata2006",
            Self::DoneganDodd1991 => "donegan_dodd1991",
        }
    }

    /// Parses [`RandomIndex::key`] (case-insensitive, `-` for `_` accepted).
    pub fn from_key(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|r| r.key() == s)
    }

    /// The publication the table comes from.
    pub fn citation(self) -> &'static str {
        match self {
            Self::Saaty1980 => "Saaty, T.L. (1980) The Analytic Hierarchy Process. McGraw-Hill.",
            Self::Saaty2008 => {
                "Saaty, T.L. (2008) Decision making with the analytic hierarchy process. \
                 Int. J. Services Sciences 1(1), 83-98."
            }
            Self::TummalaLing1998 => {
                "Tummala, V.M.R., Ling, H. (1998) A note on the computation of the mean random \
                 consistency index of the analytic hierarchy process (AHP). Theory and Decision \
                 44, 221-230."
            }
            Self::AlonsoLamata2006 => {
                "Alonso, J.A., Lamata, M.T. (2006) Consistency in the analytic hierarchy process: \
                 a new approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems \
                 14(4), 445-459."
            }
            Self::DoneganDodd1991 => {
                "Donegan, H.A., Dodd, F.J. (1991) A note on Saaty's random indexes. \
                 Mathematical and Computer Modelling 15(10), 135-137."
            }
        }
    }

    /// The whole table, n = 1…15.
    pub fn table(self) -> &'static [f64; RI_MAX_N] {
        match self {
            Self::Saaty1980 => &SAATY1980,
            Self::Saaty2008 => &SAATY2008,
            Self::TummalaLing1998 => &TUMMALA_LING1998,
            Self::AlonsoLamata2006 => &ALONSO_LAMATA2006,
            Self::DoneganDodd1991 => &DONEGAN_DODD1991,
        }
    }

    /// RI(n), or `None` for n = 0 and for n beyond the table (no extrapolation: a CR computed
    /// from a guessed RI would look more certain than it is).
    pub fn value(self, n: usize) -> Option<f64> {
        n.checked_sub(1).and_then(|k| self.table().get(k).copied())
    }
}

/// How priorities are derived from a comparison matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityMethod {
    /// Saaty's principal right eigenvector (power iteration); Harker's method when judgments
    /// are missing.
    #[default]
    Eigenvector,
    /// Row geometric means (the logarithmic least-squares solution, Crawford & Williams 1985);
    /// the same least squares over the known pairs when judgments are missing.
    GeometricMean,
}

impl PriorityMethod {
    /// Both methods.
    pub const ALL: [PriorityMethod; 2] = [Self::Eigenvector, Self::GeometricMean];

    /// The name used on the command line, in the API and in results.
    pub fn key(self) -> &'static str {
        match self {
            Self::Eigenvector => "eigenvector",
            Self::GeometricMean => "geometric_mean",
        }
    }

    /// Parses [`PriorityMethod::key`] (also `eigen`, `ev`, `gm`, `geometric-mean`, `llsm`).
    pub fn from_key(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        match s.as_str() {
            "eigenvector" | "eigen" | "ev" => Some(Self::Eigenvector),
            "geometric_mean" | "gm" | "llsm" => Some(Self::GeometricMean),
            _ => None,
        }
    }
}

/// The acceptance threshold of the geometric consistency index (Aguarón & Moreno-Jiménez 2003):
/// 0.31 for n = 3, 0.35 for n = 4, 0.37 for n > 4 — the values that correspond to CR = 0.1.
/// `None` for n ≤ 2, where every reciprocal matrix is consistent.
pub fn gci_threshold(n: usize) -> Option<f64> {
    match n {
        0..=2 => None,
        3 => Some(0.31),
        4 => Some(0.35),
        _ => Some(0.37),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for r in RandomIndex::ALL {
            assert_eq!(RandomIndex::from_key(r.key()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.key()));
            assert_eq!(r.value(1), Some(0.0));
            assert_eq!(r.value(16), None);
            assert_eq!(r.value(0), None);
        }
        for m in PriorityMethod::ALL {
            assert_eq!(PriorityMethod::from_key(m.key()), Some(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.key()));
        }
        assert_eq!(RandomIndex::Saaty1980.value(8), Some(1.41));
        assert_eq!(RandomIndex::from_key("Alonso-Lamata2006"), Some(RandomIndex::AlonsoLamata2006));
    }
}
