//! Ranking-method speed against the cost of simply reading (or sorting) the same data.
//!
//! * `stream_1m_x8`: SAW, TOPSIS and VIKOR on 1,000,000 × 8 next to one streaming pass that sums
//!   the matrix (single-threaded and with rayon). Target: within 3× of the sum.
//! * `promethee_1m_x8`: PROMETHEE II (types I–V) next to copying and sorting the 8 columns
//!   (single-threaded and one column per task). Target: under 3× the sort.
//! * `promethee_gaussian_2k_x8`: type VI is O(m log m + k) for the k pairs closer than 9s,
//!   O(m²) at worst (values on 1–100: s = 1 evaluates about a fifth of the pairs, s = 10 all),
//!   so it is measured on a small matrix.
//! * `rank_1m`: turning 1,000,000 scores into ranks (a sort), part of every full evaluation.
//! * `small_20_x8`: a typical sourcing event, every method, single-threaded.
//!
//! `*/scores` is the score computation alone ([`Method::scores`]); `*/evaluate` adds ranks and
//! the method's quantities.
//!
//! Run with `cargo bench -p mitra-decide --bench methods -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mitra_decide::{
    rank, Criterion as Crit, DecisionMatrix, Method, Normalization, Preference, ScoreOrder, Weights,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

/// An m × 8 matrix of positive values (5 benefit, 3 cost criteria) and unequal weights.
fn problem(m: usize) -> (DecisionMatrix, Weights) {
    let n = 8;
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let values: Vec<f64> = (0..m * n).map(|_| rng.random_range(1.0..100.0)).collect();
    let criteria = (0..n)
        .map(|j| if j < 5 { Crit::benefit(format!("b{j}")) } else { Crit::cost(format!("c{j}")) })
        .collect();
    let names = (0..m).map(|i| format!("a{i}")).collect();
    let matrix = DecisionMatrix::new(names, criteria, values).expect("valid matrix");
    let weights = Weights::new(&[3.0, 2.0, 2.0, 1.0, 1.0, 4.0, 2.0, 1.0]).expect("valid weights");
    (matrix, weights)
}

fn stream(c: &mut Criterion) {
    let (matrix, weights) = problem(1_000_000);
    let mut g = c.benchmark_group("stream_1m_x8");
    g.sample_size(10).throughput(Throughput::Elements(matrix.values().len() as u64));
    g.bench_function("baseline/sum", |b| b.iter(|| black_box(matrix.values()).iter().sum::<f64>()));
    g.bench_function("baseline/par_sum", |b| {
        b.iter(|| black_box(matrix.values()).par_iter().sum::<f64>())
    });
    let methods = [
        ("saw_min_max", Method::Saw { normalization: Normalization::MinMax }),
        ("saw_vector", Method::Saw { normalization: Normalization::Vector }),
        ("topsis", Method::Topsis { normalization: Normalization::Vector }),
        ("vikor", Method::Vikor { v: 0.5 }),
    ];
    for (name, method) in &methods {
        g.bench_function(BenchmarkId::new(*name, "scores"), |b| {
            b.iter(|| method.scores(black_box(&matrix), &weights).expect("valid"))
        });
        g.bench_function(BenchmarkId::new(*name, "evaluate"), |b| {
            b.iter(|| method.evaluate(black_box(&matrix), &weights).expect("valid"))
        });
    }
    g.finish();

    let scores = Method::Topsis { normalization: Normalization::Vector }
        .scores(&matrix, &weights)
        .expect("valid");
    let mut g = c.benchmark_group("rank_1m");
    g.sample_size(10);
    g.bench_function("ranks", |b| {
        b.iter(|| rank::ranks(black_box(&scores), ScoreOrder::HigherIsBetter))
    });
    g.finish();
}

/// Copy each column out of the row-major buffer and sort it, as PROMETHEE must.
fn sort_column(matrix: &DecisionMatrix, j: usize) -> Vec<f64> {
    let mut col: Vec<f64> = matrix.column(j).collect();
    col.sort_unstable_by(f64::total_cmp);
    col
}

fn promethee(c: &mut Criterion) {
    let (matrix, weights) = problem(1_000_000);
    let n = matrix.n_criteria();
    let mut g = c.benchmark_group("promethee_1m_x8");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("baseline/sort_columns", |b| {
        b.iter(|| (0..n).map(|j| sort_column(black_box(&matrix), j)).collect::<Vec<_>>())
    });
    g.bench_function("baseline/par_sort_columns", |b| {
        b.iter(|| {
            (0..n).into_par_iter().map(|j| sort_column(black_box(&matrix), j)).collect::<Vec<_>>()
        })
    });
    let prefs = [
        ("usual", Preference::usual()),
        ("u_shape", Preference::u_shape(5.0)),
        ("v_shape", Preference::v_shape(20.0)),
        ("level", Preference::level(5.0, 20.0)),
        ("linear", Preference::linear(5.0, 20.0)),
    ];
    for (name, pref) in prefs {
        let method = Method::Promethee { preferences: vec![pref; n] };
        g.bench_function(BenchmarkId::new(name, "scores"), |b| {
            b.iter(|| method.scores(black_box(&matrix), &weights).expect("valid"))
        });
    }
    let method = Method::Promethee { preferences: vec![Preference::linear(5.0, 20.0); n] };
    g.bench_function(BenchmarkId::new("linear", "evaluate"), |b| {
        b.iter(|| method.evaluate(black_box(&matrix), &weights).expect("valid"))
    });
    g.finish();

    let (matrix, weights) = problem(2_000);
    let mut g = c.benchmark_group("promethee_gaussian_2k_x8");
    g.sample_size(10);
    for s in [1.0, 10.0] {
        let method = Method::Promethee { preferences: vec![Preference::gaussian(s); n] };
        g.bench_function(BenchmarkId::new("gaussian", format!("s={s}")), |b| {
            b.iter(|| method.scores(black_box(&matrix), &weights).expect("valid"))
        });
    }
    g.finish();
}

fn small(c: &mut Criterion) {
    let (matrix, weights) = problem(20);
    let mut g = c.benchmark_group("small_20_x8");
    for key in mitra_decide::MethodKey::ALL {
        let method = key.method(matrix.n_criteria());
        g.bench_function(key.as_str(), |b| {
            b.iter(|| method.evaluate(black_box(&matrix), &weights).expect("valid"))
        });
    }
    g.finish();
}

criterion_group!(benches, stream, promethee, small);
criterion_main!(benches);
