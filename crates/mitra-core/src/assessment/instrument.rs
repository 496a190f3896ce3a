//! Instruments: versioned questionnaires on the partnership components.
//!
//! An [`Instrument`] is data, not code: items with Indonesian and English text on a [`LikertScale`],
//! grouped by [`Component`], with a weight per component for the overall index. It is built from
//! an [`InstrumentSpec`] by a validating constructor, starts as a draft and, once published, never
//! changes again — assessments keep pointing at the `key@version` they answered, and an institution
//! that wants changes edits a [`Instrument::copy_as_draft`] with a higher version.

use super::{AssessmentError, Bilingual, Component};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Likert scale of 5 or 7 points, answers 1..=points. Parsed once: a value of this type always
/// has 5 or 7 points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct LikertScale {
    points: u8,
}

impl LikertScale {
    /// The 5-point scale (1 = sangat tidak setuju / strongly disagree … 5 = sangat setuju).
    pub const FIVE: LikertScale = LikertScale { points: 5 };
    /// The 7-point scale.
    pub const SEVEN: LikertScale = LikertScale { points: 7 };

    /// A scale of `points` points; only 5 and 7 are supported, as in the field's survey practice.
    pub fn new(points: i64) -> Result<LikertScale, AssessmentError> {
        match points {
            5 => Ok(LikertScale::FIVE),
            7 => Ok(LikertScale::SEVEN),
            _ => Err(AssessmentError::InvalidScale { points }),
        }
    }

    /// Number of points: the highest answer.
    pub fn points(self) -> u8 {
        self.points
    }

    /// A mean on this scale as 0–100: `(mean − 1) / (points − 1) · 100`.
    pub fn to_index(self, mean: f64) -> f64 {
        (mean - 1.0) / f64::from(self.points - 1) * 100.0
    }

    /// A mean on this scale moved linearly onto the 1–5 readiness scale the targets use
    /// (identity on a 5-point scale; 7 → 5, 4 → 3 on a 7-point scale).
    pub fn to_five_point(self, mean: f64) -> f64 {
        1.0 + (mean - 1.0) * 4.0 / f64::from(self.points - 1)
    }
}

impl TryFrom<i64> for LikertScale {
    type Error = AssessmentError;
    fn try_from(points: i64) -> Result<Self, Self::Error> {
        LikertScale::new(points)
    }
}

impl From<LikertScale> for u8 {
    fn from(s: LikertScale) -> u8 {
        s.points
    }
}

/// The longest item key.
pub const ITEM_KEY_MAX: usize = 32;

/// Names Mitra's forms and survey files use for other things (answer forms, the survey upload and
/// its columns that link a respondent to an UMKM); no item may take one.
pub const RESERVED_ITEM_KEYS: &[&str] = &[
    "action",
    "answers",
    "clean_rows",
    "csrf_token",
    "file",
    "kind",
    "mapping",
    "nama_umkm",
    "nib",
    "notes",
    "umkm",
    "umkm_name",
];

/// Whether `key` may name an item: 1–[`ITEM_KEY_MAX`] lowercase ASCII letters, digits or `_`,
/// starting with a letter (it becomes a form field and a survey column), and not one of
/// [`RESERVED_ITEM_KEYS`].
pub fn valid_item_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= ITEM_KEY_MAX
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED_ITEM_KEYS.contains(&key)
}

/// Which way an item moves among the items of its component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemMove {
    /// Before the previous item of its component.
    Up,
    /// After the next item of its component.
    Down,
}

/// One question of an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Short stable key (`jp1`), used as column name in survey files.
    pub key: String,
    /// The component the item measures.
    pub component: Component,
    /// The statement in Indonesian.
    pub text_id: String,
    /// The statement in English.
    pub text_en: String,
    /// Negatively worded: scored as `points + 1 − answer`.
    pub reverse: bool,
    /// Must be answered before a response counts as complete.
    pub required: bool,
}

