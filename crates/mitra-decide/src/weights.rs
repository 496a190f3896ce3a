//! Criterion weights that always sum to one.

use crate::DecideError;
use serde::Serialize;

/// Non-negative weights that sum to 1 (within floating-point rounding), one per criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Weights(Vec<f64>);

impl Weights {
    /// Normalises raw importances (any positive scale: 3, 2, 1 or 30 %, 20 %…) to sum 1.
    /// Rejects an empty list, negative or non-finite values, and all zeros.
    pub fn new(raw: &[f64]) -> Result<Self, DecideError> {
        if raw.is_empty() {
            return Err(DecideError::NoCriteria);
        }
        if let Some((index, &value)) =
            raw.iter().enumerate().find(|(_, v)| !v.is_finite() || **v < 0.0)
        {
            return Err(DecideError::InvalidWeight { index, value });
        }
        let sum: f64 = raw.iter().sum();
        if sum <= 0.0 {
            return Err(DecideError::ZeroWeights);
        }
        Ok(Self(raw.iter().map(|w| w / sum).collect()))
    }

    /// `n` equal weights.
    pub fn equal(n: usize) -> Result<Self, DecideError> {
        Self::new(&vec![1.0; n])
    }

    /// For engine code whose output is non-negative with a positive sum by construction:
    /// normalises without returning an error (an impossible all-zero input gives equal weights).
    pub(crate) fn from_nonnegative(raw: Vec<f64>) -> Self {
        let sum: f64 = raw.iter().sum();
        if sum > 0.0 && sum.is_finite() {
            Self(raw.into_iter().map(|w| w / sum).collect())
        } else {
            let n = raw.len() as f64;
            Self(vec![1.0 / n; raw.len()])
        }
    }

    /// The weights as a slice.
    pub fn as_slice(&self) -> &[f64] {
        &self.0
    }
    /// Number of weights.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Always `false`: a `Weights` has at least one entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Checks that there is one weight per criterion.
    pub fn check_len(&self, n_criteria: usize) -> Result<(), DecideError> {
        if self.0.len() == n_criteria {
            Ok(())
        } else {
            Err(DecideError::WeightCount { expected: n_criteria, found: self.0.len() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_rejects() {
        let w = Weights::new(&[3.0, 1.0]).unwrap();
        assert_eq!(w.as_slice(), &[0.75, 0.25]);
        assert_eq!(Weights::new(&[0.0, 0.0]), Err(DecideError::ZeroWeights));
        assert_eq!(
            Weights::new(&[1.0, -1.0]),
            Err(DecideError::InvalidWeight { index: 1, value: -1.0 })
        );
        assert!(Weights::new(&[f64::NAN]).is_err());
        assert!(Weights::new(&[]).is_err());
    }
}
