//! The trend of a subject's submitted assessments over time: the overall index and every
//! component's 0–100 index per submission, oldest first, scored by the domain from the stored
//! answers (nothing is stored or computed here beyond picking the numbers out).

use mitra_core::assessment::store::AssessmentRecord;
use mitra_core::assessment::Component;
use serde::Serialize;

use super::{instrument_of, score_of};
use crate::error::AppError;
use crate::AppState;

/// One submitted assessment on the trend.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    /// The assessment.
    pub assessment_id: i64,
    /// When it was submitted, Unix seconds.
    pub submitted_at: i64,
    /// Its overall index, when it has one.
    pub overall: Option<f64>,
    /// Each measured component's 0–100 index (`None` when not scored), in display order.
    pub components: Vec<(Component, Option<f64>)>,
}

/// The trend of `history` (submitted assessments newest first, as the store lists them),
/// oldest first.
pub async fn points(
    state: &AppState,
    history: &[AssessmentRecord],
) -> Result<Vec<TrendPoint>, AppError> {
    let mut out = Vec::with_capacity(history.len());
    for (r, at) in history.iter().rev().filter_map(|r| r.submitted_at.map(|at| (r, at))) {
        let s = score_of(&instrument_of(state, r).await?, r)?;
        out.push(TrendPoint {
            assessment_id: r.id,
            submitted_at: at,
            overall: s.overall.index,
            components: s.components.iter().map(|c| (c.component, c.index())).collect(),
        });
    }
    Ok(out)
}
