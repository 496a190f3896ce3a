//! # Assessments on the partnership components
//!
//! An [`Instrument`] (versioned questionnaire: items per [`Component`], a [`LikertScale`], component
//! weights) is answered in a [`Response`] of validated [`Likert`] answers; [`score()`] turns it into
//! an [`AssessmentScore`] (per component mean, 0–100 index and [`Maturity`] level; overall weighted
//! index; components with too few answers say so). [`compare_sides`] sets a buyer's and a
//! supplier's view of one partnership side by side, and [`compare_partnership`] adds both sides' full
//! scores and names the perception gaps worth a finding.
//!
//! [`lambert`] recommends a partnership type from drivers and facilitators and measures the gap to
//! the type's target profile; [`advice`] turns gaps into recommendations and an action plan, and
//! compares a re-assessment with the previous one. [`reliability`] gives the survey statistics a
//! researcher reports (Cronbach's α, item statistics), computed as SPSS does.
//!
//! Everything here is pure: the constructors are the only fallible steps, and a parsed value is
//! never re-checked.

pub mod advice;
pub mod coaching;
pub mod component;
mod error;
pub mod instrument;
pub mod instrument_store;
pub mod lambert;
pub mod maturity;
pub mod reliability;
pub mod response;
pub mod score;
pub mod store;

pub use component::Component;
pub use error::AssessmentError;
pub use instrument::{Instrument, InstrumentSpec, InstrumentStatus, Item, ItemMove, LikertScale};
pub use maturity::Maturity;
pub use response::{Likert, Response};
pub use score::{
    compare_partnership, compare_sides, score, AssessmentScore, ComponentOutcome, ComponentScore,
    OverallIndex, Side, SideComparison, SideGap, SideRow, PERCEPTION_GAP,
};

use serde::Serialize;

/// A text in both of Mitra's languages: Indonesian first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bilingual<'a> {
    /// Bahasa Indonesia.
    pub id: &'a str,
    /// English.
    pub en: &'a str,
}
