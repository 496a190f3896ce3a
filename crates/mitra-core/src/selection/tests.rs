use super::*;

fn event_draft() -> EventDraft {
    EventDraft {
        title: "Kopi arabika Q1".into(),
        product: "kopi arabika".into(),
        quantity: "12.000".into(),
        unit: "kg".into(),
        period_start: "2027-01-01".into(),
        period_end: "2027-03-31".into(),
        regency: "1211".into(),
        pattern: "rantai_pasok".into(),
        method: String::new(),
    }
}

#[test]
fn an_event_parses_with_topsis_by_default() {
    let e = event_draft().parse().unwrap();
    assert_eq!(
        (e.quantity, e.method.as_str(), e.pattern.key()),
        (12_000, "topsis", "rantai_pasok")
    );
}

#[test]
fn every_bad_event_field_is_reported() {
    let d = EventDraft {
        title: " ".into(),
        quantity: "0".into(),
        period_start: "2027-03-01".into(),
        period_end: "2027-01-01".into(),
        regency: "9999".into(),
        pattern: "barter".into(),
        method: "magic".into(),
        ..event_draft()
    };
    let e = d.parse().unwrap_err();
    for (field, code) in [
        ("title", "field.required"),
        ("quantity", "selection.quantity_positive"),
        ("period_end", "dates.order"),
        ("regency", "regency.unknown"),
        ("pattern", "field.choice"),
        ("method", "field.choice"),
    ] {
        assert_eq!(e.code_for(field), Some(code), "{field}: {e}");
    }
}

#[test]
fn quotes_need_a_positive_price_and_a_lead_time() {
    let q = QuoteDraft {
        unit_price: "Rp 85.000".into(),
        lead_time_days: "7".into(),
        ..Default::default()
    };
    assert_eq!(q.parse().unwrap().unit_price, 85_000);
    let bad =
        QuoteDraft { unit_price: "0".into(), lead_time_days: "400".into(), ..Default::default() };
    let e = bad.parse().unwrap_err();
    assert_eq!(e.code_for("unit_price"), Some("selection.price_positive"));
    assert_eq!(e.code_for("lead_time_days"), Some("field.too_large"));
}

#[test]
fn standard_criteria_are_the_eight_components_and_three_indicators() {
    let c = standard_criteria();
    assert_eq!(c.len(), 11);
    assert_eq!(c.iter().filter(|k| k.component().is_some()).count(), 8);
    assert!(c.iter().find(|k| k.key == "price").unwrap().cost);
    assert_eq!(c[0].name(crate::Lang::Id), "perencanaan bersama");
    assert_eq!(c[10].name(crate::Lang::En), crate::t(crate::Lang::En, "selection.indicator.price"));
}

#[test]
fn custom_criteria_get_the_next_free_key_and_unique_names() {
    let mut c = standard_criteria();
    let d = CustomCriterionDraft {
        name: "Jarak gudang".into(),
        kind: "cost".into(),
        unit: "km".into(),
    };
    let k = d.parse(&c).unwrap();
    assert_eq!((k.key.as_str(), k.cost), ("custom_1", true));
    c.push(k);
    assert_eq!(d.parse(&c).unwrap_err().code_for("name"), Some("selection.criterion_exists"));
    let d2 = CustomCriterionDraft { name: "Halal".into(), kind: "x".into(), unit: String::new() };
    assert_eq!(d2.parse(&c).unwrap_err().code_for("kind"), Some("field.choice"));
}

#[test]
fn values_are_checked_against_their_criterion() {
    let c = standard_criteria();
    let trust = &c[3];
    let price = &c[10];
    assert_eq!(parse_value(trust, "72,5"), Ok(Some(72.5)));
    assert_eq!(parse_value(trust, "101"), Err("selection.value_percent"));
    assert_eq!(parse_value(trust, "tinggi"), Err("selection.value_number"));
    assert_eq!(parse_value(trust, "72.5"), Ok(Some(72.5)));
    assert_eq!(parse_value(price, "85.000"), Ok(Some(85_000.0)));
    assert_eq!(parse_value(price, "1.234.567,5"), Ok(Some(1_234_567.5)));
    assert_eq!(parse_value(price, "-3"), Err("selection.price_positive"));
    assert_eq!(parse_value(price, " "), Ok(None));
}

fn candidate(id: i64) -> Candidate {
    Candidate {
        organisation_id: id,
        name: format!("UMKM {id}"),
        regency: "1275".into(),
        size_class: None,
        origin: CandidateOrigin::Invited,
        response: CandidateResponse::Accepted,
        excluded: false,
        quote: None,
        values: BTreeMap::new(),
        shared_assessment_id: None,
        award_quantity: None,
        partnership_id: None,
    }
}

#[test]
fn the_quote_price_stands_in_for_a_missing_price_value() {
    let c = standard_criteria();
    let mut k = candidate(1);
    assert_eq!(k.value(&c[10]), None);
    k.quote =
        Some(Quote { unit_price: 90_000, lead_time_days: 3, min_order: None, capacity: None });
    assert_eq!(k.value(&c[10]).map(|v| (v.value, v.source)), Some((90_000.0, ValueSource::Quote)));
    k.values
        .insert("price".into(), CriterionValue { value: 80_000.0, source: ValueSource::Entered });
    assert_eq!(k.value(&c[10]).map(|v| v.source), Some(ValueSource::Entered));
}

#[test]
fn decisions_split_the_whole_quantity_among_ranked_candidates() {
    let event = SourcingEvent {
        id: 1,
        buyer_id: 9,
        buyer_name: "B".into(),
        revision: 1,
        previous_id: None,
        need: event_draft().parse().unwrap(),
        weight_mode: WeightMode::Direct,
        status: EventStatus::Open,
        version: 1,
        created_at: 0,
        decision: None,
    };
    let mut declined = candidate(3);
    declined.response = CandidateResponse::Declined;
    let cands = vec![candidate(1), candidate(2), declined];
    let draft = |awards: &[(&str, &str)], reason: &str| DecisionDraft {
        awards: awards.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        reason: reason.into(),
    };
    let ok = draft(&[("1", "8.000"), ("2", "4000"), ("3", "")], "Skor tertinggi");
    assert_eq!(ok.parse(&event, &cands).unwrap().0, vec![(1, 8_000), (2, 4_000)]);
    let e = draft(&[("1", "8000")], "x").parse(&event, &cands).unwrap_err();
    assert_eq!(e.code_for("awards"), Some("selection.award_sum"));
    let e = draft(&[("3", "12000")], "").parse(&event, &cands).unwrap_err();
    assert_eq!(e.code_for("awards.3"), Some("selection.not_candidate"));
    assert_eq!(e.code_for("reason"), Some("field.required"));
    let e = draft(&[], "x").parse(&event, &cands).unwrap_err();
    assert_eq!(e.code_for("awards"), Some("selection.no_winner"));
}
