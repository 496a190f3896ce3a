//! The exports of a selection's results over the API (a child of `api`): the XLSX workbook and
//! the inputs as CSV for `mitra rank`. Same application functions and permission as the results
//! (the buyer's users; anyone else gets 404).

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::get;

use super::{id, ApiResult, Reader};
use crate::http::Routes;
use crate::selection_export as export;
use crate::AppState;

pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/selections/{id}/export.xlsx", get(xlsx))
        .route("/selections/{id}/inputs.csv", get(inputs))
}

async fn xlsx(State(state): State<AppState>, call: Reader, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let id = id(&raw)?;
    let d = export::xlsx_download(&state, &actor, id, call.lang).await?;
    Ok(d.into_response())
}

async fn inputs(State(state): State<AppState>, call: Reader, Path(raw): Path<String>) -> ApiResult {
    let actor = call.actor.clone();
    let id = id(&raw)?;
    let d = export::csv_download(&state, &actor, id).await?;
    Ok(d.into_response())
}
