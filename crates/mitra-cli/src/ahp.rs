//! `mitra ahp FILE…`: weights from pairwise comparisons, with consistency and advice; several
//! files (one per evaluator) give a group result.

use crate::error::{tr, CliError};
use crate::lang::Lang;
use crate::output::{emit, Format};
use crate::pairwise_input::{read_pairwise, PairwiseInput};
use mitra_decide::ahp::{
    group_ahp, Aggregation, AhpResult, CompletionMethod, GroupAhpResult, Pairwise, PairwiseMatrix,
    PriorityMethod, RandomIndex, CR_THRESHOLD,
};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options of `mitra ahp`.
#[derive(Debug, clap::Args)]
pub struct AhpArgs {
    /// Pairwise comparison file(s): a matrix with names in the first row and column, or one
    /// judgment per line `a,b,value`. Several files = several evaluators (group AHP).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// More evaluators' files, comma-separated (same as listing them after FILE).
    #[arg(long, value_delimiter = ',')]
    pub evaluators: Vec<PathBuf>,
    /// Evaluator weights in file order (any positive scale); default equal.
    #[arg(long)]
    pub evaluator_weights: Option<String>,
    /// Group aggregation: aij (judgments, default) or aip (priorities).
    #[arg(long, default_value = "aij")]
    pub aggregation: String,
    /// Priority vector: eigenvector (default) or geometric_mean.
    #[arg(long, default_value = "eigenvector")]
    pub priority: String,
    /// Random Index table: saaty1980 (default), saaty2008, tummala_ling1998, alonso_lamata2006,
    /// donegan_dodd1991.
    #[arg(long, default_value = "saaty1980")]
    pub ri: String,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (replaced only when complete).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The choices every AHP computation needs.
#[derive(Debug, Clone, Copy)]
pub struct AhpOptions {
    /// Eigenvector or geometric mean.
    pub priority: PriorityMethod,
    /// Which Random Index table gives CR.
    pub ri: RandomIndex,
}

impl AhpOptions {
    /// Parses `--priority` and `--ri`.
    pub fn parse(priority: &str, ri: &str, lang: Lang) -> Result<Self, CliError> {
        let priority = PriorityMethod::from_key(priority).ok_or_else(|| CliError::BadOption {
            option: "--priority",
            value: priority.to_string(),
            expected: tr!(
                lang,
                "pilih eigenvector atau geometric_mean",
                "choose eigenvector or geometric_mean"
            ),
        })?;
        let ri = RandomIndex::from_key(ri).ok_or_else(|| {
            let keys: Vec<&str> = RandomIndex::ALL.iter().map(|r| r.key()).collect();
            let keys = keys.join(", ");
            CliError::BadOption {
                option: "--ri",
                value: ri.to_string(),
                expected: tr!(lang, "pilih salah satu: {keys}", "choose one of: {keys}"),
            }
        })?;
        Ok(Self { priority, ri })
    }
}

/// Reads one evaluator's file into a validated (complete or incomplete) comparison.
pub fn load(path: &Path) -> Result<(Vec<String>, Pairwise), CliError> {
    let PairwiseInput { names, judgments, file } = read_pairwise(path)?;
    let n = names.len();
    let pairwise = |error| CliError::Pairwise { file: file.clone(), error, names: names.clone() };
    let mut cells = vec![f64::NAN; n * n];
    for &(i, j, v, _) in &judgments {
        cells[i * n + j] = v;
    }
    for i in 0..n {
        if cells[i * n + i].is_nan() {
            cells[i * n + i] = 1.0;
        }
    }
    let complete = cells.iter().all(|v| !v.is_nan());
    let p = if complete {
        Pairwise::Complete(PairwiseMatrix::new(n, &cells).map_err(pairwise)?)
    } else {
        let list: Vec<(usize, usize, f64)> =
            judgments.iter().map(|&(i, j, v, _)| (i, j, v)).collect();
        PairwiseMatrix::from_judgments(n, &list).map_err(pairwise)?
    };
    Ok((names, p))
}

/// Loads `path` and returns its weights in the order of `criteria` (every criterion must be
/// compared, and nothing else).
pub fn weights_for(
    path: &Path,
    criteria: &[String],
    opts: AhpOptions,
) -> Result<AhpResult, CliError> {
    let (names, p) = load(path)?;
    let order = align(path, &names, criteria, path)?;
    let result = p.evaluate(opts.priority, opts.ri);
    let w: Vec<f64> = order.iter().map(|&k| result.weights.as_slice()[k]).collect();
    let weights = mitra_decide::Weights::new(&w)
        .map_err(|error| CliError::Engine { error, context: Box::default() })?;
    Ok(AhpResult { weights, ..result })
}

/// For each name of `want`, its index in `have`; an error naming what is missing or extra.
fn align(
    file: &Path,
    have: &[String],
    want: &[String],
    first: &Path,
) -> Result<Vec<usize>, CliError> {
    let missing: Vec<String> = want.iter().filter(|w| !have.contains(w)).cloned().collect();
    let extra: Vec<String> = have.iter().filter(|h| !want.contains(h)).cloned().collect();
    if !missing.is_empty() || !extra.is_empty() {
        return Err(CliError::EvaluatorItems {
            file: file.to_path_buf(),
            first: first.to_path_buf(),
            missing,
            extra,
        });
    }
    Ok(want.iter().map(|w| have.iter().position(|h| h == w).unwrap_or(0)).collect())
}

/// Runs `mitra ahp`.
pub fn run(args: &AhpArgs, lang: Lang) -> Result<(), CliError> {
    let opts = AhpOptions::parse(&args.priority, &args.ri, lang)?;
    let files: Vec<&PathBuf> = args.files.iter().chain(&args.evaluators).collect();
    let (names, first) = load(files[0])?;
    if files.len() == 1 {
        let result = first.evaluate(opts.priority, opts.ri);
        let report = Single { file: files[0], items: &names, result: &result };
        return emit(args.output.as_deref(), |out| match args.format {
            Format::Json => json(out, &report),
            _ => report.write_table(out, lang),
        });
    }
    let aggregation =
        Aggregation::from_key(&args.aggregation).ok_or_else(|| CliError::BadOption {
            option: "--aggregation",
            value: args.aggregation.clone(),
            expected: tr!(lang, "pilih aij atau aip", "choose aij or aip"),
        })?;
    let mut matrices = Vec::with_capacity(files.len());
    for (k, f) in files.iter().enumerate() {
        let (own, p) = if k == 0 { (names.clone(), first.clone()) } else { load(f)? };
        let Pairwise::Complete(m) = p else {
            return Err(CliError::GroupIncomplete { file: f.to_path_buf() });
        };
        let order = align(f, &own, &names, files[0])?;
        matrices.push(m.permuted(&order));
    }
    let evaluator_weights = match &args.evaluator_weights {
        None => None,
        Some(s) => Some(crate::rank::parse_numbers("--evaluator-weights", s, lang)?),
    };
    let result =
        group_ahp(&matrices, evaluator_weights.as_deref(), aggregation, opts.priority, opts.ri)
            .map_err(|error| match error {
                mitra_decide::DecideError::Pairwise(error) => {
                    CliError::Pairwise { file: files[0].to_path_buf(), error, names: names.clone() }
                }
                error => CliError::Engine {
                    error,
                    context: Box::new(crate::error::EngineContext {
                        criteria: names.clone(),
                        ..Default::default()
                    }),
                },
            })?;
    let report = Group { files: &files, items: &names, result: &result };
    emit(args.output.as_deref(), |out| match args.format {
        Format::Json => json(out, &report),
        _ => report.write_table(out, lang),
    })
}

fn json(out: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Single<'a> {
    file: &'a Path,
    items: &'a [String],
    #[serde(flatten)]
    result: &'a AhpResult,
}

#[derive(Serialize)]
struct Group<'a> {
    files: &'a [&'a PathBuf],
    items: &'a [String],
    #[serde(flatten)]
    result: &'a GroupAhpResult,
}

