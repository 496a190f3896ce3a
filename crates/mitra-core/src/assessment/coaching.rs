//! Coaching in storage: the port [`CoachingStore`], beside [`super::store::AssessmentStore`].
//!
//! - A **coach** is an institution officer assigned to an UMKM by an officer of the same
//!   institution ([`Coach`]); an UMKM has at most one.
//! - An UMKM's **action plan** is its stored actions ([`StoredAction`]: a domain
//!   [`Action`] with its id, the account that owns it if any, and a version for optimistic
//!   updates). Actions are drawn from the recommendations of the latest readiness assessment.
//! - An institution's **advice library** is the shipped [`AdviceLibrary`] with the institution's
//!   own texts laid over it ([`library_with`]).
//! - A partnership's **Lambert ratings** ([`LambertRatings`]): each side's drivers and the pair's
//!   facilitators, from which [`PropensityGrid::place`] recommends a partnership type.

use std::collections::BTreeMap;
use std::future::Future;

use serde::Serialize;
use time::Date;

use super::advice::{plan::status_counts, Action, AdviceEntry, AdviceLibrary, CoachNote};
use super::lambert::{
    Drivers, ExtraFacilitator, Facilitators, PartnershipType, Placement, PropensityGrid,
};
use super::store::AssessmentKind;
use super::{Component, Maturity};
use crate::keyed::keyed_enum;
use crate::store::StoreError;
use crate::user::User;

/// The officer coaching an UMKM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coach {
    /// The officer's account.
    pub user_id: i64,
    /// The officer's name.
    pub display_name: String,
    /// The officer's institution.
    pub institution_id: i64,
}

/// One stored action of an UMKM's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAction {
    /// Id.
    pub id: i64,
    /// The UMKM whose plan it is in.
    pub organisation_id: i64,
    /// The action: component, texts, owner, due date, status, notes.
    #[serde(flatten)]
    pub action: Action,
    /// The account that owns it, when the owner is a user rather than free text.
    pub owner_user_id: Option<i64>,
    /// The readiness assessment whose gaps it was drawn from.
    pub assessment_id: Option<i64>,
    /// Incremented on every change; an update names the version it read.
    pub version: i64,
}

/// A new action for an UMKM's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    /// The UMKM.
    pub organisation_id: i64,
    /// The action (status planned, no notes).
    pub action: Action,
    /// The owning account, if the owner is a user.
    pub owner_user_id: Option<i64>,
    /// The readiness assessment whose gaps it comes from.
    pub assessment_id: Option<i64>,
    /// Who added it.
    pub created_by: i64,
}

/// How many actions of a plan have each status, and how many are overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    /// Agreed, not started.
    pub planned: usize,
    /// Under way.
    pub in_progress: usize,
    /// Finished.
    pub done: usize,
    /// Abandoned.
    pub dropped: usize,
    /// Open (planned or in progress) and past their due date.
    pub overdue: usize,
}

impl PlanCounts {
    /// The counts of `actions` on `today`.
    pub fn of<'a>(actions: impl IntoIterator<Item = &'a Action> + Clone, today: Date) -> Self {
        let [planned, in_progress, done, dropped] =
            status_counts(actions.clone().into_iter().map(Action::status));
        let overdue = actions.into_iter().filter(|a| a.is_overdue(today)).count();
        PlanCounts { planned, in_progress, done, dropped, overdue }
    }

    /// All actions.
    pub fn total(&self) -> usize {
        self.planned + self.in_progress + self.done + self.dropped
    }
}

/// An UMKM of an officer's province that has a coach or an action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// The UMKM.
    pub organisation_id: i64,
    /// Its name.
    pub legal_name: String,
    /// Its regency (BPS code).
    pub regency: String,
    /// Its coach, if assigned.
    pub coach: Option<Coach>,
    /// Status and overdue counts of its actions.
    pub counts: PlanCounts,
}

keyed_enum! {
    /// Who rates a Lambert factor of a partnership.
    pub enum RatingSide: "lambert.side" {
        /// The buyer's own drivers.
        Buyer => "buyer",
        /// The supplier's own drivers.
        Supplier => "supplier",
        /// The facilitators, rated by the two together.
        Joint => "joint",
    }
}

/// A partnership's Lambert ratings so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LambertRatings {
    /// The buyer's drivers, once rated.
    pub buyer: Option<Drivers>,
    /// The supplier's drivers, once rated.
    pub supplier: Option<Drivers>,
    /// The joint facilitators, once rated.
    pub facilitators: Option<Facilitators>,
}

impl LambertRatings {
    /// Where the pair falls on `grid`, once both sides and the facilitators are rated.
    pub fn placement(&self, grid: &PropensityGrid) -> Option<Placement> {
        Some(grid.place(self.buyer.as_ref()?, self.supplier.as_ref()?, self.facilitators.as_ref()?))
    }
}

