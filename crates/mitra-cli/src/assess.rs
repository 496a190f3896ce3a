//! `mitra assess score FILE`: component scores per respondent and reliability per component of
//! a survey answered on an instrument.

use crate::error::{list_bad_answers, tr, CliError};
use crate::lang::Lang;
use crate::output::{emit, fmt_num, Format};
use crate::survey_input::{
    match_columns, parse_rows, read_grid, read_mapping, BadAnswer, Respondent,
};
use mitra_core::assessment::reliability::{self, Reliability, ALPHA_THRESHOLD};
use mitra_core::assessment::{
    score, AssessmentScore, Component, Instrument, InstrumentStatus, LikertScale,
};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// `mitra assess …`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    #[command(subcommand)]
    command: AssessCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AssessCommand {
    /// Skor komponen per responden dan reliabilitas per komponen dari berkas survei / component
    /// scores per respondent and reliability per component of a survey file.
    Score(ScoreArgs),
    /// Impor survei ke basis data sebagai penilaian / import a survey into the database as
    /// assessments (linked to UMKM by an NIB or name column) and anonymous survey respondents.
    Import(ImportArgs),
}

/// Options of `mitra assess import`.
#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// CSV or XLSX file: one row per respondent, one column per item (named by item key, by the
    /// question text, or through --mapping); an `nib` or `umkm` column links a respondent to an
    /// UMKM of the institution's province.
    file: PathBuf,
    /// The importing institution's id.
    #[arg(long)]
    institution: i64,
    /// Kind of the assessments made for linked respondents: readiness or assessor.
    #[arg(long, default_value = "readiness")]
    kind: String,
    /// Instrumen yang dijawab berkas, KUNCI@VERSI / the instrument the file answers, KEY@VERSION:
    /// `starting@1` (Mitra's starting instrument) or a published version of the importing
    /// institution stored in the database (e.g. `institution-7@2`; see the /instruments page).
    #[arg(long, default_value = "starting@1")]
    instrument: String,
    /// CSV of `column_header,item_key` lines that map the file's columns to items.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Import the clean rows only and report the others (default: nothing until all are clean).
    #[arg(long)]
    clean_rows: bool,
    /// Output format of the report: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Basis data / database: sqlite:PATH or postgres://…
    #[arg(long, env = "MITRA_DATABASE_URL", default_value = mitra_store::DEFAULT_DATABASE_URL)]
    database_url: String,
}

/// Options of `mitra assess score`.
#[derive(Debug, clap::Args)]
struct ScoreArgs {
    /// CSV or XLSX file: one row per respondent, one column per item (named by item key, by the
    /// question text, or through --mapping); a first column that is no item names respondents.
    file: PathBuf,
    /// Sheet of a spreadsheet (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Instrument: `starting` (Mitra's starting instrument, 32 items, 8 components) or a
    /// published version stored in the database, KEY@VERSION (e.g. `institution-7@2`; see the
    /// /instruments page). Drafts are refused.
    #[arg(long, default_value = "starting")]
    instrument: String,
    /// Database holding the stored instrument (only read, for --instrument KEY@VERSION):
    /// sqlite:PATH or postgres://…
    #[arg(long, env = "MITRA_DATABASE_URL", default_value = mitra_store::DEFAULT_DATABASE_URL)]
    database_url: String,
    /// CSV of `column_header,item_key` lines that map the file's columns to items.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Answer scale, 5 or 7 points (default: the instrument's).
    #[arg(long)]
    scale: Option<i64>,
    /// Score the clean rows only and list the rejected ones on standard error.
    #[arg(long)]
    skip_invalid: bool,
    /// Treat every item as required: an empty answer is an error.
    #[arg(long)]
    require_all: bool,
    /// What to write: all (default; not with csv), scores, reliability.
    #[arg(long, value_enum)]
    section: Option<Section>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write to this file instead of standard output (replaced only when complete).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Which part of the report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Section {
    /// Scores and reliability.
    All,
    /// Scores per respondent.
    Scores,
    /// Reliability per component.
    Reliability,
}

/// Runs `mitra assess …`.
pub fn run(args: &AssessArgs, lang: Lang) -> Result<(), CliError> {
    match &args.command {
        AssessCommand::Score(a) => run_score(a, lang),
        AssessCommand::Import(a) => run_import(a, lang),
    }
}

/// `mitra assess import`: the same import as the officers' upload (`mitra_server::survey_import`).
fn run_import(args: &ImportArgs, lang: Lang) -> Result<(), CliError> {
    use mitra_server::survey_import::import_kind;
    let kind = import_kind(&args.kind).ok_or_else(|| CliError::BadOption {
        option: "--kind",
        value: args.kind.clone(),
        expected: tr!(lang, "pilih readiness atau assessor", "choose readiness or assessor"),
    })?;
    let bytes = crate::input::read_bytes(&args.file)?;
    let mapping = args.mapping.as_deref().map(crate::input::read_bytes).transpose()?;
    let file_name =
        args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let outcome = crate::serve::runtime().map_err(CliError::Runtime)?.block_on(async {
        let db = crate::serve::open(&args.database_url).await.map_err(CliError::Runtime)?;
        let r = import_on(&db, args, kind, &file_name, &bytes, mapping.as_deref(), lang).await;
        db.close().await;
        r
    })?;
    let report = match outcome {
        Ok(r) => r,
        Err(rejected) => {
            let list: String = rejected
                .problems
                .iter()
                .take(crate::error::MAX_LISTED)
                .map(|p| format!("\n  {}", p.message))
                .collect();
            return Err(CliError::SurveyRejected {
                file: args.file.clone(),
                message: format!("{}{list}", rejected.message),
            });
        }
    };
    emit(None, |out| match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
            writeln!(out)
        }
        _ => {
            let t = |k| mitra_core::t(lang, k);
            writeln!(
                out,
                "{}: {} (#{})",
                t("survey.imported"),
                args.file.display(),
                report.import_id
            )?;
            writeln!(out, "{}: {}", t("survey.respondents"), report.imported)?;
            writeln!(out, "{}: {}", t("survey.linked"), report.linked)?;
            writeln!(out, "{}: {}", t("survey.anonymous"), report.anonymous)?;
            writeln!(out, "{}: {}", t("survey.rejected"), report.rejected_rows)?;
            for p in &report.problems {
                writeln!(out, "  {}", p.message)?;
            }
            Ok(())
        }
    })
}

