//! Exports of a selection's results for its buyer: an XLSX workbook (inputs, value sources,
//! quotes, weights, results, sensitivity, SMAA — sheet names and headers in the reader's
//! language, numbers as numbers) and the inputs as a CSV table in `mitra rank`'s format, with the
//! command line that ranks it the same way. Both read [`Results`] (the same ranking the results
//! page shows); nothing here ranks anything.

use std::collections::HashMap;

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use mitra_core::access::Actor;
use mitra_core::selection::WeightMode;
use mitra_core::{t, FieldErrors, Lang};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::AppError;
use crate::selection::{self, QuoteRow, Ranking, Results};
use crate::AppState;

/// The media type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The header of the inputs CSV carrying the matching `mitra rank` command line.
pub const RANK_COMMAND_HEADER: &str = "x-mitra-rank-command";

/// The ranking of an event that can be ranked; `selection.not_ready` otherwise (nothing to
/// export yet).
fn ranking(results: &Results) -> Result<&Ranking, AppError> {
    results
        .ranking
        .as_ref()
        .map_err(|_| AppError::Validation(FieldErrors::single("event", "selection.not_ready")))
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// A worksheet named `key` (in `lang`), its first row the bold `headers`, frozen below.
fn sheet<'a>(
    wb: &'a mut Workbook,
    lang: Lang,
    key: &str,
    headers: &[String],
    bold: &Format,
) -> Result<&'a mut Worksheet, AppError> {
    let ws = wb.add_worksheet();
    ws.set_name(t(lang, key)).map_err(xlsx)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), h, bold).map_err(xlsx)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    Ok(ws)
}

/// A column index as the writer takes it (at most 16,384 columns; criteria are ≤ 20).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A row index as the writer takes it (data rows start at 1, below the header).
fn row(r: usize) -> u32 {
    u32::try_from(r + 1).unwrap_or(u32::MAX)
}