impl Item {
    /// The statement in both languages.
    pub fn text(&self) -> Bilingual<'_> {
        Bilingual { id: &self.text_id, en: &self.text_en }
    }
}

/// The editable content of an instrument; [`Instrument::new`] checks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstrumentSpec {
    /// Stable key shared by every version (`starting`).
    pub key: String,
    /// Version number; a copy always has a higher one.
    pub version: u32,
    /// Title in Indonesian.
    pub title_id: String,
    /// Title in English.
    pub title_en: String,
    /// The answer scale of every item.
    pub scale: LikertScale,
    /// Items in display order.
    pub items: Vec<Item>,
    /// Weight of each measured component in the overall index (any positive scale). The keys are
    /// exactly the components the instrument measures.
    pub component_weights: BTreeMap<Component, f64>,
}

/// Whether an instrument may still change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentStatus {
    /// Being written; edits allowed; not yet used for assessments.
    Draft,
    /// In use; immutable.
    Published,
}

/// A validated instrument. Invariants: at least one item; item keys unique and non-empty; texts
/// non-empty; every weighted component has an item and every item's component a weight; weights
/// finite, non-negative, summing to more than zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "InstrumentRecord", into = "InstrumentRecord")]
pub struct Instrument {
    spec: InstrumentSpec,
    status: InstrumentStatus,
}

/// The stored shape of an instrument, validated on the way in.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct InstrumentRecord {
    status: InstrumentStatus,
    #[serde(flatten)]
    spec: InstrumentSpec,
}

impl TryFrom<InstrumentRecord> for Instrument {
    type Error = AssessmentError;
    fn try_from(r: InstrumentRecord) -> Result<Self, Self::Error> {
        validate(&r.spec)?;
        Ok(Instrument { spec: r.spec, status: r.status })
    }
}

impl From<Instrument> for InstrumentRecord {
    fn from(i: Instrument) -> Self {
        InstrumentRecord { status: i.status, spec: i.spec }
    }
}

/// The starting instrument's items, embedded at build time (see `data/README.md`).
const STARTING_CSV: &str = include_str!("../../data/questionnaire.csv");

impl Instrument {
    /// A draft instrument from `spec`, after checking every invariant.
    pub fn new(spec: InstrumentSpec) -> Result<Instrument, AssessmentError> {
        validate(&spec)?;
        Ok(Instrument { spec, status: InstrumentStatus::Draft })
    }

    /// Mitra's starting instrument, published: key `starting`, version 1, the 32 items of
    /// `questionnaire.csv` (four per core component, none reverse-scored, none required so that a
    /// half-finished self-assessment still scores), 5-point scale, equal component weights.
    pub fn starting() -> Instrument {
        let mut i = Instrument::new(starting_spec().expect("the embedded instrument is tested"))
            .expect("the embedded instrument is tested");
        i.publish();
        i
    }

    /// The stable key.
    pub fn key(&self) -> &str {
        &self.spec.key
    }

    /// The version.
    pub fn version(&self) -> u32 {
        self.spec.version
    }

    /// `key@version`, the name an assessment keeps.
    pub fn label(&self) -> String {
        format!("{}@{}", self.spec.key, self.spec.version)
    }

