//! Programmes of a coaching institution: a readiness or coaching programme with a name, dates,
//! optional target regencies and sectors, and a status (planned → running → closed), into which
//! the institution's officers enrol UMKM of their province.
//!
//! [`ProgrammeDraft`] is the form; [`NewProgramme`] the parsed value; [`Programme`] and
//! [`Enrolment`] the stored read models; [`ProgrammeStore`] the storage port (kept apart from
//! [`Store`](crate::Store), like the assessments' port). Who sees and changes a programme is
//! decided in [`access`](crate::access): its institution's officers manage it, an enrolled UMKM's
//! users see the programmes they are in, nobody else sees it.

use std::future::Future;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::field::{bounded_integer, optional_date, optional_text, required_text, FieldErrors};
use crate::keyed::keyed_enum;
use crate::organisation::Sector;
use crate::region::RegencyCode;
use crate::store::StoreError;

keyed_enum! {
    /// Where a programme stands.
    pub enum ProgrammeStatus: "programme.status" {
        /// Announced, not started.
        Planned => "planned",
        /// Running.
        Running => "running",
        /// Finished.
        Closed => "closed",
    }
}

/// A programme as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeDraft {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// First day `YYYY-MM-DD`.
    pub start_on: String,
    /// Last day `YYYY-MM-DD`.
    pub end_on: String,
    /// Target regencies (BPS codes; the form sends the field once per ticked box).
    pub target_regencies: Vec<String>,
    /// Target sectors (keys).
    pub target_sectors: Vec<String>,
    /// Status key.
    pub status: String,
}

/// A parsed programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewProgramme {
    /// Name, 1–200 characters.
    pub name: String,
    /// Description, up to 4,000 characters.
    pub description: String,
    /// First day.
    pub start_on: Date,
    /// Last day, never before the first.
    pub end_on: Date,
    /// Target regencies, all in the institution's province, sorted, distinct.
    pub target_regencies: Vec<RegencyCode>,
    /// Target sectors, sorted, distinct.
    pub target_sectors: Vec<Sector>,
    /// Status.
    pub status: ProgrammeStatus,
}

impl ProgrammeDraft {
    /// Parses the draft of a programme of an institution in `province` (a BPS province code):
    /// target regencies outside it are refused.
    pub fn parse(&self, province: &str) -> Result<NewProgramme, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.take("name", required_text(&self.name, 200));
        let description = e.take("description", optional_text(&self.description, 4000));
        let start_on = e.take("start_on", optional_date(&self.start_on));
        let end_on = e.take("end_on", optional_date(&self.end_on));
        if start_on == Some(None) {
            e.add("start_on", "field.required");
        }
        if end_on == Some(None) {
            e.add("end_on", "field.required");
        }
        if let (Some(Some(s)), Some(Some(x))) = (start_on, end_on) {
            if x < s {
                e.add("end_on", "dates.order");
            }
        }
        let mut regencies = Vec::new();
        for raw in self.target_regencies.iter().filter(|r| !r.trim().is_empty()) {
            if let Some(r) = e.take("target_regencies", RegencyCode::parse(raw)) {
                if r.province_code() == province {
                    regencies.push(r);
                } else {
                    e.add("target_regencies", "programme.regency_outside");
                }
            }
        }
        regencies.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        regencies.dedup();
        let mut sectors = Vec::new();
        for raw in self.target_sectors.iter().filter(|s| !s.trim().is_empty()) {
            if let Some(s) = e.take("target_sectors", Sector::parse(raw)) {
                sectors.push(s);
            }
        }
        sectors.sort();
        sectors.dedup();
        let status = e.take("status", ProgrammeStatus::parse(&self.status));
        match (name, start_on.flatten(), end_on.flatten(), status) {
            (Some(name), Some(start_on), Some(end_on), Some(status)) if e.is_empty() => {
                Ok(NewProgramme {
                    name,
                    description: description.flatten().unwrap_or_default(),
                    start_on,
                    end_on,
                    target_regencies: regencies,
                    target_sectors: sectors,
                    status,
                })
            }
            _ => Err(e),
        }
    }
}

/// A stored programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// Id.
    pub id: i64,
    /// The institution that runs it.
    pub institution_id: i64,
    /// The institution's name.
    pub institution_name: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// First day.
    pub start_on: Date,
    /// Last day.
    pub end_on: Date,
    /// Target regencies (BPS codes); empty means the whole province.
    pub target_regencies: Vec<String>,
    /// Target sectors; empty means every sector.
    pub target_sectors: Vec<Sector>,
    /// Status.
    pub status: ProgrammeStatus,
    /// Number of UMKM enrolled.
    pub enrolled: i64,
}

impl Programme {
    /// The draft that shows this programme in an edit form.
    pub fn to_draft(&self) -> ProgrammeDraft {
        ProgrammeDraft {
            name: self.name.clone(),
            description: self.description.clone(),
            start_on: crate::field::format_date(self.start_on),
            end_on: crate::field::format_date(self.end_on),
            target_regencies: self.target_regencies.clone(),
            target_sectors: self.target_sectors.iter().map(|s| s.key().to_owned()).collect(),
            status: self.status.key().to_owned(),
        }
    }
}

