use super::*;
use crate::selection::{standard_criteria, CandidateOrigin, CandidateResponse, CriterionValue};

fn candidate(id: i64, values: &[f64]) -> Candidate {
    let criteria = standard_criteria();
    Candidate {
        organisation_id: id,
        name: format!("UMKM {id}"),
        regency: "1275".into(),
        size_class: None,
        origin: CandidateOrigin::Registry,
        response: CandidateResponse::Pending,
        excluded: false,
        quote: None,
        values: criteria
            .iter()
            .zip(values)
            .map(|(k, v)| (k.key.clone(), CriterionValue { value: *v, source: ValueSource::Buyer }))
            .collect(),
        shared_assessment_id: None,
        award_quantity: None,
        partnership_id: None,
    }
}

const A: [f64; 11] = [80.0, 70.0, 75.0, 90.0, 85.0, 60.0, 50.0, 40.0, 95.0, 98.0, 85_000.0];
const B: [f64; 11] = [60.0, 65.0, 70.0, 70.0, 80.0, 55.0, 50.0, 30.0, 90.0, 96.0, 90_000.0];
const C: [f64; 11] = [90.0, 40.0, 60.0, 60.0, 70.0, 80.0, 70.0, 20.0, 80.0, 90.0, 70_000.0];

#[test]
fn missing_values_are_listed_and_resolved_by_exclusion() {
    let criteria = standard_criteria();
    let mut short = candidate(3, &C[..10]);
    let cands = vec![candidate(1, &A), candidate(2, &B), short.clone()];
    match build(&criteria, &cands) {
        Err(NotReady::Missing(m)) => {
            assert_eq!(m, vec![Missing { organisation_id: 3, criterion: "price".into() }])
        }
        other => panic!("{other:?}"),
    }
    // Exclude the candidate …
    short.excluded = true;
    let p = build(&criteria, &[candidate(1, &A), candidate(2, &B), short]).unwrap();
    assert_eq!(p.candidates, vec![1, 2]);
    // … or the criterion.
    let mut without_price = criteria.clone();
    without_price[10].included = false;
    let p = build(&without_price, &cands).unwrap();
    assert_eq!((p.matrix.n_alternatives(), p.matrix.n_criteria()), (3, 10));
    assert!(matches!(build(&criteria, &[]), Err(NotReady::NoCandidates)));
}

#[test]
fn a_dominated_candidate_never_outranks_its_dominator() {
    let criteria = standard_criteria();
    // B is dominated by A: no better anywhere, price higher.
    let p = build(&criteria, &[candidate(2, &B), candidate(1, &A), candidate(3, &C)]).unwrap();
    let row = |id: i64| p.candidates.iter().position(|&c| c == id).unwrap();
    for key in mitra_decide::MethodKey::ALL {
        let m = key.method(11);
        let a = analyse(&p, &m, &direct_weights(&criteria).unwrap()).unwrap();
        let ranks = &a.evaluation.ranks;
        assert!(ranks[row(1)] <= ranks[row(2)], "{key}: {ranks:?}");
    }
}

#[test]
fn the_problem_does_not_depend_on_the_order_or_shape_the_candidates_come_in() {
    let mut criteria = standard_criteria();
    criteria[3].included = false;
    let mut declined = candidate(4, &A);
    declined.response = CandidateResponse::Declined;
    let mut quoted = candidate(5, &C[..10]);
    quoted.quote = Some(crate::selection::Quote {
        unit_price: 65_000,
        lead_time_days: 7,
        min_order: None,
        capacity: None,
    });
    let pool = vec![candidate(3, &C), quoted, candidate(1, &A), declined, candidate(2, &B)];
    let reference = build(&criteria, &pool).unwrap();
    assert_eq!(reference.candidates, vec![1, 2, 3, 5], "ranked only, by organisation id");
    assert_eq!(reference.matrix.n_criteria(), 10, "included criteria only");
    // The quote's price stands in for the missing price value, with its source.
    assert_eq!(reference.matrix.get(3, 9), 65_000.0);
    assert_eq!(reference.sources[3 * 10 + 9], ValueSource::Quote);
    let mut reversed = pool.clone();
    reversed.reverse();
    assert_eq!(build(&criteria, &reversed).unwrap(), reference);
    // Ranking rows (what the store loads for large pools) give the very same problem.
    let rows: Vec<RankingRow> =
        pool.iter().rev().filter(|c| c.ranked()).map(|c| c.ranking_row(&criteria)).collect();
    assert_eq!(build_from_rows(&criteria, rows.clone()).unwrap(), reference);
    // A row with a value missing on an included criterion is reported, not ranked.
    let mut short = rows;
    short[0].values[10] = None;
    let id = short[0].organisation_id;
    assert_eq!(
        build_from_rows(&criteria, short),
        Err(NotReady::Missing(vec![Missing { organisation_id: id, criterion: "price".into() }]))
    );
}