/// Resolves `--instrument` in the database and imports: the instrument must be `starting@1` or a
/// published version of the importing institution (never a draft or another institution's).
async fn import_on(
    db: &mitra_store::Db,
    args: &ImportArgs,
    kind: mitra_core::assessment::store::AssessmentKind,
    file_name: &str,
    bytes: &[u8],
    mapping: Option<&[u8]>,
    lang: Lang,
) -> Result<
    Result<mitra_server::survey_import::ImportReport, mitra_server::survey_import::ImportRejected>,
    CliError,
> {
    use mitra_server::survey_import::{import, import_instrument, ImportRequest};
    let id = args.institution;
    let failed = |e| match e {
        mitra_server::AppError::NotFound => CliError::Runtime(anyhow::anyhow!(tr!(
            lang,
            "lembaga #{id} tidak ada",
            "institution #{id} does not exist"
        ))),
        other => CliError::Runtime(anyhow::Error::new(other)),
    };
    let label = args.instrument.trim();
    let instrument = match import_instrument(db, id, label).await.map_err(failed)? {
        Some(i) if !label.is_empty() => i,
        _ => {
            return Err(CliError::BadOption {
                option: "--instrument",
                value: args.instrument.clone(),
                expected: tr!(
                    lang,
                    "pilih starting@1 atau versi terbitan lembaga #{id} (KUNCI@VERSI, lihat halaman /instruments)",
                    "choose starting@1 or a published version of institution #{id} (KEY@VERSION, see the /instruments page)"
                ),
            })
        }
    };
    let req = ImportRequest {
        institution_id: id,
        imported_by: None,
        kind,
        instrument: &instrument,
        file_name,
        bytes,
        mapping,
        clean_rows: args.clean_rows,
    };
    import(db, &req, lang).await.map_err(failed)
}

/// The instrument `--instrument` names: the built-in starting one, or a published version
/// read from the database.
fn named_instrument(args: &ScoreArgs, lang: Lang) -> Result<Instrument, CliError> {
    let label = args.instrument.trim();
    let starting = Instrument::starting();
    if label == "starting" || label == starting.label() {
        return Ok(starting);
    }
    let refused = || {
        CliError::BadOption {
        option: "--instrument",
        value: args.instrument.clone(),
        expected: tr!(
            lang,
            "pilih starting atau versi terbitan yang tersimpan di basis data (KUNCI@VERSI, lihat halaman /instruments)",
            "choose starting or a published version stored in the database (KEY@VERSION, see the /instruments page)"
        ),
    }
    };
    let (key, version) = label.rsplit_once('@').ok_or_else(refused)?;
    let version: u32 = version.parse().map_err(|_| refused())?;
    let stored = crate::serve::runtime().map_err(CliError::Runtime)?.block_on(async {
        use mitra_core::assessment::instrument_store::InstrumentStore;
        let db = crate::serve::open(&args.database_url).await.map_err(CliError::Runtime)?;
        let found = db.instrument(key, version).await;
        db.close().await;
        found.map_err(|e| CliError::Runtime(anyhow::anyhow!("{e}")))
    })?;
    match stored {
        Some(s) if s.instrument.status() == InstrumentStatus::Published => Ok(s.instrument),
        _ => Err(refused()),
    }
}

