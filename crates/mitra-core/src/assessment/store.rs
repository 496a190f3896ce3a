//! The storage port for assessments: kept apart from [`crate::store::Store`] so that the
//! assessment slice can grow without touching the platform's port.
//!
//! A stored assessment is an [`AssessmentRecord`]: what it is about (an organisation, and for the
//! two sides of a partnership the partnership), which instrument version it answers, its status
//! (a draft can be saved and resumed any number of times; a submitted one never changes again),
//! the answers given so far, and the assessor's evidence notes. Scores are never stored: they are
//! recomputed from the answers with [`crate::assessment::score()`], so a fixed scoring rule fixes
//! every past result too.

use std::collections::BTreeMap;
use std::future::Future;

use serde::Serialize;

use super::{AssessmentError, Component, Instrument, Response};
use crate::keyed::keyed_enum;
use crate::store::StoreError;

keyed_enum! {
    /// Who assesses what.
    pub enum AssessmentKind: "assessment.kind" {
        /// An UMKM's self-assessment of its partnership readiness.
        Readiness => "readiness",
        /// The buyer's view of a live partnership.
        PartnershipBuyer => "partnership_buyer",
        /// The supplier's view of a live partnership.
        PartnershipSupplier => "partnership_supplier",
        /// An institution's assessor rating an UMKM, with evidence notes.
        Assessor => "assessor",
    }
}

keyed_enum! {
    /// Whether answers may still change.
    pub enum AssessmentStatus: "assessment.status" {
        /// Being filled in; saved and resumed.
        Draft => "draft",
        /// Final; counts in results and trends; never changes.
        Submitted => "submitted",
    }
}

impl AssessmentKind {
    /// Whether this kind is one side of a partnership (and so needs the partnership's id).
    pub fn is_partnership_side(self) -> bool {
        matches!(self, AssessmentKind::PartnershipBuyer | AssessmentKind::PartnershipSupplier)
    }
}

/// What a new assessment is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    /// Its kind.
    pub kind: AssessmentKind,
    /// The organisation assessed (for a partnership side: the rating party).
    pub organisation_id: i64,
    /// The partnership, for the two partnership sides.
    pub partnership_id: Option<i64>,
    /// The instrument's key.
    pub instrument_key: String,
    /// The instrument's version.
    pub instrument_version: u32,
    /// The account that started it.
    pub created_by: i64,
}

/// One stored assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentRecord {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: AssessmentKind,
    /// The organisation assessed.
    pub organisation_id: i64,
    /// The partnership, for partnership sides.
    pub partnership_id: Option<i64>,
    /// Instrument key.
    pub instrument_key: String,
    /// Instrument version.
    pub instrument_version: u32,
    /// Draft or submitted.
    pub status: AssessmentStatus,
    /// Answered items only: item key → answer as given (1..=points).
    pub answers: BTreeMap<String, i64>,
    /// The assessor's evidence notes.
    pub notes: Option<String>,
    /// The account that started it (`None` once that account is deleted).
    pub created_by: Option<i64>,
    /// Created, Unix seconds.
    pub created_at: i64,
    /// Last saved, Unix seconds.
    pub updated_at: i64,
    /// Submitted, Unix seconds.
    pub submitted_at: Option<i64>,
}

impl AssessmentRecord {
    /// `key@version` of the instrument answered.
    pub fn instrument_label(&self) -> String {
        format!("{}@{}", self.instrument_key, self.instrument_version)
    }

    /// The answers as a domain [`Response`] to `instrument` (which must be the version
    /// answered); fails when a stored answer no longer fits it.
    pub fn response(&self, instrument: &Instrument) -> Result<Response, AssessmentError> {
        if instrument.label() != self.instrument_label() {
            return Err(AssessmentError::InstrumentMismatch {
                expected: instrument.label(),
                found: self.instrument_label(),
            });
        }
        Response::from_answers(instrument, self.answers.iter().map(|(k, &v)| (k, Some(v))))
    }
}

/// One UMKM with its latest submitted readiness assessment, for an institution's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatestReadiness {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub legal_name: String,
    /// Its regency (BPS code).
    pub regency: String,
    /// The latest submitted readiness assessment, if any.
    pub latest: Option<AssessmentRecord>,
}

/// What the application needs from a database for assessments. Every method is one transaction.
pub trait AssessmentStore: Send + Sync {
    /// The current draft of this subject (organisation, kind, partnership) if there is one,
    /// otherwise a new empty draft. A subject has at most one draft at a time.
    fn start_assessment(
        &self,
        new: &NewAssessment,
        now: i64,
    ) -> impl Future<Output = Result<AssessmentRecord, StoreError>> + Send;

