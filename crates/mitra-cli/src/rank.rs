//! `mitra rank FILE`: rank the alternatives of a CSV/XLSX decision table.

use crate::ahp::AhpOptions;
use crate::analysis::{Analyses, AnalysisArgs, Column, Problem};
use crate::error::{tr, CliError, EngineContext};
use crate::input::{parse_number, read_table, Table};
use crate::lang::Lang;
use crate::method_args::MethodArgs;
use crate::output::{emit, fmt_num, Format};
use crate::progress::Progress;
use mitra_decide::ahp::AhpResult;
use mitra_decide::{objective, Criterion, DecisionMatrix, Evaluation, Weights};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::Write;
use std::path::PathBuf;

/// Options of `mitra rank`.
#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// CSV or XLSX file: header row of criterion names, first column the alternative names.
    pub file: PathBuf,
    /// Sheet of a spreadsheet (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The method and its parameters.
    #[command(flatten)]
    pub method: MethodArgs,
    /// Sensitivity, SMAA, comparison and explanations.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Weights: numbers in criterion order (`3,2,1` or `0.5,0.3,0.2`; any positive scale),
    /// `equal`, `entropy` or `critic` (objective weights from the data).
    #[arg(long, default_value = "equal", conflicts_with = "ahp")]
    pub weights: String,
    /// Weights from AHP pairwise comparisons of the criteria (see `mitra ahp`).
    #[arg(long)]
    pub ahp: Option<PathBuf>,
    /// AHP priority vector: eigenvector or geometric_mean.
    #[arg(long, default_value = "eigenvector")]
    pub ahp_priority: String,
    /// AHP Random Index table (see `mitra ahp --help`).
    #[arg(long, default_value = "saaty1980")]
    pub ri: String,
    /// Criteria to minimise (comma-separated names); the others are benefits.
    #[arg(long, value_delimiter = ',')]
    pub cost: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (replaced only when complete).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Where the weights came from, for the report.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum WeightSource {
    Direct,
    Equal,
    Entropy,
    Critic,
    Ahp,
}

/// Runs `mitra rank`.
pub fn run(args: &RankArgs, lang: Lang, progress: Progress) -> Result<(), CliError> {
    let table = read_table(&args.file, args.sheet.as_deref(), &progress)?;
    let context = EngineContext {
        file: Some(args.file.clone()),
        criteria: table.criteria.clone(),
        alternatives: Vec::new(),
        lines: Vec::new(),
    };
    let criteria = criteria(&table, &args.cost)?;
    let method = args.method.build(&args.method.method, table.criteria.len(), false, lang)?;
    let Table { alternatives, lines, values, criteria: names } = table;
    let engine_err = |error, alternatives: &[String], lines: &[usize]| CliError::Engine {
        error,
        context: Box::new(EngineContext {
            alternatives: alternatives.to_vec(),
            lines: lines.to_vec(),
            ..context.clone()
        }),
    };
    let matrix =
        DecisionMatrix::new(alternatives, criteria, values).map_err(|e| engine_err(e, &[], &[]))?;
    let (weights, source, ahp) = weights(args, &matrix, &names, lang)
        .map_err(|e| relocate(e, matrix.alternatives(), &lines))?;
    if let Some(r) = ahp.as_ref().filter(|r| !r.consistent()) {
        let cr = r.cr.map_or("—".into(), |c| format!("{c:.4}"));
        eprintln!(
            "{}",
            tr!(
                lang,
                "peringatan: perbandingan AHP tidak konsisten (CR = {cr} > 0,10); jalankan `mitra ahp` untuk saran perbaikan",
                "warning: the AHP comparisons are not consistent (CR = {cr} > 0.10); run `mitra ahp` for advice"
            )
        );
    }
    let evaluation = method
        .evaluate(&matrix, &weights)
        .map_err(|e| engine_err(e, matrix.alternatives(), &lines))?;
    let context = EngineContext {
        alternatives: matrix.alternatives().to_vec(),
        lines: lines.clone(),
        ..context
    };
    let problem = Problem {
        method: &method,
        methods: &args.method,
        matrix: &matrix,
        weights: &weights,
        context: &context,
    };
    let analyses = args.analysis.run(&problem, progress, lang)?;
    let report = Report {
        file: &args.file,
        matrix: &matrix,
        evaluation: &evaluation,
        weight_source: source,
        ahp: ahp.as_ref(),
        analyses: &analyses,
    };
    emit(args.output.as_deref(), |out| match args.format {
        Format::Json => report.write_json(out),
        Format::Csv => report.write_csv(out),
        Format::Table => report.write_table(out, lang),
    })
}

