//! Shared helpers: the published cases and matrix construction.

use mitra_decide::{Criterion, DecisionMatrix};
use serde_json::Value;

/// The published reference cases (`tests/data/mcdm-published.json`).
pub fn published() -> Value {
    let text = include_str!("../data/mcdm-published.json");
    serde_json::from_str(text).expect("reference file parses")
}

/// One case of the `mcdm` list by id.
pub fn mcdm_case(id: &str) -> Value {
    published()["mcdm"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
        .clone()
}

/// A float vector from a JSON array.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// A matrix from JSON rows and `types` (+1 benefit, −1 cost); alternatives A1…, criteria C1….
pub fn matrix_from(rows: &Value, types: &Value) -> DecisionMatrix {
    let rows: Vec<Vec<f64>> = rows.as_array().unwrap().iter().map(floats).collect();
    let criteria = floats(types)
        .iter()
        .enumerate()
        .map(|(j, &t)| {
            if t < 0.0 {
                Criterion::cost(format!("C{}", j + 1))
            } else {
                Criterion::benefit(format!("C{}", j + 1))
            }
        })
        .collect();
    let names = (1..=rows.len()).map(|i| format!("A{i}")).collect();
    DecisionMatrix::from_rows(names, criteria, &rows).unwrap()
}

/// Asserts `got` agrees with `expected` within `tol`, element by element.
#[track_caller]
pub fn assert_close(got: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(got.len(), expected.len(), "length: got {got:?}, expected {expected:?}");
    for (k, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!((g - e).abs() <= tol, "index {k}: got {g}, expected {e} (±{tol}); got {got:?}");
    }
}

/// Rounds to `dp` decimal places, as a printed table does.
pub fn round(x: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    (x * f).round() / f
}

/// A matrix with alternatives `a0`, `a1`, … and criteria `c0`, `c1`, … (`cost[j]` = cost).
pub fn matrix(rows: &[Vec<f64>], cost: &[bool]) -> DecisionMatrix {
    let names = (0..rows.len()).map(|i| format!("a{i}")).collect();
    DecisionMatrix::from_rows(names, Criterion::numbered(cost), rows).unwrap()
}
