use super::*;

fn small_spec() -> InstrumentSpec {
    let item =
        |key: &str, component| Item { reverse: false, required: true, ..new_item(key, component) };
    InstrumentSpec {
        key: "kecil".into(),
        version: 1,
        title_id: "Kecil".into(),
        title_en: "Small".into(),
        scale: LikertScale::FIVE,
        items: vec![item("a1", Component::Trust), item("b1", Component::Commitment)],
        component_weights: [(Component::Trust, 2.0), (Component::Commitment, 1.0)].into(),
    }
}

#[test]
fn scales_are_five_or_seven() {
    assert_eq!(LikertScale::new(5).unwrap().points(), 5);
    assert_eq!(LikertScale::new(7).unwrap().points(), 7);
    for bad in [0, 1, 3, 4, 6, 10, -5] {
        assert_eq!(LikertScale::new(bad), Err(AssessmentError::InvalidScale { points: bad }));
    }
    assert_eq!(LikertScale::SEVEN.to_index(4.0), 50.0);
    assert_eq!(LikertScale::FIVE.to_index(5.0), 100.0);
    assert_eq!(LikertScale::SEVEN.to_five_point(7.0), 5.0);
    assert_eq!(LikertScale::SEVEN.to_five_point(4.0), 3.0);
}

#[test]
fn starting_instrument_is_the_questionnaire() {
    let i = Instrument::starting();
    assert_eq!(i.label(), "starting@1");
    assert_eq!(i.status(), InstrumentStatus::Published);
    assert_eq!(i.items().len(), 32);
    assert_eq!(i.components(), Component::CORE.to_vec());
    for c in Component::CORE {
        assert_eq!(i.item_indices(c).len(), 4, "{c}");
    }
    // The quoted rows keep their commas.
    let (_, cs2) = i.item("cs2").unwrap();
    assert_eq!(cs2.component, Component::ContractStyle);
    assert!(cs2.text_id.starts_with("Kontrak mengatur mutu, harga, jumlah"));
    assert!(cs2.text_en.ends_with("quantity and delivery time."));
    let (k, oc1) = i.item("oc1").unwrap();
    assert_eq!(k, 4);
    assert!(oc1.text_en.ends_with("(timeliness, quality, price)."));
    assert_eq!(i.item("jp1").unwrap().1.text_id.split(' ').next(), Some("Kami"));
}

#[test]
fn every_invariant_is_checked() {
    let check = |change: &dyn Fn(&mut InstrumentSpec), expected: AssessmentError| {
        let mut spec = small_spec();
        change(&mut spec);
        assert_eq!(Instrument::new(spec), Err(expected));
    };
    assert!(Instrument::new(small_spec()).is_ok());
    check(&|s| s.items.clear(), AssessmentError::NoItems);
    check(&|s| s.items[1].key = "a1".into(), AssessmentError::DuplicateItem { key: "a1".into() });
    check(
        &|s| s.items[0].text_en = " ".into(),
        AssessmentError::Empty { what: "the text of item 'a1'".into() },
    );
    check(&|s| s.key.clear(), AssessmentError::Empty { what: "instrument key".into() });
    check(
        &|s| s.items[1].component = Component::Scope,
        AssessmentError::ItemWithoutWeight { item: "b1".into(), component: Component::Scope },
    );
    check(
        &|s| {
            s.component_weights.insert(Component::Scope, 1.0);
        },
        AssessmentError::ComponentWithoutItems { component: Component::Scope },
    );
    check(
        &|s| {
            s.component_weights.insert(Component::Trust, -1.0);
        },
        AssessmentError::InvalidWeight { component: Component::Trust, value: -1.0 },
    );
    check(
        &|s| s.component_weights.values_mut().for_each(|w| *w = 0.0),
        AssessmentError::ZeroWeights,
    );
}

#[test]
fn published_is_immutable_and_copies_are_new_versions() {
    let mut i = Instrument::new(small_spec()).unwrap();
    i.edit(|s| s.title_en = "Small, edited".into()).unwrap();
    assert_eq!(i.title().en, "Small, edited");
    // An invalid edit leaves the draft as it was.
    assert!(i.edit(|s| s.items.clear()).is_err());
    assert_eq!(i.items().len(), 2);
    i.publish();
    let refused = i.edit(|s| s.title_en = "changed".into());
    assert_eq!(refused, Err(AssessmentError::Published { key: "kecil".into(), version: 1 }));
    assert_eq!(
        i.copy_as_draft(1),
        Err(AssessmentError::VersionNotNewer { current: 1, requested: 1 })
    );
    let mut copy = i.copy_as_draft(2).unwrap();
    assert_eq!((copy.version(), copy.status()), (2, InstrumentStatus::Draft));
    copy.edit(|s| s.scale = LikertScale::SEVEN).unwrap();
    assert_eq!(i.scale(), LikertScale::FIVE, "the published source is untouched");
    assert_eq!(copy.scale(), LikertScale::SEVEN);
}

#[test]
fn item_keys_are_checked() {
    for ok in ["a", "jp1", "trust_5", "x".repeat(ITEM_KEY_MAX).as_str()] {
        assert!(valid_item_key(ok), "{ok}");
    }
    let long = "x".repeat(ITEM_KEY_MAX + 1);
    for bad in ["", "1a", "_a", "Jp1", "jp 1", "jp-1", "jp.1", "ké", long.as_str(), "nib", "notes"]
    {
        assert!(!valid_item_key(bad), "{bad}");
    }
    let mut spec = small_spec();
    spec.items[0].key = "A1".into();
    assert_eq!(Instrument::new(spec), Err(AssessmentError::InvalidItemKey { key: "A1".into() }));
}

