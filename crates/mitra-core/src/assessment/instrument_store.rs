//! Institutions' own instruments: the [`InstrumentStore`] port and the rules around it.
//!
//! An institution copies the starting instrument (or one of its own published versions) into a
//! draft, edits the draft and publishes it. Every institution writes under its own key
//! ([`institution_key`]) so that `key@version` names one instrument across the platform; versions
//! of a key only increase, and a published row never changes again.

use std::future::Future;

use super::Instrument;
use crate::StoreError;

/// An instrument as stored, with the institution that owns it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInstrument {
    /// The owning institution (organisation id).
    pub institution_id: i64,
    /// The instrument, draft or published.
    pub instrument: Instrument,
}

/// The key every instrument of an institution uses: `institution-<id>`.
pub fn institution_key(institution_id: i64) -> String {
    format!("institution-{institution_id}")
}

/// The draft an institution gets when it copies `source`: its own key and `next_version`
/// (which must be higher than the source's, so the starting instrument's copy is at least 2).
pub fn draft_copy(
    source: &Instrument,
    institution_id: i64,
    next_version: u32,
) -> Result<Instrument, super::AssessmentError> {
    let mut copy = source.copy_as_draft(next_version.max(source.version() + 1))?;
    let key = institution_key(institution_id);
    copy.edit(|spec| spec.key = key)?;
    Ok(copy)
}

/// Storage of institutions' instruments.
pub trait InstrumentStore: Send + Sync {
    /// The version a new draft of `key` gets: one more than the highest stored (1 when none).
    fn next_instrument_version(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<u32, StoreError>> + Send;

    /// Stores a new draft of `institution_id`. A `key@version` that exists is refused with
    /// [`StoreError::Stale`].
    fn create_instrument(
        &self,
        institution_id: i64,
        draft: &Instrument,
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Replaces a stored draft with `instrument` (same key and version); when `instrument` is
    /// published the row becomes published. A published row is refused with
    /// [`StoreError::Stale`] and left unchanged.
    fn save_instrument(
        &self,
        instrument: &Instrument,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// One stored instrument by key and version.
    fn instrument(
        &self,
        key: &str,
        version: u32,
    ) -> impl Future<Output = Result<Option<StoredInstrument>, StoreError>> + Send;

    /// The instrument new readiness assessments of a province (BPS code) start on: the latest
    /// published version of the province's institution with the lowest id that has published
    /// one; `None` when none has (the starting instrument applies).
    fn province_instrument(
        &self,
        province: &str,
    ) -> impl Future<Output = Result<Option<Instrument>, StoreError>> + Send;

    /// The latest published version of an institution's own instruments; `None` when it has
    /// published none (drafts never count).
    fn latest_published_instrument(
        &self,
        institution_id: i64,
    ) -> impl Future<Output = Result<Option<Instrument>, StoreError>> + Send;

    /// An institution's instruments, by key and version.
    fn institution_instruments(
        &self,
        institution_id: i64,
    ) -> impl Future<Output = Result<Vec<Instrument>, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_a_draft_under_the_institution_key_with_a_higher_version() {
        let start = Instrument::starting();
        let copy = draft_copy(&start, 7, 1).unwrap();
        assert_eq!(copy.label(), "institution-7@2");
        assert_eq!(copy.status(), super::super::InstrumentStatus::Draft);
        assert_eq!(copy.items(), start.items());
        assert_eq!(draft_copy(&start, 7, 5).unwrap().version(), 5);
    }
}
