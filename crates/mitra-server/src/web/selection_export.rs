//! Download links of a selection's results pages: the XLSX workbook and the inputs CSV for
//! `mitra rank`, behind the same permission as the results page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{error_page, path_id, PageCtx};
use crate::auth::Ctx;
use crate::http::Routes;
use crate::selection_export as export;
use crate::AppState;

pub(crate) fn router() -> Routes {
    Routes::new()
        .route("/selections/{id}/export.xlsx", get(xlsx))
        .route("/selections/{id}/inputs.csv", get(inputs))
}

async fn xlsx(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/export.xlsx"));
    let result = async {
        let id = path_id(&raw)?;
        export::xlsx_download(&state, &ctx.actor()?, id, ctx.lang).await
    }
    .await;
    match result {
        Ok(d) => d.into_response(),
        Err(e) => error_page(&page, e),
    }
}

async fn inputs(State(state): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Response {
    let page = PageCtx::new(&ctx, &format!("/selections/{raw}/inputs.csv"));
    let result = async {
        let id = path_id(&raw)?;
        export::csv_download(&state, &ctx.actor()?, id).await
    }
    .await;
    match result {
        Ok(d) => d.into_response(),
        Err(e) => error_page(&page, e),
    }
}
