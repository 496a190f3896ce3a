//! Errors a user can act on, in Indonesian or English, and their exit codes.
//!
//! Exit code 2 means bad input (a file, an option, a value); 1 means anything else (a write
//! failed). Every input error says where: file, line (row), column name.

use crate::lang::Lang;
use crate::survey_input::BadAnswer;
use mitra_decide::ahp::PairwiseError;
use mitra_decide::DecideError;
use std::path::PathBuf;

/// Formats the Indonesian or the English text, whichever `lang` asks for.
macro_rules! tr {
    ($lang:expr, $id:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::lang::Lang::Id => format!($id),
            $crate::lang::Lang::En => format!($en),
        }
    };
}
pub(crate) use tr;

/// Where in an input a value came from: file, line (1-based, header = 1) and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The file as the user named it.
    pub file: PathBuf,
    /// 1-based line (CSV) or row (spreadsheet).
    pub line: usize,
    /// Column header, when known.
    pub column: Option<String>,
    /// 1-based column number.
    pub column_number: usize,
}

impl Place {
    fn describe(&self, lang: Lang) -> String {
        let file = self.file.display();
        let line = self.line;
        let num = self.column_number;
        match &self.column {
            Some(col) => tr!(
                lang,
                "{file}: baris {line}, kolom {num} '{col}'",
                "{file}: row {line}, column {num} '{col}'"
            ),
            None if num > 0 => {
                tr!(lang, "{file}: baris {line}, kolom {num}", "{file}: row {line}, column {num}")
            }
            None => tr!(lang, "{file}: baris {line}", "{file}: row {line}"),
        }
    }
}

/// What an empty cell should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// A number (a criterion's value).
    Number,
    /// A name (an alternative's, or a compared item's).
    Name,
    /// A header cell over a column that holds data: the column's name.
    Header,
}

