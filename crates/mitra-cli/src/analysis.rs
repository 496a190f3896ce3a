//! What `mitra rank` adds on request: winner stability (`--sensitivity`), SMAA-2 (`--smaa`),
//! other methods side by side (`--compare`) and why one alternative lost (`--explain`).

use crate::error::{tr, CliError, EngineContext};
use crate::lang::Lang;
use crate::method_args::MethodArgs;
use crate::output::fmt_num;
use crate::progress::Progress;
use mitra_decide::{
    compare_methods, explain_against_winner, smaa2_with, winner_intervals, DecisionMatrix,
    Evaluation, Explanation, Method, MethodComparison, SmaaOptions, SmaaResult, WeightSampling,
    Weights, WinnerStability,
};
use std::io::Write;

/// Options for the analyses (flattened into `mitra rank`).
#[derive(Debug, Clone, clap::Args)]
pub struct AnalysisArgs {
    /// For each criterion, the weight range in which the winner stays first.
    #[arg(long)]
    pub sensitivity: bool,
    /// SMAA-2 with N random weight vectors (uniform on the simplex): rank acceptability,
    /// central weights, confidence.
    #[arg(long, value_name = "N")]
    pub smaa: Option<usize>,
    /// Seed for `--smaa` (same seed, same result).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// For `--smaa`: relative uncertainty of every value, e.g. 0.1 for ±10 %.
    #[arg(long)]
    pub smaa_noise: Option<f64>,
    /// Other methods to rank with, side by side, with rank correlations (e.g. saw,vikor,promethee).
    #[arg(long, value_delimiter = ',')]
    pub compare: Vec<String>,
    /// Explain, criterion by criterion, why these alternatives (names, comma-separated) trail
    /// the winner.
    #[arg(long, value_delimiter = ',')]
    pub explain: Vec<String>,
}

/// One extra CSV column.
#[derive(Debug)]
pub enum Column {
    /// Whole numbers (ranks).
    Ranks(Vec<usize>),
    /// Reals at full precision.
    Values(Vec<f64>),
}

/// The analyses' results.
#[derive(Debug, Default)]
pub struct Analyses {
    /// Winner intervals per criterion.
    pub sensitivity: Option<WinnerStability>,
    /// SMAA-2 result.
    pub smaa: Option<SmaaResult>,
    /// The main method followed by the compared ones.
    pub compare: Option<MethodComparison>,
    /// One explanation per `--explain` name.
    pub explanations: Vec<Explanation>,
}

/// The ranked problem the analyses look at.
pub struct Problem<'a> {
    /// The main method.
    pub method: &'a Method,
    /// The method options, to build the `--compare` methods alike.
    pub methods: &'a MethodArgs,
    /// The decision matrix.
    pub matrix: &'a DecisionMatrix,
    /// The weights used.
    pub weights: &'a Weights,
    /// Names and lines for error messages.
    pub context: &'a EngineContext,
}

impl AnalysisArgs {
    /// Runs what was asked for.
    pub fn run(
        &self,
        p: &Problem<'_>,
        progress: Progress,
        lang: Lang,
    ) -> Result<Analyses, CliError> {
        let Problem { method, methods, matrix, weights, context } = *p;
        let engine = |error| CliError::Engine { error, context: Box::new(context.clone()) };
        let mut out = Analyses::default();
        if self.sensitivity {
            let bar = progress.spinner(lang.pick("analisis sensitivitas", "sensitivity analysis"));
            out.sensitivity = Some(winner_intervals(method, matrix, weights).map_err(engine)?);
            bar.finish_and_clear();
        }
        if let Some(samples) = self.smaa {
            if samples == 0 {
                return Err(CliError::BadOption {
                    option: "--smaa",
                    value: "0".into(),
                    expected: tr!(lang, "minimal 1 sampel", "at least 1 sample"),
                });
            }
            let options = SmaaOptions {
                sampling: WeightSampling::Simplex,
                samples,
                seed: self.seed,
                value_noise: self.smaa_noise,
            };
            let bar = progress.spinner("SMAA-2");
            out.smaa = Some(smaa2_with(method, matrix, &options).map_err(engine)?);
            bar.finish_and_clear();
        }
        if !self.compare.is_empty() {
            let mut list = vec![method.clone()];
            for key in &self.compare {
                let m = methods.build(key, matrix.n_criteria(), true, lang)?;
                if !list.contains(&m) {
                    list.push(m);
                }
            }
            out.compare = Some(compare_methods(&list, matrix, weights).map_err(engine)?);
        }
        for name in &self.explain {
            let name = name.trim();
            let Some(i) = matrix.alternatives().iter().position(|a| a == name) else {
                return Err(CliError::UnknownAlternative {
                    option: "--explain",
                    name: name.to_string(),
                });
            };
            out.explanations
                .push(explain_against_winner(method, matrix, weights, i).map_err(engine)?);
        }
        Ok(out)
    }
}