#[test]
fn analysis_matches_the_engine_and_contributions_add_up_for_saw() {
    let criteria = standard_criteria();
    let p = build(&criteria, &[candidate(1, &A), candidate(2, &B), candidate(3, &C)]).unwrap();
    let w = direct_weights(&criteria).unwrap();
    let saw = Method::default_for("saw", 11).unwrap();
    let a = analyse(&p, &saw, &w).unwrap();
    let engine = saw.evaluate(&p.matrix, &w).unwrap();
    assert_eq!(a.evaluation.scores, engine.scores);
    for (row, score) in a.contributions.iter().zip(&engine.scores) {
        assert!((row.iter().sum::<f64>() - score).abs() < 1e-12);
    }
    let cmp = a.comparison.unwrap();
    assert_eq!(cmp.evaluations[0].method.key(), "saw");
    assert!(cmp.evaluations.len() >= 4);
    let st = a.stability.unwrap();
    assert_eq!(st.intervals.len(), 11);
    let smaa = a.smaa.unwrap();
    for row in &smaa.rank_acceptability {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

#[test]
fn own_standing_gives_a_band_and_the_criteria_it_trails_never_a_score() {
    let criteria = standard_criteria();
    let p = build(&criteria, &[candidate(1, &A), candidate(2, &B), candidate(3, &C)]).unwrap();
    let w = direct_weights(&criteria).unwrap();
    for key in ["topsis", "saw", "vikor", "promethee", "wp", "copras", "moora"] {
        let m = Method::default_for(key, 11).unwrap();
        let a = analyse_ranking(&p, &m, &w).unwrap();
        let e = &a.evaluation;
        for row in 0..3 {
            let s = own_standing(&a, &m, &w, row).unwrap();
            assert_eq!((s.rank, s.of), (e.ranks[row], 3), "{key}");
            assert_eq!(s.gap == ScoreGap::Leading, e.ranks[row] == 1, "{key}");
            // Exactly the criteria on which another candidate is better, heaviest first.
            for j in 0..11 {
                let best = (0..3).map(|i| a.contributions[i][j]).fold(f64::MIN, f64::max);
                assert_eq!(s.behind_on.contains(&j), a.contributions[row][j] < best, "{key}: {j}");
            }
            let weights: Vec<f64> = s.behind_on.iter().map(|&j| w.as_slice()[j]).collect();
            assert!(weights.windows(2).all(|x| x[0] >= x[1]), "{key}: {weights:?}");
        }
        assert_eq!(own_standing(&a, &m, &w, 3), None);
    }
    // Bands by the score gap: SAW with two candidates whose scores are 10/11 and 1/11 is "far".
    let two = build(&criteria, &[candidate(1, &A), candidate(2, &A.map(|x| x * 0.5))]).unwrap();
    let saw = Method::default_for("saw", 11).unwrap();
    let a = analyse_ranking(&two, &saw, &w).unwrap();
    let loser = a.evaluation.ranks.iter().position(|&r| r == 2).unwrap();
    assert_eq!(own_standing(&a, &saw, &w, loser).unwrap().gap, ScoreGap::Far);
}

#[test]
fn percentages_are_rescaled_to_one_hundred() {
    let raw: BTreeMap<String, String> = [("a", "30"), ("b", "30"), ("c", "0,0")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let w = normalise_percentages(&raw).unwrap();
    assert_eq!(w["a"], 50.0);
    assert!((w.values().sum::<f64>() - 100.0).abs() < 1e-12);
    let bad: BTreeMap<String, String> = [("a".to_string(), "-1".to_string())].into();
    assert_eq!(
        normalise_percentages(&bad).unwrap_err().code_for("weights.a"),
        Some("selection.weight_number")
    );
    let zero: BTreeMap<String, String> = [("a".to_string(), "0".to_string())].into();
    assert_eq!(
        normalise_percentages(&zero).unwrap_err().code_for("weights"),
        Some("selection.weights_zero")
    );
}

fn judgments(id: i64, criteria: &[EventCriterion], f: impl Fn(usize, usize) -> f64) -> Judgments {
    let keys: Vec<&String> = criteria.iter().filter(|c| c.included).map(|c| &c.key).collect();
    let mut values = BTreeMap::new();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            values.insert((keys[i].clone(), keys[j].clone()), f(i, j));
        }
    }
    Judgments { evaluator_id: id, evaluator_name: format!("E{id}"), values }
}

#[test]
fn three_evaluators_aggregate_as_the_engine_does() {
    let mut criteria = standard_criteria();
    for c in criteria.iter_mut().skip(4) {
        c.included = false;
    }
    // Consistent judgments from weights 4:3:2:1, 1:1:1:1 and 1:2:3:4.
    let ws = [[4.0, 3.0, 2.0, 1.0], [1.0; 4], [1.0, 2.0, 3.0, 4.0]];
    let evaluators: Vec<Judgments> = ws
        .iter()
        .enumerate()
        .map(|(e, w)| judgments(e as i64 + 1, &criteria, |i, j| w[i] / w[j]))
        .collect();
    for (j, w) in evaluators.iter().zip(&ws) {
        let r = evaluator_result(&criteria, j).unwrap();
        let total: f64 = w.iter().sum();
        for (got, want) in r.weights.as_slice().iter().zip(w) {
            assert!((got - want / total).abs() < 1e-9);
        }
        assert!(r.cr.unwrap() < 1e-9);
    }
    let (g, who) = group_weights(&criteria, &evaluators).unwrap();
    assert_eq!(who, vec![1, 2, 3]);
    // The geometric mean of the three weight vectors is (4·1·1)^(1/3) : (3·1·2)^(1/3) : … .
    let gm: Vec<f64> = (0..4).map(|i| (ws[0][i] * ws[1][i] * ws[2][i]).cbrt()).collect();
    let total: f64 = gm.iter().sum();
    for (got, want) in g.weights.as_slice().iter().zip(&gm) {
        assert!((got - want / total).abs() < 1e-9, "{:?}", g.weights);
    }
    // An evaluator halfway through is shown (Harker) but left out of the group.
    let mut partial = judgments(4, &criteria, |_, _| 2.0);
    partial.values.pop_first();
    assert!(evaluator_result(&criteria, &partial).is_some());
    let (_, who) = group_weights(&criteria, &[evaluators[0].clone(), partial]).unwrap();
    assert_eq!(who, vec![1]);
    assert_eq!(pairs(&criteria).len(), 6);
}

#[test]
fn large_pools_are_ranked_without_the_quadratic_analyses() {
    let criteria = standard_criteria();
    let w = direct_weights(&criteria).unwrap();
    let topsis = Method::default_for("topsis", 11).unwrap();
    let pool = |n: usize| -> Vec<Candidate> {
        (0..n)
            .map(|i| {
                let mut v = A;
                v[i % 8] = (i % 97) as f64;
                v[10] = 50_000.0 + i as f64;
                candidate(i as i64 + 1, &v)
            })
            .collect()
    };
    let at_limit = build(&criteria, &pool(COMPARISON_LIMIT)).unwrap();
    let a = analyse(&at_limit, &topsis, &w).unwrap();
    assert!(a.comparison.is_some_and(|c| c.evaluations.len() >= 4));
    assert!(a.stability.is_none() && a.smaa.is_none(), "beyond their own limits");
    let above = build(&criteria, &pool(COMPARISON_LIMIT + 1)).unwrap();
    let a = analyse(&above, &topsis, &w).unwrap();
    assert!(a.comparison.is_none(), "no pairwise consensus above the limit");
    assert_eq!(a.evaluation, topsis.evaluate(&above.matrix, &w).unwrap());
    assert_eq!(a.contributions.len(), COMPARISON_LIMIT + 1);
}

#[test]
fn huge_direct_weights_stay_finite_and_sum_to_100() {
    let raw: BTreeMap<String, String> = [("a", "1e308"), ("b", "1e308"), ("c", "5e307")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let p = normalise_percentages(&raw).expect("valid weights");
    assert!(p.values().all(|v| v.is_finite()), "{p:?}");
    assert!((p.values().sum::<f64>() - 100.0).abs() < 1e-9);
    assert!((p["a"] - 40.0).abs() < 1e-9 && (p["c"] - 20.0).abs() < 1e-9, "{p:?}");
    let tiny: BTreeMap<String, String> =
        [("a".to_string(), "1e-320".to_string()), ("b".to_string(), "0".to_string())].into();
    let p = normalise_percentages(&tiny).expect("a subnormal weight is still a weight");
    assert_eq!((p["a"], p["b"]), (100.0, 0.0));
}