/// Everything that can stop a command.
#[derive(Debug)]
pub enum CliError {
    /// The input file cannot be opened or read.
    Open { file: PathBuf, source: std::io::Error },
    /// The file is not CSV we can read (the csv crate's words).
    Malformed { file: PathBuf, line: Option<usize>, detail: String },
    /// The file cannot be read as a table (`mitra_files`: not UTF-8, not a workbook, damaged,
    /// over a limit…).
    File { file: PathBuf, error: mitra_files::FileError },
    /// A survey file without answer rows.
    NoSurveyRows { file: PathBuf },
    /// A mapping file's line that is not `column_header,item_key`.
    BadMapping { file: PathBuf, line: usize },
    /// A cell that must be a number is not one.
    NotANumber { place: Place, text: String },
    /// A required cell is empty; `fill` says what it should hold.
    EmptyCell { place: Place, fill: Fill },
    /// A pairwise file compares more items than AHP is given (`line` names the first one over).
    TooManyItems { file: PathBuf, line: usize, name: String },
    /// A row has more or fewer cells than the header.
    RowLength { place: Place, expected: usize, found: usize },
    /// The file has a header but no data rows, or nothing at all.
    NoRows { file: PathBuf },
    /// The header has no criterion columns.
    NoCriteria { file: PathBuf },
    /// Two columns share a header.
    DuplicateColumn { file: PathBuf, name: String },
    /// A pairwise matrix has another number of rows than of items in its header.
    PairwiseRows { file: PathBuf, needed: usize, found: usize },
    /// A pairwise matrix's row is not named as the header's column at its place.
    PairwiseRowName { file: PathBuf, line: usize, expected: String, found: String },
    /// An option names a criterion the file does not have.
    UnknownCriterion { option: &'static str, name: String, available: Vec<String> },
    /// An option names an alternative the file does not have.
    UnknownAlternative { option: &'static str, name: String },
    /// An option value is not understood.
    BadOption { option: &'static str, value: String, expected: String },
    /// An option that the chosen settings need was not given.
    MissingOption { option: &'static str, needed_by: String },
    /// The engine rejected the problem; names resolve its indices.
    Engine { error: DecideError, context: Box<EngineContext> },
    /// A pairwise comparison file was rejected; `names` resolve its indices.
    Pairwise { file: PathBuf, error: PairwiseError, names: Vec<String> },
    /// Two evaluators' files compare different items.
    EvaluatorItems { file: PathBuf, first: PathBuf, missing: Vec<String>, extra: Vec<String> },
    /// Group AHP needs every evaluator's matrix complete.
    GroupIncomplete { file: PathBuf },
    /// A survey mapping names an item the instrument does not have.
    UnknownItem { place: Place, item: String, available: Vec<String> },
    /// Two survey columns answer the same item.
    ItemTwice { file: PathBuf, item: String, columns: [String; 2] },
    /// Items of the instrument have no column in the survey.
    MissingItems { file: PathBuf, items: Vec<String>, unknown: Vec<String> },
    /// Survey answers that are not valid answers; nothing was scored.
    InvalidAnswers { file: PathBuf, bad: Vec<BadAnswer>, rejected_rows: usize },
    /// A survey import refused as a whole (nothing stored): the message lists the problems.
    SurveyRejected { file: PathBuf, message: String },
    /// `--skip-invalid` left no row to score.
    NoCleanRows { file: PathBuf, rejected_rows: usize },
    /// Writing the output failed.
    Write { file: Option<PathBuf>, source: std::io::Error },
    /// The server, a migration or the demo seeding failed (database unreachable, port taken…).
    Runtime(anyhow::Error),
}

/// How many bad answers an error message lists before "and N more".
pub const MAX_LISTED: usize = 50;

/// The first [`MAX_LISTED`] bad answers, one per indented line, then "and N more".
pub fn list_bad_answers(bad: &[BadAnswer], lang: Lang) -> String {
    let mut out = String::new();
    for b in bad.iter().take(MAX_LISTED) {
        out.push_str("\n  ");
        out.push_str(&b.message(lang));
    }
    if bad.len() > MAX_LISTED {
        let more = bad.len() - MAX_LISTED;
        out.push_str(&tr!(lang, "\n  … dan {more} lagi", "\n  … and {more} more"));
    }
    out
}

/// Names and places that turn the engine's indices into words.
#[derive(Debug, Clone, Default)]
pub struct EngineContext {
    /// Input file, when the matrix came from one.
    pub file: Option<PathBuf>,
    /// Criterion names, input order.
    pub criteria: Vec<String>,
    /// Alternative names, input order.
    pub alternatives: Vec<String>,
    /// Line of each alternative in the file.
    pub lines: Vec<usize>,
}

impl CliError {
    /// 2 for bad input, 1 for other failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Write { .. } | CliError::Runtime(_) => 1,
            _ => 2,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CliError::Open { file, source } => {
                let file = file.display();
                tr!(lang, "tidak dapat membuka {file}: {source}", "cannot open {file}: {source}")
            }
            CliError::Malformed { file, line, detail } => {
                let file = file.display();
                match line {
                    Some(line) => tr!(
                        lang,
                        "{file}: baris {line}: berkas tidak dapat dibaca: {detail}",
                        "{file}: row {line}: the file cannot be read: {detail}"
                    ),
                    None => tr!(
                        lang,
                        "{file}: berkas tidak dapat dibaca: {detail}",
                        "{file}: the file cannot be read: {detail}"
                    ),
                }
            }
            CliError::File { file, error } => {
                format!("{}: {}", file.display(), error.message(lang))
            }
            CliError::NoSurveyRows { file } => {
                format!("{}: {}", file.display(), mitra_core::t(lang, "survey.no_rows"))
            }
            CliError::BadMapping { file, line } => {
                let file = file.display();
                let text =
                    mitra_core::t(lang, "survey.bad_mapping").replace("{row}", &line.to_string());
                format!("{file}: {text}")
            }
            CliError::NotANumber { place, text } => {
                let at = place.describe(lang);
                tr!(lang, "{at}: '{text}' bukan angka", "{at}: '{text}' is not a number")
            }
            CliError::EmptyCell { place, fill } => {
                let at = place.describe(lang);
                match fill {
                    Fill::Number => tr!(
                        lang,
                        "{at}: sel kosong; isi dengan angka",
                        "{at}: the cell is empty; enter a number"
                    ),
                    Fill::Name => {
                        tr!(
                            lang,
                            "{at}: sel kosong; isi dengan nama",
                            "{at}: the cell is empty; enter a name"
                        )
                    }
                    Fill::Header => tr!(
                        lang,
                        "{at}: sel judul kosong; beri nama kolom ini di baris judul",
                        "{at}: the header cell is empty; name this column in the header row"
                    ),
                }
            }
            CliError::TooManyItems { file, line, name } => {
                let file = file.display();
                let limit = mitra_files::limits::MAX_PAIRWISE_ITEMS;
                tr!(
                    lang,
                    "{file}: baris {line}: butir '{name}' melewati batas {limit} butir; AHP membandingkan paling banyak {limit} butir sekaligus (Saaty menganjurkan paling banyak 9), kelompokkan butir dalam hierarki",
                    "{file}: row {line}: item '{name}' goes over the limit of {limit} items; AHP compares at most {limit} items at once (Saaty advises at most 9), group the items in a hierarchy"
                )
            }
            CliError::RowLength { place, expected, found } => {
                let at = place.describe(lang);
                tr!(
                    lang,
                    "{at}: ada {found} sel, seharusnya {expected} (sama dengan baris judul)",
                    "{at}: has {found} cells, expected {expected} (as many as the header)"
                )
            }
            CliError::NoRows { file } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: tidak ada baris data; baris pertama berisi nama kriteria, baris berikutnya satu alternatif per baris",
                    "{file}: no data rows; the first row names the criteria, then one alternative per row"
                )
            }
            CliError::NoCriteria { file } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: baris judul tidak memuat kriteria; kolom pertama nama alternatif, kolom berikutnya kriteria",
                    "{file}: the header has no criteria; first column the alternative names, then the criteria"
                )
            }
            CliError::PairwiseRows { file, needed, found } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: {needed} baris perbandingan diperlukan (satu per nama di baris judul), ada {found}",
                    "{file}: {needed} comparison rows needed (one per name in the header), found {found}"
                )
            }
            CliError::PairwiseRowName { file, line, expected, found } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: baris {line} harus bernama '{expected}' (urutan sama dengan baris judul), bukan '{found}'",
                    "{file}: row {line} must be named '{expected}' (same order as the header), not '{found}'"
                )
            }
            CliError::DuplicateColumn { file, name } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: kolom '{name}' muncul dua kali",
                    "{file}: column '{name}' appears twice"
                )
            }
            CliError::UnknownCriterion { option, name, available } => {
                let available = available.join(", ");
                tr!(
                    lang,
                    "{option}: kriteria '{name}' tidak ada; yang ada: {available}",
                    "{option}: there is no criterion '{name}'; available: {available}"
                )
            }
            CliError::UnknownAlternative { option, name } => tr!(
                lang,
                "{option}: alternatif '{name}' tidak ada di berkas",
                "{option}: there is no alternative '{name}' in the file"
            ),
            CliError::BadOption { option, value, expected } => tr!(
                lang,
                "{option}: '{value}' tidak dapat digunakan; {expected}",
                "{option}: '{value}' cannot be used; {expected}"
            ),
            CliError::MissingOption { option, needed_by } => tr!(
                lang,
                "{option} harus diisi untuk {needed_by}",
                "{option} is needed for {needed_by}"
            ),
            CliError::Engine { error, context } => engine_message(error, context, lang),
            CliError::Pairwise { file, error, names } => {
                let file = file.display();
                let detail = pairwise_message(error, names, lang);
                format!("{file}: {detail}")
            }
            CliError::EvaluatorItems { file, first, missing, extra } => {
                let (file, first) = (file.display(), first.display());
                let (missing, extra) = (missing.join(", "), extra.join(", "));
                tr!(
                    lang,
                    "{file}: butir yang dibandingkan harus sama dengan {first}; tidak ada: [{missing}], tambahan: [{extra}]",
                    "{file}: must compare the same items as {first}; missing: [{missing}], extra: [{extra}]"
                )
            }
            CliError::GroupIncomplete { file } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: AHP kelompok memerlukan matriks lengkap dari setiap penilai; lengkapi semua perbandingan",
                    "{file}: group AHP needs a complete matrix from every evaluator; fill in every comparison"
                )
            }
            CliError::UnknownItem { place, item, available } => {
                let at = place.describe(lang);
                let available = available.join(", ");
                tr!(
                    lang,
                    "{at}: instrumen tidak punya butir '{item}'; yang ada: {available}",
                    "{at}: the instrument has no item '{item}'; available: {available}"
                )
            }
            CliError::ItemTwice { file, item, columns: [a, b] } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: kolom '{a}' dan '{b}' sama-sama menjawab butir '{item}'; hapus salah satu",
                    "{file}: columns '{a}' and '{b}' both answer item '{item}'; remove one"
                )
            }
            CliError::MissingItems { file, items, unknown } => {
                let file = file.display();
                let n = items.len();
                let items = items.join(", ");
                let unknown = match unknown.is_empty() {
                    true => String::new(),
                    false => {
                        let names = unknown.join("', '");
                        tr!(
                            lang,
                            "; kolom yang tidak dikenali: '{names}'",
                            "; columns not recognised: '{names}'"
                        )
                    }
                };
                let text = tr!(
                    lang,
                    "{file}: {n} butir instrumen tidak ada kolomnya: {items}; beri judul kolom berupa kunci butir (jp1, jp2, …) atau teks pertanyaannya, atau pakai --mapping",
                    "{file}: {n} items of the instrument have no column: {items}; name the columns by item key (jp1, jp2, …) or question text, or use --mapping"
                );
                format!("{text}{unknown}")
            }
            CliError::InvalidAnswers { file, bad, rejected_rows } => {
                let file = file.display();
                let n = bad.len();
                let list = list_bad_answers(bad, lang);
                tr!(
                    lang,
                    "{file}: {n} jawaban tidak valid di {rejected_rows} baris; tidak ada yang dinilai (perbaiki berkas, atau pakai --skip-invalid untuk menilai baris yang bersih saja):{list}",
                    "{file}: {n} invalid answers in {rejected_rows} rows; nothing was scored (fix the file, or use --skip-invalid to score the clean rows only):{list}"
                )
            }
            CliError::NoCleanRows { file, rejected_rows } => {
                let file = file.display();
                tr!(
                    lang,
                    "{file}: semua {rejected_rows} baris ditolak; tidak ada yang dapat dinilai",
                    "{file}: all {rejected_rows} rows were rejected; there is nothing to score"
                )
            }
            CliError::Runtime(e) => format!("{e:#}"),
            CliError::SurveyRejected { file, message } => format!("{}: {message}", file.display()),
            CliError::Write { file, source } => match file {
                Some(f) => {
                    let f = f.display();
                    tr!(lang, "gagal menulis {f}: {source}", "failed to write {f}: {source}")
                }
                None => tr!(
                    lang,
                    "gagal menulis keluaran: {source}",
                    "failed to write the output: {source}"
                ),
            },
        }
    }
}

