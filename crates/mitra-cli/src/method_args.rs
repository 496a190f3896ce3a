//! The method options shared by `rank` and `--compare`: which method and its parameters.

use crate::error::{tr, CliError};
use crate::lang::Lang;
use crate::rank::parse_numbers;
use mitra_decide::{Method, Normalization, Preference, PreferenceFunction};

/// Method parameters (flattened into `mitra rank`).
#[derive(Debug, Clone, clap::Args)]
pub struct MethodArgs {
    /// Ranking method: saw, wp, topsis, waspas, vikor, promethee, edas, copras, moora.
    #[arg(long, default_value = "topsis")]
    pub method: String,
    /// Normalisation for saw, topsis and waspas: min_max, max, sum, vector, linear.
    #[arg(long)]
    pub normalization: Option<String>,
    /// VIKOR: weight v of the majority-of-criteria strategy, in [0, 1].
    #[arg(long, default_value_t = 0.5)]
    pub vikor_v: f64,
    /// WASPAS: share λ of the weighted sum, in [0, 1].
    #[arg(long, default_value_t = 0.5)]
    pub waspas_lambda: f64,
    /// PROMETHEE preference function(s): usual, u_shape, v_shape, level, linear, gaussian — one
    /// for all criteria or one per criterion, comma-separated.
    #[arg(long, default_value = "usual")]
    pub preference: String,
    /// PROMETHEE indifference threshold(s) q, in the criterion's unit (one, or one per criterion).
    #[arg(long)]
    pub q: Option<String>,
    /// PROMETHEE preference threshold(s) p (one, or one per criterion).
    #[arg(long)]
    pub p: Option<String>,
    /// PROMETHEE Gaussian parameter(s) s (one, or one per criterion).
    #[arg(long)]
    pub s: Option<String>,
}

impl MethodArgs {
    /// Builds the method named `key` with these parameters, for `n` criteria. `--normalization`
    /// is refused for methods that have their own, unless `lenient` (used by `--compare`, where
    /// it applies to the methods that take it).
    pub fn build(
        &self,
        key: &str,
        n: usize,
        lenient: bool,
        lang: Lang,
    ) -> Result<Method, CliError> {
        let keys = mitra_decide::MethodKey::ALL.map(|k| k.as_str()).join(", ");
        let Some(default) = Method::default_for(key, n) else {
            return Err(CliError::BadOption {
                option: "--method",
                value: key.trim().to_string(),
                expected: tr!(lang, "pilih salah satu: {keys}", "choose one of: {keys}"),
            });
        };
        if !lenient && self.normalization.is_some() && default.normalization().is_none() {
            let m = default.key();
            return Err(CliError::BadOption {
                option: "--normalization",
                value: self.normalization.clone().unwrap_or_default(),
                expected: tr!(
                    lang,
                    "metode {m} memakai normalisasinya sendiri; --normalization hanya untuk saw, topsis dan waspas",
                    "the {m} method has its own normalisation; --normalization is for saw, topsis and waspas only"
                ),
            });
        }
        Ok(match default {
            Method::Saw { normalization } => {
                Method::Saw { normalization: self.normalization(normalization, lang)? }
            }
            Method::Topsis { normalization } => {
                Method::Topsis { normalization: self.normalization(normalization, lang)? }
            }
            Method::Waspas { normalization, .. } => Method::Waspas {
                lambda: unit("--waspas-lambda", self.waspas_lambda, lang)?,
                normalization: self.normalization(normalization, lang)?,
            },
            Method::Vikor { .. } => Method::Vikor { v: unit("--vikor-v", self.vikor_v, lang)? },
            Method::Promethee { .. } => {
                Method::Promethee { preferences: self.preferences(n, lang)? }
            }
            other => other,
        })
    }

    fn normalization(&self, default: Normalization, lang: Lang) -> Result<Normalization, CliError> {
        match &self.normalization {
            None => Ok(default),
            Some(s) => Normalization::from_key(s).ok_or_else(|| CliError::BadOption {
                option: "--normalization",
                value: s.clone(),
                expected: tr!(
                    lang,
                    "pilih min_max, max, sum, vector atau linear",
                    "choose min_max, max, sum, vector or linear"
                ),
            }),
        }
    }

    fn preferences(&self, n: usize, lang: Lang) -> Result<Vec<Preference>, CliError> {
        let functions = self
            .preference
            .split(',')
            .map(|k| {
                PreferenceFunction::from_key(k).ok_or_else(|| CliError::BadOption {
                    option: "--preference",
                    value: k.trim().to_string(),
                    expected: tr!(
                        lang,
                        "pilih usual, u_shape, v_shape, level, linear atau gaussian",
                        "choose usual, u_shape, v_shape, level, linear or gaussian"
                    ),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let functions = per_criterion("--preference", functions, n, lang, &self.preference)?;
        let thresholds = |option: &'static str, spec: &Option<String>| match spec {
            None => Ok(None),
            Some(s) => per_criterion(option, parse_numbers(option, s, lang)?, n, lang, s).map(Some),
        };
        let q = thresholds("--q", &self.q)?;
        let p = thresholds("--p", &self.p)?;
        let s = thresholds("--s", &self.s)?;
        let mut out = Vec::with_capacity(n);
        for (j, &function) in functions.iter().enumerate() {
            use PreferenceFunction::*;
            let (needs_q, needs_p, needs_s) = match function {
                Usual => (false, false, false),
                UShape => (true, false, false),
                VShape => (false, true, false),
                Level | Linear => (true, true, false),
                Gaussian => (false, false, true),
            };
            let get = |needed: bool, option: &'static str, v: &Option<Vec<f64>>| match v {
                Some(v) => Ok(v[j]),
                None if !needed => Ok(0.0),
                None => Err(CliError::MissingOption {
                    option,
                    needed_by: match lang {
                        Lang::Id => format!("fungsi preferensi {}", function.key()),
                        Lang::En => format!("the {} preference function", function.key()),
                    },
                }),
            };
            out.push(Preference {
                function,
                q: get(needs_q, "--q", &q)?,
                p: get(needs_p, "--p", &p)?,
                s: get(needs_s, "--s", &s)?,
            });
        }
        Ok(out)
    }
}

fn unit(option: &'static str, v: f64, lang: Lang) -> Result<f64, CliError> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(CliError::BadOption {
            option,
            value: v.to_string(),
            expected: tr!(lang, "harus antara 0 dan 1", "must be between 0 and 1"),
        })
    }
}

/// One value per criterion from a single value or exactly `n` values.
fn per_criterion<T: Clone>(
    option: &'static str,
    items: Vec<T>,
    n: usize,
    lang: Lang,
    spec: &str,
) -> Result<Vec<T>, CliError> {
    match items.len() {
        1 => Ok(vec![items[0].clone(); n]),
        k if k == n => Ok(items),
        k => Err(CliError::BadOption {
            option,
            value: spec.to_string(),
            expected: tr!(
                lang,
                "berikan satu nilai untuk semua kriteria atau {n} nilai (satu per kriteria), bukan {k}",
                "give one value for all criteria or {n} values (one per criterion), not {k}"
            ),
        }),
    }
}
