//! Institutions' own instruments, shared by the pages (`web::instrument`) and the API
//! (`api_instrument`): the list (the built-in starting instrument and the institution's own
//! versions), copying the starting or an own published instrument into a new draft, editing a
//! draft with per-field errors (texts, weights, scale, and adding, removing and moving items),
//! publishing.
//! Only officers of the owning institution see any of it; everyone else gets `NotFound`. The
//! rules on instruments themselves (validation, published is immutable) are the domain's.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::instrument::valid_item_key;
use mitra_core::assessment::instrument_store::{draft_copy, institution_key, InstrumentStore};
use mitra_core::assessment::{
    AssessmentError, Component, Instrument, InstrumentStatus, Item, ItemMove, LikertScale,
};
use mitra_core::field::required_text;
use mitra_core::FieldErrors;

use crate::error::AppError;
use crate::{clock, AppState};

/// Longest title or item text accepted.
const MAX_TEXT: usize = 1000;

fn institution(actor: &Actor) -> Result<i64, AppError> {
    actor.instrument_institution().ok_or(AppError::NotFound)
}

/// The instruments the actor's institution may use and copy: the starting instrument first,
/// then its own versions by version.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Instrument>, AppError> {
    let inst = institution(actor)?;
    let mut all = vec![Instrument::starting()];
    all.extend(state.db.institution_instruments(inst).await?);
    Ok(all)
}

/// One instrument the actor may read: the starting one or an own version; `NotFound` otherwise
/// (another institution's instruments do not leak).
pub async fn get(
    state: &AppState,
    actor: &Actor,
    key: &str,
    version: u32,
) -> Result<Instrument, AppError> {
    let inst = institution(actor)?;
    let starting = Instrument::starting();
    if key == starting.key() && version == starting.version() {
        return Ok(starting);
    }
    match state.db.instrument(key, version).await? {
        Some(s) if s.institution_id == inst => Ok(s.instrument),
        _ => Err(AppError::NotFound),
    }
}

/// Copies the starting instrument or an own published version into a new draft under the
/// institution's key with the next version.
pub async fn copy(
    state: &AppState,
    actor: &Actor,
    key: &str,
    version: u32,
) -> Result<Instrument, AppError> {
    let inst = institution(actor)?;
    let source = get(state, actor, key, version).await?;
    if source.status() != InstrumentStatus::Published {
        return Err(FieldErrors::single("source", "instrument.copy_draft").into());
    }
    let next = state.db.next_instrument_version(&institution_key(inst)).await?;
    let draft = draft_copy(&source, inst, next)
        .map_err(|e| AppError::Internal(format!("copying an instrument: {e}")))?;
    state.db.create_instrument(inst, &draft, actor.user_id, clock::now()).await?;
    Ok(draft)
}

/// A draft as typed in the form: titles, scale, component weights by component key, and per item
/// key its two texts and whether it is reverse-scored.
#[derive(Debug, Clone, Default)]
pub struct InstrumentDraft {
    /// Title in Indonesian.
    pub title_id: String,
    /// Title in English.
    pub title_en: String,
    /// `5` or `7`.
    pub scale: String,
    /// Component key → weight as typed.
    pub weights: BTreeMap<String, String>,
    /// Item key → (Indonesian text, English text, reverse-scored).
    pub items: BTreeMap<String, (String, String, bool)>,
}

impl InstrumentDraft {
    /// The draft as the instrument is now (what the edit form starts from).
    pub fn of(i: &Instrument) -> InstrumentDraft {
        let spec = i.spec();
        InstrumentDraft {
            title_id: spec.title_id.clone(),
            title_en: spec.title_en.clone(),
            scale: spec.scale.points().to_string(),
            weights: spec
                .component_weights
                .iter()
                .map(|(c, w)| (c.key().to_owned(), w.to_string()))
                .collect(),
            items: spec
                .items
                .iter()
                .map(|it| (it.key.clone(), (it.text_id.clone(), it.text_en.clone(), it.reverse)))
                .collect(),
        }
    }