/// Writes weights, consistency and advice of one result as text.
pub fn write_result(
    out: &mut dyn Write,
    items: &[String],
    r: &AhpResult,
    lang: Lang,
) -> std::io::Result<()> {
    let width = items.iter().map(|n| n.chars().count()).max().unwrap_or(0).max(10);
    writeln!(out, "{}:", lang.pick("Bobot", "Weights"))?;
    for (name, w) in items.iter().zip(r.weights.as_slice()) {
        let bar = "█".repeat((w * 40.0).round() as usize);
        writeln!(out, "  {name:<width$}  {w:>7.4}  {bar}")?;
    }
    writeln!(out, "λmax = {:.4}   CI = {:.4}", r.lambda_max, r.ci)?;
    match (r.cr, r.ri) {
        (Some(cr), Some(ri)) => {
            let verdict = if cr <= CR_THRESHOLD {
                lang.pick("konsisten (CR ≤ 0,10)", "consistent (CR ≤ 0.10)")
            } else {
                lang.pick(
                    "TIDAK konsisten (CR > 0,10): tinjau penilaian di bawah",
                    "NOT consistent (CR > 0.10): revisit the judgments below",
                )
            };
            writeln!(out, "RI = {ri:.4} ({})   CR = {cr:.4}  → {verdict}", r.random_index.key())?;
        }
        _ => writeln!(
            out,
            "CR: {}",
            lang.pick("tidak ada nilai RI untuk ukuran ini", "no Random Index for this size")
        )?,
    }
    if let (Some(gci), Some(t)) = (r.gci, r.gci_threshold) {
        writeln!(out, "GCI = {gci:.4} ({} {t:.2})", lang.pick("batas", "threshold"))?;
    }
    if let Some(c) = &r.completion {
        let k = c.missing.len();
        let how = match c.method {
            CompletionMethod::Harker1987 => "Harker 1987",
            CompletionMethod::LogLeastSquares => {
                lang.pick("kuadrat terkecil logaritmik", "log least squares")
            }
        };
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Id => format!("{k} perbandingan kosong dilengkapi ({how}); CR dihitung pada matriks lengkap"),
                Lang::En => format!("{k} missing comparisons completed ({how}); CR is computed on the completed matrix"),
            }
        )?;
    }
    if !r.consistent() && !r.advice.is_empty() {
        writeln!(
            out,
            "{}:",
            lang.pick("Penilaian yang paling tidak konsisten", "Most inconsistent judgments")
        )?;
        for a in &r.advice {
            let (x, y) = (&items[a.row], &items[a.col]);
            let now = crate::output::fmt_ratio(a.current);
            let ideal = a.consistent;
            write!(
                out,
                "  {x} : {y} = {now}  ({} ≈ {ideal:.2})",
                lang.pick("konsisten", "consistent")
            )?;
            match (a.suggested, a.cr_after) {
                (Some(s), Some(cr)) => writeln!(
                    out,
                    "  → {} {} : CR {cr:.4}",
                    lang.pick("ubah ke", "change to"),
                    crate::output::fmt_ratio(s)
                )?,
                _ => writeln!(out)?,
            }
        }
    }
    Ok(())
}