/// An UMKM enrolled in a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub legal_name: String,
    /// Its regency (BPS code).
    pub regency: String,
    /// When it was enrolled (Unix seconds).
    pub enrolled_at: i64,
}

/// An enrolment as typed: the UMKM's number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnrolmentDraft {
    /// The UMKM's number (`#123` on its profile; the `#` may be typed).
    pub organisation_id: String,
}

impl EnrolmentDraft {
    /// The organisation id.
    pub fn parse(&self) -> Result<i64, FieldErrors> {
        let mut e = FieldErrors::new();
        let raw = self.organisation_id.trim().trim_start_matches('#');
        match e.take("organisation_id", bounded_integer(raw, i64::MAX)) {
            Some(Some(id)) => Ok(id),
            Some(None) => Err(FieldErrors::single("organisation_id", "field.required")),
            None => Err(e),
        }
    }
}

/// The storage port for programmes. Every method is one transaction.
pub trait ProgrammeStore: Send + Sync {
    /// Stores a new programme of `institution_id`; returns its id.
    fn create_programme(
        &self,
        institution_id: i64,
        p: &NewProgramme,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Replaces a programme's fields (its institution never changes).
    fn update_programme(
        &self,
        id: i64,
        p: &NewProgramme,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// One programme.
    fn programme(&self, id: i64) -> impl Future<Output = Result<Programme, StoreError>> + Send;

    /// The programmes of an institution, newest start first.
    fn programmes_of_institution(
        &self,
        institution_id: i64,
    ) -> impl Future<Output = Result<Vec<Programme>, StoreError>> + Send;

    /// The programmes an organisation is enrolled in, newest start first.
    fn programmes_of_member(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Vec<Programme>, StoreError>> + Send;

    /// Enrols an organisation (again: no change); `by` is the acting account.
    fn enrol(
        &self,
        programme_id: i64,
        organisation_id: i64,
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes an enrolment; `NotFound` when there is none.
    fn remove_enrolment(
        &self,
        programme_id: i64,
        organisation_id: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The enrolled organisations, by name.
    fn enrolments(
        &self,
        programme_id: i64,
    ) -> impl Future<Output = Result<Vec<Enrolment>, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ProgrammeDraft {
        ProgrammeDraft {
            name: "Kelas Kesiapan Kemitraan 2025".into(),
            description: "Pendampingan delapan komponen.".into(),
            start_on: "2025-03-01".into(),
            end_on: "2025-08-31".into(),
            target_regencies: vec!["1275".into(), "1207".into(), "1275".into(), "".into()],
            target_sectors: vec!["processed_food".into()],
            status: "planned".into(),
        }
    }

    #[test]
    fn a_valid_programme_parses() {
        let p = valid().parse("12").unwrap();
        let codes: Vec<&str> = p.target_regencies.iter().map(RegencyCode::as_str).collect();
        assert_eq!(codes, ["1207", "1275"]);
        assert_eq!(p.target_sectors, [Sector::ProcessedFood]);
        assert_eq!(p.status, ProgrammeStatus::Planned);
    }

    #[test]
    fn every_problem_is_reported() {
        let d = ProgrammeDraft {
            name: " ".into(),
            start_on: "2025-09-01".into(),
            target_regencies: vec!["9999".into()],
            target_sectors: vec!["mining".into()],
            status: "paused".into(),
            ..valid()
        };
        let e = d.parse("12").unwrap_err();
        for (field, code) in [
            ("name", "field.required"),
            ("end_on", "dates.order"),
            ("target_regencies", "regency.unknown"),
            ("target_sectors", "field.choice"),
            ("status", "field.choice"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
        let e = ProgrammeDraft { start_on: "".into(), end_on: "31/12".into(), ..valid() }
            .parse("12")
            .unwrap_err();
        assert_eq!(e.code_for("start_on"), Some("field.required"));
        assert_eq!(e.code_for("end_on"), Some("field.date"));
        // Medan is a known regency, but not of province 13.
        let e = valid().parse("13").unwrap_err();
        assert_eq!(e.code_for("target_regencies"), Some("programme.regency_outside"));
    }

    #[test]
    fn enrolment_numbers() {
        let d = |s: &str| EnrolmentDraft { organisation_id: s.into() }.parse();
        assert_eq!(d("#42").unwrap(), 42);
        assert_eq!(d(" 7 ").unwrap(), 7);
        assert_eq!(d("").unwrap_err().code_for("organisation_id"), Some("field.required"));
        assert_eq!(d("abc").unwrap_err().code_for("organisation_id"), Some("field.number"));
    }

    #[test]
    fn drafts_round_trip() {
        let p = valid().parse("12").unwrap();
        let stored = Programme {
            id: 1,
            institution_id: 2,
            institution_name: "Dinas".into(),
            name: p.name.clone(),
            description: p.description.clone(),
            start_on: p.start_on,
            end_on: p.end_on,
            target_regencies: p.target_regencies.iter().map(|r| r.as_str().to_owned()).collect(),
            target_sectors: p.target_sectors.clone(),
            status: p.status,
            enrolled: 0,
        };
        assert_eq!(stored.to_draft().parse("12").unwrap(), p);
    }
}