fn engine_message(error: &DecideError, ctx: &EngineContext, lang: Lang) -> String {
    let criterion =
        |j: usize| ctx.criteria.get(j).cloned().unwrap_or_else(|| format!("#{}", j + 1));
    let row = |i: usize| -> String {
        let name = ctx.alternatives.get(i).cloned().unwrap_or_default();
        let line = ctx.lines.get(i).copied().unwrap_or(i + 2);
        let file = ctx.file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default();
        match lang {
            Lang::Id => format!("{file}baris {line} ('{name}')"),
            Lang::En => format!("{file}row {line} ('{name}')"),
        }
    };
    match error {
        DecideError::NoAlternatives => tr!(lang, "tidak ada alternatif", "there are no alternatives"),
        DecideError::NoCriteria => tr!(lang, "tidak ada kriteria", "there are no criteria"),
        DecideError::RowLength { row: i, expected, found } => {
            let at = row(*i);
            tr!(lang, "{at}: ada {found} nilai, seharusnya {expected}", "{at}: has {found} values, expected {expected}")
        }
        DecideError::NonFinite { row: i, criterion: j } => {
            let (at, c) = (row(*i), criterion(*j));
            tr!(lang, "{at}, kolom '{c}': nilai bukan angka terhingga", "{at}, column '{c}': the value is not a finite number")
        }
        DecideError::NonPositive { row: i, criterion: j, value, needed_by } => {
            let (at, c, value) = (row(*i), criterion(*j), short(*value));
            let hint = if mitra_decide::Normalization::from_key(needed_by).is_some() {
                lang.pick(
                    "pilih normalisasi lain (mis. min_max) atau metode lain",
                    "choose another normalisation (e.g. min_max) or method",
                )
            } else {
                lang.pick("pilih metode lain (mis. topsis)", "choose another method (e.g. topsis)")
            };
            tr!(
                lang,
                "{at}, kolom '{c}': {value} harus lebih besar dari nol untuk {needed_by}; {hint}",
                "{at}, column '{c}': {value} must be greater than zero for {needed_by}; {hint}"
            )
        }
        DecideError::DuplicateName { name } => {
            tr!(lang, "nama '{name}' muncul dua kali", "the name '{name}' appears twice")
        }
        DecideError::WeightCount { expected, found } => tr!(
            lang,
            "--weights: ada {found} bobot, seharusnya {expected} (satu per kriteria, urut seperti di berkas)",
            "--weights: {found} weights given, expected {expected} (one per criterion, in file order)"
        ),
        DecideError::InvalidWeight { index, value } => {
            let (c, value) = (criterion(*index), short(*value));
            tr!(
                lang,
                "bobot kriteria '{c}' = {value}; bobot harus angka terhingga dan tidak negatif",
                "the weight of criterion '{c}' is {value}; weights must be finite and not negative"
            )
        }
        DecideError::ZeroWeights => tr!(lang, "semua bobot nol", "all weights are zero"),
        DecideError::Negative { row: i, criterion: j, value, needed_by } => {
            let (at, c, value) = (row(*i), criterion(*j), short(*value));
            tr!(
                lang,
                "{at}, kolom '{c}': {value} tidak boleh negatif untuk {needed_by}",
                "{at}, column '{c}': {value} must not be negative for {needed_by}"
            )
        }
        DecideError::Pairwise(e) => pairwise_message(e, &ctx.criteria, lang),
        DecideError::PreferenceCount { expected, found } => tr!(
            lang,
            "--preference: ada {found} fungsi preferensi, seharusnya {expected} (satu per kriteria)",
            "--preference: {found} preference functions given, expected {expected} (one per criterion)"
        ),
        DecideError::ZeroAverage { criterion: j, needed_by } => {
            let c = criterion(*j);
            tr!(
                lang,
                "kolom '{c}': rata-ratanya nol, padahal {needed_by} membagi dengan rata-rata; pilih metode lain",
                "column '{c}': its average is zero, but {needed_by} divides by the average; choose another method"
            )
        }
        DecideError::InvalidParameter { name, value, expected } => {
            let value = short(*value);
            let expected = match (lang, *expected) {
                (Lang::Id, "must be between 0 and 1") => "harus antara 0 dan 1",
                (Lang::Id, "must be a finite number") => "harus angka terhingga",
                (Lang::Id, "must not be negative") => "tidak boleh negatif",
                (Lang::Id, "must be greater than zero") => "harus lebih besar dari nol",
                (Lang::Id, "must be greater than q") => "harus lebih besar dari q",
                (Lang::Id, "at least 0 and below 1") => "minimal 0 dan kurang dari 1",
                (Lang::Id, "at most 5000 for SMAA") => "paling banyak 5000 alternatif untuk SMAA",
                (Lang::Id, "between 1 and 4294967295") => "antara 1 dan 4294967295",
                (Lang::Id, "between 0 and 1") => "antara 0 dan 1",
                (_, e) => e,
            };
            tr!(
                lang,
                "parameter {name} = {value} tidak valid ({expected})",
                "parameter {name} = {value} is not valid ({expected})"
            )
        }
    }
}

