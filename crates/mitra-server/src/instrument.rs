//! Institutions' own instruments, shared by the pages (`web::instrument`): the list (the
//! built-in starting instrument and the institution's own versions), copying the starting or an
//! own published instrument into a new draft, editing a draft with per-field errors, publishing.
//! Only officers of the owning institution see any of it; everyone else gets `NotFound`. The
//! rules on instruments themselves (validation, published is immutable) are the domain's.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::instrument_store::{draft_copy, institution_key, InstrumentStore};
use mitra_core::assessment::{Instrument, InstrumentStatus, LikertScale};
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

/// Saves the typed draft over an own draft instrument, and with `publish` freezes it in the same
/// write. A published instrument is refused (`instrument.immutable`) and left unchanged.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    key: &str,
    version: u32,
    draft: &InstrumentDraft,
    publish: bool,
) -> Result<Instrument, AppError> {
    let mut instrument = get(state, actor, key, version).await?;
    if instrument.status() == InstrumentStatus::Published {
        return Err(FieldErrors::single("status", "instrument.immutable").into());
    }
    apply(&mut instrument, draft)?;
    if publish {
        instrument.publish();
    }
    match state.db.save_instrument(&instrument, clock::now()).await {
        Ok(()) => Ok(instrument),
        Err(mitra_core::StoreError::Stale) => {
            Err(FieldErrors::single("status", "instrument.immutable").into())
        }
        Err(e) => Err(e.into()),
    }
}