/// The workbook of an event's results for its buyer, in `lang`: sheets *inputs* (one row per
/// ranked candidate, one column per included criterion), *value sources*, *quotes*, *weights*
/// (with the AHP evaluators and their CR when weights came from AHP), *results* (rank, score,
/// rank by each compared method, awarded quantity once decided), *sensitivity* (when computed)
/// and *SMAA* rank acceptability (when computed).
///
/// `results` must name every row (asked for with `u32::MAX` rows per page); `quotes` are the
/// event's quotes as the comparison table lists them.
pub fn workbook(results: &Results, quotes: &[QuoteRow], lang: Lang) -> Result<Vec<u8>, AppError> {
    let r = ranking(results)?;
    let view = results.view(lang);
    let tr = |k: &str| t(lang, k).to_owned();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.00%");
    let score = Format::new().set_num_format("0.000000");
    let ratio = Format::new().set_num_format("0.000");
    let integer = Format::new().set_num_format("#,##0");
    let mut wb = Workbook::new();

    // Inputs: the matrix as ranked, best first.
    let criterion_header = |c: &crate::selection::CriterionWeight| {
        if c.unit.is_empty() {
            c.name.clone()
        } else {
            format!("{} ({})", c.name, c.unit)
        }
    };
    let mut headers = vec![tr("selection.export.col.candidate")];
    headers.extend(view.criteria.iter().map(criterion_header));
    let ws = sheet(&mut wb, lang, "selection.export.sheet.inputs", &headers, &bold)?;
    for (i, x) in view.rows.iter().enumerate() {
        ws.write_string(row(i), 0, &x.name).map_err(xlsx)?;
        for (j, v) in x.values.iter().enumerate() {
            ws.write_number(row(i), col(j + 1), *v).map_err(xlsx)?;
        }
    }
    ws.set_column_width(0, 36).map_err(xlsx)?;

    // Where each value came from, same shape.
    let matrix_row: HashMap<i64, usize> =
        r.problem.candidates.iter().enumerate().map(|(i, &o)| (o, i)).collect();
    let n = r.problem.criteria.len();
    let ws = sheet(&mut wb, lang, "selection.export.sheet.sources", &headers, &bold)?;
    for (i, x) in view.rows.iter().enumerate() {
        ws.write_string(row(i), 0, &x.name).map_err(xlsx)?;
        let Some(&m) = matrix_row.get(&x.organisation_id) else { continue };
        for (j, s) in r.problem.sources[m * n..(m + 1) * n].iter().enumerate() {
            ws.write_string(row(i), col(j + 1), s.label(lang)).map_err(xlsx)?;
        }
    }
    ws.set_column_width(0, 36).map_err(xlsx)?;

    // Quotes of the candidates who gave one.
    let headers: Vec<String> = [
        "selection.export.col.candidate",
        "selection.export.col.unit_price",
        "selection.export.col.lead_time",
        "selection.export.col.min_order",
        "selection.export.col.capacity",
    ]
    .iter()
    .map(|k| tr(k))
    .collect();
    let ws = sheet(&mut wb, lang, "selection.export.sheet.quotes", &headers, &bold)?;
    for (i, QuoteRow { name, quote: q, .. }) in quotes.iter().enumerate() {
        ws.write_string(row(i), 0, name).map_err(xlsx)?;
        let cells = [Some(q.unit_price), Some(q.lead_time_days), q.min_order, q.capacity];
        for (j, v) in cells.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number_with_format(row(i), col(j + 1), *v as f64, &integer)
                    .map_err(xlsx)?;
            }
        }
    }
    ws.set_column_width(0, 36).map_err(xlsx)?;

    // Weights, then the AHP evaluators.
    let headers: Vec<String> = [
        "selection.export.col.criterion",
        "selection.export.col.kind",
        "selection.export.col.unit",
        "selection.export.col.weight",
    ]
    .iter()
    .map(|k| tr(k))
    .collect();
    let ws = sheet(&mut wb, lang, "selection.export.sheet.weights", &headers, &bold)?;
    for (i, c) in view.criteria.iter().enumerate() {
        let kind =
            if c.cost { "selection.export.kind.cost" } else { "selection.export.kind.benefit" };
        ws.write_string(row(i), 0, &c.name).map_err(xlsx)?;
        ws.write_string(row(i), 1, t(lang, kind)).map_err(xlsx)?;
        ws.write_string(row(i), 2, &c.unit).map_err(xlsx)?;
        ws.write_number_with_format(row(i), 3, c.weight, &percent).map_err(xlsx)?;
    }
    if results.event.weight_mode == WeightMode::Ahp && !view.evaluators.is_empty() {
        let top = row(view.criteria.len() + 1);
        let headers = [
            "selection.export.col.evaluator",
            "selection.export.col.answered",
            "selection.export.col.asked",
            "selection.export.col.cr",
            "selection.export.col.counted",
        ];
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(top, col(c), t(lang, h), &bold).map_err(xlsx)?;
        }
        for (i, e) in view.evaluators.iter().enumerate() {
            let at = top + row(i);
            ws.write_string(at, 0, &e.name).map_err(xlsx)?;
            ws.write_number(at, 1, e.answered as f64).map_err(xlsx)?;
            ws.write_number(at, 2, e.asked as f64).map_err(xlsx)?;
            if let Some(cr) = e.cr {
                ws.write_number_with_format(at, 3, cr, &ratio).map_err(xlsx)?;
            }
            let yes = if e.counted { "selection.export.yes" } else { "selection.export.no" };
            ws.write_string(at, 4, t(lang, yes)).map_err(xlsx)?;
        }
    }
    ws.set_column_width(0, 36).map_err(xlsx)?;
    ws.set_column_width(1, 30).map_err(xlsx)?;

    // Results: rank and score by the event's method, the rank by every compared method.
    let decided = results.event.decision.is_some();
    let mut headers = vec![
        tr("selection.export.col.rank"),
        tr("selection.export.col.candidate"),
        tr("selection.export.col.score"),
    ];
    headers.extend(
        view.methods
            .iter()
            .map(|m| format!("{} {}", tr("selection.export.col.rank_by"), m.to_uppercase())),
    );
    if decided {
        headers.push(tr("selection.export.col.award"));
    }
    let ws = sheet(&mut wb, lang, "selection.export.sheet.results", &headers, &bold)?;
    for (i, x) in view.rows.iter().enumerate() {
        ws.write_number(row(i), 0, x.rank as f64).map_err(xlsx)?;
        ws.write_string(row(i), 1, &x.name).map_err(xlsx)?;
        ws.write_number_with_format(row(i), 2, x.score, &score).map_err(xlsx)?;
        for (j, rank) in x.method_ranks.iter().enumerate() {
            ws.write_number(row(i), col(3 + j), *rank as f64).map_err(xlsx)?;
        }
        if let Some(q) = x.award_quantity {
            ws.write_number_with_format(row(i), col(3 + view.methods.len()), q as f64, &integer)
                .map_err(xlsx)?;
        }
    }
    ws.set_column_width(1, 36).map_err(xlsx)?;

    // The winner's weight stability, when the pool is small enough to compute it.
    if let Some(stability) = &view.stability {
        let headers: Vec<String> = [
            "selection.export.col.criterion",
            "selection.export.col.weight",
            "selection.export.col.lo",
            "selection.export.col.hi",
            "selection.export.col.below",
            "selection.export.col.above",
        ]
        .iter()
        .map(|k| tr(k))
        .collect();
        let ws = sheet(&mut wb, lang, "selection.export.sheet.sensitivity", &headers, &bold)?;
        for (i, s) in stability.iter().enumerate() {
            ws.write_string(row(i), 0, &s.name).map_err(xlsx)?;
            for (j, v) in [s.weight, s.lo, s.hi].iter().enumerate() {
                ws.write_number_with_format(row(i), col(1 + j), *v, &percent).map_err(xlsx)?;
            }
            for (j, who) in [&s.below, &s.above].iter().enumerate() {
                if let Some(who) = who {
                    ws.write_string(row(i), col(4 + j), who).map_err(xlsx)?;
                }
            }
        }
        for c in [0, 4, 5] {
            ws.set_column_width(c, 30).map_err(xlsx)?;
        }
    }

    // SMAA rank acceptability, when computed.
    if view.smaa_ranks > 0 {
        let mut headers = vec![tr("selection.export.col.candidate")];
        headers.extend(
            (1..=view.smaa_ranks)
                .map(|k| format!("{} {k}", tr("selection.export.col.acceptability"))),
        );
        let ws = sheet(&mut wb, lang, "selection.export.sheet.smaa", &headers, &bold)?;
        for (i, x) in view.rows.iter().enumerate() {
            ws.write_string(row(i), 0, &x.name).map_err(xlsx)?;
            for (j, a) in x.acceptability.iter().flatten().enumerate() {
                ws.write_number_with_format(row(i), col(1 + j), *a, &percent).map_err(xlsx)?;
            }
        }
        ws.set_column_width(0, 36).map_err(xlsx)?;
    }

    wb.save_to_buffer().map_err(xlsx)
}