    /// The title in both languages.
    pub fn title(&self) -> Bilingual<'_> {
        Bilingual { id: &self.spec.title_id, en: &self.spec.title_en }
    }

    /// The answer scale.
    pub fn scale(&self) -> LikertScale {
        self.spec.scale
    }

    /// Items in display order.
    pub fn items(&self) -> &[Item] {
        &self.spec.items
    }

    /// The item with this key and its position.
    pub fn item(&self, key: &str) -> Option<(usize, &Item)> {
        self.spec.items.iter().enumerate().find(|(_, it)| it.key == key)
    }

    /// Positions of the items of `component`, in display order.
    pub fn item_indices(&self, component: Component) -> Vec<usize> {
        (0..self.spec.items.len()).filter(|&k| self.spec.items[k].component == component).collect()
    }

    /// The measured components, in display order.
    pub fn components(&self) -> Vec<Component> {
        self.spec.component_weights.keys().copied().collect()
    }

    /// The weight of each measured component, as given (not normalised).
    pub fn weights(&self) -> &BTreeMap<Component, f64> {
        &self.spec.component_weights
    }

    /// Draft or published.
    pub fn status(&self) -> InstrumentStatus {
        self.status
    }

    /// The content, for storage and display.
    pub fn spec(&self) -> &InstrumentSpec {
        &self.spec
    }

    /// Freezes the instrument; from now on every edit is refused. Publishing twice is harmless.
    pub fn publish(&mut self) {
        self.status = InstrumentStatus::Published;
    }

    /// Changes a draft through `change`; the result is validated as a whole and the draft is left
    /// untouched when it is invalid. A published instrument refuses.
    pub fn edit(
        &mut self,
        change: impl FnOnce(&mut InstrumentSpec),
    ) -> Result<(), AssessmentError> {
        self.check_draft()?;
        let mut spec = self.spec.clone();
        change(&mut spec);
        if spec.version != self.spec.version {
            // The version names what assessments point at; a draft keeps the one it was given.
            spec.version = self.spec.version;
        }
        validate(&spec)?;
        self.spec = spec;
        Ok(())
    }

    /// The components a new item may be given: those measured, and the optional risk/reward
    /// sharing when it is not measured yet (its first item adds it).
    pub fn addable_components(&self) -> Vec<Component> {
        let measured = self.components();
        let optional =
            Component::ALL.iter().copied().filter(|c| c.is_optional() && !measured.contains(c));
        measured.iter().copied().chain(optional).collect()
    }

    /// Adds `item` to a draft after the last item of its component. The first item of the
    /// optional risk/reward sharing adds that component, with weight 1 (editable). Refused
    /// (draft unchanged) when published, when the key is invalid or taken, when a text is
    /// empty, or when the item's component is a core one the instrument does not measure.
    pub fn add_item(&mut self, item: Item) -> Result<(), AssessmentError> {
        self.edit(|spec| {
            if item.component.is_optional() {
                spec.component_weights.entry(item.component).or_insert(1.0);
            }
            let at = spec
                .items
                .iter()
                .rposition(|it| it.component == item.component)
                .map_or(spec.items.len(), |k| k + 1);
            spec.items.insert(at, item);
        })
    }

    /// Removes the item `key` from a draft. The last item of a core component cannot go
    /// ([`AssessmentError::ComponentWithoutItems`]: every measured core component keeps an item);
    /// the last item of the optional risk/reward sharing takes the component with it. An unknown
    /// key is [`AssessmentError::UnknownItem`]; a published instrument refuses.
    pub fn remove_item(&mut self, key: &str) -> Result<(), AssessmentError> {
        self.check_draft()?;
        let Some((_, item)) = self.item(key) else {
            return Err(AssessmentError::UnknownItem { key: key.to_owned() });
        };
        let component = item.component;
        let drops_component = component.is_optional() && self.item_indices(component).len() == 1;
        self.edit(|spec| {
            spec.items.retain(|it| it.key != key);
            if drops_component {
                spec.component_weights.remove(&component);
            }
        })
    }

    /// Moves the item `key` of a draft one place up or down among the items of its component
    /// (it swaps places with that neighbour); at the first or last place it stays.
    pub fn move_item(&mut self, key: &str, way: ItemMove) -> Result<(), AssessmentError> {
        self.check_draft()?;
        let Some((k, item)) = self.item(key) else {
            return Err(AssessmentError::UnknownItem { key: key.to_owned() });
        };
        let same = self.item_indices(item.component);
        let at = same.iter().position(|&j| j == k).unwrap_or_default();
        let other = match way {
            ItemMove::Up => at.checked_sub(1).and_then(|a| same.get(a)),
            ItemMove::Down => same.get(at + 1),
        };
        match other.copied() {
            Some(j) => self.edit(|spec| spec.items.swap(k, j)),
            None => Ok(()),
        }
    }

    fn check_draft(&self) -> Result<(), AssessmentError> {
        match self.status {
            InstrumentStatus::Draft => Ok(()),
            InstrumentStatus::Published => Err(AssessmentError::Published {
                key: self.spec.key.clone(),
                version: self.spec.version,
            }),
        }
    }

    /// An editable draft copy with a higher version, e.g. an institution's own edition of the
    /// starting instrument. The source stays as it is.
    pub fn copy_as_draft(&self, new_version: u32) -> Result<Instrument, AssessmentError> {
        if new_version <= self.spec.version {
            return Err(AssessmentError::VersionNotNewer {
                current: self.spec.version,
                requested: new_version,
            });
        }
        let mut spec = self.spec.clone();
        spec.version = new_version;
        Ok(Instrument { spec, status: InstrumentStatus::Draft })
    }
}