/// One respondent of a survey import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedRespondent {
    /// The file's line or row.
    pub row: usize,
    /// The respondent's label (the id column), if any.
    pub label: Option<String>,
    /// The UMKM it is linked to (by NIB or name), if any.
    pub organisation_id: Option<i64>,
    /// The submitted assessment made for a linked UMKM (set by storage).
    pub assessment_id: Option<i64>,
    /// Answered items: item key → answer.
    pub answers: BTreeMap<String, i64>,
}

/// A clean survey file to store, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyImport {
    /// The institution importing it.
    pub institution_id: i64,
    /// Readiness or assessor: the kind of the assessments made for linked respondents.
    pub kind: AssessmentKind,
    /// The file's name, for the record.
    pub file_name: String,
    /// The instrument's key.
    pub instrument_key: String,
    /// The instrument's version.
    pub instrument_version: u32,
    /// Rows left out (with `--clean-rows`).
    pub rejected_rows: usize,
    /// The account importing it (`None` from the command line).
    pub imported_by: Option<i64>,
    /// The respondents, in file order.
    pub respondents: Vec<ImportedRespondent>,
}

/// The shipped advice library with an institution's own entries laid over it.
pub fn library_with(overrides: &[AdviceEntry]) -> AdviceLibrary {
    let mut lib = AdviceLibrary::default();
    for e in overrides {
        if let Some(level) = Maturity::from_level(e.level) {
            // Stored entries were checked when written; an empty one would only be skipped.
            let _ = lib.set(e.component, level, e.text_id.clone(), e.text_en.clone());
        }
    }
    lib
}

