//! Survey import, shared by `mitra assess import` and the officers' upload (page and API): a
//! clean file becomes one [`SurveyImport`] stored in one transaction.
//!
//! A respondent is linked to an UMKM by an `nib` column, else by an `umkm` (or `nama_umkm`,
//! `umkm_name`) column holding its legal name; the UMKM must be in the importing institution's
//! province. A linked respondent becomes a submitted assessment of that UMKM (readiness or
//! assessor); the others stay anonymous survey respondents. Every bad answer and every NIB or name
//! that names no UMKM is reported with its row and column; nothing is stored until the file is
//! clean, unless `clean_rows` asks to store the clean rows and report the rest.

use std::collections::BTreeMap;

use mitra_core::access::Actor;
use mitra_core::assessment::coaching::{CoachingStore, ImportedRespondent, SurveyImport};
use mitra_core::assessment::instrument_store::InstrumentStore;
use mitra_core::assessment::store::AssessmentKind;
use mitra_core::assessment::{Instrument, InstrumentStatus};
use mitra_core::organisation::OrganisationKind;
use mitra_core::user::Role;
use mitra_core::{t, Lang, Store};
use serde::Serialize;

use crate::clock;
use crate::error::AppError;
use mitra_files::survey::{self, BadAnswer, ColumnError, Grid, Problem};
use mitra_store::Db;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// The importing institution.
    pub institution_id: i64,
    /// The account importing (`None` from the command line).
    pub imported_by: Option<i64>,
    /// Readiness or assessor.
    pub kind: AssessmentKind,
    /// The instrument the file answers (see [`import_instrument`]).
    pub instrument: &'a Instrument,
    /// The file's name (its extension decides CSV or spreadsheet).
    pub file_name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// A mapping file's bytes (`column_header,item_key` lines), if any.
    pub mapping: Option<&'a [u8]>,
    /// Import the clean rows only and report the rest.
    pub clean_rows: bool,
}

/// One problem, where it is and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    /// The file's line or row.
    pub row: usize,
    /// The column's header (empty for a whole row).
    pub column: String,
    /// Stable code (a catalogue key).
    pub code: &'static str,
    /// The message, with row and column, in the caller's language.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The stored import.
    pub import_id: i64,
    /// Respondents stored.
    pub imported: usize,
    /// Of those, linked to an UMKM (each a submitted assessment).
    pub linked: usize,
    /// Of those, anonymous.
    pub anonymous: usize,
    /// Rows left out (only with `clean_rows`).
    pub rejected_rows: usize,
    /// The problems of the rows left out.
    pub problems: Vec<ProblemView>,
    /// Columns that are no item, NIB or name, ignored.
    pub ignored_columns: Vec<String>,
}

/// Why nothing was imported: a message and, for bad answers, each one with its row and column.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRejected {
    /// Stable code (a catalogue key).
    pub code: &'static str,
    /// What is wrong, in the caller's language.
    pub message: String,
    /// Every bad answer, in file order.
    pub problems: Vec<ProblemView>,
}

impl ImportRejected {
    fn file(code: &'static str, message: String) -> Self {
        ImportRejected { code, message, problems: Vec::new() }
    }
}

fn views(bad: &[BadAnswer], lang: Lang) -> Vec<ProblemView> {
    bad.iter()
        .map(|b| ProblemView {
            row: b.line,
            column: b.column.clone(),
            code: b.code(),
            message: b.message(lang),
        })
        .collect()
}

/// Headers that link a respondent to an UMKM.
const NIB_HEADERS: &[&str] = &["nib"];
const NAME_HEADERS: &[&str] = &["umkm", "nama_umkm", "nama umkm", "umkm_name"];

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

/// The kinds a survey may be imported as.
pub fn import_kind(raw: &str) -> Option<AssessmentKind> {
    match AssessmentKind::from_key(raw.trim()) {
        Some(k @ (AssessmentKind::Readiness | AssessmentKind::Assessor)) => Some(k),
        _ if raw.trim().is_empty() => Some(AssessmentKind::Readiness),
        _ => None,
    }
}