impl Analyses {
    /// Extra per-alternative CSV columns: ranks of compared methods, SMAA acceptabilities.
    pub fn csv_columns(&self) -> Vec<(String, Column)> {
        let mut cols = Vec::new();
        if let Some(c) = &self.compare {
            for e in c.evaluations.iter().skip(1) {
                cols.push((format!("rank_{}", e.method.key()), Column::Ranks(e.ranks.clone())));
            }
        }
        if let Some(s) = &self.smaa {
            cols.push(("smaa_first_rank".into(), Column::Values(s.first_rank_acceptability())));
            cols.push(("smaa_holistic".into(), Column::Values(s.holistic_acceptability.clone())));
        }
        cols
    }

    /// Writes the analyses as text after the ranking table.
    pub fn write_table(
        &self,
        out: &mut dyn Write,
        matrix: &DecisionMatrix,
        main: &Evaluation,
        lang: Lang,
    ) -> std::io::Result<()> {
        let names = matrix.alternatives();
        let crit = |j: usize| matrix.criteria()[j].name.as_str();
        if let Some(s) = &self.sensitivity {
            writeln!(out)?;
            let how = if s.method_is_closed_form {
                lang.pick("tepat", "exact")
            } else {
                lang.pick("dipindai lalu dibagi dua hingga 1e-9", "scanned, then bisected to 1e-9")
            };
            writeln!(
                out,
                "{} '{}' ({how}):",
                lang.pick(
                    "Rentang bobot tempat pemenang tetap pertama",
                    "Weight range in which the winner stays first"
                ),
                names[s.winner]
            )?;
            for iv in &s.intervals {
                let who = |k: Option<usize>| k.map_or("—".to_string(), |k| names[k].clone());
                writeln!(
                    out,
                    "  {:<28} {:.4}  [{:.4}, {:.4}]  {} {} / {} {}",
                    crit(iv.criterion),
                    iv.weight,
                    iv.lo,
                    iv.hi,
                    lang.pick("di bawah:", "below:"),
                    who(iv.below),
                    lang.pick("di atas:", "above:"),
                    who(iv.above),
                )?;
            }
        }
        if let Some(s) = &self.smaa {
            writeln!(out)?;
            writeln!(
                out,
                "SMAA-2 ({} {}, seed {}{}):",
                s.samples,
                lang.pick("sampel bobot", "weight samples"),
                s.seed,
                s.value_noise.map_or(String::new(), |v| format!(", ±{:.0} %", v * 100.0))
            )?;
            writeln!(
                out,
                "  {:<28} {:>8} {:>8} {:>8}  {}",
                lang.pick("Alternatif", "Alternative"),
                "b¹",
                "holistik",
                "p_c",
                lang.pick("bobot sentral", "central weights")
            )?;
            let b1 = s.first_rank_acceptability();
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.sort_by(|&a, &b| b1[b].total_cmp(&b1[a]).then(a.cmp(&b)));
            for i in order.into_iter().take(20) {
                let central = s.central_weights[i].as_ref().map_or("—".to_string(), |w| {
                    w.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(" ")
                });
                let pc = s.confidence[i].map_or("—".to_string(), |c| format!("{c:.3}"));
                writeln!(
                    out,
                    "  {:<28} {:>8.3} {:>8.3} {:>8}  {central}",
                    names[i], b1[i], s.holistic_acceptability[i], pc
                )?;
            }
        }
        if let Some(c) = &self.compare {
            writeln!(out)?;
            writeln!(
                out,
                "{}:",
                lang.pick("Perbandingan metode (peringkat)", "Methods compared (ranks)")
            )?;
            write!(out, "  {:<28}", lang.pick("Alternatif", "Alternative"))?;
            for e in &c.evaluations {
                write!(out, " {:>9}", e.method.key())?;
            }
            writeln!(out, " {:>9} {:>9}", "borda", "copeland")?;
            for i in mitra_decide::rank::order(&main.scores, main.score_order) {
                write!(out, "  {:<28}", names[i])?;
                for e in &c.evaluations {
                    write!(out, " {:>9}", e.ranks[i])?;
                }
                writeln!(out, " {:>9} {:>9}", c.borda.ranks[i], c.copeland.ranks[i])?;
            }
            writeln!(out, "Spearman ρ:")?;
            for (p, row) in c.spearman.iter().enumerate() {
                write!(out, "  {:<10}", c.evaluations[p].method.key())?;
                for v in row {
                    write!(out, " {v:>7.3}")?;
                }
                writeln!(out)?;
            }
        }
        for x in &self.explanations {
            writeln!(out)?;
            writeln!(
                out,
                "{} '{}' ({} {}) {} '{}' ({} {}):",
                lang.pick("Mengapa", "Why"),
                names[x.b],
                lang.pick("peringkat", "rank"),
                x.rank_b,
                lang.pick("di belakang", "trails"),
                names[x.a],
                lang.pick("peringkat", "rank"),
                x.rank_a
            )?;
            writeln!(
                out,
                "  {} ({}):",
                lang.pick(
                    "selisih nilai berbobot per kriteria",
                    "weighted normalised difference per criterion"
                ),
                x.normalization.key()
            )?;
            for c in &x.contributions {
                let who = if c.difference > 0.0 { &names[x.a] } else { &names[x.b] };
                writeln!(
                    out,
                    "  {:<28} {:>+10}  {} {}",
                    crit(c.criterion),
                    fmt_num(c.difference),
                    lang.pick("unggul:", "ahead:"),
                    if c.difference == 0.0 { "—" } else { who }
                )?;
            }
            writeln!(
                out,
                "  {:<28} {:>+10}",
                lang.pick("jumlah", "total"),
                fmt_num(x.total_difference)
            )?;
        }
        Ok(())
    }