/// What the application needs from a database for coaching. Every method is one transaction.
pub trait CoachingStore: Send + Sync {
    /// The accounts of an organisation, by name (an institution's officers are its possible
    /// coaches; an UMKM's users its possible action owners).
    fn accounts_of(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send;

    /// Assigns (or replaces) the coach of an UMKM.
    fn assign_coach(
        &self,
        organisation_id: i64,
        coach_user_id: i64,
        institution_id: i64,
        assigned_by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The coach of an UMKM, if one is assigned.
    fn coach_of(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Option<Coach>, StoreError>> + Send;

    /// The UMKM's actions in plan order (oldest first), each with its notes.
    fn actions_of(
        &self,
        organisation_id: i64,
    ) -> impl Future<Output = Result<Vec<StoredAction>, StoreError>> + Send;

    /// One action with its notes.
    fn action(&self, id: i64) -> impl Future<Output = Result<StoredAction, StoreError>> + Send;

    /// Adds actions, all or none; returns their ids in order.
    fn add_actions(
        &self,
        actions: &[NewAction],
        now: i64,
    ) -> impl Future<Output = Result<Vec<i64>, StoreError>> + Send;

    /// Writes an action's owner, due date and status if it is still at `version` (else
    /// [`StoreError::Stale`], nothing written); returns it as stored.
    fn update_action(
        &self,
        id: i64,
        action: &Action,
        owner_user_id: Option<i64>,
        version: i64,
        now: i64,
    ) -> impl Future<Output = Result<StoredAction, StoreError>> + Send;

    /// Adds a coach's note to an action.
    fn add_coach_note(
        &self,
        action_id: i64,
        author_id: i64,
        note: &CoachNote,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The UMKM of a province (BPS code) that have a coach or at least one action, by name, with
    /// their counts on `today`.
    fn action_plans(
        &self,
        province: &str,
        today: Date,
    ) -> impl Future<Output = Result<Vec<PlanSummary>, StoreError>> + Send;

    /// An institution's own advice entries, in component and level order.
    fn advice_entries(
        &self,
        institution_id: i64,
    ) -> impl Future<Output = Result<Vec<AdviceEntry>, StoreError>> + Send;

    /// Writes (or replaces) an institution's advice for one component and level.
    fn set_advice(
        &self,
        institution_id: i64,
        entry: &AdviceEntry,
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes an institution's advice for one component and level (the shipped text applies
    /// again).
    fn remove_advice(
        &self,
        institution_id: i64,
        component: Component,
        level: u8,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The institution whose advice library an UMKM gets: its coach's institution, else the
    /// institution of its province (BPS code) with the lowest id that has edited its library.
    fn advice_institution(
        &self,
        organisation_id: i64,
        province: &str,
    ) -> impl Future<Output = Result<Option<i64>, StoreError>> + Send;

    /// An institution's own target profile entries (none: Mitra's defaults apply).
    fn target_entries(
        &self,
        institution_id: i64,
    ) -> impl Future<Output = Result<Vec<(PartnershipType, Component, f64)>, StoreError>> + Send;

    /// Replaces an institution's target profile entries (all at once; an empty list restores
    /// the defaults).
    fn set_target_entries(
        &self,
        institution_id: i64,
        entries: &[(PartnershipType, Component, f64)],
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The institution whose target profiles an UMKM's gaps use: its coach's institution, else
    /// the institution of its province with the lowest id that has set its own targets.
    fn target_institution(
        &self,
        organisation_id: i64,
        province: &str,
    ) -> impl Future<Output = Result<Option<i64>, StoreError>> + Send;

    /// A partnership's Lambert ratings.
    fn lambert_ratings(
        &self,
        partnership_id: i64,
    ) -> impl Future<Output = Result<LambertRatings, StoreError>> + Send;

    /// Writes one side's drivers.
    fn save_drivers(
        &self,
        partnership_id: i64,
        side: RatingSide,
        drivers: &Drivers,
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The UMKM with this NIB: its id and regency.
    fn umkm_by_nib(
        &self,
        nib: &str,
    ) -> impl Future<Output = Result<Option<(i64, String)>, StoreError>> + Send;

    /// The UMKM of a province (BPS code) with this legal name, case ignored.
    fn umkm_by_name(
        &self,
        name: &str,
        province: &str,
    ) -> impl Future<Output = Result<Vec<i64>, StoreError>> + Send;

    /// Stores a survey import in one transaction: the import, each respondent, and for a linked
    /// respondent a submitted assessment of its UMKM. Returns the import's id.
    fn import_survey(
        &self,
        import: &SurveyImport,
        now: i64,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The respondents of an import, in file order.
    fn survey_respondents(
        &self,
        import_id: i64,
    ) -> impl Future<Output = Result<Vec<ImportedRespondent>, StoreError>> + Send;

    /// Writes the pair's facilitators (the extras present replace those stored).
    fn save_facilitators(
        &self,
        partnership_id: i64,
        facilitators: &Facilitators,
        by: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The stable key of an extra facilitator (storage and forms).
pub fn extra_key(e: ExtraFacilitator) -> &'static str {
    match e {
        ExtraFacilitator::Exclusivity => "exclusivity",
        ExtraFacilitator::SharedCompetitors => "shared_competitors",
        ExtraFacilitator::PriorHistory => "prior_history",
        ExtraFacilitator::SharedEndUser => "shared_end_user",
    }
}

/// Every extra facilitator, in display order.
pub const EXTRAS: [ExtraFacilitator; 4] = [
    ExtraFacilitator::Exclusivity,
    ExtraFacilitator::SharedCompetitors,
    ExtraFacilitator::PriorHistory,
    ExtraFacilitator::SharedEndUser,
];

/// The extra facilitator with this key.
pub fn extra_from_key(key: &str) -> Option<ExtraFacilitator> {
    EXTRAS.into_iter().find(|e| extra_key(*e) == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::advice::ActionStatus;
    use time::Month;

    fn day(d: u8) -> Date {
        Date::from_calendar_date(2025, Month::March, d).unwrap()
    }

    #[test]
    fn counts_and_overdue() {
        let mut a = Action::new(Component::Trust, "a", "a", "Bu Sari", day(10)).unwrap();
        let b = Action::new(Component::Scope, "b", "b", "Bu Sari", day(20)).unwrap();
        let mut c = Action::new(Component::Scope, "c", "c", "Bu Sari", day(1)).unwrap();
        c.set_status(ActionStatus::Done).unwrap();
        a.set_status(ActionStatus::InProgress).unwrap();
        let all = [a, b, c];
        let n = PlanCounts::of(&all, day(15));
        assert_eq!(
            n,
            PlanCounts { planned: 1, in_progress: 1, done: 1, dropped: 0, overdue: 1 },
            "the done one is past due but not overdue"
        );
        assert_eq!(n.total(), 3);
        assert_eq!(PlanCounts::of(&all, day(21)).overdue, 2);
    }

    #[test]
    fn institution_texts_replace_the_shipped_ones_only_where_written() {
        let own = AdviceEntry {
            component: Component::Trust,
            level: 1,
            text_id: "Catat setiap janji.".into(),
            text_en: "Write down every promise.".into(),
        };
        let lib = library_with(std::slice::from_ref(&own));
        assert_eq!(lib.get(Component::Trust, Maturity::Initial).unwrap().en, own.text_en);
        assert_eq!(
            lib.get(Component::Scope, Maturity::Initial),
            AdviceLibrary::default().get(Component::Scope, Maturity::Initial)
        );
    }

    #[test]
    fn placement_needs_all_three_ratings() {
        let grid = PropensityGrid::default();
        let mut r = LambertRatings {
            buyer: Some(Drivers::new([5, 5, 4, 4]).unwrap()),
            supplier: Some(Drivers::new([4, 4, 4, 4]).unwrap()),
            facilitators: None,
        };
        assert_eq!(r.placement(&grid), None);
        r.facilitators = Some(Facilitators::new([4, 4, 4, 3], EXTRAS).unwrap());
        let p = r.placement(&grid).unwrap();
        assert_eq!((p.drivers, p.facilitators), (16, 19));
        assert_eq!(p.recommended, crate::assessment::lambert::PartnershipType::TypeIII);
        for e in EXTRAS {
            assert_eq!(extra_from_key(extra_key(e)), Some(e));
        }
        for s in RatingSide::ALL {
            assert!(crate::i18n::has_key(s.label_key()));
        }
    }
}