fn validate(spec: &InstrumentSpec) -> Result<(), AssessmentError> {
    let empty = |what: String| Err(AssessmentError::Empty { what });
    if spec.key.trim().is_empty() {
        return empty("instrument key".into());
    }
    if spec.title_id.trim().is_empty() || spec.title_en.trim().is_empty() {
        return empty("instrument title".into());
    }
    if spec.items.is_empty() {
        return Err(AssessmentError::NoItems);
    }
    for (k, item) in spec.items.iter().enumerate() {
        if item.key.trim().is_empty() {
            return empty(format!("the key of item {}", k + 1));
        }
        if !valid_item_key(&item.key) {
            return Err(AssessmentError::InvalidItemKey { key: item.key.clone() });
        }
        if item.text_id.trim().is_empty() || item.text_en.trim().is_empty() {
            return empty(format!("the text of item '{}'", item.key));
        }
        if spec.items[..k].iter().any(|other| other.key == item.key) {
            return Err(AssessmentError::DuplicateItem { key: item.key.clone() });
        }
        if !spec.component_weights.contains_key(&item.component) {
            return Err(AssessmentError::ItemWithoutWeight {
                item: item.key.clone(),
                component: item.component,
            });
        }
    }
    for (&component, &value) in &spec.component_weights {
        if !value.is_finite() || value < 0.0 {
            return Err(AssessmentError::InvalidWeight { component, value });
        }
        if !spec.items.iter().any(|it| it.component == component) {
            return Err(AssessmentError::ComponentWithoutItems { component });
        }
    }
    if spec.component_weights.values().sum::<f64>() <= 0.0 {
        return Err(AssessmentError::ZeroWeights);
    }
    Ok(())
}

fn starting_spec() -> Result<InstrumentSpec, AssessmentError> {
    let mut items = Vec::new();
    for (n, line) in STARTING_CSV.lines().enumerate().skip(1) {
        let bad = |detail: String| AssessmentError::StartingData { line: n + 1, detail };
        if line.trim().is_empty() {
            continue;
        }
        let fields = split_quoted(line).map_err(|d| bad(d.into()))?;
        let [component, key, text_id, text_en] = fields.as_slice() else {
            return Err(bad(format!("{} fields, expected 4", fields.len())));
        };
        let component = Component::from_key(component)
            .ok_or_else(|| bad(format!("unknown component '{component}'")))?;
        items.push(Item {
            key: key.clone(),
            component,
            text_id: text_id.clone(),
            text_en: text_en.clone(),
            reverse: false,
            required: false,
        });
    }
    Ok(InstrumentSpec {
        key: "starting".into(),
        version: 1,
        title_id: "Instrumen awal kesiapan kemitraan".into(),
        title_en: "Starting partnership readiness instrument".into(),
        scale: LikertScale::FIVE,
        items,
        component_weights: Component::CORE.iter().map(|&c| (c, 1.0)).collect(),
    })
}

/// Splits one line of the embedded, RFC 4180-quoted CSV. The file is ours and has no line breaks
/// inside fields; this is not a general CSV reader (the command line uses the csv crate).
fn split_quoted(line: &str) -> Result<Vec<String>, &'static str> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quote");
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests;