    /// From the form's fields: `title_id`, `title_en`, `scale`, `weight.<component>`,
    /// `text_id.<item>`, `text_en.<item>`, `reverse.<item>` (a checkbox: present when ticked).
    /// Only the fields of `instrument`'s items and components are read.
    pub fn from_form(instrument: &Instrument, form: &BTreeMap<String, String>) -> InstrumentDraft {
        let field = |name: &str| form.get(name).cloned().unwrap_or_default();
        InstrumentDraft {
            title_id: field("title_id"),
            title_en: field("title_en"),
            scale: field("scale"),
            weights: instrument
                .components()
                .iter()
                .map(|c| (c.key().to_owned(), field(&format!("weight.{}", c.key()))))
                .collect(),
            items: instrument
                .items()
                .iter()
                .map(|it| {
                    let k = &it.key;
                    let texts = (field(&format!("text_id.{k}")), field(&format!("text_en.{k}")));
                    (k.clone(), (texts.0, texts.1, form.contains_key(&format!("reverse.{k}"))))
                })
                .collect(),
        }
    }
}

fn parse_weight(raw: &str) -> Result<f64, &'static str> {
    let t = raw.trim().replace(',', ".");
    if t.is_empty() {
        return Err("field.required");
    }
    match t.parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err("instrument.bad_weight"),
    }
}

/// Checks `draft` field by field and applies it to `instrument` (a draft): every problem is
/// reported beside its field and nothing changes unless all is well.
fn apply(instrument: &mut Instrument, draft: &InstrumentDraft) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let title_id = errors.take("title_id", required_text(&draft.title_id, MAX_TEXT));
    let title_en = errors.take("title_en", required_text(&draft.title_en, MAX_TEXT));
    let scale = errors.take(
        "scale",
        draft
            .scale
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|p| LikertScale::new(p).ok())
            .ok_or("instrument.bad_scale"),
    );
    let mut weights = BTreeMap::new();
    for c in instrument.components() {
        let name = format!("weight.{}", c.key());
        let raw = draft.weights.get(c.key()).map(String::as_str).unwrap_or_default();
        if let Some(w) = errors.take(&name, parse_weight(raw)) {
            weights.insert(c, w);
        }
    }
    if weights.len() == instrument.components().len() && weights.values().sum::<f64>() <= 0.0 {
        if let Some(first) = instrument.components().first() {
            errors.add(&format!("weight.{}", first.key()), "instrument.zero_weights");
        }
    }
    let mut texts = BTreeMap::new();
    for it in instrument.items() {
        let (id, en, reverse) = draft.items.get(&it.key).cloned().unwrap_or_default();
        let id = errors.take(&format!("text_id.{}", it.key), required_text(&id, MAX_TEXT));
        let en = errors.take(&format!("text_en.{}", it.key), required_text(&en, MAX_TEXT));
        if let (Some(id), Some(en)) = (id, en) {
            texts.insert(it.key.clone(), (id, en, reverse));
        }
    }
    let (Some(title_id), Some(title_en), Some(scale)) = (title_id, title_en, scale) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    instrument
        .edit(|spec| {
            spec.title_id = title_id;
            spec.title_en = title_en;
            spec.scale = scale;
            spec.component_weights = weights;
            for item in &mut spec.items {
                if let Some((id, en, reverse)) = texts.remove(&item.key) {
                    (item.text_id, item.text_en, item.reverse) = (id, en, reverse);
                }
            }
        })
        .map_err(|_| FieldErrors::single("status", "instrument.invalid"))
}

/// A new item as typed: the component (by key), the item key, both texts, reverse-scored.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewItem {
    /// Component key: one the instrument measures, or the optional risk/reward sharing (its
    /// first item adds it).
    pub component: String,
    /// The item key (see [`valid_item_key`]), unique in the instrument.
    pub key: String,
    /// Statement in Indonesian.
    pub text_id: String,
    /// Statement in English.
    pub text_en: String,
    /// Reverse-scored.
    pub reverse: bool,
}