    /// One assessment with its answers.
    fn assessment(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<AssessmentRecord, StoreError>> + Send;

    /// The draft of a subject, if any.
    fn assessment_draft(
        &self,
        organisation_id: i64,
        kind: AssessmentKind,
        partnership_id: Option<i64>,
    ) -> impl Future<Output = Result<Option<AssessmentRecord>, StoreError>> + Send;

    /// Replaces a draft's answers and notes; with `submit` it also becomes final. A submitted
    /// assessment is refused with [`StoreError::Stale`] and left unchanged.
    fn save_assessment(
        &self,
        id: i64,
        answers: &BTreeMap<String, i64>,
        notes: Option<&str>,
        submit: bool,
        now: i64,
    ) -> impl Future<Output = Result<AssessmentRecord, StoreError>> + Send;

    /// Submitted assessments of a subject, newest first, at most `limit`.
    fn submitted_assessments(
        &self,
        organisation_id: i64,
        kind: AssessmentKind,
        partnership_id: Option<i64>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AssessmentRecord>, StoreError>> + Send;

    /// Every UMKM of a province (by name) with its latest submitted readiness assessment.
    fn latest_readiness(
        &self,
        province: &str,
    ) -> impl Future<Output = Result<Vec<LatestReadiness>, StoreError>> + Send;

    /// The draft assessor rating of an UMKM that `created_by` started, if any (each officer keeps
    /// their own draft).
    fn assessor_draft(
        &self,
        organisation_id: i64,
        created_by: i64,
    ) -> impl Future<Output = Result<Option<AssessmentRecord>, StoreError>> + Send;

    /// Like [`AssessmentStore::save_assessment`], and in the same transaction replaces the
    /// assessor's evidence notes per component.
    fn save_assessor_rating(
        &self,
        id: i64,
        answers: &BTreeMap<String, i64>,
        notes: Option<&str>,
        evidence: &BTreeMap<Component, String>,
        submit: bool,
        now: i64,
    ) -> impl Future<Output = Result<AssessmentRecord, StoreError>> + Send;

    /// The evidence notes of an assessment, per component (empty for other kinds).
    fn assessment_evidence(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<BTreeMap<Component, String>, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_labels() {
        for k in AssessmentKind::ALL {
            assert_eq!(AssessmentKind::from_key(k.key()), Some(*k));
            assert!(crate::i18n::has_key(k.label_key()), "{}", k.label_key());
        }
        for s in AssessmentStatus::ALL {
            assert!(crate::i18n::has_key(s.label_key()), "{}", s.label_key());
        }
        assert!(AssessmentKind::PartnershipBuyer.is_partnership_side());
        assert!(!AssessmentKind::Readiness.is_partnership_side());
    }

    #[test]
    fn records_become_responses_of_their_instrument_only() {
        let i = Instrument::starting();
        let mut r = AssessmentRecord {
            id: 1,
            kind: AssessmentKind::Readiness,
            organisation_id: 1,
            partnership_id: None,
            instrument_key: "starting".into(),
            instrument_version: 1,
            status: AssessmentStatus::Draft,
            answers: [("jp1".to_owned(), 4), ("tr2".to_owned(), 2)].into(),
            notes: None,
            created_by: Some(1),
            created_at: 0,
            updated_at: 0,
            submitted_at: None,
        };
        let resp = r.response(&i).unwrap();
        assert_eq!(resp.answered(), 2);
        assert_eq!(resp.answer("jp1").map(|a| a.value()), Some(4));
        r.answers.insert("jp2".into(), 9);
        assert!(matches!(r.response(&i), Err(AssessmentError::OutOfScale { value: 9, .. })));
        r.instrument_version = 2;
        assert!(matches!(r.response(&i), Err(AssessmentError::InstrumentMismatch { .. })));
    }

    #[test]
    fn only_own_users_and_the_regional_officer_see_readiness() {
        use crate::access::Actor;
        use crate::user::Role;
        let actor = |role, org| Actor {
            user_id: 1,
            role,
            organisation_id: org,
            province_code: Some("12".into()),
        };
        let own = actor(Role::SupplierUser, Some(10));
        assert!(own.can_view_readiness(10, "1275") && own.can_take_readiness(10));
        assert!(!own.can_view_readiness(11, "1275") && !own.can_take_readiness(11));
        let officer = actor(Role::InstitutionOfficer, Some(30));
        assert!(officer.can_view_readiness(10, "1275") && !officer.can_take_readiness(10));
        assert!(!officer.can_view_readiness(10, "3171"));
        assert!(!actor(Role::BuyerUser, Some(20)).can_view_readiness(10, "1275"));
        assert!(!actor(Role::Admin, None).can_view_readiness(10, "1275"));
    }
}
