//! Answers to an instrument: validated [`Likert`] values per item, possibly incomplete.

use super::{AssessmentError, Instrument, Item, LikertScale};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// One answer on a Likert scale: always within 1..=points of the scale it was made for
/// (`Likert::new(7, &LikertScale::FIVE)` fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Likert {
    value: u8,
    points: u8,
}

impl Likert {
    /// The answer `value` on `scale`, or [`AssessmentError::OutOfScale`].
    pub fn new(value: i64, scale: &LikertScale) -> Result<Likert, AssessmentError> {
        let points = scale.points();
        match u8::try_from(value) {
            Ok(v) if (1..=points).contains(&v) => Ok(Likert { value: v, points }),
            _ => Err(AssessmentError::OutOfScale { value, points }),
        }
    }

    /// The answer, 1..=points.
    pub fn value(self) -> u8 {
        self.value
    }

    /// The points of the scale the answer was given on.
    pub fn points(self) -> u8 {
        self.points
    }

    /// The answer of a negatively worded item turned round: `points + 1 − value` (on a 5-point
    /// scale 1 ↔ 5, 2 ↔ 4, 3 stays). Applying it twice gives the answer back.
    pub fn reversed(self) -> Likert {
        Likert { value: self.points + 1 - self.value, points: self.points }
    }

    /// The value that counts for scoring: reversed when the item is reverse-scored.
    pub fn scored(self, item: &Item) -> u8 {
        if item.reverse {
            self.reversed().value
        } else {
            self.value
        }
    }
}

impl Serialize for Likert {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.value)
    }
}

/// The answers of one respondent (or one side of a partnership, or one assessor) to one
/// instrument. Every item of the instrument has an entry; `None` means not (yet) answered, so a
/// self-assessment can be saved half-way and resumed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    instrument: String,
    answers: BTreeMap<String, Option<Likert>>,
}

impl Response {
    /// An empty response to `instrument`: nothing answered yet.
    pub fn new(instrument: &Instrument) -> Response {
        Response {
            instrument: instrument.label(),
            answers: instrument.items().iter().map(|it| (it.key.clone(), None)).collect(),
        }
    }

    /// A response from `(item key, answer)` pairs; items not named stay unanswered. Fails on the
    /// first unknown item or out-of-scale answer.
    pub fn from_answers<K: AsRef<str>>(
        instrument: &Instrument,
        answers: impl IntoIterator<Item = (K, Option<i64>)>,
    ) -> Result<Response, AssessmentError> {
        let mut r = Response::new(instrument);
        for (key, value) in answers {
            r.set(instrument, key.as_ref(), value)?;
        }
        Ok(r)
    }

    /// Answers (or, with `None`, clears) one item.
    pub fn set(
        &mut self,
        instrument: &Instrument,
        key: &str,
        value: Option<i64>,
    ) -> Result<(), AssessmentError> {
        self.check_instrument(instrument)?;
        let slot = self
            .answers
            .get_mut(key)
            .ok_or_else(|| AssessmentError::UnknownItem { key: key.to_string() })?;
        *slot = value.map(|v| Likert::new(v, &instrument.scale())).transpose()?;
        Ok(())
    }

    /// `key@version` of the instrument answered.
    pub fn instrument(&self) -> &str {
        &self.instrument
    }

    /// The answer to `key`, if given.
    pub fn answer(&self, key: &str) -> Option<Likert> {
        self.answers.get(key).copied().flatten()
    }

    /// Every item's answer, by item key.
    pub fn answers(&self) -> &BTreeMap<String, Option<Likert>> {
        &self.answers
    }

    /// How many items are answered.
    pub fn answered(&self) -> usize {
        self.answers.values().filter(|a| a.is_some()).count()
    }

    /// Keys of required items still unanswered, in the instrument's order.
    pub fn missing_required<'i>(&self, instrument: &'i Instrument) -> Vec<&'i str> {
        instrument
            .items()
            .iter()
            .filter(|it| it.required && self.answer(&it.key).is_none())
            .map(|it| it.key.as_str())
            .collect()
    }

    /// Fails unless this response answers `instrument` (same key and version).
    pub(crate) fn check_instrument(&self, instrument: &Instrument) -> Result<(), AssessmentError> {
        let label = instrument.label();
        if self.instrument == label {
            Ok(())
        } else {
            Err(AssessmentError::InstrumentMismatch {
                expected: label,
                found: self.instrument.clone(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likert_is_checked_against_its_scale() {
        let five = LikertScale::FIVE;
        assert_eq!(Likert::new(7, &five), Err(AssessmentError::OutOfScale { value: 7, points: 5 }));
        assert!(Likert::new(0, &five).is_err());
        assert!(Likert::new(-1, &five).is_err());
        assert!(Likert::new(300, &five).is_err());
        assert_eq!(Likert::new(7, &LikertScale::SEVEN).unwrap().value(), 7);
        assert_eq!(Likert::new(1, &five).unwrap().reversed().value(), 5);
        assert_eq!(Likert::new(3, &five).unwrap().reversed().value(), 3);
        assert_eq!(Likert::new(2, &LikertScale::SEVEN).unwrap().reversed().value(), 6);
    }

    #[test]
    fn responses_name_the_bad_item() {
        let i = Instrument::starting();
        let mut r = Response::from_answers(&i, [("jp1", Some(4)), ("jp2", None)]).unwrap();
        assert_eq!(r.answered(), 1);
        assert_eq!(r.answer("jp1").map(Likert::value), Some(4));
        assert_eq!(r.answers().len(), 32);
        assert_eq!(
            r.set(&i, "jp9", Some(3)),
            Err(AssessmentError::UnknownItem { key: "jp9".into() })
        );
        assert_eq!(
            r.set(&i, "jp2", Some(6)),
            Err(AssessmentError::OutOfScale { value: 6, points: 5 })
        );
        r.set(&i, "jp1", None).unwrap();
        assert_eq!(r.answered(), 0);
        // None of the starting items is required.
        assert!(r.missing_required(&i).is_empty());
        let other = i.copy_as_draft(2).unwrap();
        assert!(matches!(
            r.set(&other, "jp1", Some(1)),
            Err(AssessmentError::InstrumentMismatch { .. })
        ));
    }
}