fn new_item(key: &str, component: Component) -> Item {
    Item {
        key: key.into(),
        component,
        text_id: format!("teks {key}"),
        text_en: format!("text {key}"),
        reverse: true,
        required: false,
    }
}

fn keys(i: &Instrument) -> Vec<&str> {
    i.items().iter().map(|it| it.key.as_str()).collect()
}

#[test]
fn items_are_added_removed_and_moved_within_their_component() {
    let mut i = Instrument::new(small_spec()).unwrap();
    // A new item goes after the last item of its component.
    i.add_item(new_item("a2", Component::Trust)).unwrap();
    i.add_item(new_item("a3", Component::Trust)).unwrap();
    assert_eq!(keys(&i), ["a1", "a2", "a3", "b1"]);
    assert!(i.item("a2").unwrap().1.reverse);
    // Refusals leave the draft as it was.
    let before = i.clone();
    assert_eq!(
        i.add_item(new_item("b1", Component::Trust)),
        Err(AssessmentError::DuplicateItem { key: "b1".into() })
    );
    assert_eq!(
        i.add_item(new_item("Bad key", Component::Trust)),
        Err(AssessmentError::InvalidItemKey { key: "Bad key".into() })
    );
    assert_eq!(
        i.add_item(new_item("s1", Component::Scope)),
        Err(AssessmentError::ItemWithoutWeight { item: "s1".into(), component: Component::Scope })
    );
    assert_eq!(
        i.remove_item("b1"),
        Err(AssessmentError::ComponentWithoutItems { component: Component::Commitment }),
        "the last item of a component stays"
    );
    assert_eq!(i.remove_item("zz"), Err(AssessmentError::UnknownItem { key: "zz".into() }));
    assert_eq!(i, before);
    // Moves swap with the neighbour of the same component; at the ends nothing moves.
    i.move_item("a3", ItemMove::Up).unwrap();
    assert_eq!(keys(&i), ["a1", "a3", "a2", "b1"]);
    i.move_item("a1", ItemMove::Up).unwrap();
    i.move_item("a2", ItemMove::Down).unwrap();
    i.move_item("b1", ItemMove::Up).unwrap();
    assert_eq!(keys(&i), ["a1", "a3", "a2", "b1"], "no neighbour of the same component");
    i.move_item("a1", ItemMove::Down).unwrap();
    assert_eq!(keys(&i), ["a3", "a1", "a2", "b1"]);
    i.remove_item("a1").unwrap();
    assert_eq!(keys(&i), ["a3", "a2", "b1"]);
    // A published instrument refuses all three.
    i.publish();
    let published = Err(AssessmentError::Published { key: "kecil".into(), version: 1 });
    assert_eq!(i.add_item(new_item("a9", Component::Trust)), published);
    assert_eq!(i.remove_item("a2"), published);
    assert_eq!(i.move_item("a2", ItemMove::Up), published);
    assert_eq!(keys(&i), ["a3", "a2", "b1"]);
}

#[test]
fn the_optional_risk_reward_component_comes_and_goes_with_its_items() {
    let mut i = Instrument::new(small_spec()).unwrap();
    let rr = Component::RiskRewardSharing;
    assert!(!i.components().contains(&rr));
    assert!(i.addable_components().contains(&rr));
    assert!(!i.addable_components().contains(&Component::Scope), "core components are not added");
    i.add_item(new_item("rr1", rr)).unwrap();
    i.add_item(new_item("rr2", rr)).unwrap();
    assert_eq!(i.components().last(), Some(&rr));
    assert_eq!(i.weights().get(&rr), Some(&1.0), "its first item adds it with weight 1");
    assert_eq!(i.addable_components(), i.components(), "nothing more to add");
    i.remove_item("rr1").unwrap();
    assert_eq!(i.weights().get(&rr), Some(&1.0), "still measured by rr2");
    i.remove_item("rr2").unwrap();
    assert!(
        !i.components().contains(&rr) && !i.weights().contains_key(&rr),
        "gone with its last item"
    );
    assert_eq!(i, Instrument::new(small_spec()).unwrap());
}

#[test]
fn stored_instruments_are_validated_on_load() {
    let i = Instrument::starting();
    let json = serde_json::to_string(&i).unwrap();
    assert!(json.contains("\"status\":\"published\""));
    assert!(json.contains("\"scale\":5"));
    let back: Instrument = serde_json::from_str(&json).unwrap();
    assert_eq!(back, i);
    let broken = json.replace("\"scale\":5", "\"scale\":4");
    assert!(serde_json::from_str::<Instrument>(&broken).is_err());
    let duplicated = json.replace("\"key\":\"jp2\"", "\"key\":\"jp1\"");
    let err = serde_json::from_str::<Instrument>(&duplicated).unwrap_err();
    assert!(err.to_string().contains("'jp1' appears twice"), "{err}");
}

#[test]
fn quoted_fields_split() {
    assert_eq!(split_quoted("a,\"b, c\",\"d \"\"e\"\"\"").unwrap(), ["a", "b, c", "d \"e\""]);
    assert_eq!(split_quoted("a,,b").unwrap(), ["a", "", "b"]);
    assert!(split_quoted("a,\"b").is_err());
}