impl NewItem {
    /// The item, or per-field errors named `<prefix>component`, `<prefix>key`,
    /// `<prefix>text_id`, `<prefix>text_en` (the page uses the prefix `new.`, the API none).
    pub fn check(&self, instrument: &Instrument, prefix: &str) -> Result<Item, FieldErrors> {
        let mut errors = FieldErrors::new();
        let component = errors.take(
            &format!("{prefix}component"),
            Component::from_key(self.component.trim())
                .filter(|c| instrument.addable_components().contains(c))
                .ok_or("field.choice"),
        );
        let key = self.key.trim();
        let key_error = if key.is_empty() {
            Some("field.required")
        } else if !valid_item_key(key) {
            Some("instrument.bad_item_key")
        } else if instrument.item(key).is_some() {
            Some("instrument.duplicate_item")
        } else {
            None
        };
        if let Some(code) = key_error {
            errors.add(&format!("{prefix}key"), code);
        }
        let text_id =
            errors.take(&format!("{prefix}text_id"), required_text(&self.text_id, MAX_TEXT));
        let text_en =
            errors.take(&format!("{prefix}text_en"), required_text(&self.text_en, MAX_TEXT));
        match (component, text_id, text_en) {
            (Some(component), Some(text_id), Some(text_en)) if errors.is_empty() => Ok(Item {
                key: key.to_owned(),
                component,
                text_id,
                text_en,
                reverse: self.reverse,
                required: false,
            }),
            _ => Err(errors),
        }
    }
}

/// What a save does after storing the typed fields.
#[derive(Debug, Clone)]
pub enum Step {
    /// Nothing more: the draft stays a draft.
    Save,
    /// Freezes the draft in the same write.
    Publish,
    /// Adds an item after the last one of its component; errors are named with the prefix.
    Add(NewItem, &'static str),
    /// Removes the item with this key (not the last of its component: `item.<key>` says why).
    Remove(String),
    /// Moves the item with this key among the items of its component.
    Move(String, ItemMove),
}

/// A refused item change as a per-field error beside the item (`item.<key>`); an unknown item is
/// `NotFound`.
fn item_error(key: &str, e: AssessmentError) -> AppError {
    match e {
        AssessmentError::UnknownItem { .. } => AppError::NotFound,
        AssessmentError::ComponentWithoutItems { .. } => {
            FieldErrors::single(&format!("item.{key}"), "instrument.last_item").into()
        }
        AssessmentError::Published { .. } => {
            FieldErrors::single("status", "instrument.immutable").into()
        }
        _ => FieldErrors::single(&format!("item.{key}"), "instrument.invalid").into(),
    }
}

/// Applies the typed fields and then `step` to a draft, all or nothing: the typed fields' errors
/// and a new item's are reported together.
fn apply_step(
    instrument: &mut Instrument,
    draft: &InstrumentDraft,
    step: &Step,
) -> Result<(), AppError> {
    let new_item = match step {
        Step::Add(new, prefix) => Some(new.check(instrument, prefix)),
        _ => None,
    };
    let typed = apply(instrument, draft);
    let item = match new_item {
        Some(checked) => Some(crate::assessment::both(typed, checked)?.1),
        None => {
            typed?;
            None
        }
    };
    match (step, item) {
        // Every rule of `add_item` was checked field by field above.
        (Step::Add(_, prefix), Some(item)) => instrument.add_item(item).map_err(|_| {
            AppError::from(FieldErrors::single(&format!("{prefix}key"), "instrument.invalid"))
        })?,
        (Step::Remove(key), _) => instrument.remove_item(key).map_err(|e| item_error(key, e))?,
        (Step::Move(key, way), _) => {
            instrument.move_item(key, *way).map_err(|e| item_error(key, e))?
        }
        (Step::Publish, _) => instrument.publish(),
        _ => {}
    }
    Ok(())
}

/// Saves the typed draft over an own draft instrument and takes `step` (publish, or add, remove
/// or move an item) in the same write. A published instrument is refused
/// (`instrument.immutable`) and left unchanged; so is any draft with a field error.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    key: &str,
    version: u32,
    draft: &InstrumentDraft,
    step: &Step,
) -> Result<Instrument, AppError> {
    let mut instrument = get(state, actor, key, version).await?;
    if instrument.status() == InstrumentStatus::Published {
        return Err(FieldErrors::single("status", "instrument.immutable").into());
    }
    apply_step(&mut instrument, draft, step)?;
    match state.db.save_instrument(&instrument, clock::now()).await {
        Ok(()) => Ok(instrument),
        Err(mitra_core::StoreError::Stale) => {
            Err(FieldErrors::single("status", "instrument.immutable").into())
        }
        Err(e) => Err(e.into()),
    }
}