fn criteria(table: &Table, cost: &[String]) -> Result<Vec<Criterion>, CliError> {
    for name in cost {
        if !table.criteria.iter().any(|c| c == name.trim()) {
            return Err(CliError::UnknownCriterion {
                option: "--cost",
                name: name.trim().to_string(),
                available: table.criteria.clone(),
            });
        }
    }
    Ok(table
        .criteria
        .iter()
        .map(|c| {
            if cost.iter().any(|k| k.trim() == c) {
                Criterion::cost(c.clone())
            } else {
                Criterion::benefit(c.clone())
            }
        })
        .collect())
}

/// Parses comma- (or semicolon-) separated numbers such as `3,2,1` or `50%,30%,20%`.
pub(crate) fn parse_numbers(
    option: &'static str,
    spec: &str,
    lang: Lang,
) -> Result<Vec<f64>, CliError> {
    spec.split([',', ';'])
        .map(|t| {
            let t = t.trim().trim_end_matches('%');
            parse_number(t).ok_or_else(|| CliError::BadOption {
                option,
                value: t.to_string(),
                expected: tr!(
                    lang,
                    "tulis angka dipisah koma (mis. 3,2,1) atau 'equal'",
                    "give numbers separated by commas (e.g. 3,2,1) or 'equal'"
                ),
            })
        })
        .collect()
}

/// Gives an engine error raised before the rows were known their names and lines.
fn relocate(e: CliError, alternatives: &[String], lines: &[usize]) -> CliError {
    match e {
        CliError::Engine { error, mut context } => {
            context.alternatives = alternatives.to_vec();
            context.lines = lines.to_vec();
            CliError::Engine { error, context }
        }
        other => other,
    }
}

fn weights(
    args: &RankArgs,
    matrix: &DecisionMatrix,
    names: &[String],
    lang: Lang,
) -> Result<(Weights, WeightSource, Option<AhpResult>), CliError> {
    let context = EngineContext {
        file: Some(args.file.clone()),
        criteria: names.to_vec(),
        ..Default::default()
    };
    let engine = |error| CliError::Engine { error, context: Box::new(context.clone()) };
    let n = matrix.n_criteria();
    if let Some(path) = &args.ahp {
        let opts = AhpOptions::parse(&args.ahp_priority, &args.ri, lang)?;
        let r = crate::ahp::weights_for(path, names, opts)?;
        return Ok((r.weights.clone(), WeightSource::Ahp, Some(r)));
    }
    let spec = args.weights.trim().to_ascii_lowercase();
    match spec.as_str() {
        "equal" => Ok((Weights::equal(n).map_err(engine)?, WeightSource::Equal, None)),
        "entropy" => Ok((objective::entropy(matrix).map_err(engine)?, WeightSource::Entropy, None)),
        "critic" => Ok((objective::critic(matrix), WeightSource::Critic, None)),
        _ => {
            let raw = parse_numbers("--weights", &args.weights, lang)?;
            let w = Weights::new(&raw).map_err(engine)?;
            w.check_len(n).map_err(engine)?;
            Ok((w, WeightSource::Direct, None))
        }
    }
}