/// Imports a survey for an institution. `Ok(Err(_))` is a file refused as a whole (nothing
/// stored); `Err(_)` a failure of the application (unknown institution, database).
pub async fn import(
    db: &Db,
    req: &ImportRequest<'_>,
    lang: Lang,
) -> Result<Result<ImportReport, ImportRejected>, AppError> {
    let province = match db.organisation_kind(req.institution_id).await? {
        Some((OrganisationKind::Institution, regency)) => regency.get(..2).unwrap_or("").to_owned(),
        _ => return Err(AppError::NotFound),
    };
    let instrument = req.instrument;
    // Bounded by what the file holds (mitra_files::limits), never by its cell addresses; the
    // inflating and parsing run off the async workers, so other requests keep being answered.
    let (name, bytes) = (req.file_name.to_owned(), req.bytes.to_vec());
    let read = tokio::task::spawn_blocking(move || mitra_files::read_grid(&name, &bytes, None))
        .await
        .map_err(|e| AppError::Internal(format!("survey reader: {e}")))?;
    let grid: Grid = match read {
        Ok(g) => g,
        Err(e) => {
            let msg =
                format!("{} {}: {}", t(lang, "survey.unreadable"), req.file_name, e.message(lang));
            return Ok(Err(ImportRejected::file("survey.unreadable", msg)));
        }
    };
    if grid.header.is_empty() || grid.rows.is_empty() {
        return Ok(Err(ImportRejected::file("survey.no_rows", t(lang, "survey.no_rows").into())));
    }
    let mapping = match req.mapping {
        None => Vec::new(),
        Some(bytes) => {
            let pairs = mitra_files::csv_grid(bytes)
                .map_err(|e| e.line().unwrap_or(1))
                .and_then(survey::mapping_pairs);
            match pairs {
                Ok(p) => p,
                Err(row) => {
                    let msg = t(lang, "survey.bad_mapping").replace("{row}", &row.to_string());
                    return Ok(Err(ImportRejected::file("survey.bad_mapping", msg)));
                }
            }
        }
    };
    let columns = match survey::match_columns(&grid.header, instrument, &mapping) {
        Ok(c) => c,
        Err(ColumnError::MissingItems { items, .. }) => {
            let msg = t(lang, "survey.missing_items").replace("{items}", &items.join(", "));
            return Ok(Err(ImportRejected::file("survey.missing_items", msg)));
        }
        Err(ColumnError::ItemTwice { item, columns: [a, b] }) => {
            let msg = t(lang, "survey.item_twice")
                .replace("{a}", &a)
                .replace("{b}", &b)
                .replace("{item}", &item);
            return Ok(Err(ImportRejected::file("survey.item_twice", msg)));
        }
        Err(ColumnError::UnknownItem { line, item, .. }) => {
            let msg = t(lang, "survey.unknown_mapping_item")
                .replace("{row}", &line.to_string())
                .replace("{item}", &item);
            return Ok(Err(ImportRejected::file("survey.unknown_mapping_item", msg)));
        }
    };
    let mut parsed = survey::parse_rows(&grid, &columns, instrument, false);

    // Link each clean respondent; a NIB or name naming no UMKM of the province is a bad cell.
    let (nib_col, name_col) =
        (column(&grid.header, NIB_HEADERS), column(&grid.header, NAME_HEADERS));
    let mut respondents = Vec::with_capacity(parsed.respondents.len());
    let cells: BTreeMap<usize, &Vec<String>> = grid.rows.iter().map(|(l, c)| (*l, c)).collect();
    for r in std::mem::take(&mut parsed.respondents) {
        let cell = |c: Option<usize>| {
            c.and_then(|c| cells.get(&r.line).and_then(|row| row.get(c)))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .map(|s| (c.unwrap_or(0), s))
        };
        let mut bad = |c: usize, problem| {
            parsed.bad.push(BadAnswer { line: r.line, column: grid.header[c].clone(), problem });
            parsed.rejected_rows += 1;
        };
        let organisation_id = if let Some((c, nib)) = cell(nib_col) {
            match db.umkm_by_nib(&nib).await? {
                Some((id, regency)) if regency.starts_with(&province) => Some(id),
                _ => {
                    bad(c, Problem::UnknownUmkm { text: nib });
                    continue;
                }
            }
        } else if let Some((c, name)) = cell(name_col) {
            match db.umkm_by_name(&name, &province).await?.as_slice() {
                [id] => Some(*id),
                [] => {
                    bad(c, Problem::UnknownUmkm { text: name });
                    continue;
                }
                _ => {
                    bad(c, Problem::AmbiguousUmkm { text: name });
                    continue;
                }
            }
        } else {
            None
        };
        let answers = instrument
            .items()
            .iter()
            .filter_map(|it| {
                r.response.answer(&it.key).map(|a| (it.key.clone(), i64::from(a.value())))
            })
            .collect();
        respondents.push(ImportedRespondent {
            row: r.line,
            label: r.id.clone(),
            organisation_id,
            assessment_id: None,
            answers,
        });
    }
    parsed.bad.sort_by_key(|b| b.line);
    if !parsed.bad.is_empty() && !req.clean_rows {
        return Ok(Err(ImportRejected {
            code: "survey.invalid",
            message: t(lang, "survey.invalid").into(),
            problems: views(&parsed.bad, lang),
        }));
    }
    if respondents.is_empty() {
        return Ok(Err(ImportRejected {
            code: "survey.no_clean_rows",
            message: t(lang, "survey.no_clean_rows").into(),
            problems: views(&parsed.bad, lang),
        }));
    }
    let import = SurveyImport {
        institution_id: req.institution_id,
        kind: req.kind,
        file_name: req.file_name.to_owned(),
        instrument_key: instrument.key().to_owned(),
        instrument_version: instrument.version(),
        rejected_rows: parsed.rejected_rows,
        imported_by: req.imported_by,
        respondents,
    };
    let import_id = db.import_survey(&import, clock::now()).await?;
    let linked = import.respondents.iter().filter(|r| r.organisation_id.is_some()).count();
    let ignored_columns = columns
        .unknown
        .into_iter()
        .filter(|h| column(std::slice::from_ref(h), NIB_HEADERS).is_none())
        .filter(|h| column(std::slice::from_ref(h), NAME_HEADERS).is_none())
        .collect();
    Ok(Ok(ImportReport {
        import_id,
        imported: import.respondents.len(),
        linked,
        anonymous: import.respondents.len() - linked,
        rejected_rows: parsed.rejected_rows,
        problems: views(&parsed.bad, lang),
        ignored_columns,
    }))
}

