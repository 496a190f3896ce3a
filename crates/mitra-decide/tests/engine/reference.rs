//! Published worked examples, reproduced to the precision they were printed with.

use crate::common::*;
use mitra_decide::{Method, Normalization, Weights};

#[test]
fn topsis_hwang_yoon_aircraft() {
    let c = mcdm_case("hwang_yoon1981_aircraft_topsis");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let e = Method::Topsis { normalization: Normalization::Vector }.evaluate(&m, &w).unwrap();
    // The book rounds intermediate values to 4 dp, so agreement is to about 2e-3.
    assert_close(&e.scores, &floats(&c["published"]["closeness_3dp"]), 2e-3);
    let ranks: Vec<f64> = e.ranks.iter().map(|&r| r as f64).collect();
    assert_eq!(ranks, floats(&c["published"]["ranking"]));
}

#[test]
fn topsis_tzeng_huang() {
    let c = mcdm_case("tzeng_huang2011_topsis");
    let m = matrix_from(&c["matrix"], &c["types"]);
    let w = Weights::new(&floats(&c["weights"])).unwrap();
    let e = Method::Topsis { normalization: Normalization::Vector }.evaluate(&m, &w).unwrap();
    let printed: Vec<f64> = e.scores.iter().map(|&s| round(s, 4)).collect();
    assert_close(&printed, &floats(&c["published"]["closeness_4dp"]), 1e-12);
    let ranks: Vec<f64> = e.ranks.iter().map(|&r| r as f64).collect();
    assert_eq!(ranks, floats(&c["published"]["ranking"]));
}