impl Single<'_> {
    fn write_table(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        writeln!(out, "AHP — {} ({})", self.file.display(), self.result.method.key())?;
        write_result(out, self.items, self.result, lang)
    }
}

impl Group<'_> {
    fn write_table(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        let r = self.result;
        writeln!(
            out,
            "{} — {} {} ({})",
            lang.pick("AHP kelompok", "Group AHP"),
            self.files.len(),
            lang.pick("penilai", "evaluators"),
            r.aggregation.key()
        )?;
        for ((f, e), w) in self.files.iter().zip(&r.evaluators).zip(r.evaluator_weights.as_slice())
        {
            let cr = e.cr.map_or("—".to_string(), |c| format!("{c:.4}"));
            let flag = if e.consistent() {
                ""
            } else {
                lang.pick("  (tidak konsisten)", "  (not consistent)")
            };
            writeln!(
                out,
                "  {}  {} {w:.3}  CR {cr}{flag}",
                f.display(),
                lang.pick("bobot", "weight")
            )?;
        }
        writeln!(out)?;
        match &r.aggregated {
            Some(agg) => write_result(
                out,
                self.items,
                &mitra_decide::ahp::AhpResult { weights: r.weights.clone(), ..agg.clone() },
                lang,
            ),
            None => {
                writeln!(out, "{}:", lang.pick("Bobot gabungan", "Aggregated weights"))?;
                for (name, w) in self.items.iter().zip(r.weights.as_slice()) {
                    writeln!(out, "  {name:<24}  {w:>7.4}")?;
                }
                Ok(())
            }
        }
    }
}
