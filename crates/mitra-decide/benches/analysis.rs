//! Benchmarks of the analysis layer on a 1,000 × 8 problem: SMAA-2 with 10,000 weight draws
//! (target: under 1 s in a release build) and the winner stability intervals.

use criterion::{criterion_group, criterion_main, Criterion};
use mitra_decide::{
    smaa2, winner_intervals, Criterion as Crit, DecisionMatrix, Method, Normalization,
    WeightSampling, Weights,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

/// 1,000 alternatives × 8 criteria (every third a cost), values uniform in [1, 100).
fn problem() -> (DecisionMatrix, Weights) {
    let (m, n) = (1000, 8);
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let values: Vec<f64> = (0..m * n).map(|_| 1.0 + 99.0 * rng.random::<f64>()).collect();
    let criteria =
        (0..n)
            .map(|j| {
                if j % 3 == 2 {
                    Crit::cost(format!("c{j}"))
                } else {
                    Crit::benefit(format!("c{j}"))
                }
            })
            .collect();
    let names = (0..m).map(|i| format!("s{i}")).collect();
    let matrix = DecisionMatrix::new(names, criteria, values).expect("valid matrix");
    let weights = Weights::new(&[3.0, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0]).expect("valid weights");
    (matrix, weights)
}

fn smaa(c: &mut Criterion) {
    let (m, _) = problem();
    for method in [
        Method::Topsis { normalization: Normalization::Vector },
        Method::Saw { normalization: Normalization::MinMax },
    ] {
        c.bench_function(&format!("smaa2 {} 10000 x (1000 x 8)", method.key()), |b| {
            b.iter(|| smaa2(&method, black_box(&m), WeightSampling::Simplex, 10_000, 7))
        });
    }
}

fn intervals(c: &mut Criterion) {
    let (m, w) = problem();
    for method in [
        Method::Topsis { normalization: Normalization::Vector },
        Method::Saw { normalization: Normalization::MinMax },
    ] {
        c.bench_function(&format!("winner_intervals {} 1000 x 8", method.key()), |b| {
            b.iter(|| winner_intervals(&method, black_box(&m), black_box(&w)))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = smaa, intervals
}
criterion_main!(benches);