/// The inputs of an event as `mitra rank` reads them, and the command line that ranks them the
/// same way.
#[derive(Debug, Clone)]
pub struct InputsCsv {
    /// `alternative,<criterion keys…>`, then one row per ranked candidate in the matrix's row
    /// order, named `"<name> #<organisation id>"` (with a leading `'` when that would start a
    /// formula), values at full precision.
    pub csv: String,
    /// `mitra rank <file> --method … --weights … [--cost …] --format json`.
    pub command: String,
}

/// The suggested file name of an event's inputs.
pub fn inputs_file_name(event_id: i64) -> String {
    format!("seleksi-{event_id}-masukan.csv")
}

/// The characters that make a spreadsheet read a cell starting with them as a formula (OWASP's
/// CSV injection list: `=`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell of the inputs CSV as a spreadsheet shows it: one starting with a formula
/// character gets a leading `'` (as OWASP recommends), so `=HYPERLINK(…)` stays text. Only
/// names pass through here, never numbers: a value of −5 stays the number `-5`.
fn inert_text(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

/// The inputs of a rankable event as CSV in `mitra rank`'s format. Rows keep the matrix's order
/// (ties are ranked by row order, so the order matters); the weights of the command are the ones
/// the server normalised (the direct percentages of an open event, else the weights used), so
/// `mitra rank` computes the same weights, scores and ranks to the last bit.
pub fn inputs_csv(results: &Results) -> Result<InputsCsv, AppError> {
    let r = ranking(results)?;
    let event = &results.event;
    let csv_err = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["alternative".to_owned()];
    header.extend(r.problem.criteria.iter().map(|c| c.key.clone()));
    out.write_record(&header).map_err(csv_err)?;
    for (i, org) in r.problem.candidates.iter().enumerate() {
        let name = results.name(*org);
        let mut record = vec![inert_text(format!("{name} #{org}"))];
        record.extend(r.problem.matrix.row(i).iter().map(|v| format!("{v}")));
        out.write_record(&record).map_err(csv_err)?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    let csv = String::from_utf8(bytes).map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    let weights: Vec<f64> = if event.is_open() && event.weight_mode == WeightMode::Direct {
        r.problem.criteria.iter().map(|c| c.weight).collect()
    } else {
        r.weights.as_slice().to_vec()
    };
    let mut command = format!(
        "mitra rank {} --method {} --weights {}",
        inputs_file_name(event.id),
        r.method.key(),
        weights.iter().map(|x| format!("{x}")).collect::<Vec<_>>().join(",")
    );
    let cost: Vec<&str> =
        r.problem.criteria.iter().filter(|c| c.cost).map(|c| c.key.as_str()).collect();
    if !cost.is_empty() {
        command.push_str(&format!(" --cost {}", cost.join(",")));
    }
    command.push_str(" --format json");
    Ok(InputsCsv { csv, command })
}

/// A file to download: its bytes, media type, name, and for the inputs the `mitra rank`
/// command line (sent in [`RANK_COMMAND_HEADER`]).
#[derive(Debug, Clone)]
pub struct Download {
    /// Media type.
    pub content_type: &'static str,
    /// Suggested file name (ASCII).
    pub file_name: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// The matching `mitra rank` command, for the inputs CSV.
    pub command: Option<String>,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let disposition = format!("attachment; filename=\"{}\"", self.file_name);
        let mut response = (
            [
                (header::CONTENT_TYPE, self.content_type.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            self.bytes,
        )
            .into_response();
        if let Some(v) = self.command.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(HeaderName::from_static(RANK_COMMAND_HEADER), v);
        }
        response
    }
}

/// The results workbook of event `id` for the actor (its buyer's users; `NotFound` for anyone
/// else), in `lang`.
pub async fn xlsx_download(
    state: &AppState,
    actor: &Actor,
    id: i64,
    lang: Lang,
) -> Result<Download, AppError> {
    let results = selection::results(state, actor, id, 1, u32::MAX).await?;
    let (_, quotes) = selection::quotes(state, actor, id).await?;
    Ok(Download {
        content_type: XLSX_TYPE,
        file_name: format!("seleksi-{id}-hasil.xlsx"),
        bytes: workbook(&results, &quotes, lang)?,
        command: None,
    })
}

/// The inputs CSV of event `id` for the actor (same permission as the results).
pub async fn csv_download(state: &AppState, actor: &Actor, id: i64) -> Result<Download, AppError> {
    let results = selection::results(state, actor, id, 1, u32::MAX).await?;
    let InputsCsv { csv, command } = inputs_csv(&results)?;
    Ok(Download {
        content_type: "text/csv; charset=utf-8",
        file_name: inputs_file_name(id),
        bytes: csv.into_bytes(),
        command: Some(command),
    })
}

#[cfg(test)]
mod tests {
    use super::inert_text;

    #[test]
    fn formula_starts_get_a_quote_and_nothing_else_changes() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert_text(s.to_owned()), format!("'{s}"));
        }
        for s in ["UMKM A #3", "Toko 1", "", "'quoted", " =spaced"] {
            assert_eq!(inert_text(s.to_owned()), s);
        }
    }
}
