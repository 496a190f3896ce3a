//! Action plans: what an UMKM will do about its gaps, who does it, by when, and the coach's notes.
//!
//! Status moves only along these arrows, so a plan's history stays believable:
//!
//! ```text
//! planned → in_progress | done | dropped      in_progress → planned | done | dropped
//! done → in_progress (reopened)                dropped → planned (taken up again)
//! ```

use super::Recommendation;
use crate::assessment::{AssessmentError, Bilingual, Component};
use crate::keyed::keyed_enum;
use serde::Serialize;
use time::{Date, Duration};

keyed_enum! {
    /// Where an action stands.
    pub enum ActionStatus: "action.status" {
        /// Agreed, not started.
        Planned => "planned",
        /// Under way.
        InProgress => "in_progress",
        /// Finished.
        Done => "done",
        /// Abandoned, with the coach's agreement.
        Dropped => "dropped",
    }
}

impl ActionStatus {
    /// Whether an action may move from `self` to `to` (see the module documentation).
    pub fn can_move_to(self, to: ActionStatus) -> bool {
        use ActionStatus::*;
        matches!(
            (self, to),
            (Planned, InProgress | Done | Dropped)
                | (InProgress, Planned | Done | Dropped)
                | (Done, InProgress)
                | (Dropped, Planned)
        )
    }

    /// Whether an action with this status still counts as open work (and so can be overdue).
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::InProgress)
    }
}

/// A coach's note on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoachNote {
    /// When it was written.
    pub date: Date,
    /// Who wrote it.
    pub author: String,
    /// What it says.
    pub text: String,
}

/// One step of an action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    component: Component,
    text_id: String,
    text_en: String,
    owner: String,
    due: Date,
    status: ActionStatus,
    notes: Vec<CoachNote>,
}

fn non_empty(value: String, what: &str) -> Result<String, AssessmentError> {
    if value.trim().is_empty() {
        Err(AssessmentError::Empty { what: what.to_string() })
    } else {
        Ok(value)
    }
}

impl Action {
    /// A new action, status `planned`; texts and owner must be non-empty.
    pub fn new(
        component: Component,
        text_id: impl Into<String>,
        text_en: impl Into<String>,
        owner: impl Into<String>,
        due: Date,
    ) -> Result<Action, AssessmentError> {
        Ok(Action {
            component,
            text_id: non_empty(text_id.into(), "the action's Indonesian text")?,
            text_en: non_empty(text_en.into(), "the action's English text")?,
            owner: non_empty(owner.into(), "the action's owner")?,
            due,
            status: ActionStatus::Planned,
            notes: Vec::new(),
        })
    }

    /// An action as it was stored: any status and the notes so far (storage checked them when
    /// they were written; the texts and owner are checked again).
    pub fn restore(
        component: Component,
        text_id: impl Into<String>,
        text_en: impl Into<String>,
        owner: impl Into<String>,
        due: Date,
        status: ActionStatus,
        notes: Vec<CoachNote>,
    ) -> Result<Action, AssessmentError> {
        let mut a = Action::new(component, text_id, text_en, owner, due)?;
        a.status = status;
        a.notes = notes;
        Ok(a)
    }

    /// The component it improves.
    pub fn component(&self) -> Component {
        self.component
    }

    /// What to do, in both languages.
    pub fn text(&self) -> Bilingual<'_> {
        Bilingual { id: &self.text_id, en: &self.text_en }
    }

    /// Who does it.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// By when.
    pub fn due(&self) -> Date {
        self.due
    }

    /// Where it stands.
    pub fn status(&self) -> ActionStatus {
        self.status
    }

    /// The coach's notes, oldest first.
    pub fn notes(&self) -> &[CoachNote] {
        &self.notes
    }

    /// Whether it is past `today` and not finished or dropped.
    pub fn is_overdue(&self, today: Date) -> bool {
        today > self.due && self.status.is_open()
    }

    /// Moves the status along an allowed arrow.
    pub fn set_status(&mut self, to: ActionStatus) -> Result<(), AssessmentError> {
        if !self.status.can_move_to(to) {
            return Err(AssessmentError::StatusTransition {
                from: self.status.key(),
                to: to.key(),
            });
        }
        self.status = to;
        Ok(())
    }

    /// Hands the action to someone else.
    pub fn set_owner(&mut self, owner: impl Into<String>) -> Result<(), AssessmentError> {
        self.owner = non_empty(owner.into(), "the action's owner")?;
        Ok(())
    }

    /// Moves the due date.
    pub fn set_due(&mut self, due: Date) {
        self.due = due;
    }

    /// Adds a coach's note.
    pub fn add_note(
        &mut self,
        date: Date,
        author: impl Into<String>,
        text: impl Into<String>,
    ) -> Result<(), AssessmentError> {
        let author = non_empty(author.into(), "the note's author")?;
        let text = non_empty(text.into(), "the note")?;
        self.notes.push(CoachNote { date, author, text });
        Ok(())
    }
}

/// An UMKM's action plan and its coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionPlan {
    coach: Option<String>,
    actions: Vec<Action>,
}

impl ActionPlan {
    /// An empty plan without a coach.
    pub fn new() -> ActionPlan {
        ActionPlan { coach: None, actions: Vec::new() }
    }

    /// A plan with one action per recommendation, in their order (largest gap first), all owned
    /// by `owner`; the first is due `first_due`, each next one `spacing_days` later, so the work
    /// comes one step at a time.
    pub fn from_recommendations(
        recommendations: &[Recommendation],
        owner: &str,
        first_due: Date,
        spacing_days: u16,
    ) -> Result<ActionPlan, AssessmentError> {
        let mut plan = ActionPlan::new();
        let mut due = first_due;
        for r in recommendations {
            plan.add(Action::new(r.component, &r.text_id, &r.text_en, owner, due)?);
            due = due.saturating_add(Duration::days(i64::from(spacing_days)));
        }
        Ok(plan)
    }

    /// The coach, once the institution has assigned one.
    pub fn coach(&self) -> Option<&str> {
        self.coach.as_deref()
    }

    /// Assigns (or replaces) the coach.
    pub fn assign_coach(&mut self, coach: impl Into<String>) -> Result<(), AssessmentError> {
        self.coach = Some(non_empty(coach.into(), "the coach")?);
        Ok(())
    }

    /// The actions in plan order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Adds an action at the end.
    pub fn add(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The action at `index`, to change its status, owner, due date or notes.
    pub fn action_mut(&mut self, index: usize) -> Result<&mut Action, AssessmentError> {
        self.actions.get_mut(index).ok_or(AssessmentError::NoSuchAction { index })
    }

    /// How many actions have each status: planned, in progress, done, dropped.
    pub fn counts(&self) -> [usize; 4] {
        status_counts(self.actions.iter().map(Action::status))
    }
}

impl Default for ActionPlan {
    fn default() -> Self {
        ActionPlan::new()
    }
}

/// How many of `statuses` are planned, in progress, done and dropped (in that order).
pub fn status_counts(statuses: impl IntoIterator<Item = ActionStatus>) -> [usize; 4] {
    let mut c = [0; 4];
    for s in statuses {
        c[s as usize] += 1;
    }
    c
}