fn instrument(args: &ScoreArgs, lang: Lang) -> Result<Instrument, CliError> {
    let starting = named_instrument(args, lang)?;
    let Some(points) = args.scale else { return Ok(starting) };
    let bad_scale = || CliError::BadOption {
        option: "--scale",
        value: points.to_string(),
        expected: tr!(lang, "pilih 5 atau 7", "choose 5 or 7"),
    };
    let scale = LikertScale::new(points).map_err(|_| bad_scale())?;
    if scale == starting.scale() {
        return Ok(starting);
    }
    // The same items on another scale are another instrument: a new version, never an edit.
    let mut copy = starting.copy_as_draft(starting.version() + 1).map_err(|_| bad_scale())?;
    copy.edit(|s| s.scale = scale).map_err(|_| bad_scale())?;
    copy.publish();
    Ok(copy)
}

fn run_score(args: &ScoreArgs, lang: Lang) -> Result<(), CliError> {
    let section = match (args.section, args.format) {
        (Some(Section::All), Format::Csv) => {
            return Err(CliError::BadOption {
                option: "--section",
                value: "all".into(),
                expected: tr!(
                    lang,
                    "CSV memuat satu tabel; pilih scores atau reliability",
                    "a CSV holds one table; choose scores or reliability"
                ),
            })
        }
        (Some(s), _) => s,
        (None, Format::Csv) => Section::Scores,
        (None, _) => Section::All,
    };
    let instrument = instrument(args, lang)?;
    let grid = read_grid(&args.file, args.sheet.as_deref())?;
    let mapping = match &args.mapping {
        Some(m) => read_mapping(m)?,
        None => Vec::new(),
    };
    let columns =
        match_columns(&args.file, &grid.header, &instrument, &mapping, args.mapping.as_deref())?;
    let warn = lang.pick("peringatan", "warning");
    if !columns.unknown.is_empty() {
        let names = columns.unknown.join("', '");
        let msg = tr!(
            lang,
            "kolom yang bukan butir instrumen diabaikan: '{names}'",
            "columns that are no item of the instrument are ignored: '{names}'"
        );
        eprintln!("{warn}: {msg}");
    }
    if !columns.unused_mapping.is_empty() {
        let names = columns.unused_mapping.join("', '");
        let msg = tr!(
            lang,
            "kolom di --mapping yang tidak ada di berkas: '{names}'",
            "--mapping names columns the file does not have: '{names}'"
        );
        eprintln!("{warn}: {msg}");
    }
    let parsed = parse_rows(&grid, &columns, &instrument, args.require_all);
    if !parsed.bad.is_empty() {
        if !args.skip_invalid {
            return Err(CliError::InvalidAnswers {
                file: args.file.clone(),
                bad: parsed.bad,
                rejected_rows: parsed.rejected_rows,
            });
        }
        let (n, list) = (parsed.rejected_rows, list_bad_answers(&parsed.bad, lang));
        let msg = tr!(
            lang,
            "{n} baris ditolak dan tidak dinilai:{list}",
            "{n} rows rejected and not scored:{list}"
        );
        eprintln!("{warn}: {msg}");
    }
    if parsed.respondents.is_empty() {
        return Err(CliError::NoCleanRows {
            file: args.file.clone(),
            rejected_rows: parsed.rejected_rows,
        });
    }
    let scores: Vec<AssessmentScore> =
        parsed.respondents.iter().filter_map(|r| score(&instrument, &r.response).ok()).collect();
    let responses: Vec<_> = parsed.respondents.iter().map(|r| r.response.clone()).collect();
    let report = Report {
        file: args.file.display().to_string(),
        instrument: &instrument,
        respondents: &parsed.respondents,
        scores: &scores,
        reliability: reliability::by_component(&instrument, &responses),
        rejected_rows: parsed.rejected_rows,
        bad: &parsed.bad,
        lang,
        section,
    };
    emit(args.output.as_deref(), |out| match args.format {
        Format::Json => report.write_json(out),
        Format::Csv => report.write_csv(out),
        Format::Table => report.write_table(out, lang),
    })
}