/// The instruments an institution may import a survey on: its own published versions, newest
/// first, then the starting instrument. Drafts and other institutions' instruments never are.
pub async fn import_instruments(db: &Db, institution_id: i64) -> Result<Vec<Instrument>, AppError> {
    let mut own: Vec<Instrument> = db
        .institution_instruments(institution_id)
        .await?
        .into_iter()
        .filter(|i| i.status() == InstrumentStatus::Published)
        .collect();
    own.sort_by_key(|i| std::cmp::Reverse(i.version()));
    own.push(Instrument::starting());
    Ok(own)
}

/// The instrument `label` (`key@version`) names among the institution's
/// [`import_instruments`]; an empty label means the first of them (its latest published
/// instrument, else the starting one). `None` when the label names none of them: unknown,
/// a draft, or another institution's.
pub async fn import_instrument(
    db: &Db,
    institution_id: i64,
    label: &str,
) -> Result<Option<Instrument>, AppError> {
    let label = label.trim();
    let all = import_instruments(db, institution_id).await?;
    Ok(all.into_iter().find(|i| label.is_empty() || i.label() == label))
}

/// The importing institution of a signed-in user: institution officers import for their own.
pub fn importing_institution(actor: &Actor) -> Result<i64, AppError> {
    match (actor.role, actor.organisation_id) {
        (Role::InstitutionOfficer, Some(i)) => Ok(i),
        _ => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_link_columns() {
        assert_eq!(import_kind(""), Some(AssessmentKind::Readiness));
        assert_eq!(import_kind("assessor"), Some(AssessmentKind::Assessor));
        assert_eq!(import_kind("partnership_buyer"), None);
        let header: Vec<String> = ["Timestamp", " NIB ", "Nama UMKM"].map(String::from).into();
        assert_eq!(column(&header, NIB_HEADERS), Some(1));
        assert_eq!(column(&header, NAME_HEADERS), Some(2));
    }
}

/// The fields of an upload form (page or API): `file`, optional `mapping`, `kind`, `instrument`
/// (`key@version`; empty: the institution's latest published), `clean_rows`; from the page,
/// `csrf_token` first.
#[derive(Debug, Default)]
pub(crate) struct Upload {
    pub file_name: String,
    pub file: Vec<u8>,
    pub mapping: Option<Vec<u8>>,
    pub kind: String,
    pub instrument: String,
    pub clean_rows: bool,
}

/// Reads a `multipart/form-data` upload; an unreadable body is a malformed request. From the
/// page (`form_of` the page's context), the form's first field must be its CSRF token, checked
/// before anything else of the body is read (a body that does not start with it is refused as
/// a missing token); the API checks its header before calling this.
pub(crate) async fn read_upload(
    mut m: axum::extract::Multipart,
    form_of: Option<&crate::auth::Ctx>,
) -> Result<Upload, AppError> {
    if let Some(ctx) = form_of {
        let sent = match m.next_field().await {
            Ok(Some(f)) if f.name() == Some("csrf_token") => f.text().await.unwrap_or_default(),
            _ => String::new(),
        };
        ctx.check_csrf(&sent)?;
    }
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::Malformed(e.body_text())
        }
    };
    let mut u = Upload::default();
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "file" => {
                u.file_name = field.file_name().unwrap_or("survey.csv").to_owned();
                u.file = field.bytes().await.map_err(bad)?.to_vec();
            }
            "mapping" => {
                let bytes = field.bytes().await.map_err(bad)?;
                u.mapping = (!bytes.is_empty()).then(|| bytes.to_vec());
            }
            "kind" => u.kind = field.text().await.map_err(bad)?,
            "instrument" => u.instrument = field.text().await.map_err(bad)?,
            "clean_rows" => {
                u.clean_rows = mitra_core::field::checkbox(&field.text().await.map_err(bad)?)
            }
            _ => {}
        }
    }
    Ok(u)
}

/// Imports an upload for the actor's institution: the page's and the API's one path.
pub(crate) async fn import_upload(
    db: &Db,
    actor: &Actor,
    u: &Upload,
    lang: Lang,
) -> Result<Result<ImportReport, ImportRejected>, AppError> {
    let institution_id = importing_institution(actor)?;
    let mut errors = mitra_core::FieldErrors::new();
    let kind = import_kind(&u.kind);
    if kind.is_none() {
        errors.add("kind", "field.choice");
    }
    if u.file.is_empty() {
        errors.add("file", "field.required");
    }
    let instrument = import_instrument(db, institution_id, &u.instrument).await?;
    if instrument.is_none() {
        errors.add("instrument", "survey.unknown_instrument");
    }
    let (Some(kind), Some(instrument)) = (kind.filter(|_| errors.is_empty()), instrument) else {
        return Err(errors.into());
    };
    let req = ImportRequest {
        institution_id,
        imported_by: Some(actor.user_id),
        kind,
        instrument: &instrument,
        file_name: &u.file_name,
        bytes: &u.file,
        mapping: u.mapping.as_deref(),
        clean_rows: u.clean_rows,
    };
    import(db, &req, lang).await
}