/// Everything `mitra rank` prints.
struct Report<'a> {
    file: &'a std::path::Path,
    matrix: &'a DecisionMatrix,
    evaluation: &'a Evaluation,
    weight_source: WeightSource,
    ahp: Option<&'a AhpResult>,
    analyses: &'a Analyses,
}

impl Report<'_> {
    fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.matrix.n_alternatives() <= 10_000 {
            serde_json::to_writer_pretty(&mut *out, self)?;
        } else {
            serde_json::to_writer(&mut *out, self)?;
        }
        writeln!(out)
    }

    fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        /// Rows formatted per parallel task; tasks are written out in order.
        const ROWS_PER_TASK: usize = 16 * 1024;
        let e = self.evaluation;
        let extra = self.analyses.csv_columns();
        let mut head = vec!["alternative", "score", "rank"];
        head.extend(e.quantities.iter().map(|q| q.name));
        head.extend(extra.iter().map(|(name, _)| name.as_str()));
        let mut w = csv::Writer::from_writer(&mut *out);
        w.write_record(&head)?;
        w.flush()?;
        drop(w);
        let rows = |range: std::ops::Range<usize>| -> std::io::Result<Vec<u8>> {
            let mut w = csv::Writer::from_writer(Vec::with_capacity(range.len() * 96));
            let (mut num, mut int) = (ryu::Buffer::new(), itoa::Buffer::new());
            for i in range {
                w.write_field(&self.matrix.alternatives()[i])?;
                w.write_field(num.format(e.scores[i]))?;
                w.write_field(int.format(e.ranks[i]))?;
                for q in &e.quantities {
                    w.write_field(num.format(q.values[i]))?;
                }
                for (_, column) in &extra {
                    match column {
                        Column::Ranks(r) => w.write_field(int.format(r[i]))?,
                        Column::Values(v) => w.write_field(num.format(v[i]))?,
                    }
                }
                w.write_record(None::<&[u8]>)?;
            }
            w.into_inner().map_err(|e| e.into_error())
        };
        let m = self.matrix.n_alternatives();
        let tasks: Vec<std::ops::Range<usize>> =
            (0..m).step_by(ROWS_PER_TASK).map(|s| s..(s + ROWS_PER_TASK).min(m)).collect();
        // A window of tasks at a time keeps memory bounded on very large outputs.
        for window in tasks.chunks(8 * rayon::current_num_threads()) {
            let parts: Vec<std::io::Result<Vec<u8>>> =
                window.par_iter().cloned().map(rows).collect();
            for part in parts {
                out.write_all(&part?)?;
            }
        }
        Ok(())
    }

    fn write_table(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        let e = self.evaluation;
        let names = self.matrix.alternatives();
        writeln!(
            out,
            "{} {} — {}",
            lang.pick("Peringkat dengan", "Ranking by"),
            e.method.key().to_uppercase(),
            self.file.display()
        )?;
        if let Some(n) = e.method.normalization() {
            writeln!(out, "{}: {}", lang.pick("Normalisasi", "Normalisation"), n.key())?;
        }
        let src = match self.weight_source {
            WeightSource::Direct => lang.pick("langsung", "direct"),
            WeightSource::Equal => lang.pick("sama rata", "equal"),
            WeightSource::Entropy => lang.pick("entropi", "entropy"),
            WeightSource::Critic => "CRITIC",
            WeightSource::Ahp => "AHP",
        };
        writeln!(out, "{} ({src}):", lang.pick("Bobot", "Weights"))?;
        if let Some(r) = self.ahp {
            let cr = r.cr.map_or("—".into(), |c| format!("{c:.4}"));
            writeln!(out, "  AHP {}: λmax {:.4}, CR {cr}", r.method.key(), r.lambda_max)?;
        }
        for (c, w) in self.matrix.criteria().iter().zip(e.weights.as_slice()) {
            let kind = match c.kind {
                mitra_decide::CriterionKind::Benefit => lang.pick("manfaat", "benefit"),
                mitra_decide::CriterionKind::Cost => lang.pick("biaya", "cost"),
            };
            writeln!(out, "  {:<28} {:>7.4}  {kind}", c.name, w)?;
        }
        if let Some(c) = &e.compromise {
            let set: Vec<&str> = c.compromise_set.iter().map(|&i| names[i].as_str()).collect();
            let yes_no =
                |b: bool| if b { lang.pick("ya", "yes") } else { lang.pick("tidak", "no") };
            writeln!(
                out,
                "{}: {}  ({} {}; {} {})",
                lang.pick("Solusi kompromi VIKOR", "VIKOR compromise solution"),
                set.join(", "),
                lang.pick("keunggulan dapat diterima:", "acceptable advantage:"),
                yes_no(c.acceptable_advantage),
                lang.pick("stabil:", "acceptable stability:"),
                yes_no(c.acceptable_stability),
            )?;
        }
        writeln!(out)?;
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0).clamp(12, 40);
        write!(
            out,
            "{:>5}  {:<width$}  {:>10}",
            lang.pick("Per.", "Rank"),
            lang.pick("Alternatif", "Alternative"),
            lang.pick("Skor", "Score")
        )?;
        for q in &e.quantities {
            write!(out, "  {:>10}", q.name)?;
        }
        writeln!(out)?;
        for i in mitra_decide::rank::order(&e.scores, e.score_order) {
            write!(out, "{:>5}  {:<width$}  {:>12}", e.ranks[i], names[i], fmt_num(e.scores[i]))?;
            for q in &e.quantities {
                write!(out, "  {:>10}", fmt_num(q.values[i]))?;
            }
            writeln!(out)?;
        }
        self.analyses.write_table(out, self.matrix, e, lang)
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct CriterionOut<'a> {
            name: &'a str,
            kind: mitra_decide::CriterionKind,
            weight: f64,
        }
        let e = self.evaluation;
        let criteria: Vec<CriterionOut> = self
            .matrix
            .criteria()
            .iter()
            .zip(e.weights.as_slice())
            .map(|(c, &weight)| CriterionOut { name: &c.name, kind: c.kind, weight })
            .collect();
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("file", &self.file.display().to_string())?;
        map.serialize_entry("method", &e.method)?;
        map.serialize_entry("score_order", &e.score_order)?;
        map.serialize_entry("weight_source", &self.weight_source)?;
        if let Some(r) = self.ahp {
            map.serialize_entry("ahp", r)?;
        }
        if let Some(c) = &e.compromise {
            map.serialize_entry("compromise", c)?;
        }
        map.serialize_entry("criteria", &criteria)?;
        map.serialize_entry("alternatives", &Alternatives(self))?;
        if let serde_json::Value::Object(extra) = self.analyses.to_json(self.matrix) {
            for (k, v) in extra {
                map.serialize_entry(&k, &v)?;
            }
        }
        map.end()
    }
}

/// The alternatives in input order, streamed without building a JSON tree.
struct Alternatives<'a>(&'a Report<'a>);

impl Serialize for Alternatives<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, e) = (self.0.matrix, self.0.evaluation);
        let mut seq = s.serialize_seq(Some(m.n_alternatives()))?;
        for i in 0..m.n_alternatives() {
            seq.serialize_element(&Alternative { name: &m.alternatives()[i], i, e })?;
        }
        seq.end()
    }
}

struct Alternative<'a> {
    name: &'a str,
    i: usize,
    e: &'a Evaluation,
}

impl Serialize for Alternative<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3 + self.e.quantities.len()))?;
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("score", &self.e.scores[self.i])?;
        map.serialize_entry("rank", &self.e.ranks[self.i])?;
        for q in &self.e.quantities {
            map.serialize_entry(q.name, &q.values[self.i])?;
        }
        map.end()
    }
}