/// Everything `mitra assess score` writes.
struct Report<'a> {
    file: String,
    instrument: &'a Instrument,
    respondents: &'a [Respondent],
    scores: &'a [AssessmentScore],
    reliability: Vec<(Component, Reliability)>,
    rejected_rows: usize,
    bad: &'a [BadAnswer],
    lang: Lang,
    section: Section,
}

impl Report<'_> {
    fn show_scores(&self) -> bool {
        self.section != Section::Reliability
    }

    fn show_reliability(&self) -> bool {
        self.section != Section::Scores
    }

    fn name(&self, k: usize) -> String {
        let r = &self.respondents[k];
        r.id.clone().unwrap_or_else(|| format!("#{}", r.line))
    }

    fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct RespondentOut<'r> {
            id: Option<&'r str>,
            line: usize,
            #[serde(flatten)]
            score: &'r AssessmentScore,
        }
        #[derive(Serialize)]
        struct ReliabilityOut<'r> {
            component: Component,
            #[serde(flatten)]
            reliability: &'r Reliability,
        }
        #[derive(Serialize)]
        struct BadOut<'r> {
            line: usize,
            column: &'r str,
            problem: &'static str,
            message: String,
        }
        #[derive(Serialize)]
        struct Out<'r> {
            file: &'r str,
            instrument: String,
            scale: u8,
            respondents_scored: usize,
            rows_rejected: usize,
            alpha_threshold: f64,
            rejected: Vec<BadOut<'r>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            respondents: Option<Vec<RespondentOut<'r>>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reliability: Option<Vec<ReliabilityOut<'r>>>,
        }
        let respondents = self.show_scores().then(|| {
            self.respondents
                .iter()
                .zip(self.scores)
                .map(|(r, score)| RespondentOut { id: r.id.as_deref(), line: r.line, score })
                .collect()
        });
        let reliability = self.show_reliability().then(|| {
            self.reliability
                .iter()
                .map(|(component, reliability)| ReliabilityOut {
                    component: *component,
                    reliability,
                })
                .collect()
        });
        let o = Out {
            file: &self.file,
            instrument: self.instrument.label(),
            scale: self.instrument.scale().points(),
            respondents_scored: self.respondents.len(),
            rows_rejected: self.rejected_rows,
            alpha_threshold: ALPHA_THRESHOLD,
            rejected: self
                .bad
                .iter()
                .map(|b| BadOut {
                    line: b.line,
                    column: &b.column,
                    problem: b.key(),
                    message: b.message(self.lang),
                })
                .collect(),
            respondents,
            reliability,
        };
        serde_json::to_writer_pretty(&mut *out, &o)?;
        writeln!(out)
    }

    fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut num = ryu::Buffer::new();
        let mut opt = |x: Option<f64>| x.map_or(String::new(), |v| num.format(v).to_string());
        if self.section == Section::Reliability {
            w.write_record([
                "component",
                "alpha",
                "below_0_70",
                "n_used",
                "n_left_out",
                "item",
                "item_mean",
                "item_sd",
                "corrected_item_total",
                "alpha_if_deleted",
            ])?;
            for (c, r) in &self.reliability {
                for it in &r.items {
                    w.write_record([
                        c.key().to_string(),
                        opt(r.alpha),
                        r.below_threshold.to_string(),
                        r.n_used.to_string(),
                        r.n_left_out.to_string(),
                        it.key.clone(),
                        opt(Some(it.mean)),
                        opt(Some(it.sd)),
                        opt(it.corrected_item_total),
                        opt(it.alpha_if_deleted),
                    ])?;
                }
            }
        } else {
            let components = self.instrument.components();
            let mut head = vec!["respondent".to_string(), "line".to_string()];
            for c in &components {
                head.push(format!("{}_mean", c.key()));
                head.push(format!("{}_index", c.key()));
            }
            head.extend(["overall_index".into(), "components_left_out".into()]);
            w.write_record(&head)?;
            for (k, s) in self.scores.iter().enumerate() {
                let mut row = vec![self.name(k), self.respondents[k].line.to_string()];
                for c in &components {
                    let cs = s.component(*c);
                    row.push(opt(cs.and_then(|x| x.mean())));
                    row.push(opt(cs.and_then(|x| x.index())));
                }
                row.push(opt(s.overall.index));
                let left: Vec<&str> = s.overall.left_out.iter().map(|c| c.key()).collect();
                row.push(left.join(";"));
                w.write_record(&row)?;
            }
        }
        w.flush()
    }

    fn write_table(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        let i = self.instrument;
        let points = i.scale().points();
        writeln!(out, "{} — {}", lang.pick("Skor penilaian", "Assessment scores"), self.file)?;
        let title = lang.pick(i.title().id, i.title().en);
        let (n, rej, label) = (self.respondents.len(), self.rejected_rows, i.label());
        let line = tr!(
            lang,
            "Instrumen {label} ({title}), skala 1–{points}; {n} responden dinilai, {rej} baris ditolak",
            "Instrument {label} ({title}), scale 1–{points}; {n} respondents scored, {rej} rows rejected"
        );
        writeln!(out, "{line}")?;
        let components = i.components();
        writeln!(out)?;
        for (k, c) in components.iter().enumerate() {
            let name = lang.pick(c.name().id, c.name().en);
            writeln!(out, "  K{} = {name} ({})", k + 1, c.key())?;
        }
        if self.show_scores() {
            self.write_score_table(out, lang, &components)?;
        }
        if self.show_reliability() {
            self.write_reliability_table(out, lang, &components)?;
        }
        Ok(())
    }

    fn write_score_table(
        &self,
        out: &mut dyn Write,
        lang: Lang,
        components: &[Component],
    ) -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            lang.pick(
                "Skor per komponen: rata-rata butir (indeks 0–100); — = kurang dari separuh butir dijawab",
                "Component scores: item mean (0–100 index); — = fewer than half the items answered"
            )
        )?;
        let names: Vec<String> = (0..self.respondents.len()).map(|k| self.name(k)).collect();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0).clamp(10, 24);
        write!(out, "{:<width$}", lang.pick("Responden", "Respondent"))?;
        for k in 0..components.len() {
            write!(out, " {:>13}", format!("K{}", k + 1))?;
        }
        writeln!(out, " {:>8}", lang.pick("Indeks", "Index"))?;
        let mut partial = false;
        for (name, s) in names.iter().zip(self.scores) {
            let name: String = name.chars().take(width).collect();
            write!(out, "{name:<width$}")?;
            for c in components {
                let cell = match s.component(*c).and_then(|x| x.mean().zip(x.index())) {
                    Some((m, idx)) => format!("{m:.2} ({idx:.1})"),
                    None => "—".into(),
                };
                write!(out, " {cell:>13}")?;
            }
            let mark = if s.overall.left_out.is_empty() { " " } else { "*" };
            partial |= mark == "*";
            let overall = s.overall.index.map_or("—".into(), |v| format!("{v:.1}"));
            writeln!(out, " {overall:>7}{mark}")?;
        }
        if partial {
            writeln!(
                out,
                "{}",
                lang.pick(
                    "* indeks keseluruhan tanpa komponen yang tidak berskor (bobot dinormalkan ulang)",
                    "* overall index without the unscored components (weights renormalised)"
                )
            )?;
        }
        Ok(())
    }

    fn write_reliability_table(
        &self,
        out: &mut dyn Write,
        lang: Lang,
        components: &[Component],
    ) -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            lang.pick(
                "Reliabilitas per komponen (alfa Cronbach; hanya responden yang menjawab semua butir komponen)",
                "Reliability per component (Cronbach's alpha; only respondents who answered every item of the component)"
            )
        )?;
        for (c, r) in &self.reliability {
            let k = components.iter().position(|x| x == c).map_or(0, |k| k + 1);
            let alpha = r.alpha.map_or("—".into(), fmt_num);
            let flag = if r.below_threshold {
                tr!(lang, "  [di bawah 0,70]", "  [below 0.70]")
            } else {
                String::new()
            };
            let (used, left) = (r.n_used, r.n_left_out);
            let n = tr!(lang, "n = {used} ({left} dikeluarkan)", "n = {used} ({left} left out)");
            writeln!(out, "\nK{k} {}: α = {alpha}, {n}{flag}", c.key())?;
            if r.items.is_empty() {
                continue;
            }
            writeln!(
                out,
                "  {:<8} {:>9} {:>9} {:>13} {:>14}",
                lang.pick("butir", "item"),
                lang.pick("rerata", "mean"),
                "sd",
                lang.pick("r butir-total", "r item-total"),
                lang.pick("α jika dihapus", "α if deleted"),
            )?;
            for it in &r.items {
                let opt = |x: Option<f64>| x.map_or("—".into(), fmt_num);
                writeln!(
                    out,
                    "  {:<8} {:>9} {:>9} {:>13} {:>14}",
                    it.key,
                    fmt_num(it.mean),
                    fmt_num(it.sd),
                    opt(it.corrected_item_total),
                    opt(it.alpha_if_deleted)
                )?;
            }
        }
        Ok(())
    }
}