/// A number as a person reads it: plain, or scientific when very large or very small.
fn short(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn pairwise_message(error: &PairwiseError, names: &[String], lang: Lang) -> String {
    let name = |k: usize| names.get(k).cloned().unwrap_or_else(|| format!("#{}", k + 1));
    let cell = |r: usize, c: usize| {
        let (r, c) = (name(r), name(c));
        tr!(lang, "baris '{r}', kolom '{c}'", "row '{r}', column '{c}'")
    };
    match error {
        PairwiseError::Empty => {
            tr!(lang, "matriks perbandingan kosong", "the comparison matrix is empty")
        }
        PairwiseError::WrongSize { n, expected, found } => tr!(
            lang,
            "perbandingan {n} butir memerlukan {expected} nilai, ada {found}",
            "a comparison of {n} items needs {expected} values, found {found}"
        ),
        PairwiseError::NotFinite { row, col } => {
            let at = cell(*row, *col);
            tr!(
                lang,
                "{at}: penilaian bukan angka terhingga",
                "{at}: the judgment is not a finite number"
            )
        }
        PairwiseError::NotPositive { row, col, value } => {
            let at = cell(*row, *col);
            tr!(
                lang,
                "{at}: penilaian {value} harus lebih besar dari nol (skala Saaty 1/9 … 9)",
                "{at}: the judgment {value} must be greater than zero (Saaty's scale 1/9 … 9)"
            )
        }
        PairwiseError::DiagonalNotOne { index, value } => {
            let at = cell(*index, *index);
            tr!(
                lang,
                "{at}: diagonal harus 1, tertulis {value}",
                "{at}: the diagonal must be 1, found {value}"
            )
        }
        PairwiseError::NotReciprocal { row, col, a_ij, a_ji } => {
            let (at, mirror) = (cell(*row, *col), cell(*col, *row));
            let expected = 1.0 / a_ij;
            tr!(
                lang,
                "{at} = {a_ij}, tetapi {mirror} = {a_ji}; seharusnya kebalikannya ({expected:.4})",
                "{at} = {a_ij}, but {mirror} = {a_ji}; it should be the reciprocal ({expected:.4})"
            )
        }
        PairwiseError::IndexOutOfRange { row, col, n } => tr!(
            lang,
            "butir {row}/{col} tidak ada (hanya {n} butir)",
            "item {row}/{col} does not exist (only {n} items)"
        ),
        PairwiseError::SelfComparison { index, value } => {
            let item = name(*index);
            tr!(
                lang,
                "'{item}' dibandingkan dengan dirinya sendiri harus 1, tertulis {value}",
                "'{item}' compared with itself must be 1, found {value}"
            )
        }
        PairwiseError::ConflictingJudgment { row, col, first, second } => {
            let at = cell(*row, *col);
            tr!(
                lang,
                "{at}: dinilai dua kali dengan nilai berbeda ({first} dan {second})",
                "{at}: judged twice with different values ({first} and {second})"
            )
        }
        PairwiseError::Disconnected { item } => {
            let (item, first) = (name(*item), name(0));
            tr!(
                lang,
                "'{item}' tidak terhubung dengan '{first}' melalui rangkaian perbandingan mana pun, sehingga bobotnya tidak dapat ditentukan; tambahkan satu perbandingan antara kedua kelompok",
                "'{item}' is not linked to '{first}' by any chain of comparisons, so the weights are undetermined; add a comparison between the two groups"
            )
        }
        PairwiseError::SizeMismatch { evaluator, expected, found } => {
            let k = evaluator + 1;
            tr!(
                lang,
                "penilai ke-{k} membandingkan {found} butir, penilai pertama {expected}",
                "evaluator {k} compares {found} items, the first evaluator {expected}"
            )
        }
        PairwiseError::NoEvaluators => {
            tr!(lang, "tidak ada matriks penilai", "no evaluators' matrices were given")
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(source: std::io::Error) -> Self {
        CliError::Write { file: None, source }
    }
}
