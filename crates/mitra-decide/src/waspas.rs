//! WASPAS — weighted aggregated sum product assessment (Zavadskas, Turskis, Antucheviciene &
//! Zakarevicius 2012).
//!
//! On the normalised matrix r: WSM = Σⱼ wⱼ·rᵢⱼ, WPM = Πⱼ rᵢⱼ^wⱼ, score Q = λ·WSM + (1−λ)·WPM.
//! The paper uses the `linear` normalisation (x/max, cost min/x) and λ = 0.5. The method needs
//! positive raw values so that every normalisation gives factors rᵢⱼ ≥ 0; a factor of zero (the
//! column minimum under `min_max`, a cost column's maximum under `max`) makes the WPM zero, as the
//! product says, unless its weight is zero (0⁰ = 1).

use crate::{
    matrix::DecisionMatrix,
    method::{Outcome, Quantity},
    normalize::Normalization,
    par,
};

pub(crate) fn waspas(
    matrix: &DecisionMatrix,
    w: &[f64],
    lambda: f64,
    normalization: Normalization,
    detail: bool,
) -> Outcome {
    let maps = normalization.column_maps(matrix);
    let [scores, wsm, wpm] = par::map_rows_k(matrix, |row| {
        let (mut sum, mut log, mut zero) = (0.0, 0.0, false);
        for ((&x, m), &wj) in row.iter().zip(&maps).zip(w) {
            let r = m.apply(x);
            sum += wj * r;
            if wj > 0.0 {
                // Rounding can leave a tiny negative where the exact value is 0.
                if r <= 0.0 {
                    zero = true;
                } else {
                    log += wj * r.ln();
                }
            }
        }
        let product = if zero { 0.0 } else { log.exp() };
        [lambda * sum + (1.0 - lambda) * product, sum, product]
    });
    let quantities = if detail {
        vec![Quantity { name: "wsm", values: wsm }, Quantity { name: "wpm", values: wpm }]
    } else {
        Vec::new()
    };
    Outcome { scores, quantities }
}