    /// The analyses as JSON, indices turned into names.
    pub fn to_json(&self, matrix: &DecisionMatrix) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let names = matrix.alternatives();
        let crit = |j: usize| matrix.criteria()[j].name.clone();
        let name = |k: Option<usize>| k.map(|k| names[k].clone());
        let mut map = Map::new();
        if let Some(s) = &self.sensitivity {
            let intervals: Vec<Value> = s
                .intervals
                .iter()
                .map(|iv| {
                    json!({"criterion": crit(iv.criterion), "weight": iv.weight, "lo": iv.lo, "hi": iv.hi,
                           "below": name(iv.below), "above": name(iv.above)})
                })
                .collect();
            map.insert(
                "sensitivity".into(),
                json!({"winner": names[s.winner], "method_is_closed_form": s.method_is_closed_form, "intervals": intervals}),
            );
        }
        if let Some(s) = &self.smaa {
            let alternatives: Vec<Value> = (0..names.len())
                .map(|i| {
                    let central = s.central_weights[i].as_ref().map(|w| {
                        (0..w.len()).map(|j| (crit(j), json!(w[j]))).collect::<Map<String, Value>>()
                    });
                    json!({"name": names[i], "rank_acceptability": s.rank_acceptability[i],
                           "central_weights": central, "confidence": s.confidence[i],
                           "holistic_acceptability": s.holistic_acceptability[i]})
                })
                .collect();
            map.insert(
                "smaa".into(),
                json!({"samples": s.samples, "seed": s.seed, "value_noise": s.value_noise, "alternatives": alternatives}),
            );
        }
        if let Some(c) = &self.compare {
            let methods: Vec<&Method> = c.evaluations.iter().map(|e| &e.method).collect();
            let alternatives: Vec<Value> = (0..names.len())
                .map(|i| {
                    let ranks: Vec<usize> = c.evaluations.iter().map(|e| e.ranks[i]).collect();
                    let scores: Vec<f64> = c.evaluations.iter().map(|e| e.scores[i]).collect();
                    json!({"name": names[i], "ranks": ranks, "scores": scores,
                           "borda_rank": c.borda.ranks[i], "copeland_rank": c.copeland.ranks[i]})
                })
                .collect();
            map.insert(
                "compare".into(),
                json!({"methods": methods, "alternatives": alternatives, "spearman": c.spearman,
                       "weighted_spearman": c.weighted_spearman, "ws": c.ws}),
            );
        }
        if !self.explanations.is_empty() {
            let list: Vec<Value> = self
                .explanations
                .iter()
                .map(|x| {
                    let contributions: Vec<Value> = x
                        .contributions
                        .iter()
                        .map(|c| json!({"criterion": crit(c.criterion), "a": c.a, "b": c.b, "difference": c.difference}))
                        .collect();
                    json!({"a": names[x.a], "b": names[x.b], "normalization": x.normalization,
                           "contributions": contributions, "total_difference": x.total_difference,
                           "score_a": x.score_a, "score_b": x.score_b, "rank_a": x.rank_a, "rank_b": x.rank_b})
                })
                .collect();
            map.insert("explanations".into(), Value::Array(list));
        }
        Value::Object(map)
    }
}
